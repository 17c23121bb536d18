#!/usr/bin/env bash
# Backup and restore benchmark: dbops against pg_dump / pg_restore / psql and
# mariadb-dump / mydumper / myloader / mariadb, on the same data, in one run.
#
#   bench/backup-restore.sh [--scale N] [--reuse]
#
# --scale: InfiniteStories sample data size (default 40: about 2.5 GB in PostgreSQL, with
# api_usage dominating as in production). --reuse: keep data a previous run loaded.
# Each measurement is the median of BENCH_RUNS runs (default 3). Prints times, ratios
# (peer time / dbops time: above 1 means dbops is faster), compressed sizes and dbops'
# peak resident memory; then encrypted backups and restores (--encrypt-to /
# --decrypt-with) against plain ones, run in alternation (encrypted time / plain time:
# the cost of encryption, target at most 1.10).
set -euo pipefail
source "$(dirname "$0")/common.sh"
scale=40
reuse=0
while (($#)); do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done

bench_setup
if ((reuse == 0)); then
  log "bench: loading InfiniteStories at scale $scale (both engines)"
  "$ROOT_DIR/scripts/load-fixtures.sh" --scale "$scale" --only infinitestories --anchor 2026-11-01
fi
work="$BENCH_OUT/backup"
rm -rf "$work"; mkdir -p "$work"
export PG_URL="${DBOPS_TEST_PG_URL%/*}" MY_URL="${DBOPS_TEST_MYSQL_URL%/*}" DBOPS work
MY="mariadb --no-defaults -udbops -h127.0.0.1 -P$DBOPS_MY_PORT"
pg_size=$(psql -X -At -d infinitestories -c "select pg_database_size(current_database())")
my_size=$($MY -N -e "select sum(data_length+index_length) from information_schema.tables where table_schema='infinitestories'")
echo "PostgreSQL infinitestories: $(mib "$pg_size"); MariaDB infinitestories: $(mib "$my_size"); median of ${BENCH_RUNS:-3} runs"
row() { printf '%-34s %8ss  %-9s %s\n' "$1" "$2" "${3:-}" "${4:+ratio $4}"; }

echo
echo "== PostgreSQL backup"
timed "DBOPS_URL=\$PG_URL/infinitestories \$DBOPS backup -j 2 -o \$work/pg-dbops" "rm -rf $work/pg-dbops"; t_dbops=$TAKEN; rss=$PEAK_KB
timed "pg_dump -d infinitestories | zstd -q -3 -T2 > $work/pg-plain.sql.zst"; t_plain=$TAKEN
timed "pg_dump -d infinitestories -Fd -j 2 -f $work/pg-dir" "rm -rf $work/pg-dir"; t_dir=$TAKEN
row "dbops backup -j2" "$t_dbops" "$(mib "$(size_of "$work/pg-dbops")")"
row "pg_dump | zstd -3 -T2" "$t_plain" "$(mib "$(size_of "$work/pg-plain.sql.zst")")" "$(ratio "$t_plain" "$t_dbops")"
row "pg_dump -Fd -j2" "$t_dir" "$(mib "$(size_of "$work/pg-dir")")" "$(ratio "$t_dir" "$t_dbops")"
echo "dbops backup peak RSS: $((rss / 1024)) MiB"

echo
echo "== PostgreSQL restore"
timed "DBOPS_URL=\$PG_URL/bench_r1 \$DBOPS restore -j 2 \$work/pg-dbops" "pg_reset_db bench_r1"; t_dbops=$TAKEN; rss=$PEAK_KB
timed "pg_restore -j 2 -d bench_r2 $work/pg-dir" "pg_reset_db bench_r2"; t_pgr=$TAKEN
timed "zstd -q -dc $work/pg-plain.sql.zst | psql -X -q -d bench_r3 >/dev/null" "pg_reset_db bench_r3"; t_psql=$TAKEN
row "dbops restore -j2" "$t_dbops"
row "pg_restore -j2" "$t_pgr" "" "$(ratio "$t_pgr" "$t_dbops")"
row "plain dump | psql" "$t_psql" "" "$(ratio "$t_psql" "$t_dbops")"
echo "dbops restore peak RSS: $((rss / 1024)) MiB"

echo
echo "== MariaDB backup"
timed "DBOPS_URL=\$MY_URL/infinitestories \$DBOPS backup -j 2 -o \$work/my-dbops" "rm -rf $work/my-dbops"; t_dbops=$TAKEN; rss=$PEAK_KB
timed "$MY --skip-column-names -e 'select 1' >/dev/null; mariadb-dump --no-defaults -udbops -h127.0.0.1 -P$DBOPS_MY_PORT --single-transaction --quick infinitestories | zstd -q -3 -T2 > $work/my-dump.sql.zst"; t_dump=$TAKEN
timed "mydumper -u dbops -p \"\$MYSQL_PWD\" -h 127.0.0.1 -P $DBOPS_MY_PORT -B infinitestories -t 2 -o $work/my-mydumper" "rm -rf $work/my-mydumper"; t_mydumper=$TAKEN
row "dbops backup -j2" "$t_dbops" "$(mib "$(size_of "$work/my-dbops")")"
row "mariadb-dump | zstd -3 -T2" "$t_dump" "$(mib "$(size_of "$work/my-dump.sql.zst")")" "$(ratio "$t_dump" "$t_dbops")"
row "mydumper -t 2 (uncompressed)" "$t_mydumper" "$(mib "$(size_of "$work/my-mydumper")")" "$(ratio "$t_mydumper" "$t_dbops")"
echo "dbops backup peak RSS: $((rss / 1024)) MiB"

echo
echo "== MariaDB restore"
timed "DBOPS_URL=\$MY_URL/bench_r1 \$DBOPS restore -j 2 \$work/my-dbops" "my_reset_db bench_r1"; t_dbops=$TAKEN; rss=$PEAK_KB
timed "zstd -q -dc $work/my-dump.sql.zst | mariadb --no-defaults -udbops -h127.0.0.1 -P$DBOPS_MY_PORT bench_r2" "my_reset_db bench_r2"; t_replay=$TAKEN
timed "myloader -u dbops -p \"\$MYSQL_PWD\" -h 127.0.0.1 -P $DBOPS_MY_PORT -d $work/my-mydumper -B bench_r3 -t 2" "my_reset_db bench_r3"; t_myloader=$TAKEN
row "dbops restore -j2" "$t_dbops"
row "mariadb-dump file | mariadb" "$t_replay" "" "$(ratio "$t_replay" "$t_dbops")"
row "myloader -t 2" "$t_myloader" "" "$(ratio "$t_myloader" "$t_dbops")"
echo "dbops restore peak RSS: $((rss / 1024)) MiB"

echo
echo "== Encryption: --encrypt-to / --decrypt-with against plain, in alternating rounds"
[[ -f "$work/bench.pub" ]] || "$DBOPS" keygen -o "$work" --name bench >/dev/null
for engine in pg my; do
  if [[ $engine == pg ]]; then url='$PG_URL'; reset=pg_reset_db; else url='$MY_URL'; reset=my_reset_db; fi
  ROUND_PREPARE=([b-plain]="rm -rf $work/$engine-plain" [b-enc]="rm -rf $work/$engine-enc"
    [r-plain]="$reset bench_r1" [r-enc]="$reset bench_r2")
  timed_rounds \
    b-plain "DBOPS_URL=$url/infinitestories \$DBOPS backup -j 2 -o \$work/$engine-plain" \
    b-enc "DBOPS_URL=$url/infinitestories \$DBOPS backup -j 2 -o \$work/$engine-enc --encrypt-to \$work/bench.pub"
  timed_rounds \
    r-plain "DBOPS_URL=$url/bench_r1 \$DBOPS restore -j 2 \$work/$engine-plain" \
    r-enc "DBOPS_URL=$url/bench_r2 \$DBOPS restore -j 2 --decrypt-with \$work/bench.key \$work/$engine-enc"
  name=$([[ $engine == pg ]] && echo PostgreSQL || echo MariaDB)
  row "$name backup" "${ROUND_TAKEN[b-plain]}" "plain"
  row "$name backup --encrypt-to" "${ROUND_TAKEN[b-enc]}" "encrypted" "$(ratio "${ROUND_TAKEN[b-enc]}" "${ROUND_TAKEN[b-plain]}")"
  row "$name restore" "${ROUND_TAKEN[r-plain]}" "plain"
  row "$name restore --decrypt-with" "${ROUND_TAKEN[r-enc]}" "encrypted" "$(ratio "${ROUND_TAKEN[r-enc]}" "${ROUND_TAKEN[r-plain]}")"
done

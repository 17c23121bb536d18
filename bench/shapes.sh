#!/usr/bin/env bash
# Data shapes benchmark (issue 17): the figures the applications' benchmarks give, on shapes
# those benchmarks do not have, generated in SQL on the benchmark servers.
#
#   bench/shapes.sh [--rows N] [--only latency|backup] [--no-mariadb-hand]
#
# Shapes (N rows, default 1,000,000; the latency window is the last 10 days of 30):
#   uniform-few    calls spread evenly over the 30 days, 5 functions, integer milliseconds
#   uniform-many   the same with 5,000 functions
#   skewed-few     the calls crowded towards the end (the square of a uniform), 5 functions
#   narrow         (id, 4 integers, a timestamp) with 8 indexes
#   wide           a jsonb document and 1-4 KB of text a row
#   small          2,000 tables of N / 2,000 rows
# Figures, medians of BENCH_RUNS (default 3) round-robin runs, as dbops time / peer time:
#   latency  `dbops analytics latency --by function` against the hand statement: PostgreSQL
#            count, avg, percentile_cont(0.5/0.95/0.99) and max GROUP BY function; MariaDB
#            its PERCENTILE_CONT window with p95 only (with three percentiles it did not
#            finish in 15 minutes on 600,000 rows; with one, not in 8 minutes on the
#            333,000 rows of uniform-few at 1,000,000: --no-mariadb-hand times dbops alone
#            there). Target at most 1.0.
#   backup   PostgreSQL `dbops backup -j 2` against the limit: every table read with COPY
#            into `zstd -3` two at a time and discarded. Target at most 1.1. Also against
#            the schema alone (`pg_dump --schema-only`, which the limit leaves out and a
#            backup runs beside its copy).
#   restore  PostgreSQL `dbops restore -j 2` against `pg_restore -j 2` of `pg_dump -Fd -j 2`
#            (ratio pg_restore / dbops: target at least 1.25).
set -euo pipefail
source "$(dirname "$0")/common.sh"
rows=1000000
only=""
mariadb_hand=1
while (($#)); do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-mariadb-hand) mariadb_hand=0; shift ;;
    *) die "unknown option $1" ;;
  esac
done
[[ "$rows" =~ ^[0-9]+$ ]] && ((rows >= 10000 && rows <= 100000000)) || die "--rows: 10,000 to 100,000,000"
bench_setup
work="$BENCH_OUT/shapes"
rm -rf "$work"; mkdir -p "$work"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
MY=(mariadb --no-defaults -udbops -h127.0.0.1 -P"$DBOPS_MY_PORT")
export PG_BASE="${DBOPS_TEST_PG_URL%/*}" MY_BASE="${DBOPS_TEST_MYSQL_URL%/*}" DBOPS work
ratio_row() { printf '%-44s %9ss %9ss  %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

# The calls table on both engines: `spread` places row g's timestamp in the 30 days,
# `groups` functions. Timestamps end at a fixed instant so every engine sees the same rows.
calls_shape() { # name groups spread(uniform|skewed)
  local name=$1 groups=$2 spread=$3 pg_at my_at
  if [[ $spread == uniform ]]; then
    pg_at="timestamptz '2026-11-01' - make_interval(secs => 2592000.0 * g / $rows)"
    my_at="TIMESTAMP '2026-11-01 00:00:00' - INTERVAL FLOOR(2592000 * seq / $rows) SECOND"
  else
    pg_at="timestamptz '2026-11-01' - make_interval(secs => 2592000.0 * power(g::float8 / $rows, 2))"
    my_at="TIMESTAMP '2026-11-01 00:00:00' - INTERVAL FLOOR(2592000 * POW(seq / $rows, 2)) SECOND"
  fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS shape_$name WITH (FORCE)" -c "CREATE DATABASE shape_$name"
  "${PSQL[@]}" -d "shape_$name" <<SQL
CREATE TABLE calls (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, function_name text NOT NULL,
                    response_time_ms integer, user_id integer NOT NULL);
INSERT INTO calls
SELECT g, $pg_at, 'fn-' || (hashint4(g) & 2147483647) % $groups,
       CASE WHEN g % 97 = 0 THEN NULL ELSE (50 + (hashint4(g * 7) & 2147483647) % 4000) END,
       (hashint4(g * 13) & 2147483647) % 50000
FROM generate_series(1, $rows) g;
CREATE INDEX calls_created ON calls (created_at);
ANALYZE calls;
SQL
  "${MY[@]}" -e "DROP DATABASE IF EXISTS shape_$name; CREATE DATABASE shape_$name"
  "${MY[@]}" "shape_$name" <<SQL
SET time_zone = '+00:00';
CREATE TABLE calls (id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL, function_name VARCHAR(20) NOT NULL,
                    response_time_ms INT, user_id INT NOT NULL, KEY calls_created (created_at));
INSERT INTO calls
SELECT seq, $my_at, CONCAT('fn-', CRC32(seq) % $groups),
       IF(seq % 97 = 0, NULL, 50 + CRC32(seq * 7) % 4000), CRC32(seq * 13) % 50000
FROM seq_1_to_$rows;
ANALYZE TABLE calls;
SQL
}

latency_shapes() {
  cat >"$work/shapes.toml" <<'TOML'
[analytics.profiles.calls]
detect = ["calls"]
latency = { table = "calls", time = "created_at", value = "response_time_ms", unit = "ms", dimensions = { function = "function_name" } }
TOML
  echo
  echo "== analytics latency --by function, the last 10 days (dbops / hand statement; target <= 1.0)"
  printf '%-44s %10s %10s  %s\n' "" "dbops" "hand" "ratio"
  for shape in "uniform-few 5 uniform" "uniform-many 5000 uniform" "skewed-few 5 skewed"; do
    set -- $shape
    local name=${1//-/_}
    log "bench: shape $1 ($rows rows)"
    calls_shape "$name" "$2" "$3"
    local range="--since 2026-10-22 --until 2026-11-01 --by function --tz UTC"
    local pg_hand="SELECT function_name, count(*), avg(response_time_ms), percentile_cont(0.5) WITHIN GROUP (ORDER BY response_time_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY response_time_ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY response_time_ms), max(response_time_ms) FROM calls WHERE created_at >= '2026-10-22' AND created_at < '2026-11-01' GROUP BY 1"
    local my_hand="SET time_zone = '+00:00'; SELECT DISTINCT function_name, COUNT(*) OVER w, AVG(response_time_ms) OVER w, PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY response_time_ms) OVER (PARTITION BY function_name), MAX(response_time_ms) OVER w FROM calls WHERE created_at >= '2026-10-22' AND created_at < '2026-11-01' AND response_time_ms IS NOT NULL WINDOW w AS (PARTITION BY function_name)"
    export PG_HAND="$pg_hand" MY_HAND="$my_hand" SHAPE_DB="shape_$name"
    local my_hand_run=(my-hand "mariadb --no-defaults -udbops -h127.0.0.1 -P$DBOPS_MY_PORT \$SHAPE_DB -e \"\$MY_HAND\" >/dev/null")
    ((mariadb_hand)) || my_hand_run=()
    ROUND_TAKEN[my-hand]="n/a"
    timed_rounds \
      pg-dbops "DBOPS_URL=\$PG_BASE/\$SHAPE_DB \$DBOPS analytics latency --config \$work/shapes.toml $range >/dev/null" \
      pg-hand "psql -X -q -d \$SHAPE_DB -c \"\$PG_HAND\" >/dev/null" \
      my-dbops "DBOPS_URL=\$MY_BASE/\$SHAPE_DB \$DBOPS analytics latency --config \$work/shapes.toml $range >/dev/null" \
      "${my_hand_run[@]}"
    ratio_row "PostgreSQL $1" "${ROUND_TAKEN[pg-dbops]}" "${ROUND_TAKEN[pg-hand]}"
    ratio_row "MariaDB $1" "${ROUND_TAKEN[my-dbops]}" "${ROUND_TAKEN[my-hand]}"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE shape_$name WITH (FORCE)"
    "${MY[@]}" -e "DROP DATABASE shape_$name"
  done
}

# Every table of the database COPY'd into zstd -3 by two sessions side by side, each with
# half the tables, discarded: what a backup at the same level and parallelism cannot beat
# (one session a worker, as dbops has; not one process a table).
copy_limit() { # database
  local tables half
  tables="$(psql -X -q -At -d "$1" -c "SELECT format('COPY %I.%I TO STDOUT;', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY pg_relation_size(format('%I.%I', schemaname, tablename)::regclass) DESC")"
  half() { awk -v w="$1" 'NR % 2 == w'; }
  half 0 <<<"$tables" | psql -X -q -d "$1" | zstd -q -3 >/dev/null &
  half 1 <<<"$tables" | psql -X -q -d "$1" | zstd -q -3 >/dev/null
  wait
}

# CPU seconds the PostgreSQL server has used so far: the postmaster's own, that of the
# backends it has reaped (cutime, cstime) and that of those still running.
pg_server_cpu() {
  local main ticks
  main="$(head -1 "$DBOPS_SERVERS_DIR/pg/data/postmaster.pid")"
  ticks="$(getconf CLK_TCK)"
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$main/stat"
    for child in $(pgrep -P "$main"); do awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || true; done
  } | awk -v t="$ticks" '{s += $1} END {printf "%.2f", s / t}'
}

# One restore's server CPU: the command run once into a fresh database.
restore_cpu() { # database command
  local before after
  pg_reset_db "$1" >/dev/null 2>&1
  sleep 1
  before="$(pg_server_cpu)"
  bash -c "$2" >/dev/null 2>&1 || die "failed: $2"
  sleep 1
  after="$(pg_server_cpu)"
  awk -v a="$before" -v b="$after" 'BEGIN { printf "%.2f", b - a }'
}

# The server-side floor of a restore on this shape, measured with pg_restore's own
# sections run apart into a fresh database: the schema before the data (pre-data: CREATE
# TABLE and the like, one statement after another in both tools), and the indexes and
# constraints after it (post-data -j 2: the index builds both tools leave to the server).
restore_floor() { # shape
  local pre load post cpu_dbops cpu_pgr
  pg_reset_db shape_f >/dev/null 2>&1
  pre="$( { /usr/bin/time -f "%e" pg_restore --section=pre-data --single-transaction -d shape_f "$work/d" >/dev/null; } 2>&1 | tail -1)"
  load="$( { /usr/bin/time -f "%e" pg_restore --section=data -j 2 -d shape_f "$work/d" >/dev/null; } 2>&1 | tail -1)"
  post="$( { /usr/bin/time -f "%e" pg_restore --section=post-data -j 2 -d shape_f "$work/d" >/dev/null; } 2>&1 | tail -1)"
  cpu_dbops="$(restore_cpu shape_r1 "DBOPS_URL=$PG_BASE/shape_r1 $DBOPS restore -j 2 $work/b")"
  cpu_pgr="$(restore_cpu shape_r2 "pg_restore -j 2 -d shape_r2 $work/d")"
  printf '%-44s pre-data %ss, data %ss, indexes and constraints %ss (pg_restore sections, one run each)\n' \
    "  floor, $1" "$pre" "$load" "$post"
  printf '%-44s server CPU: dbops %ss, pg_restore %ss\n' "" "$cpu_dbops" "$cpu_pgr"
}

backup_shapes() {
  echo
  echo "== PostgreSQL backup and restore (backup: dbops / COPY-into-zstd limit, target <= 1.1; restore: pg_restore / dbops, target >= 1.25)"
  printf '%-44s %10s %10s  %s\n' "" "dbops" "peer" "ratio"
  local per=$((rows / 2000))
  for shape in narrow wide small; do
    log "bench: shape $shape"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS shape_$shape WITH (FORCE)" -c "CREATE DATABASE shape_$shape"
    case $shape in
      narrow)
        "${PSQL[@]}" -d shape_narrow <<SQL
CREATE TABLE narrow (id bigint PRIMARY KEY, a int, b int, c int, d int, at timestamptz NOT NULL);
INSERT INTO narrow SELECT g, g % 1000, hashint4(g), g % 7, hashint4(g * 3) % 100000, timestamptz '2026-01-01' + make_interval(secs => g)
FROM generate_series(1, $rows) g;
CREATE INDEX ON narrow (a); CREATE INDEX ON narrow (b); CREATE INDEX ON narrow (c, d); CREATE INDEX ON narrow (d);
CREATE INDEX ON narrow (at); CREATE INDEX ON narrow (a, at); CREATE INDEX ON narrow (b, c); CREATE INDEX ON narrow (d, a);
SQL
        ;;
      wide)
        "${PSQL[@]}" -d shape_wide <<SQL
CREATE TABLE wide (id bigint PRIMARY KEY, doc jsonb NOT NULL, body text NOT NULL, at timestamptz NOT NULL);
INSERT INTO wide SELECT g,
  jsonb_build_object('user', g % 5000, 'tags', jsonb_build_array('a' || g % 13, 'b' || g % 7), 'score', g % 1000 / 10.0),
  repeat(md5(g::text), 32 + (hashint4(g) & 2147483647) % 96), timestamptz '2026-01-01' + make_interval(secs => g)
FROM generate_series(1, $((rows / 10))) g;
SQL
        ;;
      small)
        { for ((t = 0; t < 2000; t++)); do
            echo "CREATE TABLE s$t (id int PRIMARY KEY, v text, n int); INSERT INTO s$t SELECT g, md5(g::text), g FROM generate_series(1, $per) g;"
          done; } | "${PSQL[@]}" -d shape_small >/dev/null
        ;;
    esac
    export SHAPE_DB="shape_$shape"
    ROUND_PREPARE=([b-dbops]="rm -rf $work/b" [r-dbops]="pg_reset_db shape_r1" [r-pgr]="pg_reset_db shape_r2")
    rm -rf "$work/d"
    pg_dump -d "shape_$shape" -Fd -j 2 -f "$work/d"
    export -f copy_limit
    # The schema alone (pg_dump --schema-only, which a backup also runs, side by side with
    # the copy): what the limit leaves out and no backup can finish before.
    timed_rounds \
      b-dbops "DBOPS_URL=\$PG_BASE/\$SHAPE_DB \$DBOPS backup -j 2 -o \$work/b >/dev/null" \
      b-limit "copy_limit \$SHAPE_DB" \
      b-schema "pg_dump -d \$SHAPE_DB --schema-only -f /dev/null"
    rm -rf "$work/b"
    DBOPS_URL="$PG_BASE/shape_$shape" "$DBOPS" backup -j 2 -o "$work/b" >/dev/null
    timed_rounds \
      r-dbops "DBOPS_URL=\$PG_BASE/shape_r1 \$DBOPS restore -j 2 \$work/b >/dev/null" \
      r-pgr "pg_restore -j 2 -d shape_r2 \$work/d"
    ratio_row "backup, $shape" "${ROUND_TAKEN[b-dbops]}" "${ROUND_TAKEN[b-limit]}"
    printf '%-44s %9ss %9ss  %s\n' "  backup, $shape, vs its schema alone" "${ROUND_TAKEN[b-dbops]}" \
      "${ROUND_TAKEN[b-schema]}" "$(ratio "${ROUND_TAKEN[b-dbops]}" "${ROUND_TAKEN[b-schema]}")"
    printf '%-44s %9ss %9ss  %s\n' "restore, $shape" "${ROUND_TAKEN[r-dbops]}" "${ROUND_TAKEN[r-pgr]}" \
      "$(ratio "${ROUND_TAKEN[r-pgr]}" "${ROUND_TAKEN[r-dbops]}")"
    restore_floor "$shape"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS shape_f WITH (FORCE)"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE shape_$shape WITH (FORCE)"
  done
}

if [[ -z "$only" || "$only" == latency ]]; then latency_shapes; fi
if [[ -z "$only" || "$only" == backup ]]; then backup_shapes; fi

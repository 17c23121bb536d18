#!/usr/bin/env bash
# Health benchmark: one `dbops health` run with every check against its peers, on the same
# servers, in one run.
#
#   bench/health.sh [--reuse]
#
# Compared, round-robin (BENCH_RUNS rounds, default 5; medians printed):
#   dbops health (PostgreSQL, all 26 checks)  vs  check_postgres, looped over the actions
#       dbops covers (each is a separate process and connection, as Nagios runs them);
#   dbops health (MariaDB, all checks)        vs  mysqltuner (one run, its full report);
#   dbops health on a node of a three-node Galera cluster (all checks, Galera's included).
# Targets: each dbops run under 200 ms and faster than each peer.
# --reuse keeps the InfiniteStories fixture a previous run loaded.
set -euo pipefail
source "$(dirname "$0")/common.sh"
reuse=0
while (($#)); do
  case "$1" in
    --reuse) reuse=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
export BENCH_RUNS="${BENCH_RUNS:-5}"
# The benchmark's own Galera nodes, beside its servers (not the tests' cluster).
export DBOPS_GALERA_PORT="${BENCH_GALERA_PORT:-23500}"
bench_setup
DBOPS_GALERA=1 "$ROOT_DIR/scripts/dbservers.sh" start >/dev/null
source "$DBOPS_SERVERS_DIR/env.sh"
if ((reuse == 0)); then
  "$ROOT_DIR/scripts/load-fixtures.sh" --scale 1 --only infinitestories --anchor 2026-11-01 >/dev/null
fi
PG_URL="${DBOPS_TEST_PG_URL%/*}/infinitestories"
MY_URL="${DBOPS_TEST_MYSQL_URL%/*}/infinitestories"
export PG_URL MY_URL DBOPS_TEST_GALERA_URL DBOPS

# check_postgres' actions for what dbops health covers (connection, connections, long and
# idle transactions, locks, cache hits, replication slots, wraparound, sequences,
# prepared transactions, archiving, commit ratio, bloat, vacuum/analyze age, size).
actions="connection backends query_time txn_idle locks hitratio replication_slots txn_wraparound sequence prepared_txns archive_ready commitratio bloat last_vacuum last_analyze database_size"
check_pg="for a in $actions; do check_postgres --action=\$a --host=127.0.0.1 --port=$DBOPS_PG_PORT --dbuser=postgres --dbname=infinitestories --warning=1000000000 --critical=2000000000 >/dev/null 2>&1 || true; done"
# check_postgres reads PGPASSWORD (bench_setup exports it); mysqltuner takes the password
# as an option on these throwaway servers.
tuner="mysqltuner --host 127.0.0.1 --port $DBOPS_MY_PORT --user dbops --pass \"\$MYSQL_PWD\" --nocolor --noinfo --forcemem 24000 >/dev/null 2>&1 || true"

timed_rounds \
  dbops-pg "DBOPS_URL=\$PG_URL \$DBOPS health >/dev/null || (( \$? <= 3 ))" \
  check_postgres "$check_pg" \
  dbops-my "DBOPS_URL=\$MY_URL \$DBOPS health >/dev/null || (( \$? <= 3 ))" \
  mysqltuner "$tuner" \
  dbops-galera "DBOPS_URL=\$DBOPS_TEST_GALERA_URL \$DBOPS health --galera-cluster-size 3 >/dev/null || (( \$? <= 3 ))"

ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
echo "median of $BENCH_RUNS rounds, run round-robin (ratio = peer time / dbops time)"
printf '%-44s %10s\n' "dbops health, PostgreSQL, every check" "$(ms "${ROUND_TAKEN[dbops-pg]}")"
printf '%-44s %10s  ratio %s\n' "check_postgres, $(wc -w <<<"$actions") actions looped" "$(ms "${ROUND_TAKEN[check_postgres]}")" "$(ratio "${ROUND_TAKEN[check_postgres]}" "${ROUND_TAKEN[dbops-pg]}")"
printf '%-44s %10s\n' "dbops health, MariaDB, every check" "$(ms "${ROUND_TAKEN[dbops-my]}")"
printf '%-44s %10s  ratio %s\n' "mysqltuner" "$(ms "${ROUND_TAKEN[mysqltuner]}")" "$(ratio "${ROUND_TAKEN[mysqltuner]}" "${ROUND_TAKEN[dbops-my]}")"
printf '%-44s %10s\n' "dbops health, a Galera node, every check" "$(ms "${ROUND_TAKEN[dbops-galera]}")"

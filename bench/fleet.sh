#!/usr/bin/env bash
# Fleet benchmark: the health of 200 databases (100 per engine, each one of the five
# applications' schemas with a little data) in one run.
#
#   bench/fleet.sh [--databases N] [--scale S] [--reuse]
#       N databases per engine (default 100); S the applications' data scale (default
#       0.01); --reuse keeps the databases a previous run made.
#
# Compared, round-robin (BENCH_RUNS rounds, default 3; the median is printed):
#   dbops        dbops health --all: one run over the config's two server targets, each
#                listing its fleet_* databases;
#   dbops loop   a shell loop of single `dbops health --url .../db` calls (what operators
#                write today);
#   check_postgres  check_postgres looped per PostgreSQL database, four actions each
#                (backends, txn_wraparound, locks, txn_idle) — PostgreSQL only;
#   floor_*      dbops and the loop again with `--check uptime`: a connection per database
#                and no database check.
# For each: wall time, peak RSS (the largest single process) and connections opened on each
# server (pg_stat_database.sessions, MariaDB's Connections counter).
# Targets: dbops under 5 s, at least 10x faster than the loop, peak RSS under 150 MB.
# Runs on servers of its own (ports 55632/53506): 200 databases would crowd the others'.
set -euo pipefail
source "$(dirname "$0")/common.sh"
export BENCH_SERVERS_DIR="${FLEET_SERVERS_DIR:-/tmp/dbops-fleet-servers}"
export DBOPS_SERVERS_DIR="$BENCH_SERVERS_DIR" DBOPS_PG_PORT="${FLEET_PG_PORT:-55632}" DBOPS_MY_PORT="${FLEET_MY_PORT:-53506}"
export DBOPS_PG_SHARED_BUFFERS=256MB DBOPS_MY_BUFFER_POOL=512M DBOPS_MY_LOG_FILE=256M
per_engine=100
scale=0.01
reuse=0
while (($#)); do
  case "$1" in
    --databases) per_engine="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
[[ "$per_engine" =~ ^[0-9]+$ ]] && ((per_engine >= 1 && per_engine <= 1000)) || die "--databases: 1 to 1000"

bench_setup
MYPW="$(cat "$DBOPS_SERVERS_DIR/my.password")"
export MYSQL_PWD="$MYPW"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DBOPS_PG_PORT" -U postgres)
MY=(mariadb --no-defaults -udbops -h127.0.0.1 -P"$DBOPS_MY_PORT")
pg_apps=(infinitestories character_creation storyboardai)
my_apps=(scriptpal ai_smartlite storyboardai infinitestories)

have="$("${PSQL[@]}" -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname LIKE 'fleet\_%'")"
if ((reuse == 0 || have < per_engine)); then
  log "bench: loading the applications at scale $scale"
  "$ROOT_DIR/scripts/load-fixtures.sh" --scale "$scale"
  log "bench: making $per_engine databases on each server"
  "${PSQL[@]}" -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'fleet\_%'" \
    | while read -r db; do "${PSQL[@]}" -d postgres -c "DROP DATABASE \"$db\" WITH (FORCE)"; done
  "${MY[@]}" -N -e "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'fleet\_%'" \
    | while read -r db; do "${MY[@]}" -e "DROP DATABASE \`$db\`"; done
  dumps="$(mktemp -d)"
  for app in "${my_apps[@]}"; do
    mariadb-dump --no-defaults -udbops -h127.0.0.1 -P"$DBOPS_MY_PORT" --single-transaction --routines --triggers \
      "$app" > "$dumps/$app.sql"
  done
  for ((i = 0; i < per_engine; i++)); do
    name="$(printf 'fleet_%03d' "$i")"
    pg_app="${pg_apps[i % ${#pg_apps[@]}]}"
    my_app="${my_apps[i % ${#my_apps[@]}]}"
    # PostgreSQL copies a template database file by file; MariaDB replays a dump.
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $name TEMPLATE $pg_app"
    "${MY[@]}" -e "CREATE DATABASE $name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    "${MY[@]}" "$name" < "$dumps/$my_app.sql"
  done
  rm -rf "$dumps"
fi

work="$BENCH_OUT/fleet"
mkdir -p "$work"
umask 077
# The passwords stay in files and URL environment variables, never in a command line.
export PG_SERVER_URL="${DBOPS_TEST_PG_URL%/*}/" MY_SERVER_URL="${DBOPS_TEST_MYSQL_URL%/*}/"
cat > "$work/dbops.toml" <<TOML
[targets.pg]
url_env = "PG_SERVER_URL"
databases = "fleet_*"

[targets.my]
url_env = "MY_SERVER_URL"
databases = "fleet_*"
TOML
pg_dbs="$("${PSQL[@]}" -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'fleet\_%' ORDER BY 1")"
my_dbs="$("${MY[@]}" -N -e "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'fleet\_%' ORDER BY 1")"
printf '%s\n' $pg_dbs > "$work/pg.list"
printf '%s\n' $my_dbs > "$work/my.list"
export DBOPS WORK="$work"
# Exit codes 1-3 are health states, not failures of the tool.
dbops_fleet='"$DBOPS" health --all --config "$WORK/dbops.toml" >/dev/null || (($? <= 3))'
dbops_loop='while read -r db; do DBOPS_URL="${PG_SERVER_URL}$db" "$DBOPS" health >/dev/null || (($? <= 3)); done < "$WORK/pg.list";
  while read -r db; do DBOPS_URL="${MY_SERVER_URL}$db" "$DBOPS" health >/dev/null || (($? <= 3)); done < "$WORK/my.list"'
# The floor: the same two runs with one server check (uptime) and no database check, so
# all that is left per database is its connection (libpq's SCRAM and a backend's start,
# which the loop pays too) and, for the loop, a process start. What the full runs take
# beyond it is the checks: the database checks, which both runs pay per database, and the
# server-wide ones, which the loop pays per database and dbops once per server.
floor_fleet="${dbops_fleet/health --all/health --check uptime --all}"
floor_loop="${dbops_loop//health >/health --check uptime >}"
check_pg='while read -r db; do for action in backends txn_wraparound locks txn_idle; do
  check_postgres --action=$action --host=127.0.0.1 --port='"$DBOPS_PG_PORT"' --dbuser=postgres --dbname="$db" >/dev/null || (($? <= 3)); done; done < "$WORK/pg.list"'

pg_sessions() { "${PSQL[@]}" -d postgres -Atc "SELECT sum(sessions) FROM pg_stat_database"; }
my_connections() { "${MY[@]}" -N -e "SHOW GLOBAL STATUS LIKE 'Connections'" | awk '{print $2}'; }
# One run of a command: its wall time, peak RSS and the connections it opened.
measure() { # name command
  local before_pg before_my after_pg after_my t kb
  before_pg="$(pg_sessions)"; before_my="$(my_connections)"
  /usr/bin/time -f "%e %M" -o "$work/time" bash -o pipefail -c "$2" || die "failed: $1"
  read -r t kb < "$work/time"
  after_pg="$(pg_sessions)"; after_my="$(my_connections)"
  # The counters' own queries (one session each) are not the tool's.
  printf '%s %s %s %s %s\n' "$1" "$t" "$kb" $((after_pg - before_pg - 1)) $((after_my - before_my - 1)) >> "$work/runs"
}
: > "$work/runs"
runs="${BENCH_RUNS:-3}"
log "bench: $(wc -l < "$work/pg.list") PostgreSQL and $(wc -l < "$work/my.list") MariaDB databases, $runs rounds"
for ((r = 0; r < runs; r++)); do
  measure dbops "$dbops_fleet"
  measure loop "$dbops_loop"
  measure check_postgres "$check_pg"
  measure floor_dbops "$floor_fleet"
  measure floor_loop "$floor_loop"
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-16s %9s %12s %16s %16s\n' "" "seconds" "peak RSS MB" "PG connections" "MariaDB conns"
declare -A took
for name in dbops loop check_postgres floor_dbops floor_loop; do
  t="$(awk -v n="$name" '$1 == n {print $2}' "$work/runs" | median)"
  kb="$(awk -v n="$name" '$1 == n {print $3}' "$work/runs" | sort -n | tail -1)"
  pgc="$(awk -v n="$name" '$1 == n {print $4}' "$work/runs" | median)"
  myc="$(awk -v n="$name" '$1 == n {print $5}' "$work/runs" | median)"
  took[$name]="$t"
  printf '%-16s %9.2f %12.1f %16s %16s\n' "$name" "$t" "$(echo "$kb / 1024" | bc -l)" "$pgc" "$myc"
done
printf '\nloop / dbops: %.1fx (target >= 10x); check_postgres (PostgreSQL half only) / dbops: %.1fx\n' \
  "$(echo "${took[loop]} / ${took[dbops]}" | bc -l)" "$(echo "${took[check_postgres]} / ${took[dbops]}" | bc -l)"
printf 'dbops: %.2f s (target < 5 s)\n' "${took[dbops]}"
# For 10x the checks may add at most loop / 10 - floor_dbops to dbops' floor: an upper
# bound, since cheaper checks make the loop faster too.
printf 'connections alone (uptime, no database check): dbops %.2f s, loop %.2f s; for 10x the checks may add at most %.2f s to dbops (they add %.2f s)\n' \
  "${took[floor_dbops]}" "${took[floor_loop]}" \
  "$(echo "(${took[loop]} - 10 * ${took[floor_dbops]}) / 10" | bc -l)" "$(echo "${took[dbops]} - ${took[floor_dbops]}" | bc -l)"

#!/usr/bin/env bash
# History benchmark (issue 16's targets): one `dbops snapshot` of a PostgreSQL database with
# 1,000 tables and 5,000 distinct statements in pg_stat_statements (the first snapshot,
# which stores every text, and the next, which stores differences), and `dbops report` over
# 400 days of stored snapshots for 50 targets (made by bench/history_store.py), as HTML and
# as JSON. Wall time (median of BENCH_RUNS, default 3) and peak RSS.
# Targets: snapshot under 1 s, report under 3 s, RSS under 150 MB.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bench_setup
work="$BENCH_OUT/history"
rm -rf "$work"; mkdir -p "$work"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DBOPS_PG_PORT" -U postgres)

log "bench: a database with 1,000 tables and 5,000 statements"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS history_bench WITH (FORCE)" -c "CREATE DATABASE history_bench"
"${PSQL[@]}" -d history_bench -c "CREATE EXTENSION pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
{
  echo "BEGIN;"
  for ((t = 0; t < 1000; t++)); do
    echo "CREATE TABLE t$t (id int PRIMARY KEY, a int, b text); INSERT INTO t$t SELECT g, g, 'x' FROM generate_series(1, 20) g; CREATE INDEX ON t$t (a);"
  done
  echo "COMMIT;"
} | "${PSQL[@]}" -d history_bench >/dev/null
# Five shapes on each table: 5,000 statements pg_stat_statements tells apart.
{
  for ((t = 0; t < 1000; t++)); do
    echo "SELECT count(*) FROM t$t; SELECT max(a) FROM t$t WHERE id > 1; SELECT b FROM t$t WHERE a = 3;"
    echo "UPDATE t$t SET b = 'y' WHERE id = 1; SELECT id FROM t$t ORDER BY a DESC LIMIT 2;"
  done
} | "${PSQL[@]}" -d history_bench >/dev/null
statements="$("${PSQL[@]}" -d history_bench -Atc "SELECT count(*) FROM pg_stat_statements")"
export URL="${DBOPS_TEST_PG_URL%/*}/history_bench" DBOPS WORK="$work"

timed 'DBOPS_URL="$URL" "$DBOPS" snapshot --history "$WORK/first.sqlite" --analytics-days 1 >/dev/null' 'rm -f "$WORK"/first.sqlite*'
first=$TAKEN first_kb=$PEAK_KB
DBOPS_URL="$URL" "$DBOPS" snapshot --history "$work/next.sqlite" >/dev/null
timed 'DBOPS_URL="$URL" "$DBOPS" snapshot --history "$WORK/next.sqlite" >/dev/null'
next=$TAKEN next_kb=$PEAK_KB
log "bench: a store of 400 days x 50 targets"
python3 "$ROOT_DIR/bench/history_store.py" "$work/year.sqlite" 50 400
store_mb=$(( $(stat -c %s "$work/year.sqlite") / 1048576 ))
timed '"$DBOPS" report --history "$WORK/year.sqlite" --since 400d --html "$WORK/year.html" >/dev/null'
report_html=$TAKEN report_html_kb=$PEAK_KB
timed '"$DBOPS" report --history "$WORK/year.sqlite" --since 400d --format json >/dev/null'
report_json=$TAKEN report_json_kb=$PEAK_KB
timed '"$DBOPS" report --history "$WORK/year.sqlite" --since 30d --html "$WORK/month.html" >/dev/null'
report_month=$TAKEN report_month_kb=$PEAK_KB

printf '\n%-62s %9s %12s\n' "" "seconds" "peak RSS MB"
row() { printf '%-62s %9.2f %12.1f\n' "$1" "$2" "$(echo "$3 / 1024" | bc -l)"; }
row "snapshot, first ($statements statements, 1,000 tables)" "$first" "$first_kb"
row "snapshot, next (differences)" "$next" "$next_kb"
row "report --html, 400 days x 50 targets (store $store_mb MB)" "$report_html" "$report_html_kb"
row "report --format json, 400 days x 50 targets" "$report_json" "$report_json_kb"
row "report --html, the last 30 days of the same store" "$report_month" "$report_month_kb"
printf '\ntargets: snapshot < 1 s, report < 3 s, RSS < 150 MB\n'

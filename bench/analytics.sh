#!/usr/bin/env bash
# Analytics benchmark: each dbops report against the seed's own hand-written SQL, run
# through psql / mariadb on the same 10 million api_usage rows, in one run.
#
#   bench/analytics.sh [--rows N] [--reuse]
#
# --rows: api_usage rows (default 10,000,000; the generator's InfiniteStories tables with
# only auth.users and api_usage written). --reuse: keep data a previous run loaded.
# The seed's SQL (InfiniteStories "Daily active users" and "API performance") is run as
# written, with NOW() replaced by the same fixed instant dbops is given and, for DAU,
# grouped by day over the same range as dbops' report. MariaDB has no ordered-set
# percentile_cont: its form of "API performance" is the PERCENTILE_CONT window function
# (which takes no named window).
# Prints the median of BENCH_RUNS runs (default 3; the reports and the seed's queries run
# round-robin, one of each per round) and dbops time / seed time (target: at most 1.2).
set -euo pipefail
source "$(dirname "$0")/common.sh"
rows=10000000
reuse=0
while (($#)); do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --reuse) reuse=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done

bench_setup
anchor=2026-11-01
scale=$(awk -v r="$rows" 'BEGIN { printf "%.4f", r / 60000 }') # api_usage has 60,000 rows at scale 1
if ((reuse == 0)); then
  log "bench: loading $rows api_usage rows (scale $scale) on both engines"
  "$ROOT_DIR/scripts/load-fixtures.sh" --scale "$scale" --only infinitestories --anchor "$anchor" --tables auth.users,api_usage
fi
export PG_URL="${DBOPS_TEST_PG_URL%/*}/infinitestories" MY_URL="${DBOPS_TEST_MYSQL_URL%/*}/infinitestories" DBOPS
MY="mariadb --no-defaults -udbops -h127.0.0.1 -P$DBOPS_MY_PORT infinitestories"
PSQL="psql -X -q -d infinitestories"
echo "api_usage rows: PostgreSQL $($PSQL -At -c 'select count(*) from api_usage'), MariaDB $($MY -N -e 'select count(*) from api_usage'); median of ${BENCH_RUNS:-3} runs"
row() { printf '%-44s %8ss  %8ss  %s\n' "$1" "$2" "$3" "ratio $(ratio "$2" "$3")"; }
printf '%-44s %9s  %9s  %s\n' "" "dbops" "seed SQL" "(dbops / seed)"

# The anchor's eve as "now": the last 30 and 7 days are the busiest of the generated year.
now="2026-10-31 00:00:00"
for days in 30 7; do
  since=$(date -u -d "${now%% *} -$days days" '+%Y-%m-%d')
  until=$(date -u -d "${now%% *}" '+%Y-%m-%d')
  echo
  echo "== last $days days ($since .. $until, UTC)"
  for engine in postgres mariadb; do
    if [[ $engine == postgres ]]; then url='$PG_URL'; run="$PSQL >/dev/null"; else url='$MY_URL'; run="$MY >/dev/null"; fi
    if [[ $engine == postgres ]]; then
      dau_sql="SELECT date_trunc('day', created_at) AS day, COUNT(DISTINCT user_id) AS dau FROM api_usage WHERE created_at >= '$since' AND created_at < '$until' GROUP BY 1 ORDER BY 1"
      perf_sql="SELECT function_name, COUNT(*) as calls, AVG(response_time_ms) as avg_response, PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY response_time_ms) as p95_response, SUM(cost_estimate) as total_cost FROM api_usage WHERE created_at > TIMESTAMPTZ '$until' - INTERVAL '$days days' GROUP BY function_name"
    else
      dau_sql="SET time_zone = '+00:00'; SELECT DATE(created_at) AS day, COUNT(DISTINCT user_id) AS dau FROM api_usage WHERE created_at >= '$since' AND created_at < '$until' GROUP BY 1 ORDER BY 1"
      perf_sql="SET time_zone = '+00:00'; SELECT DISTINCT function_name, COUNT(*) OVER w AS calls, AVG(response_time_ms) OVER w AS avg_response, PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY response_time_ms) OVER (PARTITION BY function_name) AS p95_response, SUM(cost_estimate) OVER w AS total_cost FROM api_usage WHERE created_at > TIMESTAMP '$until 00:00:00' - INTERVAL $days DAY WINDOW w AS (PARTITION BY function_name)"
    fi
    range="--since $since --until $until"
    timed_rounds \
      dau "DBOPS_URL=$url \$DBOPS analytics dau $range --no-rolling >/dev/null" \
      rolling "DBOPS_URL=$url \$DBOPS analytics dau $range >/dev/null" \
      seed_dau "echo \"$dau_sql\" | $run" \
      cost "DBOPS_URL=$url \$DBOPS analytics cost $range >/dev/null" \
      latency "DBOPS_URL=$url \$DBOPS analytics latency $range >/dev/null" \
      seed_perf "echo \"$perf_sql\" | $run"
    row "$engine dau (per day)" "${ROUND_TAKEN[dau]}" "${ROUND_TAKEN[seed_dau]}"
    row "$engine dau with rolling WAU/MAU" "${ROUND_TAKEN[rolling]}" "${ROUND_TAKEN[seed_dau]}"
    row "$engine cost (per day + by function)" "${ROUND_TAKEN[cost]}" "${ROUND_TAKEN[seed_perf]}"
    row "$engine latency (p50/p95/p99 by function)" "${ROUND_TAKEN[latency]}" "${ROUND_TAKEN[seed_perf]}"
  done
done

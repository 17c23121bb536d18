#!/usr/bin/env bash
# The demo: installs what is missing, starts throwaway PostgreSQL 15 and MariaDB 10.11
# servers, loads the five applications with sample data, builds dbops, and runs it
# against each of them. The servers keep running afterwards for you to try dbops on
# (scripts/dbservers.sh stop ends them).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

scripts/install-deps.sh
scripts/dbservers.sh start
scripts/load-fixtures.sh --scale "${DBOPS_DEMO_SCALE:-1}"
log "demo: building and installing dbops (release), its man page and completions"
scripts/install.sh
source "$(servers_env_file)"
DBOPS="$ROOT_DIR/.build/release/dbops"
base_pg="${DBOPS_TEST_PG_URL%/*}"
base_my="${DBOPS_TEST_MYSQL_URL%/*}"

run() { # title, url, dbops arguments...
  local title="$1" url="$2"; shift 2
  printf '\n\033[1m== %s: dbops %s\033[0m\n' "$title" "$*"
  DBOPS_URL="$url" "$DBOPS" "$@" || printf '(exit code %s)\n' "$?"
}

run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" health
run "Character Creation (PostgreSQL)" "$base_pg/character_creation" health
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" health --format prometheus --check connections,database_size
run "ScriptPal (MariaDB)" "$base_my/scriptpal" health
run "AI_SMARTLITE (MariaDB)" "$base_my/ai_smartlite" health --check connection,auto_increment,database_size

backups="$(mktemp -d /tmp/dbops-demo-backups.XXXXXX)"
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" backup -o "$backups/infinitestories" --format json
run "Verify the backup (no server needed)" "" verify "$backups/infinitestories"
psql -X -q -h "$DBOPS_SERVERS_DIR/pg" -p "$DBOPS_PG_PORT" -U postgres -d postgres \
  -c "DROP DATABASE IF EXISTS infinitestories_copy WITH (FORCE)" -c "CREATE DATABASE infinitestories_copy"
run "Restore it into infinitestories_copy" "$base_pg/infinitestories_copy" restore "$backups/infinitestories" --format json
printf '\n\033[1m== ScriptPal (MariaDB): dbops backup -o - > scriptpal.stream; dbops verify - < scriptpal.stream\033[0m\n'
DBOPS_URL="$base_my/scriptpal" "$DBOPS" backup -o - > "$backups/scriptpal.stream" && "$DBOPS" verify - < "$backups/scriptpal.stream" \
  || printf '(exit code %s)\n' "$?"

# Every application's slow queries (the PostgreSQL fixtures create pg_stat_statements, as
# their documents' monitoring SQL needs; MariaDB's come from performance_schema).
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" slow-queries --limit 5
run "Character Creation (PostgreSQL)" "$base_pg/character_creation" slow-queries --limit 5
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" slow-queries --limit 5
run "ScriptPal (MariaDB)" "$base_my/scriptpal" slow-queries --limit 5
run "AI_SMARTLITE (MariaDB)" "$base_my/ai_smartlite" slow-queries --limit 5
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" index-usage
run "ScriptPal (MariaDB)" "$base_my/scriptpal" index-usage

# Each application's own questions, in its document's words (README: "The applications'
# own questions").
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" analytics dau --since 14d --tz Europe/Berlin
run "InfiniteStories: active users in the last 24 hours" "$base_pg/infinitestories" analytics dau --since 24h
run "InfiniteStories: API performance, last 7 days" "$base_pg/infinitestories" analytics latency --since 168h --percentiles 95
run "InfiniteStories: popular content (heroes by stories)" "$base_pg/infinitestories" analytics top
run "InfiniteStories: slow queries (mean over 100 ms)" "$base_pg/infinitestories" slow-queries --order-by mean --min-mean 100ms
run "InfiniteStories (MariaDB copy, same rows)" "$base_my/infinitestories" analytics latency --since 7d
run "ScriptPal (MariaDB): users of chat_messages and chat_history" "$base_my/scriptpal" analytics dau --since 14d
run "ScriptPal (MariaDB)" "$base_my/scriptpal" analytics cost --since 30d --by user --top 5
run "AI_SMARTLITE (MariaDB): cost and request counts" "$base_my/ai_smartlite" analytics cost --since 30d
run "AI_SMARTLITE (MariaDB)" "$base_my/ai_smartlite" analytics latency --since 90d --by status
run "AI_SMARTLITE: partition large tables (advice)" "$base_my/ai_smartlite" partitions --check
run "AI_SMARTLITE, partitioned as advised" "$base_my/ai_smartlite_partitioned" partitions --dry-run
run "AI_SMARTLITE: data retention (asked for)" "$base_my/ai_smartlite" cleanup --dry-run --rule ai_smartlite.pipeline_executions
run "AI_SMARTLITE: regular ANALYZE TABLE" "$base_my/ai_smartlite" analyze
run "Character Creation (PostgreSQL)" "$base_pg/character_creation" analytics latency --since 90d --by style
run "Character Creation: generation queue processing" "$base_pg/character_creation" analytics queue --since 24h
run "Character Creation: the queue in health" "$base_pg/character_creation" health --check queue_oldest_waiting,queue_failed_share
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" analytics dau --since 30d
run "StoryboardAI: user_engagement_metrics from the base tables" "$base_pg/storyboardai" analytics engagement --since 14d
run "StoryboardAI (MariaDB): the same" "$base_my/storyboardai" analytics engagement --since 14d

run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" cleanup --dry-run
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" cleanup
run "ScriptPal (MariaDB)" "$base_my/scriptpal" cleanup
run "InfiniteStories (MariaDB)" "$base_my/infinitestories" partitions --check
run "InfiniteStories (MariaDB)" "$base_my/infinitestories" partitions
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" partitions
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" archive
run "StoryboardAI (MariaDB)" "$base_my/storyboardai" archive --to-file "$backups/storyboard-archive"

# History: a snapshot of all five applications, backups, cleanup and partitions runs, some
# of each application's own reads in between, three times; then the report of what the
# history holds, as one HTML page.
export DEMO_STORIES="$base_pg/infinitestories" DEMO_CHARACTERS="$base_pg/character_creation" \
  DEMO_STORYBOARD="$base_pg/storyboardai" DEMO_SCRIPTPAL="$base_my/scriptpal" DEMO_SMARTLITE="$base_my/ai_smartlite"
cat > "$backups/dbops.toml" <<TOML
[history]
store = "$backups/history.sqlite"
[targets.infinitestories]
url_env = "DEMO_STORIES"
[targets.character_creation]
url_env = "DEMO_CHARACTERS"
[targets.storyboardai]
url_env = "DEMO_STORYBOARD"
[targets.scriptpal]
url_env = "DEMO_SCRIPTPAL"
[targets.ai_smartlite]
url_env = "DEMO_SMARTLITE"
TOML
for round in 1 2 3; do
  printf '\n\033[1m== All five applications: dbops snapshot --all (round %s)\033[0m\n' "$round"
  "$DBOPS" --config "$backups/dbops.toml" snapshot --all --analytics-days 30 || printf '(exit code %s)\n' "$?"
  # The jobs record their runs in the same store ([history] store): the report draws them.
  "$DBOPS" --config "$backups/dbops.toml" backup --target infinitestories --target scriptpal --quiet \
    -o "$backups/history-backups/{target}-{timestamp}" || printf '(exit code %s)\n' "$?"
  "$DBOPS" --config "$backups/dbops.toml" cleanup --all --quiet || printf '(exit code %s)\n' "$?"
  "$DBOPS" --config "$backups/dbops.toml" partitions --target infinitestories --quiet || printf '(exit code %s)\n' "$?"
  for _ in $(seq $((round * 3))); do
    psql -X -q -h "$DBOPS_SERVERS_DIR/pg" -p "$DBOPS_PG_PORT" -U postgres -d infinitestories -Atc \
      "SELECT function_name, count(*), avg(response_time_ms) FROM api_usage WHERE created_at > now() - interval '1 day' GROUP BY 1" >/dev/null
  done
done
printf '\n\033[1m== The report: dbops report --html %s\033[0m\n' "$backups/report.html"
"$DBOPS" --config "$backups/dbops.toml" report --html "$backups/report.html" || printf '(exit code %s)\n' "$?"

cat <<MSG

The servers are still running. Try, for example:
  source $(servers_env_file)
  DBOPS_URL="\${DBOPS_TEST_PG_URL%/*}/infinitestories" $DBOPS health --format json
  $DBOPS --config $backups/dbops.toml history --metric analytics.dau.active_users --target infinitestories
  open $backups/report.html in a browser
  scripts/dbservers.sh stop
MSG

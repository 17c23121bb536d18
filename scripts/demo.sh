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

psql -X -q -h "$DBOPS_SERVERS_DIR/pg" -p "$DBOPS_PG_PORT" -U postgres -d infinitestories \
  -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" slow-queries --limit 5
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" index-usage
run "ScriptPal (MariaDB)" "$base_my/scriptpal" index-usage

run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" analytics dau --since 14d --tz Europe/Berlin
run "InfiniteStories (MariaDB copy, same rows)" "$base_my/infinitestories" analytics latency --since 7d
run "ScriptPal (MariaDB)" "$base_my/scriptpal" analytics cost --since 30d --by user --top 5
run "AI_SMARTLITE (MariaDB)" "$base_my/ai_smartlite" analytics latency --since 90d --by status

run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" cleanup --dry-run
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" cleanup
run "ScriptPal (MariaDB)" "$base_my/scriptpal" cleanup
run "InfiniteStories (MariaDB)" "$base_my/infinitestories" partitions --check
run "InfiniteStories (MariaDB)" "$base_my/infinitestories" partitions
run "InfiniteStories (PostgreSQL)" "$base_pg/infinitestories" partitions
run "StoryboardAI (PostgreSQL)" "$base_pg/storyboardai" archive
run "StoryboardAI (MariaDB)" "$base_my/storyboardai" archive --to-file "$backups/storyboard-archive"

cat <<MSG

The servers are still running. Try, for example:
  source $(servers_env_file)
  DBOPS_URL="\${DBOPS_TEST_PG_URL%/*}/infinitestories" $DBOPS health --format json
  scripts/dbservers.sh stop
MSG

#!/usr/bin/env bash
# Creates the five applications' databases on the throwaway servers and loads them with
# generated sample data.
#
#   scripts/load-fixtures.sh [--scale N] [--anchor YYYY-MM-DD[THH]] [--only APP] [--tables T1,T2]
#
# PostgreSQL: infinitestories, character_creation, storyboardai
# MariaDB:    scriptpal, ai_smartlite, storyboardai, infinitestories (api_usage,
#             rate_limits, cache_entries: the same rows as on PostgreSQL),
#             ai_smartlite_partitioned (ai_smartlite's rows, its large tables partitioned
#             monthly as the operator would after dbops' advice)
# Existing databases of those names are dropped first. Data goes in with the servers'
# own bulk loaders (psql \copy, LOAD DATA LOCAL INFILE), independently of dbops' code.
set -euo pipefail
source "$(dirname "$0")/common.sh"

scale=1
anchor=""
only=""
tables=""
while (($#)); do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --anchor) anchor="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --tables) tables="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done

[[ -f "$(servers_env_file)" ]] || die "servers are not running: run scripts/dbservers.sh start"
PGDIR="$DBOPS_SERVERS_DIR/pg"
MYSOCK="$DBOPS_SERVERS_DIR/my/mysqld.sock"
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$DBOPS_PG_PORT" -U postgres "$@"; }
mariadb_admin() { mariadb --no-defaults -uroot --socket="$MYSOCK" --local-infile=1 "$@"; }

(cd "$ROOT_DIR" && swift build -c release --static-swift-stdlib --product dbops-datagen 2>&1 | grep -E "error|warning: unable" >&2 || true)
DATAGEN="$ROOT_DIR/.build/release/dbops-datagen"
[[ -x "$DATAGEN" ]] || die "dbops-datagen did not build"

# One anchor (the hour the rows lead up to) for every application and engine: each
# generation left to take the current hour itself, a load that crossed the hour gave the
# MariaDB copy of infinitestories rows an hour later than PostgreSQL's, and the tests
# comparing the two engines' reports failed.
[[ -n "$anchor" ]] || anchor="$(date -u +%Y-%m-%dT%H)"

work="$(mktemp -d /tmp/dbops-fixtures.XXXXXX)"
trap 'rm -rf "$work"' EXIT

generate() { # app engine dir
  local args=(--app "$1" --engine "$2" --scale "$scale" --out "$3")
  [[ -n "$anchor" ]] && args+=(--anchor "$anchor")
  [[ -n "$tables" ]] && args+=(--tables "$tables")
  "$DATAGEN" "${args[@]}" 2>/dev/null
}

load_pg() { # app
  local app="$1" dir="$work/pg-$1"
  log "load-fixtures: postgres/$app"
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $app WITH (FORCE)" -c "CREATE DATABASE $app"
  (cd "$ROOT_DIR/fixtures/postgres" && psql_admin -d "$app" -f "$app.sql" 2>&1 | grep -v "already exists, skipping" >&2 || true)
  generate "$app" postgres "$dir"
  local script="$dir/load.sql"
  : > "$script"
  for columns in "$dir"/*.columns; do
    local base="${columns%.columns}" table
    table="$(basename "$base")"; table="${table#*_}"
    echo "\\copy $table ($(cat "$columns")) FROM '$base.tsv'" >> "$script"
  done
  psql_admin -d "$app" -f "$script"
  # Serial columns were given explicit ids: move their sequences past them.
  psql_admin -d "$app" <<'SQL'
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT s.oid::regclass AS seq, t.oid::regclass AS tab, a.attname AS col
    FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S' AND t.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('SELECT CASE WHEN m IS NULL THEN setval(%L, 1, false) ELSE setval(%L, m, true) END FROM (SELECT max(%I) AS m FROM %s) x',
                   r.seq, r.seq, r.col, r.tab);
  END LOOP;
END
$$;
SQL
  psql_admin -d "$app" -c "ANALYZE"
}

load_my() { # app [database]: the app's rows into its database (or another of that name)
  local app="$1" db="${2:-$1}" dir="$work/my-$1"
  log "load-fixtures: mariadb/$db"
  mariadb_admin -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  mariadb_admin "$db" < "$ROOT_DIR/fixtures/mysql/$app.sql"
  [[ -d "$dir" ]] || generate "$app" mysql "$dir"
  local script="$dir/load.sql"
  # Fixture rows need not reach the binary log (it would double what is written).
  echo "SET foreign_key_checks = 0; SET unique_checks = 0; SET sql_log_bin = 0; SET time_zone = '+00:00';" > "$script"
  for columns in "$dir"/*.columns; do
    local base="${columns%.columns}" table cols
    table="$(basename "$base")"; table="${table#*_}"
    cols="$(sed 's/\([^,]*\)/`\1`/g' "$columns")"
    echo "LOAD DATA LOCAL INFILE '$base.tsv' INTO TABLE \`$table\` CHARACTER SET utf8mb4 ($cols);" >> "$script"
  done
  local loaded
  loaded="$(for c in "$dir"/*.columns; do t="$(basename "${c%.columns}")"; printf '`%s`,' "${t#*_}"; done)"
  echo "ANALYZE TABLE ${loaded%,};" >> "$script"
  mariadb_admin "$db" < "$script" >/dev/null
}

want() { [[ -z "$only" || "$only" == "$1" ]]; }

for app in infinitestories character_creation storyboardai; do want "$app" && load_pg "$app"; done
for app in scriptpal ai_smartlite storyboardai infinitestories; do want "$app" && load_my "$app"; done
# AI_SMARTLITE with its large tables partitioned as dbops advises (the same rows).
if want ai_smartlite || want ai_smartlite_partitioned; then
  load_my ai_smartlite ai_smartlite_partitioned
  mariadb_admin ai_smartlite_partitioned < "$ROOT_DIR/fixtures/mysql/ai_smartlite_partitioned.sql"
fi
log "load-fixtures: done (scale $scale)"

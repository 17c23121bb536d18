#!/usr/bin/env bash
# Maintenance benchmark, one run, the same data for every tool:
#   cleanup: dbops cleanup vs pt-archiver --purge (same batch size) on MariaDB, and vs the
#            seed's cleanup_expired_cache() (one DELETE) on PostgreSQL;
#   archive: dbops archive vs pt-archiver --dest on MariaDB.
# While each tool runs, dbops-loadgen plays the application: 200 single-row updates a second
# on random rows of the same table (half of them rows the job is removing), each timed.
#
#   bench/maintenance.sh [--rows N] [--only cleanup|archive]
#                      (default 2,000,000 cache rows and 1,000,000 events, half of each due)
#
# Prints per tool: rows, seconds, rows/s, the longest transaction the tool held (dbops
# reports its longest batch; for the seed's function it is the whole DELETE), and the
# slowest application write. Targets: dbops at least 2x pt-archiver's rows/s; no
# application write slower than 200 ms. One run by default (each measurement regenerates
# its table, a few minutes apiece); BENCH_RUNS=3 for the median of three.
set -euo pipefail
source "$(dirname "$0")/common.sh"
rows=2000000
only=""
while (($#)); do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
events=$((rows / 2))
runs="${BENCH_RUNS:-1}"

bench_setup
(cd "$ROOT_DIR" && swift build -c release --static-swift-stdlib --product dbops-loadgen 2>&1 | grep -E "error" >&2 || true)
LOADGEN="$ROOT_DIR/.build/release/dbops-loadgen"
MYPW="$(cat "$DBOPS_SERVERS_DIR/my.password")"
# Exported and named, never expanded, in the commands below: they hold the password.
export PG_URL="${DBOPS_TEST_PG_URL%/*}/bench_maint"
export MY_URL="${DBOPS_TEST_MYSQL_URL%/*}/bench_maint"
export PSQL_CMD="psql -X -q -v ON_ERROR_STOP=1 -d bench_maint"
export MY_CMD="mariadb --no-defaults -udbops -h127.0.0.1 -P$DBOPS_MY_PORT bench_maint"
work="$BENCH_OUT/maintenance"
rm -rf "$work"; mkdir -p "$work"
# pt-archiver reads the password from an option file, not its command line.
printf '[client]\npassword=%s\n' "$MYPW" > "$work/my.cnf"; chmod 600 "$work/my.cnf"
DSN="h=127.0.0.1,P=$DBOPS_MY_PORT,u=dbops,F=$work/my.cnf,D=bench_maint,A=utf8mb4"

pg_reset_db bench_maint
my_reset_db bench_maint

# InfiniteStories' cache_entries (its document's columns and expiry index), filled the same
# way on both engines: odd keys expired up to a month ago, even keys live for up to a month.
pg_cache() {
  $PSQL_CMD <<SQL
DROP TABLE IF EXISTS cache_entries;
CREATE TABLE cache_entries (key TEXT PRIMARY KEY, value JSONB NOT NULL, expires_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW(), access_count INTEGER DEFAULT 0, last_accessed_at TIMESTAMPTZ DEFAULT NOW(), size_bytes INTEGER);
INSERT INTO cache_entries (key, value, expires_at, size_bytes)
SELECT 'k' || i, jsonb_build_object('story', i, 'text', repeat('x', 200)),
       CASE WHEN i % 2 = 1 THEN now() - (i % 43200) * interval '1 minute' - interval '1 minute'
            ELSE now() + (i % 43200) * interval '1 minute' + interval '1 day' END, 220
FROM generate_series(1, $rows) i;
CREATE INDEX idx_cache_expires ON cache_entries (expires_at);
CREATE OR REPLACE FUNCTION cleanup_expired_cache() RETURNS INTEGER AS \$\$
DECLARE deleted_count INTEGER;
BEGIN
    DELETE FROM cache_entries WHERE expires_at < NOW();
    GET DIAGNOSTICS deleted_count = ROW_COUNT;
    RETURN deleted_count;
END;
\$\$ LANGUAGE plpgsql;
VACUUM ANALYZE cache_entries;
SQL
}

my_cache() {
  $MY_CMD <<SQL
DROP TABLE IF EXISTS cache_entries;
CREATE TABLE cache_entries (\`key\` VARCHAR(255) NOT NULL PRIMARY KEY, value JSON NOT NULL, expires_at TIMESTAMP(6) NOT NULL,
  created_at TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6), access_count INT DEFAULT 0,
  last_accessed_at TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6), size_bytes INT, KEY idx_cache_expires (expires_at))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
SET time_zone = '+00:00';
INSERT INTO cache_entries (\`key\`, value, expires_at, size_bytes)
SELECT CONCAT('k', seq), JSON_OBJECT('story', seq, 'text', REPEAT('x', 200)),
       IF(seq % 2 = 1, UTC_TIMESTAMP(6) - INTERVAL (seq % 43200) MINUTE - INTERVAL 1 MINUTE,
                       UTC_TIMESTAMP(6) + INTERVAL (seq % 43200) MINUTE + INTERVAL 1 DAY), 220
FROM seq_1_to_$rows;
ANALYZE TABLE cache_entries;
SQL
}

# A log-like table for archive: every other event older than two years.
my_events() {
  $MY_CMD <<SQL
DROP TABLE IF EXISTS events, events_archive;
CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL, kind VARCHAR(30) NOT NULL,
  payload TEXT, created_at DATETIME NOT NULL, KEY events_created (created_at), KEY events_user (user_id))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO events (user_id, kind, payload, created_at)
SELECT seq % 5000, ELT(1 + seq % 4, 'render', 'export', 'login', 'edit'), REPEAT('p', 150),
       IF(seq % 2 = 1, UTC_TIMESTAMP() - INTERVAL 3 YEAR + INTERVAL (seq % 1000) MINUTE, UTC_TIMESTAMP() - INTERVAL (seq % 1000) MINUTE)
FROM seq_1_to_$events;
CREATE TABLE events_archive LIKE events;
ANALYZE TABLE events;
SQL
}
export -f pg_cache my_cache my_events
export rows events

# Runs `command` while the application writes; prints "seconds slowest_write_ms summary".
with_load() { # engine sql command
  local engine="$1" sql="$2" command="$3" url load start end
  url=$([[ $engine == postgres ]] && echo "$PG_URL" || echo "$MY_URL")
  DBOPS_URL="$url" "$LOADGEN" --sql "$sql" --key-prefix "$4" --keys "$5" --rate 200 --lock-timeout 30 > "$work/load.json" &
  load=$!
  sleep 1
  start=$(date +%s.%N)
  bash -c "$command" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; kill $load; die "failed: $command"; }
  end=$(date +%s.%N)
  sleep 0.5
  kill -TERM $load; wait $load || true
  local slowest errors
  slowest=$(python3 -c "import json; print(json.load(open('$work/load.json'))['max_ms'])")
  errors=$(python3 -c "import json; print(json.load(open('$work/load.json'))['errors'])")
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') $slowest $errors"
}

# Median seconds, worst slowest write, total application errors over the runs.
measure() { # label engine prepare loadsql prefix keys command rows
  local label="$1" engine="$2" prepare="$3" loadsql="$4" prefix="$5" keys="$6" command="$7" moved="$8"
  local times=() worst=0 errors=0 t s e longest=""
  for ((i = 0; i < runs; i++)); do
    bash -c "$prepare" >/dev/null 2>&1 || die "failed: $prepare"
    read -r t s e < <(with_load "$engine" "$loadsql" "$command" "$prefix" "$keys")
    times+=("$t")
    worst=$(awk -v a="$worst" -v b="$s" 'BEGIN { print (b > a ? b : a) }')
    errors=$((errors + e))
    if grep -q longest_batch_seconds "$work/out.txt"; then
      longest=$(python3 -c "import json; print(round(max(t['longest_batch_seconds'] for t in json.load(open('$work/out.txt'))['tables']) * 1000))")
    fi
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-46s %9s rows %7ss %9s rows/s  longest txn %8s  slowest app write %8s ms  app errors %s\n' \
    "$label" "$moved" "$median" "$(awk -v r="$moved" -v t="$median" 'BEGIN { printf "%.0f", r / t }')" \
    "$(if [[ -n $longest ]]; then echo "$longest ms"; else echo "${LONGEST:-n/a}"; fi)" "$worst" "$errors"
  LAST_RATE=$(awk -v r="$moved" -v t="$median" 'BEGIN { printf "%.2f", r / t }')
  LAST_SECONDS=$median
}

expired=$((rows / 2))
echo "cache_entries: $rows rows, $expired expired; events: $events rows, $((events / 2)) older than two years; median of $runs runs"
cat > "$work/dbops.toml" <<TOML
[cleanup.rules.cache]
table = "cache_entries"
column = "expires_at"

[archive.rules.events]
table = "events"
time_column = "created_at"
older_than = "730d"
TOML

if [[ -z $only || $only == cleanup ]]; then
echo
echo "== cleanup, MariaDB (batches of 1000)"
MYLOAD='UPDATE cache_entries SET access_count = access_count + 1 WHERE `key` = ?'
measure "dbops cleanup" mysql my_cache "$MYLOAD" k "$rows" \
  "DBOPS_URL=\$MY_URL $DBOPS --config $work/dbops.toml cleanup --no-builtin --batch-size 1000 --pause 0 --format json" "$expired"
dbops_rate=$LAST_RATE
LONGEST="n/a" measure "pt-archiver --purge --limit 1000" mysql my_cache "$MYLOAD" k "$rows" \
  "pt-archiver --no-version-check --source $DSN,t=cache_entries --where 'expires_at < UTC_TIMESTAMP()' --purge --limit 1000 --commit-each --sleep 0" "$expired"
echo "dbops / pt-archiver rows/s: $(ratio "$dbops_rate" "$LAST_RATE")"
LONGEST="n/a" measure "pt-archiver --purge --limit 1000 --bulk-delete" mysql my_cache "$MYLOAD" k "$rows" \
  "pt-archiver --no-version-check --source $DSN,t=cache_entries --where 'expires_at < UTC_TIMESTAMP()' --purge --limit 1000 --commit-each --bulk-delete --sleep 0" "$expired"
echo "dbops / pt-archiver --bulk-delete rows/s: $(ratio "$dbops_rate" "$LAST_RATE")"

echo
echo "== cleanup, PostgreSQL"
PGLOAD='UPDATE cache_entries SET access_count = access_count + 1 WHERE key = $1'
measure "dbops cleanup" postgres pg_cache "$PGLOAD" k "$rows" \
  "DBOPS_URL=\$PG_URL $DBOPS --config $work/dbops.toml cleanup --no-builtin --batch-size 1000 --pause 0 --format json" "$expired"
dbops_rate=$LAST_RATE
LONGEST="whole run" measure "seed: SELECT cleanup_expired_cache()" postgres pg_cache "$PGLOAD" k "$rows" \
  "$PSQL_CMD -c 'SELECT cleanup_expired_cache()'" "$expired"
echo "dbops / cleanup_expired_cache() rows/s: $(ratio "$dbops_rate" "$LAST_RATE")"

fi

if [[ -z $only || $only == archive ]]; then
echo
echo "== archive, MariaDB (batches of 1000)"
EVLOAD='UPDATE events SET kind = kind WHERE id = ?'
measure "dbops archive" mysql my_events "$EVLOAD" "" "$events" \
  "DBOPS_URL=\$MY_URL $DBOPS --config $work/dbops.toml archive --no-builtin --batch-size 1000 --pause 0 --format json" "$((events / 2))"
dbops_rate=$LAST_RATE
LONGEST="n/a" measure "pt-archiver --dest --limit 1000" mysql my_events "$EVLOAD" "" "$events" \
  "pt-archiver --no-version-check --source $DSN,t=events --dest t=events_archive --where 'created_at < UTC_TIMESTAMP() - INTERVAL 730 DAY' --limit 1000 --commit-each --sleep 0" "$((events / 2))"
echo "dbops / pt-archiver rows/s: $(ratio "$dbops_rate" "$LAST_RATE")"
fi

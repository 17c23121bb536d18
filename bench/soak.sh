#!/usr/bin/env bash
# Soak trials (not a test): what an adversarial user does to dbops, many times over, on
# both engines, counting every outcome.
#
#   bench/soak.sh [--rounds N] [--only kill|freeze|damage] [--rows N]
#
#   kill:   SIGKILL at a random moment of backup, restore, cleanup or archive; then the
#           invariants: no row lost or duplicated (live + archive = original; unexpired
#           rows never deleted), nothing half-done that looks complete (a backup folder
#           verify accepts is whole; a restore target without the marker matches its
#           source), no password left in any file, and a re-run finishes the job.
#   freeze: SIGSTOP on the whole server at a random moment of backup or restore; dbops
#           must end by itself (one line, non-zero exit) within the bound, nothing
#           complete-looking left; the server is thawed after each trial.
#   damage: a random flipped byte, truncation, deleted, stray or forged (re-hashed
#           manifest) file in a backup: verify and restore must both refuse it, and
#           restore must leave the empty target untouched.
#
# Prints one line per trial kind and engine with counts; "violations" must be 0.
# Runs on the benchmark's own throwaway servers (bench/common.sh), never the test ones.
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds=20
only=""
rows=200000
while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[[ "$rounds" =~ ^[0-9]+$ ]] && ((rounds >= 1 && rounds <= 10000)) || die "--rounds takes 1 to 10000"
[[ "$rows" =~ ^[0-9]+$ ]] && ((rows >= 1000 && rows <= 100000000)) || die "--rows takes 1000 to 100000000"

bench_setup
work="$BENCH_OUT/soak"
rm -rf "$work"
mkdir -p "$work"
MYPW="$(cat "$DBOPS_SERVERS_DIR/my.password")"
export PG_BASE="${DBOPS_TEST_PG_URL%/*}" MY_BASE="${DBOPS_TEST_MYSQL_URL%/*}"
PSQL() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
MYSQL() { mariadb --no-defaults -udbops -h127.0.0.1 -P"$DBOPS_MY_PORT" -N -B "$1" -e "$2"; }
sql() { # engine database statement
  if [[ $1 == postgres ]]; then PSQL "$2" "$3"; else MYSQL "$2" "$3"; fi
}
url() { [[ $1 == postgres ]] && echo "$PG_BASE/$2" || echo "$MY_BASE/$2"; }
reset_db() { # engine database
  if [[ $1 == postgres ]]; then pg_reset_db "$2" >/dev/null; else my_reset_db "$2"; fi
}
server_pid() {
  if [[ $1 == postgres ]]; then head -1 "$DBOPS_SERVERS_DIR/pg/data/postmaster.pid"; else cat "$DBOPS_SERVERS_DIR/my/mariadb.pid"; fi
}
signal_server() { # engine signal
  local main; main="$(server_pid "$1")"
  kill "-$2" "$main" 2>/dev/null || true
  pkill "-$2" -P "$main" 2>/dev/null || true
}

# The shape the trials work on: a cache for cleanup (half expired), and StoryboardAI's
# projects -> storyboards -> scenes for archive, with the application's ON DELETE CASCADE.
load() { # engine database
  local e="$1" db="$2"
  reset_db "$e" "$db"
  if [[ $e == postgres ]]; then
    PSQL "$db" "
      CREATE TABLE cache (key text PRIMARY KEY, value text, expires_at timestamptz NOT NULL);
      CREATE INDEX ON cache (expires_at);
      INSERT INTO cache SELECT 'k' || g, repeat('v', 80), now() + CASE WHEN g % 2 = 0 THEN interval '1 day' ELSE -interval '1 day' END
        FROM generate_series(1, $rows) g;
      CREATE TABLE projects (id serial PRIMARY KEY, status text, updated_at timestamp NOT NULL);
      CREATE TABLE storyboards (id serial PRIMARY KEY, project_id int NOT NULL REFERENCES projects ON DELETE CASCADE, title text);
      CREATE INDEX ON storyboards (project_id);
      CREATE TABLE scenes (id serial PRIMARY KEY, storyboard_id int NOT NULL REFERENCES storyboards ON DELETE CASCADE, script text);
      CREATE INDEX ON scenes (storyboard_id);
      INSERT INTO projects (status, updated_at) SELECT CASE WHEN g % 3 = 0 THEN 'completed' ELSE 'active' END,
        (now() AT TIME ZONE 'UTC') - CASE WHEN g % 2 = 0 THEN interval '3 years' ELSE interval '1 day' END FROM generate_series(1, $((rows / 20))) g;
      INSERT INTO storyboards (project_id, title) SELECT p.id, 'sb ' || k FROM projects p, generate_series(1, 2) k;
      INSERT INTO scenes (storyboard_id, script) SELECT s.id, repeat('x', 50) FROM storyboards s, generate_series(1, 3) k;"
  else
    MYSQL "$db" "
      CREATE TABLE cache (\`key\` VARCHAR(40) PRIMARY KEY, value TEXT, expires_at TIMESTAMP(6) NOT NULL, KEY (expires_at));
      INSERT INTO cache SELECT CONCAT('k', seq), REPEAT('v', 80), UTC_TIMESTAMP(6) + INTERVAL IF(seq % 2 = 0, 1, -1) DAY FROM seq_1_to_$rows;
      CREATE TABLE projects (id INT AUTO_INCREMENT PRIMARY KEY, status VARCHAR(20), updated_at DATETIME NOT NULL);
      CREATE TABLE storyboards (id INT AUTO_INCREMENT PRIMARY KEY, project_id INT NOT NULL, title VARCHAR(50),
        FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE);
      CREATE TABLE scenes (id INT AUTO_INCREMENT PRIMARY KEY, storyboard_id INT NOT NULL, script TEXT,
        FOREIGN KEY (storyboard_id) REFERENCES storyboards (id) ON DELETE CASCADE);
      INSERT INTO projects (status, updated_at) SELECT IF(seq % 3 = 0, 'completed', 'active'),
        IF(seq % 2 = 0, NOW() - INTERVAL 3 YEAR, NOW() - INTERVAL 1 DAY) FROM seq_1_to_$((rows / 20));
      INSERT INTO storyboards (project_id, title) SELECT p.id, CONCAT('sb ', k.seq) FROM projects p, seq_1_to_2 k;
      INSERT INTO scenes (storyboard_id, script) SELECT s.id, REPEAT('x', 50) FROM storyboards s, seq_1_to_3 k;"
  fi
}

# Tree of rows per table, live and archived together: unchanged by any number of kills.
tree_counts() { # engine database
  local e="$1" db="$2" out="" t n a
  for t in projects storyboards scenes; do
    n="$(sql "$e" "$db" "SELECT count(*) FROM $t")"
    a="$(sql "$e" "$db" "SELECT count(*) FROM ${t}_archive" 2>/dev/null || echo 0)"
    out+="$t=$((n + a)) "
  done
  echo "$out"
}

random_delay() { awk -v max="$1" 'BEGIN { srand(); printf "%.3f", 0.05 + rand() * max }'; }
pick() { local a=("$@"); echo "${a[RANDOM % ${#a[@]}]}"; }
password_left() { # folder: files holding a password
  grep -rlF -e "$PGPASSWORD_VALUE" -e "$MYPW" "$1" 2>/dev/null | head -1
}

declare -A count
note() { count[$1]=$(( ${count[$1]:-0} + 1 )); }

kill_trials() { # engine
  local e="$1" db="soak_kill" target="soak_kill_target" job delay pid before after tmp out
  load "$e" "$db"
  before="$(tree_counts "$e" "$db")"
  local live_unexpired live_sql="SELECT count(*) FROM cache WHERE expires_at > $([[ $e == postgres ]] && echo 'now()' || echo 'UTC_TIMESTAMP(6)')"
  live_unexpired="$(sql "$e" "$db" "$live_sql")"
  DBOPS_URL="$(url "$e" "$db")" "$DBOPS" backup -o "$work/kill-base-$e" >/dev/null 2>&1 || die "the base backup failed"
  for ((r = 0; r < rounds; r++)); do
    job="$(pick backup restore cleanup archive)"
    delay="$(random_delay 1.5)"
    tmp="$work/tmp-$e-$r"; mkdir -p "$tmp"
    out="$work/kill-$e-$r"
    case "$job" in
      backup) args=(backup -o "$out") ;;
      restore) reset_db "$e" "$target"; args=(restore "$work/kill-base-$e") ;;
      cleanup) args=(cleanup --no-builtin) ;;
      archive) args=(archive --no-builtin) ;;
    esac
    local conf="$work/soak.toml"
    cat > "$conf" <<CONF
[cleanup.rules.cache]
table = "cache"
column = "expires_at"
[archive.rules.projects]
table = "projects"
time_column = "updated_at"
older_than = "730d"
match = { status = "completed" }
CONF
    local dburl; dburl="$(url "$e" "$([[ $job == restore ]] && echo "$target" || echo "$db")")"
    DBOPS_URL="$dburl" TMPDIR="$tmp" "$DBOPS" --config "$conf" "${args[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sleep 0.3
    note "kill.$e.trials"
    if [[ -n "$(password_left "$tmp")" ]]; then note "kill.$e.violations"; echo "violation: password left in $tmp after $job" >&2; fi
    case "$job" in
      backup)
        if [[ -f "$out/manifest.json" ]] && ! "$DBOPS" verify "$out" >/dev/null 2>&1; then
          note "kill.$e.violations"; echo "violation: a killed backup has a manifest verify refuses ($out)" >&2
        fi ;;
      restore)
        # Without the marker, a target holding tables must hold the whole backup.
        if [[ -z "$(sql "$e" "$target" "SELECT 1 FROM information_schema.tables WHERE table_name = '_dbops_restore_incomplete'")" ]] \
           && [[ -n "$(sql "$e" "$target" "SELECT 1 FROM information_schema.tables WHERE table_name = 'scenes'")" ]] \
           && [[ "$(tree_counts "$e" "$target")" != "$before" ]]; then
          note "kill.$e.violations"; echo "violation: a killed restore looks complete but is not" >&2
        fi
        DBOPS_URL="$dburl" "$DBOPS" restore --clean "$work/kill-base-$e" >/dev/null 2>&1 \
          || { note "kill.$e.reruns_failed"; echo "rerun failed: restore --clean after a kill" >&2; } ;;
      cleanup|archive)
        after="$(tree_counts "$e" "$db")"
        [[ "$after" == "$before" ]] || { note "kill.$e.violations"; echo "violation: rows lost or doubled by a killed $job: $before -> $after" >&2; }
        [[ "$(sql "$e" "$db" "$live_sql")" -ge "$live_unexpired" ]] || { note "kill.$e.violations"; echo "violation: a live cache row was deleted" >&2; } ;;
    esac
  done
  # Re-runs finish what the kills interrupted.
  DBOPS_URL="$(url "$e" "$db")" "$DBOPS" --config "$work/soak.toml" cleanup --no-builtin >/dev/null 2>&1 || note "kill.$e.reruns_failed"
  DBOPS_URL="$(url "$e" "$db")" "$DBOPS" --config "$work/soak.toml" archive --no-builtin >/dev/null 2>&1 || note "kill.$e.reruns_failed"
  local expired_sql="SELECT count(*) FROM cache WHERE expires_at < $([[ $e == postgres ]] && echo 'now()' || echo 'UTC_TIMESTAMP(6)')"
  [[ "$(sql "$e" "$db" "$expired_sql")" == 0 ]] || note "kill.$e.reruns_failed"
  [[ "$(tree_counts "$e" "$db")" == "$before" ]] || note "kill.$e.violations"
}

freeze_trials() { # engine
  local e="$1" db="soak_freeze" target="soak_freeze_target" job delay pid start took status bound=60
  load "$e" "$db"
  # How long each job takes here: the freeze falls at a random point within it.
  local t0 backup_s restore_s
  t0=$(date +%s.%N)
  DBOPS_URL="$(url "$e" "$db")" "$DBOPS" backup -o "$work/freeze-base-$e" >/dev/null 2>&1
  backup_s=$(awk -v s="$t0" -v n="$(date +%s.%N)" 'BEGIN { print n - s }')
  reset_db "$e" "$target"
  t0=$(date +%s.%N)
  DBOPS_URL="$(url "$e" "$target")" "$DBOPS" restore "$work/freeze-base-$e" >/dev/null 2>&1
  restore_s=$(awk -v s="$t0" -v n="$(date +%s.%N)" 'BEGIN { print n - s }')
  for ((r = 0; r < rounds; r++)); do
    job="$(pick backup restore)"
    delay=$(awk -v d="$([[ $job == backup ]] && echo "$backup_s" || echo "$restore_s")" 'BEGIN { srand(); printf "%.3f", d * (0.05 + 0.85 * rand()) }')
    local out="$work/freeze-$e-$r" dburl
    if [[ $job == restore ]]; then
      reset_db "$e" "$target"; dburl="$(url "$e" "$target")"; args=(restore "$work/freeze-base-$e")
    else
      dburl="$(url "$e" "$db")"; args=(backup -o "$out")
    fi
    DBOPS_URL="$dburl" "$DBOPS" --stall-timeout 10s --connect-timeout 5s "${args[@]}" >/dev/null 2>"$work/freeze.err" &
    pid=$!
    sleep "$delay"
    note "freeze.$e.trials"
    if ! kill -0 "$pid" 2>/dev/null; then wait "$pid" || true; note "freeze.$e.finished_before_freeze"; continue; fi
    signal_server "$e" STOP
    start=$(date +%s.%N)
    while kill -0 "$pid" 2>/dev/null; do
      took=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { print n - s }')
      if awk -v t="$took" -v b="$bound" 'BEGIN { exit !(t > b) }'; then break; fi
      sleep 0.2
    done
    took=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')
    if kill -0 "$pid" 2>/dev/null; then
      note "freeze.$e.hung"; echo "violation: $job still running ${bound}s after the freeze" >&2
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    else
      status=0; wait "$pid" || status=$?
      if ((status == 0)); then note "freeze.$e.exit0"; else note "freeze.$e.ended"; fi
      echo "$took" >> "$work/freeze-times-$e"
    fi
    signal_server "$e" CONT
    sleep 1
    if [[ $job == backup && -f "$out/manifest.json" ]] && ! "$DBOPS" verify "$out" >/dev/null 2>&1; then
      note "freeze.$e.violations"; echo "violation: a frozen backup left a manifest verify refuses" >&2
    fi
  done
  if [[ -f "$work/freeze-times-$e" ]]; then
    count[freeze.$e.median_seconds]="$(sort -n "$work/freeze-times-$e" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  fi
}

damage_trials() { # engine
  local e="$1" db="soak_damage" target="soak_damage_target" kind copy file
  load "$e" "$db"
  DBOPS_URL="$(url "$e" "$db")" "$DBOPS" backup -o "$work/damage-base-$e" --chunk-size 1MB >/dev/null 2>&1
  reset_db "$e" "$target"
  for ((r = 0; r < rounds; r++)); do
    copy="$work/damage-$e-$r"
    rm -rf "$copy"; cp -a "$work/damage-base-$e" "$copy"
    kind="$(pick flip truncate delete stray forge)"
    file="$(cd "$copy" && find . -type f ! -name .dbops-backup | sed 's|^\./||' | shuf -n 1)"
    case "$kind" in
      flip) python3 - "$copy/$file" <<'PY'
import random, sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read())
if b:
    i = random.randrange(len(b)); b[i] ^= 1 << random.randrange(8)
open(p, 'wb').write(bytes(b))
PY
        ;;
      truncate) truncate -s "$(( $(stat -c %s "$copy/$file") / 2 ))" "$copy/$file" ;;
      delete) rm -f "$copy/$file" ;;
      stray) echo "x" > "$copy/$(pick data/9999.extra.zst notes.txt schema/extra.zst)" ;;
      forge) python3 - "$copy" <<'PY'
import hashlib, json, random, sys
d = sys.argv[1]; m = json.load(open(d + '/manifest.json'))
t = random.choice([t for t in m['tables'] if t['chunks']]); c = random.choice(t['chunks'])
c['rows'] += 1; t['rows'] += 1
data = json.dumps(m, indent=2, sort_keys=True).encode()
open(d + '/manifest.json', 'wb').write(data)
open(d + '/manifest.sha256', 'w').write(hashlib.sha256(data).hexdigest() + '  manifest.json\n')
PY
        ;;
    esac
    note "damage.$e.trials"
    if "$DBOPS" verify "$copy" >/dev/null 2>&1; then note "damage.$e.violations"; echo "violation: verify accepted $kind $file" >&2; fi
    if DBOPS_URL="$(url "$e" "$target")" "$DBOPS" restore "$copy" >/dev/null 2>&1; then
      note "damage.$e.violations"; echo "violation: restore accepted $kind $file" >&2; reset_db "$e" "$target"
    elif [[ "$(sql "$e" "$target" "SELECT count(*) FROM information_schema.tables WHERE table_schema $([[ $e == postgres ]] && echo "= 'public'" || echo "= DATABASE()")")" != 0 ]]; then
      note "damage.$e.violations"; echo "violation: a refused restore ($kind $file) wrote to the target" >&2; reset_db "$e" "$target"
    fi
    rm -rf "$copy"
  done
}

for e in postgres mysql; do
  if [[ -z "$only" || "$only" == kill ]]; then kill_trials "$e"; fi
  if [[ -z "$only" || "$only" == freeze ]]; then freeze_trials "$e"; fi
  if [[ -z "$only" || "$only" == damage ]]; then damage_trials "$e"; fi
done

echo
echo "soak: $rounds rounds per kind and engine, $rows cache rows"
for kind in kill freeze damage; do
  for e in postgres mysql; do
    [[ -n "${count[$kind.$e.trials]:-}" ]] || continue
    line="$kind $e: ${count[$kind.$e.trials]} trials"
    for key in "${!count[@]}"; do
      if [[ $key == "$kind.$e."* && $key != *.trials ]]; then line+=", ${key#"$kind.$e."} ${count[$key]}"; fi
    done
    if [[ -z "${count[$kind.$e.violations]:-}" && -z "${count[$kind.$e.hung]:-}" ]]; then line+=", violations 0"; fi
    echo "$line"
  done
done

# Shared by the benchmark scripts. Benchmarks run against their own throwaway servers
# (other ports, other folder) so they never touch the test fixtures.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
export DBOPS_SERVERS_DIR="${BENCH_SERVERS_DIR:-/tmp/dbops-bench-servers}"
export DBOPS_PG_PORT="${BENCH_PG_PORT:-55532}"
export DBOPS_MY_PORT="${BENCH_MY_PORT:-53406}"
# No standby or replica: they would compete for the two cores with the tools measured.
export DBOPS_REPLICAS=0
# Nor the tests' solo servers: soak trials freeze the benchmark servers themselves.
export DBOPS_SOLO=0
# Bigger caches than the test servers: at scale 40 the data no longer fits 512 MB and
# loading it becomes an I/O benchmark of the loader instead of the tools under test.
export DBOPS_PG_SHARED_BUFFERS="${BENCH_PG_SHARED_BUFFERS:-2GB}"
export DBOPS_MY_BUFFER_POOL="${BENCH_MY_BUFFER_POOL:-8G}"
# A redo log the size of a bulk load: with 512 MB, loading 10 million rows spends most of
# its time in checkpoint flushing.
export DBOPS_MY_LOG_FILE="${BENCH_MY_LOG_FILE:-4G}"
BENCH_OUT="${BENCH_OUT:-$ROOT_DIR/bench-out}"
# Every job run is recorded in the history store of the user's data folder: the
# benchmarks' thousands of runs go to one of their own, not the operator's.
export XDG_DATA_HOME="${BENCH_DATA_HOME:-$BENCH_OUT/data-home}"
PGPASSWORD_VALUE=""

bench_setup() { # scale
  "$ROOT_DIR/scripts/install-deps.sh" --bench
  "$ROOT_DIR/scripts/dbservers.sh" start
  source "$DBOPS_SERVERS_DIR/env.sh"
  (cd "$ROOT_DIR" && swift build -c release --static-swift-stdlib --product dbops 2>&1 | grep -E "error" >&2 || true)
  DBOPS="$ROOT_DIR/.build/release/dbops"
  [[ -x "$DBOPS" ]] || die "dbops did not build"
  mkdir -p "$BENCH_OUT"
  PGPASSWORD_VALUE="$(cat "$DBOPS_SERVERS_DIR/pg.password")"
  export PGPASSWORD="$PGPASSWORD_VALUE" MYSQL_PWD="$(cat "$DBOPS_SERVERS_DIR/my.password")"
  export PGHOST=127.0.0.1 PGPORT="$DBOPS_PG_PORT" PGUSER=postgres
}

# Runs a command BENCH_RUNS times (default 3), each after `prepare` (a command that
# resets the target, or ":"); sets TAKEN to the median wall time in seconds and PEAK_KB
# to the highest peak resident memory (KB). Timings on a shared 2-core machine vary by
# 10-15% from run to run: one run is not a measurement.
timed() { # command [prepare]
  local runs="${BENCH_RUNS:-3}" prepare="${2:-:}" log times=() peak=0 t kb
  log="$(mktemp)"
  for ((i = 0; i < runs; i++)); do
    bash -c "$prepare" >/dev/null 2>&1 || die "failed: $prepare"
    /usr/bin/time -f "%e %M" -o "$log" bash -o pipefail -c "$1" || { cat "$log" >&2; die "failed: $1"; }
    read -r t kb < <(tail -1 "$log")
    times+=("$t")
    ((kb > peak)) && peak=$kb
  done
  rm -f "$log"
  TAKEN=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  PEAK_KB=$peak
}

# Runs several commands BENCH_RUNS times each (default 3), round-robin: one run of each per
# round, so a drift in the shared machine's speed during the benchmark (seen: the same
# query 20% slower for a minute) falls on all of them alike instead of on whichever ran
# then. Sets ROUND_TAKEN[name] to each command's median wall time in seconds.
# ROUND_PREPARE[name], when set, runs untimed before each of that command's runs.
declare -A ROUND_TAKEN ROUND_PREPARE
timed_rounds() { # name command [name command ...]
  local runs="${BENCH_RUNS:-3}" log args=("$@") i j name t
  declare -A times=()
  log="$(mktemp)"
  for ((i = 0; i < runs; i++)); do
    for ((j = 0; j < ${#args[@]}; j += 2)); do
      name="${args[j]}"
      if [[ -n "${ROUND_PREPARE[$name]:-}" ]]; then
        bash -c "${ROUND_PREPARE[$name]}" >/dev/null 2>&1 || die "failed: ${ROUND_PREPARE[$name]}"
      fi
      /usr/bin/time -f "%e" -o "$log" bash -o pipefail -c "${args[j + 1]}" || { cat "$log" >&2; die "failed: ${args[j + 1]}"; }
      times[$name]+="$(tail -1 "$log") "
    done
  done
  rm -f "$log"
  for ((j = 0; j < ${#args[@]}; j += 2)); do
    name="${args[j]}"
    ROUND_TAKEN[$name]=$(printf '%s\n' ${times[$name]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  done
}

# Resets used as `timed` prepare steps (exported: timed runs them in a child bash).
pg_reset_db() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }
my_reset_db() { mariadb --no-defaults -udbops -h127.0.0.1 -P"$DBOPS_MY_PORT" -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\`"; }
export -f pg_reset_db my_reset_db

size_of() { du -sb "$1" | cut -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

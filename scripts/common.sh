# Shared settings for the project's scripts. Source it; do not run it.
# Everything can be overridden from the environment.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Throwaway servers live here (data, sockets, logs, generated passwords).
DBOPS_SERVERS_DIR="${DBOPS_SERVERS_DIR:-/tmp/dbops-servers}"
DBOPS_PG_PORT="${DBOPS_PG_PORT:-55432}"
DBOPS_MY_PORT="${DBOPS_MY_PORT:-53306}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A process is running: not gone, and not a zombie (a server killed with -9 and not yet
# reaped still answers kill -0, and start took it for running).
process_alive() { kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }
# A pid file's process is running.
pid_alive() { local pid; pid=$(cat "$1" 2>/dev/null) && [[ -n "$pid" ]] && process_alive "$pid"; }
# Waits up to 30 s for a process to end; returns 1 if it is still running.
wait_gone() { for _ in $(seq 1 60); do process_alive "$1" || return 0; sleep 0.5; done; return 1; }

# Prints "export NAME=value" lines for the running servers (used by tests and the demo).
servers_env_file() { echo "$DBOPS_SERVERS_DIR/env.sh"; }

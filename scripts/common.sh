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

# Prints "export NAME=value" lines for the running servers (used by tests and the demo).
servers_env_file() { echo "$DBOPS_SERVERS_DIR/env.sh"; }

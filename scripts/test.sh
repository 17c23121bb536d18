#!/usr/bin/env bash
# The test command: installs what is missing, starts throwaway PostgreSQL 15 and
# MariaDB 10.11 servers, loads the five applications' fixtures, and runs the whole
# suite against both servers. Servers this script started are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

scripts/install-deps.sh --test

# Formatting is part of the contract: unformatted code fails here, before anything runs
# (fix with scripts/format.sh).
scripts/format.sh --check

started_here=0
if ! scripts/dbservers.sh status | grep -q "postgres: running" || ! scripts/dbservers.sh status | grep -q "mariadb: running"; then
  started_here=1
fi
# With the three-node Galera cluster the Galera tests need (scripts/galera.sh).
scripts/dbservers.sh start --galera
if ((started_here)) && [[ "${DBOPS_KEEP_SERVERS:-0}" != 1 ]]; then
  trap 'scripts/dbservers.sh stop' EXIT
fi
scripts/load-fixtures.sh --scale 1

source "$(servers_env_file)"
swift build --build-tests
swift test "$@"

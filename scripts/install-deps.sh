#!/usr/bin/env bash
# Installs the Debian packages dbops needs to build, test and benchmark. Idempotent:
# packages already present are not touched, and apt is not called at all when nothing
# is missing.
set -euo pipefail
source "$(dirname "$0")/common.sh"

packages=(
  libpq-dev postgresql-15 postgresql-contrib postgresql-client-15   # PostgreSQL 15 server, client, libpq
  libmariadb-dev libzstd-dev zstd pkg-config                        # C libraries dbops links
  libsqlite3-dev                                                    # SQLite, under GRDB (the history store)
  mariadb-server mariadb-client                                     # MariaDB 10.11 for tests and the demo
  locales                                                           # de_DE.UTF-8, below
)
if [[ "${1:-}" == "--bench" ]]; then
  # Peers the benchmarks compare against.
  packages+=(percona-toolkit mydumper time hyperfine check-postgres mysqltuner galera-4 rsync)
fi
if [[ "${1:-}" == "--test" ]]; then
  # pt-duplicate-key-checker: the reference for index-redundancy findings; galera-4 and
  # rsync: the three-node Galera cluster the Galera tests run on (scripts/galera.sh).
  packages+=(percona-toolkit galera-4 rsync)
  # chromium: the report's HTML page rendered by a real browser (ReportCLITests).
  packages+=(chromium)
  # pg_partman: an extension whose configuration tables a backup must carry (BackupTests).
  packages+=(postgresql-15-partman)
fi

if [[ "${1:-}" == "--test" ]] && ! python3 -c 'import jsonschema' 2>/dev/null; then
  # The tests validate every JSON output against schemas/ with Python's jsonschema.
  log "install-deps: installing jsonschema (PyPI)"
  python3 -m pip install --quiet jsonschema >/dev/null 2>&1 || apt_python_jsonschema=1
  if [[ -n "${apt_python_jsonschema:-}" ]]; then packages+=(python3-jsonschema); fi
fi

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  log "install-deps: all packages present"
else
  log "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # policy-rc.d keeps the packaged services from starting: dbops runs its own servers.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "install-deps: done"
fi

if ! locale -a 2>/dev/null | grep -qx 'de_DE.utf8'; then
  # PostgreSQL's messages in German, for the test of a server whose lc_messages is not
  # English (DBCoreTests). Made whatever the mode: a server started before it (by the demo,
  # ahead of the tests) would not see it until restarted.
  log "install-deps: generating the de_DE.UTF-8 locale"
  $SUDO sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
  $SUDO locale-gen >/dev/null
fi

#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, for the tests of dbops on Galera: the
# wsrep provider from Debian's galera-4, state transfer by rsync, in folders under the
# servers' folder. Started by `scripts/dbservers.sh start --galera` (or DBOPS_GALERA=1).
#
#   scripts/galera.sh start          bootstrap node 1, join nodes 2 and 3 (idempotent)
#   scripts/galera.sh stop           stop every node
#   scripts/galera.sh start-node N   (re)start node N and wait until it is Synced
#   scripts/galera.sh kill-node N    SIGKILL node N (the tests' crash)
#   scripts/galera.sh freeze-node N  SIGSTOP node N (a frozen server); thaw-node N: SIGCONT
#
# A silent node is suspected after 3 s and dropped after 6 s (evs.suspect_timeout and
# evs.inactive_timeout, shorter than Galera's 5 s and 15 s so the tests wait less).
#   scripts/galera.sh status
#
# Ports (below the kernel's ephemeral range): clients DBOPS_GALERA_PORT (23400) + N - 1,
# group communication +10, incremental state transfer +20, rsync state transfer +30.
# Login "dbops" with the servers' generated password, as on the other servers.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DIR="$DBOPS_SERVERS_DIR/galera"
BASE="${DBOPS_GALERA_PORT:-23400}"
NODES=3
PROVIDER="${DBOPS_GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"

node_dir() { echo "$DIR/node$1"; }
client_port() { echo $((BASE + $1 - 1)); }
gcomm_port() { echo $((BASE + 10 + $1 - 1)); }
cluster_address() {
  local list=() n
  for n in $(seq 1 $NODES); do list+=("127.0.0.1:$(gcomm_port "$n")"); done
  (IFS=,; echo "gcomm://${list[*]}")
}
# node.pid is written at launch: mariadbd writes its own pid file only once it has joined,
# and a joining node must count as running.
node_running() { pid_alive "$(node_dir "$1")/node.pid"; }
node_sql() { mariadb --no-defaults -uroot --socket="$(node_dir "$1")/mysqld.sock" -N -B -e "$2" 2>/dev/null; }

# Starts node N; with "new", it bootstraps a new cluster. Waits until it is Synced.
launch_node() { # N [new]
  local n="$1" dir; dir="$(node_dir "$1")"
  # The nodes run as the mysql user: the rsync daemon a joiner starts for its state
  # transfer would drop to "nobody" if started by root, and could not write the data.
  mkdir -p "$dir"
  chmod 755 "$DIR"
  chown mysql:mysql "$dir"
  if [[ ! -d "$dir/data/mysql" ]]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" --user=mysql \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
      || { tail -20 "$dir/install.log" >&2; die "mariadb-install-db failed for Galera node $n"; }
  fi
  rm -f "$dir/mysqld.sock" "$dir/mariadb.pid" "$dir/node.pid"
  local bootstrap=()
  [[ "${2:-}" == new ]] && bootstrap=(--wsrep-new-cluster)
  # A node that was the last to leave may refuse to bootstrap: say it is safe.
  [[ "${2:-}" == new && -f "$dir/data/grastate.dat" ]] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$dir/data/grastate.dat"
  # Its own tmpdir, as the other servers' (dbservers.sh launch_mariadb says why).
  mkdir -p "$dir/tmp"
  chown -R mysql:mysql "$dir"
  nohup mariadbd --no-defaults --user=mysql --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --port="$(client_port "$n")" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mariadb.pid" --log-error="$dir/error.log" --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=64M --innodb-flush-log-at-trx-commit=2 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --wsrep-on=ON --wsrep-provider="$PROVIDER" --wsrep-cluster-name=dbops_test \
    --wsrep-cluster-address="$(cluster_address)" --wsrep-node-name="node$n" \
    --wsrep-node-address="127.0.0.1:$(gcomm_port "$n")" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$((BASE + 20 + n - 1));gcache.size=64M;gcs.fc_limit=16;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$((BASE + 30 + n - 1))" \
    "${bootstrap[@]}" >/dev/null 2>&1 </dev/null &
  echo $! >"$dir/node.pid"
  local i state
  for i in $(seq 1 240); do
    state="$(node_sql "$n" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'" || true)"
    [[ "$state" == Synced ]] && return 0
    if ! node_running "$n" && ((i > 10)); then break; fi
    sleep 0.5
  done
  tail -30 "$dir/error.log" >&2
  die "Galera node $n did not reach Synced (state: ${state:-none})"
}

create_login() { # on node 1: replicated to the others
  local pw; pw="$(cat "$DBOPS_SERVERS_DIR/my.password")"
  mariadb --no-defaults -uroot --socket="$(node_dir 1)/mysqld.sock" <<SQL
CREATE USER IF NOT EXISTS 'dbops'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'dbops'@'127.0.0.1' WITH GRANT OPTION;
SQL
}

start_all() {
  [[ -f "$PROVIDER" ]] || die "the Galera provider $PROVIDER is missing: run scripts/install-deps.sh"
  [[ -s "$DBOPS_SERVERS_DIR/my.password" ]] || die "start the other servers first (scripts/dbservers.sh start)"
  local n any=0
  for n in $(seq 1 $NODES); do node_running "$n" && any=1; done
  if ((any == 0)); then
    log "dbservers: bootstrapping a Galera cluster (node 1 on 127.0.0.1:$(client_port 1))"
    launch_node 1 new
  fi
  for n in $(seq 1 $NODES); do
    if ! node_running "$n"; then
      log "dbservers: starting Galera node $n on 127.0.0.1:$(client_port "$n")"
      launch_node "$n"
    fi
  done
  create_login
}

stop_node() { # N
  local dir pid; dir="$(node_dir "$1")"
  node_running "$1" || return 0
  pid="$(cat "$dir/node.pid")"
  kill -CONT "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start_all ;;
  stop)
    # The last node to stop is the one safe to bootstrap from: stop them in reverse.
    for n in $(seq $NODES -1 1); do stop_node "$n"; done
    ;;
  start-node) node_running "${2:?node}" || launch_node "$2" ;;
  freeze-node) node_running "${2:?node}" && kill -STOP "$(cat "$(node_dir "$2")/node.pid")" ;;
  thaw-node) node_running "${2:?node}" && kill -CONT "$(cat "$(node_dir "$2")/node.pid")" ;;
  kill-node)
    node_running "${2:?node}" && kill -9 "$(cat "$(node_dir "$2")/node.pid")"
    for _ in $(seq 1 40); do node_running "$2" || exit 0; sleep 0.25; done
    ;;
  status)
    for n in $(seq 1 $NODES); do
      if node_running "$n"; then echo "galera node $n: running on 127.0.0.1:$(client_port "$n")"; else echo "galera node $n: stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|start-node N|kill-node N|freeze-node N|thaw-node N|status" >&2; exit 64 ;;
esac

#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and MariaDB 10.11 servers on loopback ports, in a temporary
# directory, for tests, the demo and benchmarks.
#
#   scripts/dbservers.sh start    start both (idempotent: running servers are left alone);
#                                 start --galera (or DBOPS_GALERA=1) adds a three-node
#                                 Galera cluster (scripts/galera.sh)
#   scripts/dbservers.sh stop     stop both
#   scripts/dbservers.sh restart  stop, then start (data is kept)
#   scripts/dbservers.sh destroy  stop and delete all data
#   scripts/dbservers.sh status
#   scripts/dbservers.sh env      print the export lines tests use (also in $DIR/env.sh)
#   scripts/dbservers.sh fresh pg|mysql FOLDER PORT
#                                 a new, empty server in FOLDER (under the servers' folder)
#                                 on PORT, same login as the others; prints its URL
#   scripts/dbservers.sh fresh-stop FOLDER
#                                 stop it and delete FOLDER
#
# PostgreSQL: pg_stat_statements preloaded, superuser "postgres" with a generated
# password, password (scram) authentication on 127.0.0.1. It refuses to run as root, so
# it runs as the "postgres" user.
# MariaDB: performance_schema=ON, local_infile=ON, binary log on (for backup positions),
# user "dbops" with a generated password on 127.0.0.1.
# Cache sizes: DBOPS_PG_SHARED_BUFFERS (256MB), DBOPS_MY_BUFFER_POOL (512M) and the redo
# log DBOPS_MY_LOG_FILE (512M), applied at start; the benchmarks raise them.
# Replicas (for the tests of replica-lag throttling; DBOPS_REPLICAS=0 leaves them out): a
# PostgreSQL streaming standby on port+1 (pg_basebackup) and a MariaDB replica on port+1
# that replicates from the primary's binary log position at the time it was set up.
# Solo servers (DBOPS_SOLO=0 leaves them out): a second small PostgreSQL on port+2 and
# MariaDB on port+2, for the tests that change something server-wide (SET GLOBAL, a
# frozen server): those take TestSupport's SoloServer lock, so nothing else runs there.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DIR="$DBOPS_SERVERS_DIR"
PGDIR="$DIR/pg"
MYDIR="$DIR/my"
SBDIR="$DIR/pg-standby"
RPDIR="$DIR/my-replica"
SB_PORT=$((DBOPS_PG_PORT + 1))
RP_PORT=$((DBOPS_MY_PORT + 1))
REPLICAS="${DBOPS_REPLICAS:-1}"
SOLO="${DBOPS_SOLO:-1}"
# A three-node Galera cluster (scripts/galera.sh): with `start --galera` or DBOPS_GALERA=1.
GALERA="${DBOPS_GALERA:-0}"
[[ "${2:-}" == --galera ]] && GALERA=1
GALERA_PORT="${DBOPS_GALERA_PORT:-23400}"
PGSOLO="$DIR/pg-solo"
MYSOLO="$DIR/my-solo"
PGSOLO_PORT=$((DBOPS_PG_PORT + 2))
MYSOLO_PORT=$((DBOPS_MY_PORT + 2))

as_postgres() {
  if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

pg_running() { [[ -f "$PGDIR/data/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; }
my_running() { pid_alive "$MYDIR/mariadb.pid"; }
standby_running() { [[ -f "$SBDIR/data/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$SBDIR/data" status >/dev/null 2>&1; }
replica_running() { pid_alive "$RPDIR/mariadb.pid"; }
pg_solo_running() { [[ -f "$PGSOLO/data/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PGSOLO/data" status >/dev/null 2>&1; }
my_solo_running() { pid_alive "$MYSOLO/mariadb.pid"; }

install_mariadb() { # folder what: a new data directory in folder/data
  mariadb-install-db --no-defaults --datadir="$1/data" --user=root \
    --auth-root-authentication-method=socket --skip-test-db >"$1/install.log" 2>&1 \
    || { tail -20 "$1/install.log" >&2; die "mariadb-install-db failed for $2"; }
}

# The loopback ports used here lie in the kernel's ephemeral range, so a client socket of
# some other program may hold one for a moment (its connection closing); a server started
# then fails to bind. Wait (up to a minute) until no socket uses the port.
wait_port_free() { # port
  command -v ss >/dev/null || return 0
  local i
  for i in $(seq 1 120); do
    [[ -z "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]] && return 0
    ((i == 1)) && log "dbservers: port $1 is in use by a client socket; waiting for it"
    sleep 0.5
  done
  return 0
}

# Starts mariadbd on a data folder and waits until it answers. The settings every
# instance shares are here; each caller adds its own (binary log, caches, replication).
launch_mariadb() { # folder port what [mariadbd options...]
  local dir="$1" port="$2" what="$3"; shift 3
  rm -f "$dir/mysqld.sock"
  wait_port_free "$port"
  # A temporary folder of its own: a starting mariadbd deletes every #sql* file in its
  # tmpdir as a leftover of its own, and with /tmp shared, a server the tests start would
  # delete the internal temporary tables other servers' queries were using.
  mkdir -p "$dir/tmp"
  nohup mariadbd --no-defaults --user=root --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --port="$port" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mariadb.pid" --log-error="$dir/error.log" --skip-name-resolve --local-infile=ON \
    --innodb-flush-log-at-trx-commit=2 --max-allowed-packet=1G \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    "$@" >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    if mariadb-admin --no-defaults -uroot --socket="$dir/mysqld.sock" ping >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  tail -20 "$dir/error.log" >&2
  die "$what did not start"
}

# A new PostgreSQL data folder in folder/data, owned by postgres, superuser "postgres"
# with the servers' generated password, scram on TCP.
initdb_pg() { # folder
  chown postgres "$1"
  install -o postgres -m 600 "$DIR/pg.password" "$1/pwfile"
  as_postgres "$PG_BIN/initdb" -D "$1/data" -U postgres --pwfile="$1/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$1/pwfile"
}

# The "dbops" login on 127.0.0.1 with the servers' generated password.
create_dbops_user() { # socket
  local pw; pw="$(cat "$DIR/my.password")"
  mariadb --no-defaults -uroot --socket="$1" <<SQL
CREATE USER IF NOT EXISTS 'dbops'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'dbops'@'127.0.0.1' WITH GRANT OPTION;
SQL
}

ensure_password() { # file
  [[ -s "$1" ]] || { head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$1"; }
  chmod 600 "$1"
}

start_pg() {
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  if [[ ! -f "$PGDIR/data/PG_VERSION" ]]; then
    log "dbservers: initialising PostgreSQL in $PGDIR"
    rm -rf "$PGDIR"
    mkdir -p "$PGDIR"
    ensure_password "$DIR/pg.password"
    initdb_pg "$PGDIR"
    cat >> "$PGDIR/data/postgresql.conf" <<CONF
# dbops throwaway server
listen_addresses = '127.0.0.1'
port = $DBOPS_PG_PORT
unix_socket_directories = '$PGDIR'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
track_io_timing = on
max_connections = 200
max_wal_size = 4GB
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
# A throwaway server: durability traded for speed.
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
CONF
  fi
  if pg_running; then
    log "dbservers: PostgreSQL already running on port $DBOPS_PG_PORT"
  else
    log "dbservers: starting PostgreSQL on 127.0.0.1:$DBOPS_PG_PORT"
    wait_port_free "$DBOPS_PG_PORT"
    # pg_stat_statements.max: room for every statement of the whole test suite (its scratch
    # databases' names make each distinct); at the default 5000, entries a test had just
    # made were evicted while other suites ran.
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
      -o "-c shared_buffers=${DBOPS_PG_SHARED_BUFFERS:-256MB} -c pg_stat_statements.max=20000" start >/dev/null \
      || { tail -20 "$PGDIR/server.log" >&2; die "PostgreSQL did not start"; }
  fi
}

start_my() {
  mkdir -p "$MYDIR"
  if [[ ! -d "$MYDIR/data/mysql" ]]; then
    log "dbservers: initialising MariaDB in $MYDIR"
    rm -rf "$MYDIR/data"
    install_mariadb "$MYDIR" "the primary"
    ensure_password "$DIR/my.password"
    touch "$MYDIR/.needs-user"
  fi
  if my_running; then
    log "dbservers: MariaDB already running on port $DBOPS_MY_PORT"
  else
    log "dbservers: starting MariaDB on 127.0.0.1:$DBOPS_MY_PORT"
    launch_mariadb "$MYDIR" "$DBOPS_MY_PORT" "MariaDB" \
      --performance-schema=ON --performance-schema-digests-size=50000 \
      --log-bin="$MYDIR/binlog" --server-id=1 --binlog-format=ROW \
      --innodb-buffer-pool-size="${DBOPS_MY_BUFFER_POOL:-512M}" --innodb-log-file-size="${DBOPS_MY_LOG_FILE:-512M}" \
      --sync-binlog=0 --max-connections=300
  fi
  if [[ -f "$MYDIR/.needs-user" ]]; then
    local pw; pw="$(cat "$DIR/my.password")"
    mariadb --no-defaults -uroot --socket="$MYDIR/mysqld.sock" <<SQL
CREATE USER IF NOT EXISTS 'dbops'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER IF NOT EXISTS 'dbops'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'dbops'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'dbops'@'localhost' WITH GRANT OPTION;
SQL
    rm -f "$MYDIR/.needs-user"
  fi
}

start_pg_standby() {
  # A standby that is not running is cloned afresh: one left behind by an earlier session
  # may have fallen further behind than the primary keeps WAL for, and would never catch up.
  # The clone streams through a replication slot, so the primary keeps every WAL segment
  # the standby still needs, however much the tests write.
  if ! standby_running || [[ ! -f "$SBDIR/data/standby.signal" ]]; then
    log "dbservers: cloning a PostgreSQL standby into $SBDIR"
    rm -rf "$SBDIR"
    mkdir -p "$SBDIR"
    chown postgres "$SBDIR"
    as_postgres "$PG_BIN/psql" -X -q -h "$PGDIR" -p "$DBOPS_PG_PORT" -U postgres -d postgres \
      -c "SELECT pg_drop_replication_slot('dbops_standby') FROM pg_replication_slots WHERE slot_name = 'dbops_standby'" >/dev/null
    as_postgres "$PG_BIN/pg_basebackup" -h "$PGDIR" -p "$DBOPS_PG_PORT" -U postgres -D "$SBDIR/data" -R -X stream -c fast \
      -C -S dbops_standby || die "pg_basebackup failed"
    cat >> "$SBDIR/data/postgresql.conf" <<CONF
# dbops throwaway standby
port = $SB_PORT
unix_socket_directories = '$SBDIR'
hot_standby = on
# Report replay progress every second (default 10s), so the primary's view is fresh.
wal_receiver_status_interval = 1s
CONF
  fi
  if standby_running; then
    log "dbservers: PostgreSQL standby already running on port $SB_PORT"
  else
    log "dbservers: starting the PostgreSQL standby on 127.0.0.1:$SB_PORT"
    wait_port_free "$SB_PORT"
    as_postgres "$PG_BIN/pg_ctl" -D "$SBDIR/data" -l "$SBDIR/server.log" -w -t 60 -o "-c shared_buffers=64MB" start >/dev/null \
      || { tail -20 "$SBDIR/server.log" >&2; die "the PostgreSQL standby did not start"; }
  fi
}

start_my_replica() {
  local fresh=0
  if [[ ! -d "$RPDIR/data/mysql" ]]; then
    log "dbservers: initialising a MariaDB replica in $RPDIR"
    rm -rf "$RPDIR"
    mkdir -p "$RPDIR"
    install_mariadb "$RPDIR" "the replica"
    fresh=1
  fi
  if replica_running; then
    log "dbservers: MariaDB replica already running on port $RP_PORT"
  else
    log "dbservers: starting the MariaDB replica on 127.0.0.1:$RP_PORT"
    # Errors are skipped: statements on databases created before the replica existed
    # (the fixtures) must not stop it.
    launch_mariadb "$RPDIR" "$RP_PORT" "the MariaDB replica" \
      --server-id=2 --relay-log="$RPDIR/relay" --slave-skip-errors=all --innodb-buffer-pool-size=64M
  fi
  if ((fresh)); then
    local pw file pos
    pw="$(cat "$DIR/my.password")"
    read -r file pos < <(mariadb --no-defaults -uroot --socket="$MYDIR/mysqld.sock" -N -e "SHOW MASTER STATUS" | awk '{print $1, $2}')
    mariadb --no-defaults -uroot --socket="$RPDIR/mysqld.sock" <<SQL
CREATE USER IF NOT EXISTS 'dbops'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'dbops'@'127.0.0.1' WITH GRANT OPTION;
CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = $DBOPS_MY_PORT, MASTER_USER = 'dbops',
  MASTER_PASSWORD = '$pw', MASTER_LOG_FILE = '$file', MASTER_LOG_POS = $pos;
START SLAVE;
SQL
  fi
}

# A server a test may freeze or reconfigure: stopped processes are thawed before starting.
thaw() { # pid file
  local pid
  [[ -f "$1" ]] || return 0
  pid="$(head -1 "$1")"
  kill -CONT "$pid" 2>/dev/null || true
  pkill -CONT -P "$pid" 2>/dev/null || true
}

start_pg_solo() {
  if [[ ! -f "$PGSOLO/data/PG_VERSION" ]]; then
    log "dbservers: initialising the solo PostgreSQL in $PGSOLO"
    rm -rf "$PGSOLO"
    mkdir -p "$PGSOLO"
    initdb_pg "$PGSOLO"
    cat >> "$PGSOLO/data/postgresql.conf" <<CONF
# dbops throwaway solo server
listen_addresses = '127.0.0.1'
port = $PGSOLO_PORT
unix_socket_directories = '$PGSOLO'
max_connections = 50
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi
  thaw "$PGSOLO/data/postmaster.pid"
  if pg_solo_running; then
    log "dbservers: solo PostgreSQL already running on port $PGSOLO_PORT"
  else
    log "dbservers: starting the solo PostgreSQL on 127.0.0.1:$PGSOLO_PORT"
    wait_port_free "$PGSOLO_PORT"
    # Two-phase commit on (health tests prepare transactions here, on a server of their own).
    as_postgres "$PG_BIN/pg_ctl" -D "$PGSOLO/data" -l "$PGSOLO/server.log" -w -t 60 \
      -o "-c shared_buffers=32MB -c max_prepared_transactions=10" start >/dev/null \
      || { tail -20 "$PGSOLO/server.log" >&2; die "the solo PostgreSQL did not start"; }
  fi
}

start_my_solo() {
  local fresh=0
  if [[ ! -d "$MYSOLO/data/mysql" ]]; then
    log "dbservers: initialising the solo MariaDB in $MYSOLO"
    rm -rf "$MYSOLO"
    mkdir -p "$MYSOLO"
    install_mariadb "$MYSOLO" "the solo server"
    fresh=1
  fi
  thaw "$MYSOLO/mariadb.pid"
  if my_solo_running; then
    log "dbservers: solo MariaDB already running on port $MYSOLO_PORT"
  else
    log "dbservers: starting the solo MariaDB on 127.0.0.1:$MYSOLO_PORT"
    launch_mariadb "$MYSOLO" "$MYSOLO_PORT" "the solo MariaDB" --innodb-buffer-pool-size=64M
  fi
  if ((fresh)); then create_dbops_user "$MYSOLO/mysqld.sock"; fi
}

stop_fresh_all() {
  local dir
  for dir in "$DIR"/fresh-*; do [[ -d "$dir" ]] && stop_fresh "$dir"; done
  return 0
}

stop_solo() {
  thaw "$PGSOLO/data/postmaster.pid"
  thaw "$MYSOLO/mariadb.pid"
  if pg_solo_running; then
    log "dbservers: stopping the solo PostgreSQL"
    as_postgres "$PG_BIN/pg_ctl" -D "$PGSOLO/data" -m fast -w stop >/dev/null || true
  fi
  if my_solo_running; then
    log "dbservers: stopping the solo MariaDB"
    local pid; pid="$(cat "$MYSOLO/mariadb.pid")"
    mariadb-admin --no-defaults -uroot --socket="$MYSOLO/mysqld.sock" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait_gone "$pid" || log "dbservers: process $pid still running after 30 s"
  fi
}

# An empty server of its own for a test that restores a whole server into one: nothing of
# the shared servers' roles or databases is in it.
start_fresh() { # engine folder port
  local engine="$1" dir="$2" port="$3"
  [[ "$dir" == "$DIR"/* ]] || die "fresh: $dir must be inside $DIR"
  stop_fresh "$dir"  # one a killed test left running there
  mkdir -p "$dir"
  chmod 755 "$DIR"
  case "$engine" in
    pg)
      initdb_pg "$dir"
      cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 40
fsync = off
synchronous_commit = off
CONF
      # DBOPS_FRESH_PG_OPTIONS: more "-c name=value" for a test's own condition
      # (archive_mode with a failing archive_command, say).
      as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c shared_buffers=16MB ${DBOPS_FRESH_PG_OPTIONS:-}" start >/dev/null \
        || { tail -20 "$dir/server.log" >&2; die "the fresh PostgreSQL did not start"; }
      echo "postgres://postgres:$(cat "$DIR/pg.password")@127.0.0.1:$port/postgres"
      ;;
    mysql)
      install_mariadb "$dir" "a fresh server"
      # DBOPS_FRESH_MY_OPTIONS: more "--name=value" server options for a test's own condition
      # (a small buffer pool, redo log or table cache, say); later options win.
      # shellcheck disable=SC2086
      launch_mariadb "$dir" "$port" "the fresh MariaDB" --innodb-buffer-pool-size=32M --skip-log-bin \
        ${DBOPS_FRESH_MY_OPTIONS:-}
      create_dbops_user "$dir/mysqld.sock"
      echo "mysql://dbops:$(cat "$DIR/my.password")@127.0.0.1:$port/mysql"
      ;;
    *) die "fresh: engine is pg or mysql" ;;
  esac
}

stop_fresh() { # folder
  local dir="$1" pid
  [[ "$dir" == "$DIR"/* ]] || die "fresh-stop: $dir must be inside $DIR"
  if [[ -f "$dir/data/PG_VERSION" ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  elif [[ -f "$dir/mariadb.pid" ]]; then
    pid="$(cat "$dir/mariadb.pid")"
    kill "$pid" 2>/dev/null || true
    wait_gone "$pid" || log "dbservers: process $pid still running after 30 s"
  fi
  rm -rf "$dir"
}

write_env() {
  local pgpw mypw
  pgpw="$(cat "$DIR/pg.password")"
  mypw="$(cat "$DIR/my.password")"
  umask 077
  cat > "$DIR/env.sh" <<ENV
# Generated by scripts/dbservers.sh: connection settings of the throwaway servers.
export DBOPS_SERVERS_DIR='$DIR'
export DBOPS_TEST_PG_URL='postgres://postgres:$pgpw@127.0.0.1:$DBOPS_PG_PORT/postgres'
export DBOPS_TEST_MYSQL_URL='mysql://dbops:$mypw@127.0.0.1:$DBOPS_MY_PORT/mysql'
export DBOPS_TEST_PG_SOCKET_DIR='$PGDIR'
export DBOPS_TEST_MYSQL_SOCKET='$MYDIR/mysqld.sock'
export DBOPS_TEST_PG_DATA='$PGDIR/data'
export DBOPS_TEST_PG_PORT='$DBOPS_PG_PORT'
export DBOPS_TEST_MYSQL_PORT='$DBOPS_MY_PORT'
ENV
  if ((REPLICAS)); then
    cat >> "$DIR/env.sh" <<ENV
export DBOPS_TEST_PG_STANDBY_URL='postgres://postgres:$pgpw@127.0.0.1:$SB_PORT/postgres'
export DBOPS_TEST_MYSQL_REPLICA_URL='mysql://dbops:$mypw@127.0.0.1:$RP_PORT/mysql'
export DBOPS_TEST_MYSQL_REPLICA_SOCKET='$RPDIR/mysqld.sock'
ENV
  fi
  if ((SOLO)); then
    cat >> "$DIR/env.sh" <<ENV
export DBOPS_TEST_PG_SOLO_URL='postgres://postgres:$pgpw@127.0.0.1:$PGSOLO_PORT/postgres'
export DBOPS_TEST_PG_SOLO_PIDFILE='$PGSOLO/data/postmaster.pid'
export DBOPS_TEST_MYSQL_SOLO_URL='mysql://dbops:$mypw@127.0.0.1:$MYSOLO_PORT/mysql'
export DBOPS_TEST_MYSQL_SOLO_PIDFILE='$MYSOLO/mariadb.pid'
ENV
  fi
  if ((GALERA)); then
    cat >> "$DIR/env.sh" <<ENV
export DBOPS_TEST_GALERA_URL='mysql://dbops:$mypw@127.0.0.1:$GALERA_PORT/mysql'
export DBOPS_TEST_GALERA_PORT='$GALERA_PORT'
export DBOPS_TEST_GALERA_SCRIPT='$ROOT_DIR/scripts/galera.sh'
ENV
  fi
}

stop_pg() {
  if pg_running; then
    log "dbservers: stopping PostgreSQL"
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null || true
  fi
}

stop_replicas() {
  if standby_running; then
    log "dbservers: stopping the PostgreSQL standby"
    as_postgres "$PG_BIN/pg_ctl" -D "$SBDIR/data" -m fast -w stop >/dev/null || true
  fi
  if replica_running; then
    log "dbservers: stopping the MariaDB replica"
    local pid; pid="$(cat "$RPDIR/mariadb.pid")"
    mariadb-admin --no-defaults -uroot --socket="$RPDIR/mysqld.sock" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait_gone "$pid" || log "dbservers: process $pid still running after 30 s"
  fi
}

stop_my() {
  if my_running; then
    log "dbservers: stopping MariaDB"
    local pid; pid="$(cat "$MYDIR/mariadb.pid")"
    mariadb-admin --no-defaults -uroot --socket="$MYDIR/mysqld.sock" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait_gone "$pid" || log "dbservers: process $pid still running after 30 s"
  fi
}

# Galera nodes left running stop with everything else.
stop_galera() { [[ -d "$DIR/galera" ]] && "$ROOT_DIR/scripts/galera.sh" stop; return 0; }

case "${1:-}" in
  start)
    command -v mariadbd >/dev/null || die "MariaDB is not installed: run scripts/install-deps.sh"
    [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 is not installed: run scripts/install-deps.sh"
    start_pg
    start_my
    if ((REPLICAS)); then
      start_pg_standby
      start_my_replica
    fi
    if ((SOLO)); then
      start_pg_solo
      start_my_solo
    fi
    ((GALERA)) && "$ROOT_DIR/scripts/galera.sh" start
    # A cluster still running from an earlier `start --galera` stays in the env file: a plain
    # start (the demo's) must not hide it from the tests.
    if ((!GALERA)) && [[ -d "$DIR/galera" ]] && [[ "$("$ROOT_DIR/scripts/galera.sh" status)" == *running* ]]; then
      GALERA=1
    fi
    write_env
    ;;
  stop) stop_galera; stop_fresh_all; stop_solo; stop_replicas; stop_pg; stop_my ;;
  restart) stop_solo; stop_replicas; stop_pg; stop_my; "$0" start ;;
  destroy) stop_galera; stop_fresh_all; stop_solo; stop_replicas; stop_pg; stop_my; rm -rf "$DIR" ;;
  status)
    pg_running && echo "postgres: running on 127.0.0.1:$DBOPS_PG_PORT" || echo "postgres: stopped"
    my_running && echo "mariadb: running on 127.0.0.1:$DBOPS_MY_PORT" || echo "mariadb: stopped"
    if ((REPLICAS)); then
      standby_running && echo "postgres standby: running on 127.0.0.1:$SB_PORT" || echo "postgres standby: stopped"
      replica_running && echo "mariadb replica: running on 127.0.0.1:$RP_PORT" || echo "mariadb replica: stopped"
    fi
    if ((SOLO)); then
      pg_solo_running && echo "postgres solo: running on 127.0.0.1:$PGSOLO_PORT" || echo "postgres solo: stopped"
      my_solo_running && echo "mariadb solo: running on 127.0.0.1:$MYSOLO_PORT" || echo "mariadb solo: stopped"
    fi
    if [[ -d "$DIR/galera" ]]; then "$ROOT_DIR/scripts/galera.sh" status; fi
    ;;
  env) cat "$DIR/env.sh" ;;
  fresh) start_fresh "${2:?engine}" "${3:?folder}" "${4:?port}" ;;
  fresh-stop) stop_fresh "${2:?folder}" ;;
  *) echo "usage: $0 start|stop|restart|destroy|status|env|fresh|fresh-stop" >&2; exit 64 ;;
esac

#!/usr/bin/env bash
# FerretDB 1.24 (MongoDB wire protocol) on a private PostgreSQL 15, for local
# development and tests. Everything listens on 127.0.0.1 only.
#
#   infra/ferretdb/ferretdb.sh up       build if needed, start PostgreSQL + FerretDB, wait until ready
#   infra/ferretdb/ferretdb.sh down     stop both (graceful, then kill)
#   infra/ferretdb/ferretdb.sh status   exit 0 if both are up and answering, else 3
#   infra/ferretdb/ferretdb.sh reset    stop both and wipe the PostgreSQL data
#
# Environment:
#   CASETRAIL_CACHE     cache dir (default $HOME/.cache/casetrail); binary in $CASETRAIL_CACHE/bin
#   CASETRAIL_RUN       runtime base dir (default $CASETRAIL_CACHE/run); we use <it>/ferretdb
#   CASETRAIL_PG_PORT   PostgreSQL port (default 5433)
#   FERRETDB_PORT       FerretDB port (default 27017)
#   FERRETDB_LOG_LEVEL  debug|info|warn|error (default info)
#   CASETRAIL_PG_BIN    PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#   CASETRAIL_PG_USER   OS user that runs PostgreSQL when this script runs as root (default postgres)
#   CASETRAIL_READY_TIMEOUT  seconds to wait for readiness (default 60)
set -euo pipefail

SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${CASETRAIL_CACHE:-$HOME/.cache/casetrail}"
RUN="${CASETRAIL_RUN:-$CACHE/run}/ferretdb"
PG_PORT="${CASETRAIL_PG_PORT:-5433}"
FDB_PORT="${FERRETDB_PORT:-27017}"
PG_BIN="${CASETRAIL_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_OS_USER="${CASETRAIL_PG_USER:-postgres}"
READY_TIMEOUT="${CASETRAIL_READY_TIMEOUT:-60}"
HOST=127.0.0.1

LOG_DIR="$RUN/logs"
PG_LOG="$LOG_DIR/postgresql.log"
FDB_LOG="$LOG_DIR/ferretdb.log"
FDB_PIDFILE="$RUN/ferretdb.pid"
PG_PIDFILE="$RUN/postgresql.pid" # copy of the postmaster pid, for humans; postmaster.pid is authoritative
PG_HOME_LINK="$RUN/pg"           # contains data/ and sock/ (may be a symlink, see pg_home_setup)
# FerretDB's own default pool (50 connections) deadlocks sooner: it creates collections and indexes
# holding a metadata lock while it waits for a pooled connection, whose holders wait for that lock.
PG_URL="postgres://postgres@$HOST:$PG_PORT/ferretdb?pool_max_conns=150"
MONGO_URL="mongodb://$HOST:$FDB_PORT"

log() { echo "ferretdb: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
is_root() { [ "$(id -u)" -eq 0 ]; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- build ----

source_hash() {
  cat "$SRC_DIR/go.mod" "$SRC_DIR/go.sum" "$SRC_DIR/main.go" | sha256sum | cut -c1-16
}

ensure_binary() {
  BIN="$CACHE/bin/casetrail-ferretdb-$(source_hash)"
  [ -x "$BIN" ] && return 0

  if ! command -v go >/dev/null 2>&1; then
    for d in /usr/local/go/bin /usr/lib/go/bin; do
      [ -x "$d/go" ] && PATH="$d:$PATH" && break
    done
  fi
  command -v go >/dev/null 2>&1 || die "go toolchain not found (needed once to build $BIN)"

  mkdir -p "$CACHE/bin"
  log "building $(basename "$BIN") (first run downloads modules, takes a minute) ..."
  local tmp="$BIN.tmp.$$"
  if ! (cd "$SRC_DIR" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -o "$tmp" .); then
    rm -f "$tmp"
    die "go build failed"
  fi
  mv -f "$tmp" "$BIN"
  # drop binaries built from older sources
  find "$CACHE/bin" -maxdepth 1 -name 'casetrail-ferretdb-*' ! -name "$(basename "$BIN")" ! -name '*.tmp.*' -delete 2>/dev/null || true
}

# ----------------------------------------------------------- postgresql ----

ensure_pg_installed() {
  [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_isready" ] && return 0
  is_root || die "PostgreSQL 15 not found in $PG_BIN; install it: apt-get install -y postgresql-15"
  log "installing postgresql-15 ..."
  # Do not let the Debian package create and start its own 'main' cluster on 5432.
  mkdir -p /etc/postgresql-common/createcluster.d
  [ -e /etc/postgresql-common/createcluster.d/casetrail.conf ] ||
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/casetrail.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql-15
  [ -x "$PG_BIN/postgres" ] || die "postgresql-15 installed but $PG_BIN/postgres is missing"
}

# Run a command as the PostgreSQL OS user (postgres refuses to run as root).
as_pg() {
  if is_root; then
    setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups --reset-env -- "$@"
  else
    "$@"
  fi
}

# Decide where the PostgreSQL data + socket live. Normally $RUN/pg. When we are
# root and the PostgreSQL user cannot traverse into $RUN (e.g. /root is 0700),
# they live in /var/lib/casetrail/ferretdb-pg/<hash of $RUN> and $RUN/pg is a
# symlink to it, so that nothing in /root needs its permissions loosened.
pg_home_setup() {
  mkdir -p "$RUN" "$LOG_DIR"
  if ! is_root; then
    mkdir -p "$PG_HOME_LINK"
    PG_HOME="$PG_HOME_LINK"
  else
    if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
      log "creating system user $PG_OS_USER"
      useradd --system --user-group --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin "$PG_OS_USER"
    fi
    if [ -L "$PG_HOME_LINK" ]; then
      PG_HOME="$(readlink "$PG_HOME_LINK")"
    elif [ -d "$PG_HOME_LINK" ]; then
      PG_HOME="$PG_HOME_LINK"
    elif as_pg test -x "$RUN"; then
      PG_HOME="$PG_HOME_LINK"
    else
      PG_HOME="/var/lib/casetrail/ferretdb-pg/$(realpath -m "$RUN" | sha256sum | cut -c1-12)"
      mkdir -p "$PG_HOME"
      ln -sfn "$PG_HOME" "$PG_HOME_LINK"
    fi
    mkdir -p "$PG_HOME"
    chown "$PG_OS_USER:" "$PG_HOME"
    chmod 0700 "$PG_HOME"
    as_pg test -w "$PG_HOME" || die "$PG_OS_USER cannot write $PG_HOME"
  fi
  PG_DATA="$PG_HOME/data"
  PG_SOCK="$PG_HOME/sock"
}

pg_pid() {
  local f="$PG_DATA/postmaster.pid" pid
  [ -f "$f" ] || return 1
  pid="$(head -n1 "$f" 2>/dev/null || true)"
  alive "$pid" || return 1
  echo "$pid"
}

pg_ready() { "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" -d ferretdb -U postgres -t 2; }

pg_init() {
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  log "initdb $PG_DATA"
  rm -rf "$PG_DATA"
  as_pg mkdir -p "$PG_DATA" "$PG_SOCK"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=trust >>"$PG_LOG" 2>&1 ||
    { tail -n 30 "$PG_LOG" >&2; die "initdb failed"; }
  # Test-box sizing; never durability (a commit is flushed before it is acknowledged).
  # Port, socket dir, listen address and the durability settings are given on the command line.
  as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<'EOF'

# --- casetrail (infra/ferretdb/ferretdb.sh) ---
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 128MB
work_mem = 8MB
maintenance_work_mem = 64MB
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
checkpoint_timeout = 15min
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
}

pg_start() {
  local pid
  if pid="$(pg_pid)"; then
    echo "$pid" >"$PG_PIDFILE"
    return 0
  fi
  # stale postmaster.pid from a crash is handled by postgres itself
  as_pg mkdir -p "$PG_SOCK"
  log "starting postgresql on $HOST:$PG_PORT"
  rotate_log "$PG_LOG"
  # The log file is opened by us (it may live where the postgres user cannot go).
  local -a pfx=()
  is_root && pfx=(setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups --reset-env --)
  # Durability on the command line too, so a data dir initialised by an older script (which
  # had synchronous_commit off) cannot lose an acknowledged commit in a crash.
  setsid "${pfx[@]}" "$PG_BIN/postgres" -D "$PG_DATA" -p "$PG_PORT" -k "$PG_SOCK" \
    -c listen_addresses="$HOST" -c fsync=on -c synchronous_commit=on -c full_page_writes=on </dev/null >>"$PG_LOG" 2>&1 9>&- &
  echo $! >"$PG_PIDFILE"
}

pg_wait() {
  local deadline=$1
  while :; do
    if pg_ready && pg_pid >/dev/null; then return 0; fi
    if ! alive "$(cat "$PG_PIDFILE" 2>/dev/null)" && ! pg_pid >/dev/null; then
      log "postgresql exited; last log lines:"; tail -n 30 "$PG_LOG" >&2; exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "postgresql not ready after ${READY_TIMEOUT}s; last log lines:"; tail -n 30 "$PG_LOG" >&2; exit 1
    fi
    sleep 0.2
  done
}

# What the running server holds, not what a config file says: "on on on" or it is not durable.
pg_durability() {
  "$PG_BIN/psql" -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -XAt \
    -c "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')" 2>/dev/null
}

pg_ensure_durable() {
  local settings
  settings="$(pg_durability)"
  [ "$settings" = "on on on" ] && return 0
  # A server started by an older script (synchronous_commit off): restart it with the settings.
  log "postgresql runs with fsync/synchronous_commit/full_page_writes = ${settings:-unknown}; restarting it durable"
  pg_stop
  pg_start
  pg_wait "$1"
  settings="$(pg_durability)"
  [ "$settings" = "on on on" ] || die "postgresql is not durable (fsync/synchronous_commit/full_page_writes = ${settings:-unknown})"
}

pg_ensure_db() {
  local out
  if ! out="$("$PG_BIN/createdb" -h "$HOST" -p "$PG_PORT" -U postgres ferretdb 2>&1)"; then
    case "$out" in
    *"already exists"*) ;;
    *) die "createdb ferretdb failed: $out" ;;
    esac
  else
    log "created database ferretdb"
  fi
}

# FerretDB's equality pushdown (`_jsonb -> $1 @> $2`) can use only the GIN twins that
# index-twins.sql adds to each of its B-tree indexes, and only in a plan made for the actual
# field name: a generic plan (which PostgreSQL may switch a prepared statement to) scans.
pg_ensure_index_twins() {
  "$PG_BIN/psql" -h "$HOST" -p "$PG_PORT" -U postgres -d ferretdb -XAtq -v ON_ERROR_STOP=1 \
    -c "ALTER SYSTEM SET plan_cache_mode = force_custom_plan" -c "SELECT pg_reload_conf()" >/dev/null ||
    die "could not set plan_cache_mode"
  "$PG_BIN/psql" -h "$HOST" -p "$PG_PORT" -U postgres -d ferretdb -XAtq -v ON_ERROR_STOP=1 \
    -f "$SRC_DIR/index-twins.sql" >/dev/null || die "could not install the GIN index twins (index-twins.sql)"
}

pg_stop() {
  local pid
  pid="$(pg_pid)" || { rm -f "$PG_PIDFILE"; return 0; }
  log "stopping postgresql (pid $pid)"
  kill -INT "$pid" 2>/dev/null || true # fast shutdown
  wait_gone "$pid" 30 || { kill -QUIT "$pid" 2>/dev/null || true; wait_gone "$pid" 10; } ||
    { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5 || true; }
  rm -f "$PG_PIDFILE"
}

# -------------------------------------------------------------- ferretdb ----

is_our_fdb() { # pid: a casetrail-ferretdb server process listening on our address?
  local exe args
  exe="$(readlink "/proc/$1/exe" 2>/dev/null || true)"
  case "$exe" in */casetrail-ferretdb-*) ;; *) return 1 ;; esac
  args="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true)"
  case "$args" in *" -probe"*) return 1 ;; *"-listen-addr $HOST:$FDB_PORT "*) return 0 ;; *) return 1 ;; esac
}

fdb_pid() {
  local pid p
  pid="$(cat "$FDB_PIDFILE" 2>/dev/null || true)"
  if alive "$pid" && is_our_fdb "$pid"; then
    echo "$pid"
    return 0
  fi
  # pid file lost (e.g. the cache dir was wiped while running): look for the process
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    if is_our_fdb "$p"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

fdb_probe() {
  local bin="${BIN:-}"
  [ -n "$bin" ] && [ -x "$bin" ] || bin="$CACHE/bin/casetrail-ferretdb-$(source_hash)"
  if [ ! -x "$bin" ]; then # sources changed since the running binary was built
    local pid
    pid="$(fdb_pid)" || return 1
    bin="$(readlink "/proc/$pid/exe")"
  fi
  "$bin" -probe -listen-addr "$HOST:$FDB_PORT" -probe-timeout 2s >/dev/null 2>&1
}

fdb_start() {
  local pid
  if pid="$(fdb_pid)"; then
    if [ "$(readlink "/proc/$pid/exe")" = "$BIN" ]; then
      echo "$pid" >"$FDB_PIDFILE"
      return 0
    fi
    log "ferretdb binary changed or was deleted, restarting"
    fdb_stop
  fi
  log "starting ferretdb on $HOST:$FDB_PORT"
  rotate_log "$FDB_LOG"
  FERRETDB_LOG_LEVEL="${FERRETDB_LOG_LEVEL:-info}" setsid "$BIN" \
    -listen-addr "$HOST:$FDB_PORT" -postgresql-url "$PG_URL" -telemetry disable \
    </dev/null >>"$FDB_LOG" 2>&1 9>&- &
  echo $! >"$FDB_PIDFILE"
}

fdb_wait() {
  local deadline=$1
  while :; do
    if fdb_probe; then return 0; fi
    if ! fdb_pid >/dev/null; then
      log "ferretdb exited; last log lines:"; tail -n 30 "$FDB_LOG" >&2; exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "ferretdb not ready after ${READY_TIMEOUT}s; last log lines:"
      tail -n 30 "$FDB_LOG" >&2; echo "--- postgresql:" >&2; tail -n 10 "$PG_LOG" >&2
      exit 1
    fi
    sleep 0.2
  done
}

fdb_stop() {
  local pid
  pid="$(fdb_pid)" || { rm -f "$FDB_PIDFILE"; return 0; }
  log "stopping ferretdb (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 20 || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5 || true; }
  rm -f "$FDB_PIDFILE"
}

# ---------------------------------------------------------------- common ----

rotate_log() { # keep one previous log when it grew past 50 MB (checked at start only)
  if [ -f "$1" ] && [ "$(stat -c %s "$1")" -gt 52428800 ]; then mv -f "$1" "$1.1"; fi
}

wait_gone() { # pid seconds
  local i=0 n=$(($2 * 10))
  while alive "$1"; do
    [ "$i" -ge "$n" ] && return 1
    i=$((i + 1)); sleep 0.1
  done
  return 0
}

lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock -w 120 9 || die "could not lock $RUN/.lock"
}

cmd_up() {
  local t0 deadline
  t0="$(now)"
  lock
  ensure_pg_installed
  ensure_binary
  pg_home_setup
  deadline=$(($(date +%s) + READY_TIMEOUT))
  pg_init
  pg_start
  pg_wait "$deadline"
  pg_ensure_durable "$deadline"
  pg_ensure_db
  pg_ensure_index_twins
  fdb_start
  fdb_wait "$deadline"
  echo "ferretdb: ready on $MONGO_URL ($(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')s)"
}

cmd_down() {
  lock
  [ -d "$RUN" ] || return 0
  pg_home_setup
  fdb_stop
  pg_stop
  log "stopped"
}

cmd_status() {
  local rc=0 pid
  if [ -e "$PG_HOME_LINK" ] && PG_DATA="$PG_HOME_LINK/data" && pid="$(pg_pid)" && pg_ready; then
    echo "postgresql: up (pid $pid) on $HOST:$PG_PORT, data $(realpath "$PG_DATA")"
  else
    echo "postgresql: down"; rc=3
  fi
  if pid="$(fdb_pid)" && fdb_probe; then
    echo "ferretdb:   up (pid $pid) on $MONGO_URL"
  else
    echo "ferretdb:   down"; rc=3
  fi
  echo "logs:       $LOG_DIR"
  return "$rc"
}

cmd_reset() {
  cmd_down
  pg_home_setup
  log "wiping $PG_DATA"
  rm -rf "$PG_DATA"
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
reset) cmd_reset ;;
*)
  echo "usage: $0 up|down|status|reset" >&2
  exit 2
  ;;
esac

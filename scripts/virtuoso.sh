#!/usr/bin/env bash
# Run a private Virtuoso (Debian's virtuoso-opensource-7-bin) on 127.0.0.1 for gkg.
#
#   scripts/virtuoso.sh install                        # apt-get the server if virtuoso-t is missing
#   scripts/virtuoso.sh start DIR [SQL_PORT HTTP_PORT] # write DIR/virtuoso.ini, start, wait until ready
#   scripts/virtuoso.sh stop DIR                       # shut down the instance started in DIR
#
# `start` prints KEY=VALUE lines (sparql, sparql_auth, graph_store, user, password_file,
# pid) and leaves the server running in the background; its pid is in DIR/virtuoso.pid.
# Ports default to free ones.  Settings (environment):
#   VIRTUOSO_DBA_PASSWORD   dba password (default: random, kept in DIR/dba-password, mode 600)
#   VIRTUOSO_BUFFERS        NumberOfBuffers, 8 KiB pages (default 680000: about 5.5 GB at
#                           most, Virtuoso's row for 8 GB free; pages are touched only as used)
#   VIRTUOSO_MAX_ROWS       [SPARQL] ResultSetMaxRows (default 1000000; keep it above the
#                           service's row cap, or Virtuoso cuts results silently)
#   VIRTUOSO_QUERY_TIMEOUT  [SPARQL] MaxQueryExecutionTime in seconds (default 60): a backstop;
#                           the service sends its own per-query timeout
#                           (MaxQueryCostEstimationTime = 0: no refusal on a cost estimate,
#                           which is often off by orders of magnitude; the clock decides)
#   VIRTUOSO_START_TIMEOUT  seconds to wait for readiness (default 120)
#
# Only the -bin package is installed: the server and isql, without Debian's system
# service (which would listen on all interfaces with its own database and password).
set -euo pipefail

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

install_server() {
  command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    virtuoso-opensource-7-bin >/dev/null
  command -v virtuoso-t >/dev/null || die "virtuoso-t still missing after apt-get install"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_config() {  # DIR SQL_PORT HTTP_PORT
  local dir=$1 sql_port=$2 http_port=$3
  local buffers=${VIRTUOSO_BUFFERS:-680000}
  cat >"$dir/virtuoso.ini" <<EOF
; Written by scripts/virtuoso.sh; regenerated on every start.
[Database]
DatabaseFile        = $dir/virtuoso.db
ErrorLogFile        = $dir/virtuoso.log
LockFile            = $dir/virtuoso.lck
TransactionFile     = $dir/virtuoso.trx
xa_persistent_file  = $dir/virtuoso.pxa
ErrorLogLevel       = 7
FileExtend          = 200
MaxCheckpointRemap  = 2000
Striping            = 0
TempStorage         = TempDatabase

[TempDatabase]
DatabaseFile        = $dir/virtuoso-temp.db
TransactionFile     = $dir/virtuoso-temp.trx
MaxCheckpointRemap  = 2000
Striping            = 0

[Parameters]
ServerPort          = 127.0.0.1:$sql_port
DisableUnixSocket   = 1
DisableTcpSocket    = 0
MaxClientConnections = 20
CheckpointInterval  = 60
O_DIRECT            = 0
CaseMode            = 2
AllowOSCalls        = 0
DirsAllowed         = $dir/import
NumberOfBuffers     = $buffers
MaxDirtyBuffers     = $((buffers * 3 / 4))
MaxQueryMem         = 2G
ThreadsPerQuery     = 2
AsyncQueueMaxThreads = 4
VectorSize          = 1000
MaxVectorSize       = 1000000

[HTTPServer]
ServerPort          = 127.0.0.1:$http_port
ServerRoot          = $dir/www
MaxClientConnections = 16
ServerThreads       = 16
MaxKeepAlives       = 16
KeepAliveTimeout    = 10
EnabledDavVSP       = 0
HTTPProxyEnabled    = 0
Charset             = UTF-8
EnabledGzipContent  = 0

[URIQA]
DynamicLocal        = 0
DefaultHost         = 127.0.0.1:$http_port

[SPARQL]
ResultSetMaxRows           = ${VIRTUOSO_MAX_ROWS:-1000000}
MaxConstructTriples        = ${VIRTUOSO_MAX_ROWS:-1000000}
MaxQueryExecutionTime      = ${VIRTUOSO_QUERY_TIMEOUT:-60}
MaxQueryCostEstimationTime = 0
DeferInferenceRulesInit    = 0
EOF
}

isql() {  # DIR SQL...
  local dir=$1; shift
  isql-vt "127.0.0.1:$(cat "$dir/sql-port")" dba "$(cat "$dir/dba-password")" \
    exec="$*" >"$dir/isql.out" 2>&1
}

wait_until_ready() {  # DIR PID
  local dir=$1 pid=$2 http_port
  http_port=$(cat "$dir/http-port")
  local deadline=$((SECONDS + ${VIRTUOSO_START_TIMEOUT:-120}))
  until isql "$dir" "select 1;" &&
    curl -fsS -o /dev/null "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D"; do
    kill -0 "$pid" 2>/dev/null || die "virtuoso-t exited; see $dir/virtuoso.log"
    [ $SECONDS -lt $deadline ] || die "not ready after ${VIRTUOSO_START_TIMEOUT:-120}s"
    sleep 0.2  # polling interval
  done
}

start_server() {  # DIR [SQL_PORT HTTP_PORT]
  local dir sql_port http_port
  dir=$(mkdir -p "$1" && cd "$1" && pwd)
  sql_port=${2:-$(free_port)}
  http_port=${3:-$(free_port)}
  install_server
  [ -f "$dir/virtuoso.pid" ] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null &&
    die "already running in $dir (pid $(cat "$dir/virtuoso.pid"))"
  mkdir -p "$dir/import" "$dir/www"
  echo "$sql_port" >"$dir/sql-port"
  echo "$http_port" >"$dir/http-port"
  write_config "$dir" "$sql_port" "$http_port"
  if [ ! -f "$dir/virtuoso.db" ]; then
    # A new database: set the dba password before the server ever listens.
    local password=${VIRTUOSO_DBA_PASSWORD:-$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)}
    # Longer passwords are silently not accepted at login by this Virtuoso (7.2.5).
    [ ${#password} -le 20 ] || die "VIRTUOSO_DBA_PASSWORD: at most 20 characters"
    (umask 077 && echo "$password" >"$dir/dba-password")
    (cd "$dir" && virtuoso-t +foreground +configfile "$dir/virtuoso.ini" \
      +pwdold dba +pwddba "$(cat "$dir/dba-password")" +pwddav "$(cat "$dir/dba-password")" \
      >"$dir/init.out" 2>&1) || die "database creation failed; see $dir/virtuoso.log"
  fi
  (cd "$dir" && exec setsid virtuoso-t +foreground +configfile "$dir/virtuoso.ini" \
    >"$dir/server.out" 2>&1 </dev/null) &
  local pid=$!
  echo "$pid" >"$dir/virtuoso.pid"
  wait_until_ready "$dir" "$pid"
  # Anonymous /sparql: read only, no federated SERVICE calls, no sponging (fetching URLs).
  isql "$dir" 'REVOKE "SPARQL_LOAD_SERVICE_DATA" FROM "SPARQL_SELECT";' || true
  echo "sparql=http://127.0.0.1:$http_port/sparql"
  echo "sparql_auth=http://127.0.0.1:$http_port/sparql-auth"
  echo "graph_store=http://127.0.0.1:$http_port/sparql-graph-crud-auth"
  echo "sql=127.0.0.1:$sql_port"
  echo "user=dba"
  echo "password_file=$dir/dba-password"
  echo "pid=$pid"
}

stop_server() {  # DIR
  local dir=$1 pid
  [ -f "$dir/virtuoso.pid" ] || return 0
  pid=$(cat "$dir/virtuoso.pid")
  if kill -0 "$pid" 2>/dev/null; then
    isql "$dir" "shutdown;" || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null; do
      [ $SECONDS -lt $deadline ] || { kill -KILL "$pid" 2>/dev/null || true; break; }
      sleep 0.1  # polling interval
    done
  fi
  rm -f "$dir/virtuoso.pid"
}

case "${1:-}" in
  install) install_server ;;
  start) [ $# -ge 2 ] || die "usage: $0 start DIR [SQL_PORT HTTP_PORT]"; start_server "${@:2}" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop_server "$2" ;;
  *) die "usage: $0 install | start DIR [SQL_PORT HTTP_PORT] | stop DIR" ;;
esac

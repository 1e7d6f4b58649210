#!/usr/bin/env bash
# FerretDB for CI: a MongoDB wire-protocol server over the machine's PostgreSQL, so that the MongoDB store
# and the job tests run against a real server.
#   .ci/ferretdb.sh start   build (or reuse the cached build), prepare PostgreSQL, start, wait until it answers;
#                           prints the MONGODB_URI to use on its last line
#   .ci/ferretdb.sh stop    stop the server started by `start`
# Built from the Go module proxy's source: `go install ...@version` gives a binary that panics at start,
# because the module lacks build/version/version.txt, so the module is copied and the file written first.
# Backend: PostgreSQL, which these machines run and which is FerretDB's main backend. The SQLite backend
# passed the same MongoDB tests too (about 10% faster); PostgreSQL was kept for its concurrent writers,
# as several test processes write at once.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"

VERSION=v1.24.2
PORT=27027
CACHE_DIR=/var/cache/engage-ci/ferretdb-$VERSION
BIN=$CACHE_DIR/ferretdb
STATE_DIR=${FERRETDB_STATE_DIR:-/tmp/engage-ci-ferretdb}
PID_FILE=$STATE_DIR/ferretdb.pid
LOG_FILE=$STATE_DIR/ferretdb.log
PG_ROLE=engage_ferretdb
PG_DB=engage_ferretdb

log() { echo "ferretdb: $*" >&2; }

build() {
  if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
    log "using cached build $BIN"
    return
  fi
  command -v go >/dev/null || { log "go is not installed"; exit 1; }
  local started work dir
  started=$(date +%s)
  work=$(mktemp -d)
  dir=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || { log "go mod download gave no module directory"; exit 1; }
  cp -r "$dir" "$work/src"
  chmod -R u+w "$work/src"
  printf '%s\n' "$VERSION" >"$work/src/build/version/version.txt"
  # Only the PostgreSQL backend is used; leaving SQLite out halves the cold build.
  (cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -tags ferretdb_no_sqlite \
    -o "$work/ferretdb" ./cmd/ferretdb)
  mkdir -p "$CACHE_DIR"
  mv "$work/ferretdb" "$BIN.tmp.$$"
  mv "$BIN.tmp.$$" "$BIN"
  rm -rf "$work"
  log "built $VERSION in $(($(date +%s) - started))s"
}

psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

prepare_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "PostgreSQL is not answering on 127.0.0.1:5432; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  # A role and an empty database of their own, made anew each run (idempotent).
  psql_admin -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN CREATE ROLE $PG_ROLE LOGIN; END IF; END \$\$;"
  psql_admin -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE);"
  psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE;"
}

stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid
  pid=$(cat "$PID_FILE")
  # Only the server this script started: a stale file's pid may belong to another process by now.
  if kill -0 "$pid" 2>/dev/null && [ "$(readlink "/proc/$pid/exe")" = "$BIN" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

start() {
  build
  stop # a server left by an earlier run of this script
  if ss -ltnH "sport = :$PORT" | grep -q .; then
    log "port $PORT is already taken:"
    ss -ltnp "sport = :$PORT" >&2
    exit 1
  fi
  prepare_postgres
  mkdir -p "$STATE_DIR"
  "$BIN" --handler=postgresql --postgresql-url="postgres://$PG_ROLE@127.0.0.1:5432/$PG_DB" \
    --listen-addr="127.0.0.1:$PORT" --debug-addr=- --telemetry=disable --state-dir="$STATE_DIR" \
    --log-level=warn >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 100); do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      log "exited at start:"
      cat "$LOG_FILE" >&2
      exit 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      log "FerretDB $VERSION (PostgreSQL backend) listening on 127.0.0.1:$PORT, log in $LOG_FILE"
      echo "mongodb://127.0.0.1:$PORT/engage_test"
      return
    fi
    sleep 0.2
  done
  log "not listening after 20 s:"
  cat "$LOG_FILE" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  build) build ;;
  *)
    echo "usage: $0 start|stop|build" >&2
    exit 2
    ;;
esac

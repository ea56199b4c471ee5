#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for tests, benchmarks and development (docs/development.md).
#
#   scripts/pg.sh start <dir> [port]   initialises <dir> if needed, starts the server on 127.0.0.1
#                                      (a free port unless one is given), creates database
#                                      `tribune`, and prints one line on stdout: its URL.
#   scripts/pg.sh stop <dir>           stops it (fast mode); nothing to do when it is not running.
#   scripts/pg.sh restart <dir>        restarts it on the same port; prints the URL again.
#   scripts/pg.sh url <dir>            prints the URL of a running cluster.
#
# Layout: <dir>/data (the cluster), <dir>/postgres.log, and the unix socket in <dir>. Trust
# authentication, TCP on 127.0.0.1 only, fsync and synchronous_commit on. initdb and pg_ctl refuse
# to run as root, so as root they run as the `postgres` user, which must be able to reach <dir>
# (anything under /tmp is fine). Everything but the URL goes to stderr.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
START_TIMEOUT_S=60

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start <dir> [port] | stop <dir> | restart <dir> | url <dir>" >&2
    exit 2
}

# Runs a server binary as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

ensure_server_installed() {
    [[ -x "$PG_BIN/initdb" ]] && return 0
    echo "pg.sh: installing the postgresql package" >&2
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    {
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends postgresql
    } >&2
    [[ -x "$PG_BIN/initdb" ]] || die "initdb still missing at $PG_BIN after installing postgresql"
}

# A TCP port nobody listens on: random in 20000..59999, checked with a connect attempt.
free_port() {
    local port tries
    for tries in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

is_running() {
    [[ -f "$data/PG_VERSION" ]] && as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

current_port() {
    [[ -f "$data/tribune.conf" ]] || return 0
    sed -n 's/^port = \([0-9]*\)$/\1/p' "$data/tribune.conf" | head -n1
}

url_for() {
    echo "postgres://postgres@127.0.0.1:$1/tribune"
}

init_cluster() {
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "user postgres cannot write $dir (is a parent directory private?); use a directory under /tmp"
    fi
    chmod 700 "$dir"
    [[ -f "$data/PG_VERSION" ]] && return 0
    echo "pg.sh: initialising $data" >&2
    as_owner "$PG_BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C >&2
    # Our settings live in their own file, rewritten at each start (port may change).
    echo "include_if_exists = 'tribune.conf'" | as_owner tee -a "$data/postgresql.conf" >/dev/null
}

write_settings() {
    local port="$1" sockets="$dir"
    # A unix socket path is limited to 107 bytes; without one, TCP still works.
    ((${#dir} + 20 < 100)) || sockets=""
    as_owner tee "$data/tribune.conf" >/dev/null <<EOF
# Written by scripts/pg.sh at each start.
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockets'
max_connections = 300
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 128MB
log_min_messages = warning
log_connections = off
log_disconnections = off
EOF
}

wait_ready() {
    local port="$1" deadline=$((SECONDS + START_TIMEOUT_S))
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
        ((SECONDS < deadline)) || die "server on port $port not ready after ${START_TIMEOUT_S}s (see $dir/postgres.log)"
        sleep 0.1
    done
}

create_database() {
    local port="$1" exists
    exists=$("$PG_BIN/psql" -X -q -t -A -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "SELECT 1 FROM pg_database WHERE datname = 'tribune'")
    [[ "$exists" == 1 ]] && return 0
    "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE tribune" >&2
}

start() {
    local wanted_port="${1:-}" port attempt
    ensure_server_installed
    init_cluster
    if is_running; then
        port=$(current_port)
        [[ -z "$wanted_port" || "$wanted_port" == "$port" ]] ||
            die "already running on port $port, not $wanted_port; stop it first"
    else
        for attempt in 1 2 3 4 5; do
            port="$wanted_port"
            if [[ -z "$port" ]]; then
                # Reuse the last port when it is still free, so a restarted cluster keeps its URL.
                port=$(current_port)
                if [[ -z "$port" ]] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                    port=$(free_port)
                fi
            fi
            write_settings "$port"
            as_owner touch "$dir/postgres.log"
            if as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t "$START_TIMEOUT_S" start >&2; then
                break
            fi
            # Another process may have taken the port between the check and the bind.
            [[ -z "$wanted_port" && $attempt -lt 5 ]] || die "cannot start the server (see $dir/postgres.log)"
            echo "pg.sh: start failed on port $port, trying another" >&2
        done
    fi
    wait_ready "$port"
    create_database "$port"
    url_for "$port"
}

stop() {
    [[ -f "$data/PG_VERSION" ]] || return 0
    is_running || return 0
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t "$START_TIMEOUT_S" stop >&2
}

restart() {
    [[ -f "$data/PG_VERSION" ]] || die "no cluster in $dir"
    local port
    port=$(current_port)
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -m fast -w -t "$START_TIMEOUT_S" restart >&2
    wait_ready "$port"
    url_for "$port"
}

[[ $# -ge 2 ]] || usage
command="$1"
dir=$(realpath -m -- "$2")
data="$dir/data"
case "$command" in
    start)
        [[ $# -le 3 ]] || usage
        [[ "${3:-0}" =~ ^[0-9]+$ ]] || die "port must be a number"
        start "${3:-}"
        ;;
    stop) stop ;;
    restart) restart ;;
    url)
        is_running || die "not running"
        url_for "$(current_port)"
        ;;
    *) usage ;;
esac

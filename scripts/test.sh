#!/usr/bin/env bash
# Set up everything the test suite needs, then run it: a virtualenv with the package and its test extras,
# Debian's Chromium for the browser tests and a throwaway PostgreSQL server for the PostgreSQL store (when
# they can be had; otherwise those tests are skipped with a reason), ruff, mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

apt_updated=""
apt_install() {
    [ -n "$apt_updated" ] || { as_root apt-get update -qq && apt_updated=1; } || return 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi

# A throwaway PostgreSQL cluster on a loopback port, removed when the tests end. The server binaries come
# from PATH (initdb, pg_ctl), Debian's layout, or Debian's postgresql package.
postgres_bin() {
    local initdb
    initdb=$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && dirname "$initdb"
}

stop_postgres() {
    if [ -n "${PG_DIR:-}" ]; then
        "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}

start_postgres() {
    PG_BIN=$(postgres_bin) || { apt_install postgresql && PG_BIN=$(postgres_bin); } || return 1
    PG_DIR=$(mktemp -d /tmp/storyline-pg.XXXXXX)
    PG_AS=()
    if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$PG_DIR"
        PG_AS=(runuser -u postgres --)
    fi
    trap stop_postgres EXIT
    local port
    port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U storyline >/dev/null
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" >/dev/null
    export STORYLINE_TEST_PG="postgresql://storyline@127.0.0.1:$port/postgres"
}

if [ -z "${STORYLINE_TEST_PG:-}" ]; then
    start_postgres || echo "warning: could not start PostgreSQL; the PostgreSQL store tests will be skipped" >&2
fi

.venv/bin/ruff check storyline tests benchmarks docs
.venv/bin/python -m pytest -q "$@"

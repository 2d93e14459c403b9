#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port, for the tests and benchmarks.
#
#   eval "$(scripts/postgres.sh start)"   # sets STORYLINE_PG_DIR and STORYLINE_TEST_PG (a postgresql:// URL)
#   scripts/postgres.sh stop "$STORYLINE_PG_DIR"
#
# The server binaries come from PATH (initdb, pg_ctl), Debian's layout, or Debian's postgresql package
# (installed when run as root). initdb refuses to run as root, so root runs the cluster as `postgres`.
set -euo pipefail

find_bin() {
    local initdb
    initdb=$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && dirname "$initdb"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    bin=$(find_bin) || {
        [ "$(id -u)" = 0 ] || { echo "no PostgreSQL server binaries (initdb) found" >&2; exit 1; }
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
        bin=$(find_bin)
    } || { echo "could not install PostgreSQL" >&2; exit 1; }
    dir=$(mktemp -d /tmp/storyline-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$dir"
    fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U storyline >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" >/dev/null
    echo "export STORYLINE_PG_DIR=$dir STORYLINE_TEST_PG=postgresql://storyline@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=${2:?usage: postgres.sh stop DIR}
    bin=$(find_bin) || exit 0
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac

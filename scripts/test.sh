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

if [ ! -x /usr/bin/chromium ]; then
    (as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi

# A throwaway PostgreSQL server for the PostgreSQL store's tests, removed when they end.
if [ -z "${STORYLINE_TEST_PG:-}" ]; then
    if started=$(scripts/postgres.sh start); then
        eval "$started"
        trap 'scripts/postgres.sh stop "$STORYLINE_PG_DIR"' EXIT
    else
        echo "warning: could not start PostgreSQL; the PostgreSQL store tests will be skipped" >&2
    fi
fi

.venv/bin/ruff check storyline tests benchmarks docs
.venv/bin/python -m pytest -q "$@"

#!/usr/bin/env bash
# Set up everything the test suite needs, then run it: a virtualenv with the package and its
# test extras, Debian's Chromium for the browser tests (when we can install it), ruff, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "warning: could not install chromium; browser tests will be skipped" >&2
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "warning: could not install chromium; browser tests will be skipped" >&2
    else
        echo "note: /usr/bin/chromium is missing and cannot be installed without root; browser tests will be skipped" >&2
    fi
fi

.venv/bin/ruff check storyline tests benchmarks
.venv/bin/python -m pytest -q "$@"

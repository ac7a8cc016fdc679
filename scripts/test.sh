#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite:
#   - a virtual environment in .venv with graphkit (editable) and its test extras
#   - Debian's chromium for the browser tests (apt-get; needs root, as on CI)
# The Bolt server (ArcadeDB, from PyPI) is started and stopped by the tests themselves.
# Extra arguments go to pytest, e.g. scripts/test.sh -k loaders
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "chromium is missing and this is not root: the browser tests will fail" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"

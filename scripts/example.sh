#!/usr/bin/env bash
# The main job on the bundled example: install graphkit into .venv (embedded networkx,
# no server needed) and run every check on Northwind Trading Ltd as of 2026-12-01.
# Extra arguments go to `graphkit check`, e.g. scripts/example.sh --format markdown
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv || exit 2
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e . || exit 2
.venv/bin/graphkit check examples/northwind/model.yaml --as-of 2026-12-01 "$@"
status=$?
case $status in
  0) echo "graphkit check: exit 0, nothing at or above --fail-on" >&2 ;;
  1) echo "graphkit check: exit 1, findings at or above --fail-on (high by default): the" \
          "problems planted in examples/northwind (see its README)" >&2; status=0 ;;
esac
exit $status

#!/usr/bin/env bash
# Runs strict mypy (the [tool.mypy] section of pyproject.toml) on graphkit,
# graphkit.loaders and graphkit.queries under their installed names.
#
# Why a tree of symlinks: setuptools' package-dir maps the top-level folders
# loaders/ and queries/ to graphkit.loaders and graphkit.queries; an editable
# install resolves them through an import hook (__editable___*_finder.py) that
# mypy does not run, and mypy_path/MYPYPATH cannot rename a folder. So we build
# a throwaway tree that has the installed layout:
#     $TMP/graphkit/<every entry of graphkit/>  -> symlinks into the repo
#     $TMP/graphkit/loaders                     -> <repo>/loaders
#     $TMP/graphkit/queries                     -> <repo>/queries
# and run mypy from $TMP with the repo's config, so `-p graphkit` finds the
# three packages there (the current directory comes before site-packages).
# Paths in mypy's messages are rewritten back to repo paths.
#
# Usage: scripts/typecheck.sh [PACKAGE-OR-MODULE ...]   (default: graphkit, recursively)
#        e.g. scripts/typecheck.sh graphkit.model graphkit.queries
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$repo/.venv/bin/python}   # the interpreter whose mypy and stubs to use
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/graphkit"
for entry in "$repo"/graphkit/*; do
  ln -s "$entry" "$tree/graphkit/$(basename "$entry")"
done
ln -s "$repo/loaders" "$tree/graphkit/loaders"
ln -s "$repo/queries" "$tree/graphkit/queries"
args=()
if [ $# -eq 0 ]; then
  args=(-p graphkit)
else
  for module in "$@"; do args+=(-p "$module"); done
fi
cd "$tree"
status=0
"$python" -m mypy --config-file "$repo/pyproject.toml" --cache-dir "$repo/.mypy_cache" \
  "${args[@]}" > "$tree/out" 2>&1 || status=$?
sed -e 's#^graphkit/loaders/#loaders/#' -e 's#^graphkit/queries/#queries/#' "$tree/out"
exit "$status"

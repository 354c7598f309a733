#!/usr/bin/env bash
# Creates .venv-peer (git-ignored) with the peer max-p implementations from PyPI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${VENV:-$ROOT/.venv-peer}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  pygeoda spopt libpysal geopandas shapely scipy numpy highspy

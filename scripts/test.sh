#!/usr/bin/env bash
# Every test of the project: the Rust workspace (core, CLI, vectors), the Python package (development
# install, then the portable wheel and sdist on every CPython 3.9-3.13), the npm package (every runtime
# and bundler), and the publishing dry runs. Each surface's script installs what it needs first, so this
# runs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
for surface in rust python python-dist js publish; do
  script="scripts/test-$surface.sh"
  # A missing script is a failure, not a skip: a renamed surface must not pass CI silently.
  [ -f "$script" ] || { echo "missing $script" >&2; exit 1; }
  echo "=== $surface ==="
  bash "$script"
done
echo "=== all surfaces passed ==="

#!/usr/bin/env bash
# Python package: build the wheel through maturin's PEP 517 backend (`pip install .`, not editable) into
# a virtualenv under target/, then the test suite (conformance vectors, API, errors, PyJWT and
# tinybird-sdk interop, docs), mypy --strict on the package and a typed example, stubtest of the native
# module's stub, and ruff. Installs everything it needs; reuses the virtualenv, always rebuilds the
# package from source.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="$ROOT/target/py-venv"
PY="$VENV/bin/python"
# A target directory of its own: no lock contention with other cargo runs, and incremental rebuilds.
export CARGO_TARGET_DIR="$ROOT/target/py-build"
# maturin sets this for the extension build itself; exported globally it breaks `cargo test` linking.
unset PYO3_BUILD_EXTENSION_MODULE
# Tool caches under target/, not in the work tree.
export MYPY_CACHE_DIR="$ROOT/target/py-cache/mypy" RUFF_CACHE_DIR="$ROOT/target/py-cache/ruff"
pip_install() { "$PY" -m pip install --quiet --disable-pip-version-check "$@"; }

if [ ! -x "$PY" ]; then
  echo "--- creating $VENV"
  python3 -m venv "$VENV"
fi

want="$ROOT/bindings/python/requirements-test.txt"
stamp="$VENV/.test-requirements"
if [ ! -f "$stamp" ] || ! cmp -s "$want" "$stamp"; then
  echo "--- installing test dependencies"
  pip_install -r "$want"
  cp "$want" "$stamp"
fi

# tinybird-sdk (Python >= 3.11) pins an old `tinybird` CLI with conflicting dependencies (cryptography,
# packaging); the interop test only needs its pure-Python schema and generator modules, so it is
# installed without dependencies. It is required: the interop test fails, never skips, without it.
if ! "$PY" -c 'import tinybird_sdk' 2>/dev/null; then
  echo "--- installing tinybird-sdk (for the TOKEN-lines interop test)"
  pip_install --no-deps 'tinybird-sdk==0.4.0'
fi

echo "--- building and installing the package (pip install .)"
pip_install --force-reinstall --no-deps "$ROOT"

echo "--- pytest"
"$PY" -m pytest "$ROOT/bindings/python/tests" -q -p no:cacheprovider

echo "--- mypy --strict (installed package, typed example)"
"$PY" -m mypy --strict -p tinybird_tokens
"$PY" -m mypy --strict "$ROOT/bindings/python/examples/usage.py"

echo "--- stubtest (the native module matches _native.pyi)"
"$PY" -m mypy.stubtest tinybird_tokens._native

echo "--- ruff"
"$VENV/bin/ruff" check "$ROOT/bindings/python" "$ROOT/bench/python"
"$VENV/bin/ruff" format --check "$ROOT/bindings/python" "$ROOT/bench/python"

echo "--- python: all checks passed"

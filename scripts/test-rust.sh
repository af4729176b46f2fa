#!/usr/bin/env bash
# Rust: formatting, clippy with warnings as errors, every test and doctest of the workspace, and the
# conformance vectors regenerated from their independent reference (PyJWT) with no drift allowed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh

ensure_rust_components
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

# The vectors must be exactly what the generator writes. It runs as a module from its parent directory (its
# modules hmac.py and inspect.py would shadow the standard library's if run by path).
(cd tests/vectors && tools_python -m generate)
git diff --exit-code -- tests/vectors || { echo "tests/vectors drifted from tests/vectors/generate"; exit 1; }
if [ -n "$(git status --porcelain -- tests/vectors)" ]; then
  git status --porcelain -- tests/vectors
  echo "tests/vectors/generate wrote files that are not committed"
  exit 1
fi

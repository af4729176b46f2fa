#!/usr/bin/env bash
# Rust: formatting, clippy with warnings as errors, every test and doctest of the workspace, the same
# for the core's `jsonwebtoken` feature (kept out of every default build), and the conformance vectors
# regenerated from their independent reference (PyJWT) with no drift allowed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh

ensure_rust_components
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

# The core's optional `jsonwebtoken` bridge: linted, tested (its unit, integration and doc tests, the
# README's block included) with the feature on...
cargo clippy -p tinybird-tokens --all-targets --features jsonwebtoken -- -D warnings
cargo test -p tinybird-tokens --features jsonwebtoken
# docs.rs documents the crate with the feature (Cargo.toml metadata): no broken or private links there.
RUSTDOCFLAGS="-D warnings" cargo doc -p tinybird-tokens --features jsonwebtoken --no-deps --quiet
# ...and in no default build: neither the npm (wasm) nor the Python package, nor the core and CLI as
# published, depend on jsonwebtoken on any target. `cargo tree -i` errors when the crate is not in the
# graph; any other error or any output fails. The feature's own tree is the control that the query works.
without_dep() {
  local out
  if out="$(cargo tree -p "$1" -e normal --target all -i "$2" 2>&1)"; then
    [ -z "$out" ] || { echo "$out"; echo "$1 depends on $2"; exit 1; }
  elif ! grep -q 'did not match any packages' <<<"$out"; then
    echo "$out"
    exit 1
  fi
}
for crate in tinybird-tokens-wasm tinybird-tokens-py tinybird-tokens tinybird-tokens-cli; do
  without_dep "$crate" jsonwebtoken
done
cargo tree -p tinybird-tokens -e normal --features jsonwebtoken -i jsonwebtoken --depth 1 | grep -q '^jsonwebtoken v' \
  || { echo "cargo tree does not see the jsonwebtoken feature's dependency"; exit 1; }
echo "jsonwebtoken: only with the core's feature; not in the wasm, Python, core or CLI default builds"
# The core parses JSON itself (src/json/parse.rs): serde_json, ~30 KB of the module, stays out of the
# npm module's graph (the CLI's tree, which has it, is the control).
without_dep tinybird-tokens-wasm serde_json
cargo tree -p tinybird-tokens-cli -e normal -i serde_json --depth 1 | grep -q '^serde_json v' \
  || { echo "cargo tree does not see the CLI's serde_json"; exit 1; }

# The vectors must be exactly what the generator writes. It runs as a module from its parent directory (its
# modules hmac.py and inspect.py would shadow the standard library's if run by path).
(cd tests/vectors && tools_python -m generate)
git diff --exit-code -- tests/vectors || { echo "tests/vectors drifted from tests/vectors/generate"; exit 1; }
if [ -n "$(git status --porcelain -- tests/vectors)" ]; then
  git status --porcelain -- tests/vectors
  echo "tests/vectors/generate wrote files that are not committed"
  exit 1
fi

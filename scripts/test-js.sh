#!/usr/bin/env bash
# The npm package `tinybird-tokens` (crates/tinybird-tokens-wasm + bindings/js), end to end:
#   1. installs what is missing (wasm32 target, the pinned wasm-bindgen CLI, npm packages, Chromium)
#   2. builds the package (cargo -> wasm-bindgen -> wasm-opt -> esbuild + tsc), type-checks it and the
#      TypeScript example with `tsc --strict --noEmit`
#   3. packs it with `npm pack`, installs the tarball into a fresh project under target/, and runs there
#      with `node --test`: the conformance vectors (ESM and CommonJS), API tests, the lean entry
#      `tinybird-tokens/jwt` (its vectors, ESM and CommonJS, and the same results as the full entry), project checks with
#      real @tinybirdco/sdk objects, interop with jose,
#      fast-jwt and @tinybirdco/sdk, the README examples, and the vectors again in headless Chromium;
#      then the same tarball in Deno, Bun, workerd, edge-runtime and Firefox (test/runtimes/run.sh), and
#      built into browser apps by Vite, webpack, Rollup and esbuild and into a Next.js app (both route
#      runtimes) (test/bundlers/run.sh).
#   4. the offline inspector page (inspector/): type-check, single-file build, its tests in headless
#      Chromium, served from 127.0.0.1 and opened from file:// (screenshots in target/inspector-screenshots/).
# Idempotent: every install step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

# Must equal the `wasm-bindgen = "=…"` pin in crates/tinybird-tokens-wasm/Cargo.toml.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' crates/tinybird-tokens-wasm/Cargo.toml)"
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "no wasm-bindgen pin found" >&2; exit 1; }

step() { echo "--- $*"; }

step "tools"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # No --locked: the CLI's lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi
# npm ci only when node_modules was not installed from this package-lock.json: the stamp is a copy of the
# lock file that npm ci last installed (a content check; mtimes change on checkout and copies).
LOCK_STAMP="node_modules/.tinybird-tokens-lock-stamp"
if [ ! -f "$LOCK_STAMP" ] || ! cmp -s package-lock.json "$LOCK_STAMP"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$LOCK_STAMP"
fi

step "build"
node bindings/js/scripts/build.mjs

step "types: tsc --noEmit (package sources, strict) and the usage example (tsc --strict)"
npx --no-install tsc -p bindings/js/tsconfig.json --noEmit
npx --no-install tsc -p bindings/js/examples/tsconfig.json --strict --noEmit

step "npm pack, install into a fresh project"
PACK_DIR="$ROOT/target/js-pack"
TEST_DIR="$ROOT/target/js-pack-test"
rm -rf "$PACK_DIR" "$TEST_DIR"
mkdir -p "$PACK_DIR" "$TEST_DIR"
TARBALL="$(cd bindings/js && npm pack --silent --pack-destination "$PACK_DIR")"
cat > "$TEST_DIR/package.json" <<'EOF'
{ "name": "tinybird-tokens-pack-test", "private": true, "version": "0.0.0" }
EOF
(cd "$TEST_DIR" && npm install --no-audit --no-fund --no-package-lock --silent "$PACK_DIR/$TARBALL")
cp bindings/js/test/*.mjs bindings/js/test/*.cjs "$TEST_DIR/"
# jose, fast-jwt, @tinybirdco/sdk and playwright-core resolve from the workspace's node_modules (an
# ancestor directory); tinybird-tokens itself from the fresh project's own node_modules.

step "node --test (vectors ESM + CommonJS, API, lean entry, verification cache, I/O-buffer vs JSON-text call path, interop, Chromium)"
export TINYBIRD_VECTORS_DIR="$ROOT/tests/vectors"
status=0
(cd "$TEST_DIR" && NODE_OPTIONS=--disable-warning=ExperimentalWarning node --test --test-reporter=spec --test-reporter-destination=stdout \
  vectors.test.mjs vectors.test.cjs input-policy.test.mjs vocabulary.test.mjs api.test.mjs lean.test.mjs project.test.mjs interop.test.mjs readme.test.mjs browser.test.mjs verify-cache.test.mjs callpath.test.mjs \
  > "$TEST_DIR/report.txt" 2>&1) || status=$?
# The spec reporter prints every passing vector case; show the rest (files, failures, summary).
grep -vE '^\s+✔ |^\s*▶ ' "$TEST_DIR/report.txt" || true
# node --test exits non-zero when any test fails, is cancelled or a file does not load.
[ "$status" = 0 ] || { echo "node --test failed (exit $status)"; exit 1; }

step "runtime matrix: the packed tarball in Deno, Bun, workerd, edge-runtime and Firefox"
bash bindings/js/test/runtimes/run.sh "$PACK_DIR/$TARBALL"

step "bundlers: Vite, webpack, Rollup and esbuild apps in Chromium; a Next.js route under next start"
bash bindings/js/test/bundlers/run.sh "$PACK_DIR/$TARBALL"

step "inspector: tsc --noEmit, build the single-file page, node --test in headless Chromium (served and file://)"
npm run test --workspace inspector

echo "=== js: all passed ==="

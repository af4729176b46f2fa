#!/usr/bin/env bash
# The packed tinybird-tokens tarball ($1) in the bundlers and frameworks users build with:
#   - browser.test.mjs: app/ built for production by Vite, webpack, Rollup and esbuild, served from
#     127.0.0.1 and run in headless Chromium (default entry and slim entry + `.wasm` asset);
#   - next.test.mjs: next-app/ (App Router route handlers, Node.js and edge runtimes) built with
#     `next build`, answered by `next start` on 127.0.0.1, its JWTs verified in Node.
# The tools come from this directory's package.json + package-lock.json (exact pins), installed with
# `npm ci` into target/js-bundlers (skipped when that lock is already installed), the tarball on top.
# Run from the repository root by scripts/test-js.sh (TINYBIRD_VECTORS_DIR set, Chromium installed).
set -euo pipefail
TARBALL="${1:?usage: run.sh <absolute path of the packed tinybird-tokens .tgz>}"
[ -f "$TARBALL" ] || { echo "no tarball at $TARBALL" >&2; exit 1; }
: "${TINYBIRD_VECTORS_DIR:?TINYBIRD_VECTORS_DIR must point at tests/vectors}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
WORK="$ROOT/target/js-bundlers"
export NEXT_TELEMETRY_DISABLED=1

echo "--- bundlers: tools (npm ci from bindings/js/test/bundlers/package-lock.json)"
mkdir -p "$WORK"
cp "$HERE/package.json" "$HERE/package-lock.json" "$WORK/"
# The stamp is a copy of the lock npm ci last installed: a content check, as in scripts/test-js.sh.
STAMP="$WORK/node_modules/.bundlers-lock-stamp"
if [ ! -f "$STAMP" ] || ! cmp -s "$WORK/package-lock.json" "$STAMP"; then
  (cd "$WORK" && npm ci --no-audit --no-fund)
  cp "$WORK/package-lock.json" "$STAMP"
fi
# The package itself, as an app installs it (afresh: the tarball changes, its version does not);
# --no-save keeps the pinned tools' lock as it is.
rm -rf "$WORK/node_modules/tinybird-tokens"
(cd "$WORK" && npm install --no-save --no-audit --no-fund --silent "$TARBALL")
echo "installed in ${SECONDS} s"

# Fresh copies of the apps and tests (built output from an earlier tarball must not survive).
rm -rf "$WORK/app" "$WORK/next-app" "$WORK/dist"
cp -r "$HERE/app" "$HERE/next-app" "$WORK/"
cp "$HERE"/*.test.mjs "$HERE/serve.mjs" "$ROOT"/bindings/js/test/{chromium,runner,vectors,same-as-node}.mjs "$WORK/"
cp "$ROOT/bindings/js/test/runner.mjs" "$WORK/app/"

cd "$WORK"
node -e '
  const v = (p) => JSON.parse(require("fs").readFileSync(`node_modules/${p}/package.json`, "utf8")).version;
  console.log(["tinybird-tokens", "vite", "webpack", "webpack-cli", "rollup", "@rollup/plugin-node-resolve",
    "@rollup/plugin-url", "@rollup/plugin-terser", "esbuild", "next", "react", "react-dom", "playwright-core"]
    .map((p) => `${p} ${v(p)}`).join(", "));'
echo "node $(node --version), $(/usr/bin/chromium --version 2>/dev/null || echo "chromium missing")"

echo "--- bundlers: Vite, webpack, Rollup, esbuild apps in Chromium; Next.js routes under next start"
SECONDS=0
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout browser.test.mjs next.test.mjs
echo "=== bundlers: all passed in ${SECONDS} s ==="

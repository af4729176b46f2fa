// The browser app (app/) built for production by Vite, webpack, Rollup and esbuild, each output served
// from 127.0.0.1 and opened in headless Chromium: the default entry (wasm inlined) and the slim entry
// with the `.wasm` as a separate asset. Every page mints, verifies and inspects a JWT and runs all the
// conformance vectors; each result must equal Node's, token bytes included.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import * as api from "tinybird-tokens";
import { chromiumLaunchOptions } from "./chromium.mjs";
import { loadVectors } from "./vectors.mjs";
import { runAll } from "./runner.mjs";
import { assertSameAsNode } from "./same-as-node.mjs";
import { serve } from "./serve.mjs";
import { SMOKE_REQUEST } from "./app/smoke-request.js";

const here = import.meta.dirname;
const appDir = join(here, "app");
const bin = (name) => join(here, "node_modules/.bin", name);
const files = loadVectors();
const nodeVectors = runAll(api, files);
// Test keys of the admin-token form (Tinybird Local's), new on every run.
const key = api.generateLocalTokens().workspaceToken;
const otherKey = api.generateLocalTokens().workspaceToken;
const now = 1_700_000_000;
const summary = [];

// How each bundler builds app/ for production (its config file sits in app/). Vite builds the two HTML
// pages itself; for the others the test writes the host pages that load the bundles.
const BUNDLERS = {
  vite: (out) => [bin("vite"), ["build"], { OUT_DIR: out }],
  webpack: (out) => [bin("webpack"), ["--config", "webpack.config.mjs", "--stats", "errors-warnings"], { OUT_DIR: out }],
  rollup: (out) => [bin("rollup"), ["-c", "rollup.config.mjs", "--silent"], { OUT_DIR: out }],
  esbuild: (out) => [
    bin("esbuild"),
    ["main.js", "slim.js", "--bundle", "--minify", "--format=esm", `--outdir=${out}`, "--loader:.wasm=file", "--log-level=warning"],
    {},
  ],
};

const hostPage = (script) =>
  `<!doctype html><meta charset="utf-8"><title>tinybird-tokens</title><script type="module" src="./${script}"></script>\n`;

const bytesOf = (log, ext, field = "bytes") => log.filter((r) => r.path.endsWith(ext)).reduce((n, r) => n + r[field], 0);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
/** What a page's scripts or modules weigh as served, and gzipped. */
const weight = (log, ext) => `${kb(bytesOf(log, ext))} (${kb(bytesOf(log, ext, "gzip"))} gz)`.padStart(16);

let server;
let browser;
before(async () => {
  server = await serve(files);
  browser = await chromium.launch(chromiumLaunchOptions());
  console.log(`# chromium ${browser.version()}`);
});
after(async () => {
  await browser?.close();
  server?.server.close();
  console.log("# bundler     build | default page: run   js                | slim page: run   js               wasm");
  for (const s of summary) console.log(`# ${s}`);
});

/** Opens one page of the current output and returns its results and what it fetched. */
async function openPage(name) {
  server.state.log = [];
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));
  page.on("console", (m) => m.type() === "error" || m.type() === "warning" ? problems.push(`console.${m.type()}: ${m.text()}`) : null);
  const started = performance.now();
  try {
    await page.goto(`http://127.0.0.1:${server.port}/${name}.html#key=${encodeURIComponent(key)}&otherKey=${encodeURIComponent(otherKey)}&now=${now}`);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 60_000 });
    const results = await page.evaluate(() => window.__results);
    return { results, problems, ms: performance.now() - started, log: server.state.log };
  } finally {
    await page.close();
  }
}

/** The page's results against Node's: the smoke test's token bytes, claims and report, every vector. */
function checkResults(entry, { results, problems, log }) {
  assert.equal(results.failure, undefined, results.failure);
  assert.deepEqual(problems, []);
  assert.equal(results.entry, entry);
  assert.deepEqual(log.filter((r) => r.status !== 200), [], "every request answered");

  const { smoke } = results;
  const nodeToken = api.createJwt({ ...SMOKE_REQUEST, now }, key);
  assert.ok(smoke.token === nodeToken, "the page's JWT differs from Node's");
  assert.deepEqual(smoke.claims, api.verifyJwt(nodeToken, key, { now: now + 60 }).claims);
  assert.equal(smoke.claims.name, "bundled_page");
  assert.deepEqual(smoke.claims.scopes, [{ type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme" } }]);
  assert.equal(smoke.keyIndex, 0);
  assert.equal(smoke.wrongKey, "InvalidSignatureError invalid_signature");
  assert.deepEqual(smoke.inspected, api.inspectToken(nodeToken, { now: now + 60 }));

  assertSameAsNode(results.vectors, nodeVectors, `the ${entry} page`);
}

for (const [name, command] of Object.entries(BUNDLERS)) {
  test(`${name}: production build, default and slim entries in Chromium`, { timeout: 300_000 }, async () => {
    const out = join(here, "dist", name);
    rmSync(out, { recursive: true, force: true });
    const [cmd, args, env] = command(out);
    const started = performance.now();
    execFileSync(cmd, args, { cwd: appDir, env: { ...process.env, ...env }, stdio: "inherit", timeout: 240_000 });
    const buildMs = performance.now() - started;
    if (name !== "vite") {
      writeFileSync(join(out, "index.html"), hostPage("main.js"));
      writeFileSync(join(out, "slim.html"), hostPage("slim.js"));
    }
    server.state.root = out;

    const def = await openPage("index");
    checkResults("default", def);
    // The default entry carries the module inlined: the page fetches no .wasm.
    assert.equal(def.log.filter((r) => r.path.endsWith(".wasm")).length, 0, "the default entry fetched a .wasm");

    const slim = await openPage("slim");
    checkResults("slim", slim);
    // The slim entry loads the module as an asset: exactly one .wasm, served as application/wasm.
    const wasm = slim.log.filter((r) => r.path.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `the slim page fetched ${wasm.length} .wasm files`);
    assert.ok(bytesOf(slim.log, ".js") < wasm[0].bytes, "the slim bundle looks like it inlines the module");

    const emitted = readdirSync(out, { recursive: true }).filter((f) => statSync(join(out, f)).isFile());
    console.log(
      `# ${name}: built in ${(buildMs / 1000).toFixed(1)} s (${emitted.length} files); default page ${def.ms.toFixed(0)} ms, ` +
        `slim page ${slim.ms.toFixed(0)} ms; ${nodeVectors.length} vector cases equal to Node's on both pages`,
    );
    summary.push(
      `${name.padEnd(9)} ${(buildMs / 1000).toFixed(1).padStart(5)} s | ${def.ms.toFixed(0).padStart(15)} ms ${weight(def.log, ".js")}` +
        ` | ${slim.ms.toFixed(0).padStart(12)} ms ${weight(slim.log, ".js")} ${weight(slim.log, ".wasm")}`,
    );
  });
}

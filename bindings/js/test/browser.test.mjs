// The conformance vectors in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// a page served from 127.0.0.1 imports the installed package's browser entry as a plain ES module and
// runs the same adapter (runner.mjs) as Node; every result must equal Node's, case by case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as api from "tinybird-tokens";
import { chromiumLaunchOptions } from "./chromium.mjs";
import { loadVectors } from "./vectors.mjs";
import { runAll } from "./runner.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = dirname(fileURLToPath(import.meta.resolve("tinybird-tokens/package.json")));
const files = loadVectors();

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>tinybird-tokens vectors</title>
<script type="module">
  try {
    const api = await import("/pkg/dist/index.js");
    const slim = await import("/pkg/dist/slim.js");
    // Whether the main thread allowed synchronous compilation (else the entry compiled asynchronously).
    let syncReady = true;
    try { api.parseTtl("1s"); } catch { syncReady = false; }
    await api.ready;
    const { runAll } = await import("/runner.mjs");
    const files = await (await fetch("/vectors.json")).json();
    // The slim entry with the raw module over HTTP (streaming compilation): a custom loader's path.
    await slim.init(fetch("/pkg/dist/tinybird_tokens_wasm_bg.wasm"));
    // The fallback: where synchronous compilation is refused, the entry compiles asynchronously and
    // calls before \`ready\` throw NotInitializedError. Simulated by refusing WebAssembly.Module().
    const SyncModule = WebAssembly.Module;
    WebAssembly.Module = function () { throw new RangeError("synchronous compilation refused"); };
    const late = await import("/pkg/dist/index.js?refuse-sync");
    WebAssembly.Module = SyncModule;
    let before = "no error";
    try { late.parseTtl("1h"); } catch (e) { before = e.name; }
    await late.ready;
    const fallback = { before, after: late.parseTtl("1h") };
    window.__results = {
      fallback,
      main: runAll(api, files),
      slimTtl: slim.parseTtl("2h"),
      syncReady,
      userAgent: navigator.userAgent,
    };
  } catch (e) {
    window.__results = { failure: String(e && e.stack || e) };
  }
</script>`;

/** A static server for the page, the installed package, the runner and the vectors. */
function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let body;
    let type = "text/plain";
    if (url.pathname === "/") [body, type] = [PAGE, TYPES[".html"]];
    else if (url.pathname === "/vectors.json") [body, type] = [JSON.stringify(files), TYPES[".json"]];
    else if (url.pathname === "/runner.mjs") [body, type] = [readFileSync(join(here, "runner.mjs")), TYPES[".mjs"]];
    else if (url.pathname.startsWith("/pkg/")) {
      const path = normalize(join(pkgDir, url.pathname.slice(5)));
      if (path.startsWith(pkgDir)) {
        try {
          [body, type] = [readFileSync(path), TYPES[extname(path)] ?? "application/octet-stream"];
        } catch {}
      }
    }
    if (body === undefined) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("vectors in headless Chromium equal Node's results", { timeout: 180_000 }, async () => {
  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), "tbt-chromium-"));
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 120_000 });
    const results = await page.evaluate(() => window.__results);
    assert.equal(results.failure, undefined, results.failure);
    assert.deepEqual(errors, []);
    assert.equal(results.slimTtl, 7200);
    assert.deepEqual(results.fallback, { before: "NotInitializedError", after: 3600 });

    const node = runAll(api, files);
    const browser = results.main;
    const total = files.reduce((n, f) => n + f.cases.length, 0);
    assert.equal(browser.length, total);
    const failing = browser.filter((r) => r.problem !== null);
    assert.deepEqual(
      failing.map((r) => `${r.file} ${r.id}: ${r.problem}`),
      [],
      "cases failing in Chromium",
    );
    // Identical results, not only passing ones: same values, codes, messages and lines as Node.
    for (let i = 0; i < node.length; i++) {
      assert.equal(browser[i].id, node[i].id);
      assert.deepEqual(browser[i].got, node[i].got, `${node[i].file} ${node[i].id}`);
    }
    console.log(
      `# chromium: ${browser.length} vector cases passed, ready synchronously: ${results.syncReady} (${results.userAgent})`,
    );
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

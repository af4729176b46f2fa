// The page that runs the conformance vectors and the smoke test (smoke.mjs) in a browser, shared by the
// Chromium test (playwright-core, browser.test.mjs) and the Firefox test (puppeteer-core over WebDriver
// BiDi, runtimes/firefox.test.mjs): a static server on 127.0.0.1 for the page, the installed package,
// runner.mjs, smoke.mjs and the vectors, and the checks every browser's results must pass (each case's
// result equal to Node's).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { runAll } from "./runner.mjs";
import { checkSmoke } from "./smoke.mjs";
import { assertSameAsNode } from "./same-as-node.mjs";

const here = dirname(fileURLToPath(import.meta.url));

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
    const { smoke } = await import("/smoke.mjs");
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
      smoke: smoke(api),
      syncReady,
      userAgent: navigator.userAgent,
    };
  } catch (e) {
    window.__results = { failure: String(e && e.stack || e) };
  }
</script>`;

/** Serves the page, the installed package (`pkgDir`, under /pkg/), the runner and `files` (the vectors)
 * on 127.0.0.1; resolves to the listening server. */
export function servePage(pkgDir, files) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let body;
    let type = "text/plain";
    if (url.pathname === "/") [body, type] = [PAGE, TYPES[".html"]];
    else if (url.pathname === "/vectors.json") [body, type] = [JSON.stringify(files), TYPES[".json"]];
    else if (url.pathname === "/runner.mjs" || url.pathname === "/smoke.mjs") {
      [body, type] = [readFileSync(join(here, url.pathname.slice(1))), TYPES[".mjs"]];
    }
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

/** Asserts what the page reported (`window.__results`): no failure or page error, the default entry ready
 * right after import, the slim entry and the
 * async fallback worked, the smoke test gave Node's result, and every vector case passed with the same
 * result as Node's (`api`). Returns the number of cases. */
export function checkPageResults(results, pageErrors, api, files, browser) {
  assert.equal(results.failure, undefined, results.failure);
  assert.deepEqual(pageErrors, []);
  // The main thread allowed synchronous compilation: the entry was usable right after import.
  assert.equal(results.syncReady, true, `${browser}: a call right after import threw`);
  assert.equal(results.slimTtl, 7200);
  assert.deepEqual(results.fallback, { before: "NotInitializedError", after: 3600 });
  checkSmoke(api, results.smoke, browser);

  return assertSameAsNode(results.main, runAll(api, files), browser);
}

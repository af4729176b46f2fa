// Vercel's edge runtime, as its emulator `edge-runtime` (npm, installed by run.sh) runs it: an edge
// function bundled as Next.js bundles one (bundle.mjs: the `edge-light` condition, `.wasm?module`
// imports as precompiled modules handed over as globals) evaluated in an `EdgeRuntime` and asked over
// `dispatchFetch`: /jwt (verified in Node), /vectors (every case compared with Node's) and the smoke
// test. The emulator allows compiling WebAssembly from bytes by default; Vercel's production runtime
// does not, so the function runs with wasm code generation off (`codeGeneration.wasm: false`), as in
// production. The control: the inlined-wasm entry (no `edge-light` condition) cannot load there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { EdgeRuntime } from "edge-runtime";
import { bundleEdgeFunction } from "./bundle.mjs";
import { api, appDir, checkSmoke, checkVectors, timed } from "./compare.mjs";
import { smokeKey } from "../smoke.mjs";
import { LEAN_FILES } from "../runner.mjs";

const version = createRequire(import.meta.url)("edge-runtime/package.json").version;
const outDir = join(appDir, "edge");
mkdirSync(outDir, { recursive: true });
const entry = join(appDir, "test/runtimes/edge-function.mjs");
const slimEntry = join(appDir, "test/runtimes/edge-function-slim.mjs");
const jwtEntry = join(appDir, "test/runtimes/edge-function-jwt.mjs");

/** An EdgeRuntime running `script`, wasm code generation off, the bindings compiled by the "platform"
 * (Node's realm) and handed over untouched, as Next.js does. */
function edgeRuntime({ script, bindings }) {
  const runtime = new EdgeRuntime({ codeGeneration: { strings: false, wasm: false } });
  runtime.context.TINYBIRD_ADMIN_TOKEN = smokeKey(api);
  for (const [name, file] of Object.entries(bindings)) {
    runtime.context[name] = new WebAssembly.Module(readFileSync(file));
  }
  // What the function sees is a foreign-realm module, or the test would not exercise adoption.
  for (const name of Object.keys(bindings)) {
    assert.equal(runtime.evaluate(`globalThis[${JSON.stringify(name)}] instanceof WebAssembly.Module`), false);
  }
  runtime.evaluate(script);
  return runtime;
}

const get = async (runtime, path) => {
  const res = await runtime.dispatchFetch(`http://edge.test${path}`);
  await res.waitUntil();
  assert.equal(res.status, 200, `${path}: HTTP ${res.status}`);
  return res;
};

const FUNCTIONS = {
  "edge-light entry": { entry, out: "edge-light.js" },
  "slim entry + .wasm?module": { entry: slimEntry, out: "slim.js" },
  // The lean entry, `tinybird-tokens/jwt`: its edge-light bundle and the lean .wasm; its vectors only.
  "tinybird-tokens/jwt edge-light entry": { entry: jwtEntry, out: "jwt.js", lean: true },
};

for (const [label, fn] of Object.entries(FUNCTIONS)) {
  test(`edge-runtime (${label}, no wasm code generation): JWT, vectors, smoke`, { timeout: 180_000 }, async () => {
    const bundle = await bundleEdgeFunction(fn.entry, join(outDir, fn.out));
    assert.equal(Object.keys(bundle.bindings).length, 1, "one precompiled .wasm binding");
    const wasmFile = Object.values(bundle.bindings)[0];
    assert.match(wasmFile, fn.lean ? /tinybird_tokens_lean_bg\.wasm$/ : /tinybird_tokens_wasm_bg\.wasm$/);
    const [runtime, startSeconds] = await timed(async () => edgeRuntime(bundle));
    assert.deepEqual(await (await get(runtime, "/ready")).json(), { ready: true });

    const token = await (await get(runtime, "/jwt")).text();
    const { claims } = api.verifyJwt(token, smokeKey(api));
    assert.equal(claims.name, "edge_minted");
    assert.ok(claims.exp > Date.now() / 1000, "the edge function's JWT has expired already");

    const [out, seconds] = await timed(async () => (await get(runtime, "/vectors")).json());
    const passed = checkVectors(out.results, "edge-runtime", fn.lean ? LEAN_FILES : undefined);
    checkSmoke(out.smoke, "edge-runtime");
    console.log(
      `# edge-runtime ${version} (${label}, wasm code generation off): ${passed} vector cases passed, ` +
        `smoke ok, JWT verified in Node; startup ${startSeconds.toFixed(1)} s, vectors ${seconds.toFixed(1)} s`,
    );
  });
}

test("edge-runtime, control: the inlined-wasm entry cannot load without wasm code generation", async () => {
  const bundle = await bundleEdgeFunction(entry, join(outDir, "inline.js"), ["worker", "browser"]);
  assert.deepEqual(bundle.bindings, {});
  const ready = await (await get(edgeRuntime(bundle), "/ready")).json();
  assert.equal(ready.ready, false, "compiled WebAssembly from bytes with code generation off");
  // The refusal itself, not any other failure to load.
  assert.match(ready.error, /^CompileError: .*Wasm code generation disallowed/);
  console.log(`# edge-runtime refuses the inlined-wasm entry there, as expected (${ready.error})`);
});

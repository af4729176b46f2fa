// Cloudflare's runtime: workerd (WORKERD_BIN, npm `workerd`, installed by run.sh) serving real Workers on
// 127.0.0.1 from a capnp config written here. One Worker is bundled by wrangler itself (wrangler.mjs:
// `wrangler deploy --dry-run`), the others as wrangler bundles (bundle.mjs: esbuild with wrangler's
// conditions and its rule for .wasm imports, so the variants below can be built). Each answers HTTP: /jwt mints a JWT in the Worker (Node verifies it), /vectors runs every conformance
// vector (embedded in the bundle, as wrangler embeds an imported JSON file) and the smoke test, compared
// case by case with Node's.
// workerd never compiles WebAssembly from bytes while handling a request; at startup (module
// evaluation) it does from compatibility date 2025-06-01 on (flag `allow_eval_during_startup`), not
// before. So the Workers, each with its compatibility date:
//   wrangler     `import * from "tinybird-tokens"`, bundled by wrangler
//   slim         `tinybird-tokens/slim` + `tinybird-tokens/tinybird_tokens.wasm` as a module, initSync
//   default      `import * from "tinybird-tokens"` with wrangler's conditions: the `workerd` entry
//   default-2025 the same with a date before 2025-06-01: needs no compilation from bytes at all
//   inline       the import without the `workerd` condition (the default entry, .wasm inlined and
//                compiled at startup): loads with a current date
//   inline-2025  the same before 2025-06-01: cannot load, the control that shows the restriction is real
//   jwt          `import * from "tinybird-tokens/jwt"` (the lean entry) with wrangler's conditions: its
//                `workerd` entry, uploading the lean .wasm; runs the lean entry's vectors
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { bundleWorker } from "./bundle.mjs";
import { bundleWithWrangler, wranglerVersion } from "./wrangler.mjs";
import { api, appDir, checkSmoke, checkVectors, timed } from "./compare.mjs";
import { smokeKey } from "../smoke.mjs";
import { LEAN_FILES } from "../runner.mjs";

const workerd = process.env.WORKERD_BIN;
const here = join(appDir, "test/runtimes");
const outDir = join(appDir, "workerd");
// A date this workerd supports (it refuses dates after its own release), and one before
// `allow_eval_during_startup` became the default.
const CURRENT = "2026-11-01";
const BEFORE_STARTUP_EVAL = "2025-05-31";
const INLINE = ["worker", "browser"];
// `wasm`: how many .wasm modules the bundle must upload (the inlined entry carries its module as bytes).
const WORKERS = {
  wrangler: { entry: "worker-default.mjs", date: CURRENT, wasm: 1, wrangler: true },
  slim: { entry: "worker-slim.mjs", date: CURRENT, wasm: 1 },
  default: { entry: "worker-default.mjs", date: CURRENT, wasm: 1 },
  "default-2025": { entry: "worker-default.mjs", date: BEFORE_STARTUP_EVAL, wasm: 1 },
  inline: { entry: "worker-default.mjs", date: CURRENT, conditions: INLINE, wasm: 0 },
  "inline-2025": { entry: "worker-default.mjs", date: BEFORE_STARTUP_EVAL, conditions: INLINE, wasm: 0 },
  jwt: { entry: "worker-jwt.mjs", date: CURRENT, wasm: 1 },
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let server;
let log = "";
const ports = {};
const wasmModules = {};
let leanUpload;
let version;
let startSeconds;

async function waitUntilServing(port, deadline) {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      if (res.status === 200) return;
    } catch {}
    if (server.exitCode !== null) throw new Error(`workerd exited (${server.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`workerd did not answer on ${port}:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  if (!workerd) throw new Error("WORKERD_BIN is not set (run.sh installs workerd)");
  version = `${execFileSync(workerd, ["--version"]).toString().trim()}, wrangler ${wranglerVersion()}`;
  rmSync(outDir, { recursive: true, force: true });
  let services = "";
  let sockets = "";
  let workers = "";
  const adminToken = smokeKey(api);
  for (const [name, { entry, date, conditions, wrangler }] of Object.entries(WORKERS)) {
    const id = name.replace("-", ""); // capnp names are camelCase
    const dir = join(outDir, name);
    mkdirSync(dir, { recursive: true });
    const wasm = wrangler
      ? bundleWithWrangler(join(here, entry), dir, date)
      : await bundleWorker(join(here, entry), dir, conditions);
    wasmModules[name] = wasm.length;
    if (name === "jwt") leanUpload = wasm[0];
    ports[name] = await freePort();
    services += `    (name = "${name}", worker = .${id}Worker),\n`;
    sockets += `    (name = "${name}", address = "127.0.0.1:${ports[name]}", http = (), service = "${name}"),\n`;
    const modules = [`(name = "worker.js", esModule = embed "${name}/worker.js")`].concat(
      wasm.map((m) => `(name = "${m}", wasm = embed "${name}/${m}")`),
    );
    workers += `const ${id}Worker :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")},
  ],
  bindings = [(name = "TINYBIRD_ADMIN_TOKEN", text = ${JSON.stringify(adminToken)})],
  compatibilityDate = "${date}",
);
`;
  }
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${services}  ],
  sockets = [
${sockets}  ],
);

${workers}`;
  writeFileSync(join(outDir, "config.capnp"), config);
  const started = performance.now();
  server = spawn(workerd, ["serve", join(outDir, "config.capnp")], { stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 60_000;
  for (const port of Object.values(ports)) await waitUntilServing(port, deadline);
  startSeconds = (performance.now() - started) / 1000;
});

after(() => {
  server?.kill();
});

const get = async (worker, path) => {
  const res = await fetch(`http://127.0.0.1:${ports[worker]}${path}`);
  assert.equal(res.status, 200, `${worker} ${path}: HTTP ${res.status}`);
  return res;
};

/** Asks a Worker for a JWT and verifies it in Node. */
async function mintedJwtVerifies(worker) {
  assert.deepEqual(await (await get(worker, "/ready")).json(), { ready: true });
  const token = await (await get(worker, "/jwt")).text();
  const { claims } = api.verifyJwt(token, smokeKey(api));
  assert.equal(claims.name, "edge_minted");
  assert.deepEqual(claims.scopes, [
    { type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme" } },
  ]);
  assert.ok(claims.exp > Date.now() / 1000, "the Worker's JWT has expired already");
}

test("workerd: each Worker's bundle uploads the .wasm modules its entry imports", () => {
  const expected = Object.fromEntries(Object.entries(WORKERS).map(([name, w]) => [name, w.wasm]));
  assert.deepEqual(wasmModules, expected);
  assert.match(leanUpload, /-tinybird_tokens_lean_bg\.wasm$/, "the lean Worker uploads the lean module");
});

for (const worker of ["wrangler", "slim", "default", "jwt"]) {
  const only = worker === "jwt" ? LEAN_FILES : undefined;
  test(`workerd, ${worker} Worker: a JWT minted in the Worker verifies in Node`, () => mintedJwtVerifies(worker));

  test(`workerd, ${worker} Worker: vectors equal Node's, smoke test`, { timeout: 180_000 }, async () => {
    const [out, seconds] = await timed(async () => (await get(worker, "/vectors")).json());
    const passed = checkVectors(out.results, `workerd ${worker}`, only);
    checkSmoke(out.smoke, `workerd ${worker}`);
    console.log(
      `# ${version} (${worker} Worker): ${passed} vector cases passed, smoke ok, JWT verified in Node; ` +
        `startup ${startSeconds.toFixed(1)} s, vectors ${seconds.toFixed(1)} s`,
    );
  });
}

test(`workerd, default Worker dated ${BEFORE_STARTUP_EVAL}: the workerd entry compiles nothing from bytes`, () =>
  mintedJwtVerifies("default-2025"));

test("workerd, inline Worker (no workerd condition): the inlined entry compiles at startup", () =>
  mintedJwtVerifies("inline"));

test(`workerd, control: the inlined entry cannot load in a Worker dated ${BEFORE_STARTUP_EVAL}`, async () => {
  const ready = await (await get("inline-2025", "/ready")).json();
  assert.equal(ready.ready, false, "workerd compiled WebAssembly from bytes before allow_eval_during_startup");
  // The refusal itself, not any other failure to load.
  assert.match(ready.error, /^CompileError: .*Wasm code generation disallowed/);
  console.log(`# workerd dated ${BEFORE_STARTUP_EVAL} refuses the inlined entry, as expected (${ready.error})`);
});

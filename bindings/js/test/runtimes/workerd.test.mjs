// Cloudflare's runtime: workerd (WORKERD_BIN, npm `workerd`, installed by run.sh) serving real Workers on
// 127.0.0.1 from a capnp config written here. Each Worker is bundled as wrangler bundles it (bundle.mjs)
// and answers HTTP: /jwt mints a JWT in the Worker (Node verifies it), /vectors runs every conformance
// vector (embedded in the bundle, as wrangler embeds an imported JSON file) and the smoke test, compared
// case by case with Node's. Workers:
//   slim     `tinybird-tokens/slim` + `tinybird-tokens/tinybird_tokens.wasm` as a module, initSync
//   default  `import * from "tinybird-tokens"` resolved with wrangler's conditions (the `workerd` entry)
//   inline   the same import without the `workerd` condition: the default entry with the .wasm inlined;
//            the control that shows why the condition exists (workerd refuses to compile bytes)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { bundleWorker } from "./bundle.mjs";
import { api, appDir, checkSmoke, checkVectors, timed } from "./compare.mjs";
import { SMOKE_KEY } from "./smoke.mjs";

const workerd = process.env.WORKERD_BIN;
const here = join(appDir, "test/runtimes");
const outDir = join(appDir, "workerd");
// A date this workerd supports (it refuses dates after its own release).
const COMPATIBILITY_DATE = "2026-11-01";
const WORKERS = {
  slim: { entry: "worker-slim.mjs", conditions: undefined },
  default: { entry: "worker-default.mjs", conditions: undefined },
  inline: { entry: "worker-default.mjs", conditions: ["worker", "browser"] },
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
  version = execFileSync(workerd, ["--version"]).toString().trim();
  rmSync(outDir, { recursive: true, force: true });
  let services = "";
  let sockets = "";
  let workers = "";
  for (const [name, { entry, conditions }] of Object.entries(WORKERS)) {
    const dir = join(outDir, name);
    mkdirSync(dir, { recursive: true });
    const wasm = await bundleWorker(join(here, entry), dir, conditions);
    ports[name] = await freePort();
    services += `    (name = "${name}", worker = .${name}Worker),\n`;
    sockets += `    (name = "${name}", address = "127.0.0.1:${ports[name]}", http = (), service = "${name}"),\n`;
    const modules = [`(name = "worker.js", esModule = embed "${name}/worker.js")`].concat(
      wasm.map((m) => `(name = "${m}", wasm = embed "${name}/${m}")`),
    );
    workers += `const ${name}Worker :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")},
  ],
  bindings = [(name = "TINYBIRD_ADMIN_TOKEN", text = ${JSON.stringify(SMOKE_KEY)})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
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

for (const worker of ["slim", "default"]) {
  test(`workerd, ${worker} Worker: a JWT minted in the Worker verifies in Node`, async () => {
    assert.deepEqual(await (await get(worker, "/ready")).json(), { ready: true });
    const token = await (await get(worker, "/jwt")).text();
    const { claims } = api.verifyJwt(token, SMOKE_KEY);
    assert.equal(claims.name, "edge_minted");
    assert.deepEqual(claims.scopes, [
      { type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme" } },
    ]);
    assert.ok(claims.exp > Date.now() / 1000, "the Worker's JWT has expired already");
  });

  test(`workerd, ${worker} Worker: vectors equal Node's, smoke test`, { timeout: 180_000 }, async () => {
    const [out, seconds] = await timed(async () => (await get(worker, "/vectors")).json());
    const passed = checkVectors(out.results, `workerd ${worker}`);
    checkSmoke(out.smoke, `workerd ${worker}`);
    console.log(
      `# ${version} (${worker} Worker): ${passed} vector cases passed, smoke ok, JWT verified in Node; ` +
        `startup ${startSeconds.toFixed(1)} s, vectors ${seconds.toFixed(1)} s`,
    );
  });
}

test("workerd, control: the inlined-wasm entry cannot load in a Worker", async () => {
  const ready = await (await get("inline", "/ready")).json();
  assert.equal(ready.ready, false, "workerd compiled WebAssembly from bytes: is the workerd condition still needed?");
  console.log(`# workerd refuses the inlined-wasm entry, as expected (${ready.error})`);
});

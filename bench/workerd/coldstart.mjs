// Cold start in workerd (Cloudflare's runtime): time from spawning `workerd serve` to the first HTTP
// response of a Worker that mints a JWT, for tinybird-tokens (`import { createJwt } from
// "tinybird-tokens"` bundled with wrangler's conditions: the `workerd` entry, the .wasm as a module)
// against jose (SignJWT on WebCrypto) and a Worker that answers "ok"
// without minting anything (workerd's own start). Fresh processes, interleaved run by run in a rotating
// order; medians per run, ratios as the median and range over the runs. Not a test.
//
//   node bench/workerd/coldstart.mjs [--runs 3] [--rounds 20] [--json out.json]
//
// workerd comes from this directory's package.json + package-lock.json (exact pin), installed with
// `npm ci` into target/bench-workerd; the Workers are bundled with the workspace's esbuild.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import * as tt from "tinybird-tokens";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg("--runs", 3));
const ROUNDS = Number(arg("--rounds", 20));

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const work = join(root, "target/bench-workerd");

// npm ci only when the installed tree did not come from this lock file.
mkdirSync(work, { recursive: true });
const lock = readFileSync(join(here, "package-lock.json"));
const stamp = join(work, "node_modules/.lock-stamp");
if (!existsSync(stamp) || !readFileSync(stamp).equals(lock)) {
  copyFileSync(join(here, "package.json"), join(work, "package.json"));
  copyFileSync(join(here, "package-lock.json"), join(work, "package-lock.json"));
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: work, stdio: "inherit" });
  writeFileSync(stamp, lock);
}
const WORKERD = join(work, "node_modules/.bin/workerd");
const version = execFileSync(WORKERD, ["--version"], { encoding: "utf8" }).trim();

const KEY = "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";
const REQUEST = {
  workspaceId: "11111111-2222-3333-4444-555555555555",
  name: "tenant_42",
  expiresAt: 2_000_000_000,
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme", plan: "pro" } }],
  limits: { rps: 10 },
};
const TOKEN = tt.createJwt(REQUEST, KEY);
const PAYLOAD = tt.decodeJwt(TOKEN).claims;
const consts = `const KEY = ${JSON.stringify(KEY)};\nconst REQUEST = ${JSON.stringify(REQUEST)};\n` +
  `const PAYLOAD = ${JSON.stringify(PAYLOAD)};\n`;

// name -> [Worker source, extra modules (name, file) beside it, the body the first response must have]
const WASM = fileURLToPath(import.meta.resolve("tinybird-tokens/wasm"));
const WORKERS = {
  "workerd (ok, no JWT)": [`export default { fetch() { return new Response("ok"); } };`, [], "ok"],
  // The workerd entry's own `import ... from "./tinybird_tokens_wasm_bg.wasm"` stays external (below).
  "ours (workerd entry)": [
    `import { createJwt } from "tinybird-tokens";
${consts}export default { fetch() { return new Response(createJwt(REQUEST, KEY)); } };`,
    [["tinybird_tokens_wasm_bg.wasm", WASM]],
    TOKEN,
  ],
  "jose (SignJWT)": [
    `import { SignJWT } from "jose";
${consts}const key = new TextEncoder().encode(KEY);
export default {
  async fetch() {
    const jwt = await new SignJWT(PAYLOAD).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
    return new Response(jwt);
  },
};`,
    [],
    TOKEN,
  ],
};
const NAMES = Object.keys(WORKERS);

// One directory per Worker: the bundle (as wrangler would make it), its modules and the config.
const configs = {};
for (const [i, name] of NAMES.entries()) {
  const dir = join(work, `worker-${i}`);
  mkdirSync(dir, { recursive: true });
  const [source, modules] = WORKERS[name];
  writeFileSync(join(dir, "src.js"), source);
  await build({
    entryPoints: [join(dir, "src.js")],
    outfile: join(dir, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    nodePaths: [join(root, "node_modules")],
    external: ["*.wasm"],
    logLevel: "warning",
  });
  const extra = modules.map(([m, file]) => {
    copyFileSync(file, join(dir, m));
    return `, (name = "${m}", wasm = embed "${m}")`;
  });
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")${extra.join("")}],
  compatibilityDate = "2025-09-01",
);
`,
  );
  configs[name] = join(dir, "config.capnp");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function get(port) {
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => ok(body));
    });
    req.on("error", fail);
    req.end();
  });
}

// CPU ms workerd's live threads have run (Linux schedstat, ns): less disturbed by other processes on a
// loaded machine than the wall time.
function cpuMs(pid) {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
  }
  return ns / 1e6;
}

let nextPort = 20_000 + (process.pid % 20_000);
// One cold start: ms from spawn to the end of the first response (connections are retried every ms
// until workerd listens, so the figure is up to ~1 ms late), and workerd's CPU ms by then.
async function sample(name) {
  const port = nextPort;
  nextPort = nextPort >= 45_000 ? 20_000 : nextPort + 1;
  const start = process.hrtime.bigint();
  const child = spawn(WORKERD, ["serve", configs[name], "--socket-addr", `http=127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const exited = new Promise((r) => child.on("exit", r));
  let body;
  for (;;) {
    try {
      body = await get(port);
      break;
    } catch (e) {
      if (e.code !== "ECONNREFUSED" || child.exitCode !== null) {
        throw new Error(`${name}: ${e.message}\n${stderr}`);
      }
      await sleep(1);
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = cpuMs(child.pid);
  child.kill("SIGKILL");
  await exited;
  if (body !== WORKERS[name][2]) throw new Error(`${name}: unexpected response ${body.slice(0, 80)}`);
  return { ms, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
async function oneRun() {
  for (const name of NAMES) await sample(name); // warm-up
  const samples = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < NAMES.length; k++) {
      const name = NAMES[(k + r) % NAMES.length];
      samples[name].push(await sample(name));
    }
  }
  return Object.fromEntries(
    NAMES.map((n) => [n, { ms: median(samples[n].map((s) => s.ms)), cpu: median(samples[n].map((s) => s.cpu)) }]),
  );
}

const f2 = (x) => x.toFixed(2);
console.log(`${version}; ${RUNS} runs x ${ROUNDS} processes per Worker; load ${loadavg()[0].toFixed(1)}`);
const runs = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(await oneRun());
  console.log(`  run ${i + 1}/${RUNS} done, load ${loadavg()[0].toFixed(1)}`);
}
const base = "workerd (ok, no JWT)";
const ours = "ours (workerd entry)";
const jose = "jose (SignJWT)";
const range = (xs) => `${f2(median(xs))} (${f2(Math.min(...xs))}-${f2(Math.max(...xs))})`;
for (const [key, what] of [["ms", "wall, spawn to first response"], ["cpu", "workerd CPU to first response"]]) {
  console.log(`\n${what}: median ms over the runs; ratios as median (range over the runs)\n`);
  console.log("| Worker | ms | minus the ok Worker | × ok Worker | × jose |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const name of NAMES) {
    const ms = median(runs.map((r) => r[name][key]));
    const extra = median(runs.map((r) => r[name][key] - r[base][key]));
    const xBase = range(runs.map((r) => r[name][key] / r[base][key]));
    const xJose = range(runs.map((r) => r[name][key] / r[jose][key]));
    console.log(`| ${name} | ${f2(ms)} | ${f2(extra)} | ${xBase} | ${xJose} |`);
  }
  const extras = runs.map((r) => (r[ours][key] - r[base][key]) / (r[jose][key] - r[base][key]));
  console.log(`\nabove the ok Worker, ours / jose: ${range(extras)}`);
}
const out = arg("--json");
if (out) writeFileSync(out, JSON.stringify({ workerd: version, runs }, null, 2));

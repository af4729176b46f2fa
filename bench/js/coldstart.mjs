// Cold start in Node: a fresh process loads tinybird-tokens (module, base64-inlined wasm, compile,
// instantiate) and makes its first createJwt / verifyJwt, against jose (SignJWT / jwtVerify), fast-jwt
// (createSigner / createVerifier) and jsonwebtoken. Every sample is a new `node coldstart-child.mjs`
// process; contenders are interleaved sample by sample in a rotating order, so the machine's load falls
// on all of them alike. Measures per sample (METRICS below):
//   - load + first call: wall and CPU ms from the child's dynamic import() to the result (in-process);
//   - since process start: wall ms from performance.timeOrigin, CPU ms of the whole process so far;
//   - wall - empty: spawn to exit as the parent sees it, minus an empty `node` process's median.
// Each run reports medians; --runs repeats the whole measurement and the ratios are given as the median
// and range over the runs. Not a test: `npm run coldstart --workspace tinybird-tokens-bench`.
//
//   node bench/js/coldstart.mjs [--runs 3] [--rounds 20] [--only contender,...] [--json out.json]
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createSigner } from "fast-jwt";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import * as tt from "tinybird-tokens";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg("--runs", 3));
const ROUNDS = Number(arg("--rounds", 20));
const CHILD = fileURLToPath(new URL("coldstart-child.mjs", import.meta.url));

// A real static token (tb's format, short ids), so that createJwt accepts it as the admin token.
const KEY = "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";
const REQUEST = {
  workspaceId: "11111111-2222-3333-4444-555555555555",
  name: "tenant_42",
  expiresAt: 2_000_000_000, // far ahead: jose, fast-jwt and jsonwebtoken read the clock
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme", plan: "pro" } }],
  limits: { rps: 10 },
};
const TOKEN = tt.createJwt(REQUEST, KEY);
const PAYLOAD = tt.decodeJwt(TOKEN).claims;

// Every library makes (or accepts) the same token, so the first calls do the same work.
const same = {
  "fast-jwt": createSigner({ key: KEY, algorithm: "HS256", noTimestamp: true })(PAYLOAD),
  jsonwebtoken: jsonwebtoken.sign(PAYLOAD, KEY, { algorithm: "HS256", noTimestamp: true }),
  jose: await new jose.SignJWT(PAYLOAD).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(Buffer.from(KEY)),
};
for (const [lib, t] of Object.entries(same)) {
  if (t !== TOKEN) throw new Error(`${lib} signs a different token than createJwt`);
}

// contender -> what its `out` must be (a token, a claim's value, or nothing).
const EXPECT = {
  "node (empty)": "",
  "ours import": "",
  "ours createJwt": TOKEN,
  "ours verifyJwt": REQUEST.name,
  "ours steps": TOKEN,
  "jose import": "",
  "jose SignJWT": TOKEN,
  "jose jwtVerify": REQUEST.name,
  "fast-jwt createSigner": TOKEN,
  "fast-jwt createVerifier": REQUEST.name,
  "jsonwebtoken sign": TOKEN,
  "jsonwebtoken verify": REQUEST.name,
};
// --only a,b: a subset of the contenders (the empty process is always run, as the baseline).
const only = arg("--only", "").split(",").filter(Boolean);
const NAMES = Object.keys(EXPECT).filter((n) => !only.length || n === "node (empty)" || only.includes(n));
// [ours, theirs] pairs the ratios are reported for.
const PAIRS = [
  ["ours import", "jose import"],
  ["ours createJwt", "jose SignJWT"],
  ["ours createJwt", "fast-jwt createSigner"],
  ["ours createJwt", "jsonwebtoken sign"],
  ["ours verifyJwt", "jose jwtVerify"],
  ["ours verifyJwt", "fast-jwt createVerifier"],
  ["ours verifyJwt", "jsonwebtoken verify"],
];

// What each sample yields; the ratios use RATIO_METRICS. CPU times (all threads) are less disturbed
// by other processes on a loaded machine than any wall time.
const METRICS = {
  script: "load + first call, wall",
  cpu: "load + first call, CPU",
  end: "wall since process start",
  cpuTotal: "CPU since process start",
  wall: "wall, spawn to exit",
  wallMinusEmpty: "wall - empty node",
};
const RATIO_METRICS = ["script", "cpu", "cpuTotal", "wallMinusEmpty"];

const env = { ...process.env };
delete env.NODE_OPTIONS;
function sample(name) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CHILD, name, KEY, TOKEN, JSON.stringify(REQUEST)], {
    encoding: "utf8",
    env,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
  const res = JSON.parse(r.stdout);
  if (res.out !== EXPECT[name]) throw new Error(`${name}: unexpected result`);
  return { wall, ...res };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function oneRun() {
  for (const name of NAMES) sample(name); // warm-up: files in the page cache
  const samples = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < NAMES.length; k++) {
      const name = NAMES[(k + r) % NAMES.length];
      samples[name].push(sample(name));
    }
  }
  const emptyWall = median(samples["node (empty)"].map((s) => s.wall));
  const result = {};
  for (const name of NAMES) {
    const ss = samples[name];
    const phases = {};
    for (const p of Object.keys(ss[0].phases)) {
      phases[p] = [0, 1].map((i) => median(ss.map((s) => s.phases[p][i])));
    }
    result[name] = {
      script: median(ss.map((s) => s.script)),
      cpu: median(ss.map((s) => s.cpu)),
      cpuTotal: median(ss.map((s) => s.cpuTotal)),
      end: median(ss.map((s) => s.end)),
      wall: median(ss.map((s) => s.wall)),
      wallMinusEmpty: median(ss.map((s) => s.wall)) - emptyWall,
      phases,
    };
  }
  return result;
}

const f2 = (x) => x.toFixed(2);
console.log(
  `node ${process.version}; ${RUNS} runs x ${ROUNDS} processes per contender; load ${loadavg()[0].toFixed(1)}`,
);
const runs = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(oneRun());
  console.log(`  run ${i + 1}/${RUNS} done, load ${loadavg()[0].toFixed(1)}`);
}
const across = (name, key) => median(runs.map((run) => run[name][key]));

console.log("\nmedian ms (median over the runs)\n");
console.log(`| contender | ${Object.values(METRICS).join(" | ")} |`);
console.log(`| --- |${" ---: |".repeat(Object.keys(METRICS).length)}`);
for (const name of NAMES) {
  const c = Object.keys(METRICS).map((k) => f2(across(name, k)));
  console.log(`| ${name} | ${c.join(" | ")} |`);
}

console.log("\nratios ours / theirs: median of the runs' ratios (range over the runs)\n");
console.log(`| ours | theirs | ${RATIO_METRICS.map((k) => METRICS[k]).join(" | ")} |`);
console.log(`| --- | --- |${" ---: |".repeat(RATIO_METRICS.length)}`);
for (const [ours, theirs] of PAIRS.filter((p) => p.every((n) => NAMES.includes(n)))) {
  const cells = RATIO_METRICS.map((k) => {
    const rs = runs.map((run) => run[ours][k] / run[theirs][k]);
    return `${f2(median(rs))} (${f2(Math.min(...rs))}-${f2(Math.max(...rs))})`;
  });
  console.log(`| ${ours} | ${theirs} | ${cells.join(" | ")} |`);
}

if (NAMES.includes("ours steps")) {
  console.log("\nours, step by step (the slim entry; median ms over the runs)\n");
  console.log("| step | wall | CPU |\n| --- | ---: | ---: |");
  for (const p of Object.keys(runs[0]["ours steps"].phases)) {
    const [wall, cpu] = [0, 1].map((i) => median(runs.map((run) => run["ours steps"].phases[p][i])));
    console.log(`| ${p} | ${f2(wall)} | ${f2(cpu)} |`);
  }
}
const indexJs = readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens")));
const wasm = readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens/wasm")));
console.log(`\ndist/index.js ${indexJs.length} bytes (wasm inlined as base64), .wasm ${wasm.length} bytes`);

const out = arg("--json");
if (out) writeFileSync(out, JSON.stringify({ node: process.version, runs }, null, 2));

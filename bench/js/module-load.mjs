// Compile + instantiate of the package's two WebAssembly modules in Node: the full one (`tinybird-tokens`)
// and the lean one (`tinybird-tokens/jwt`). Every sample is a fresh `node` process (this file with
// `--child`), so no compiled code is cached; the two modules are interleaved sample by sample in a
// rotating order, so the machine's load falls on both alike. A child reads the .wasm bytes (not timed),
// then times, by mode:
//   - sync:   `new WebAssembly.Module(bytes)`, then `new WebAssembly.Instance(module, imports)`;
//   - async:  `await WebAssembly.compile(bytes)`, then `await WebAssembly.instantiate(module, imports)`;
//   - entry:  `await import(entry)` (base64 decode, compile, instantiate, wasm-bindgen's start) and a
//             first decodeJwt, the whole cost a user pays.
// The imports of sync/async are no-op functions: wasm-bindgen's glue runs nothing at instantiation
// (its start is an export the glue calls afterwards), so this is the engine's own cost.
// Reports medians (ms) per module and the lean/full ratios. Not a test:
//
//   node bench/js/module-load.mjs [--rounds 40] [--json out.json]
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const MODULES = {
  full: { wasm: "tinybird-tokens/wasm", entry: "tinybird-tokens" },
  lean: { wasm: "tinybird-tokens/jwt.wasm", entry: "tinybird-tokens/jwt" },
};
const MODES = ["sync", "async", "entry"];
const TOKEN =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiZXhwIjoxMDB9.8Lb3Pa9lYQ0dx-ZhrbCr6UvT0ECVhZ1wOvKMKgFGkwU";

if (process.argv[2] === "--child") {
  const [which, mode] = process.argv.slice(3);
  const m = MODULES[which];
  const out = {};
  if (mode === "entry") {
    const t0 = performance.now();
    const api = await import(m.entry);
    api.decodeJwt(TOKEN);
    out.total = performance.now() - t0;
  } else {
    const bytes = readFileSync(fileURLToPath(import.meta.resolve(m.wasm)));
    const t0 = performance.now();
    const module = mode === "sync" ? new WebAssembly.Module(bytes) : await WebAssembly.compile(bytes);
    const t1 = performance.now();
    const imports = {};
    for (const i of WebAssembly.Module.imports(module)) {
      if (i.kind !== "function") throw new Error(`unexpected import kind ${i.kind}`);
      (imports[i.module] ??= {})[i.name] = () => undefined;
    }
    const t2 = performance.now();
    if (mode === "sync") new WebAssembly.Instance(module, imports);
    else await WebAssembly.instantiate(module, imports);
    const t3 = performance.now();
    Object.assign(out, { compile: t1 - t0, instantiate: t3 - t2, total: t1 - t0 + (t3 - t2) });
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const ROUNDS = Number(arg("--rounds", 40));
const self = fileURLToPath(import.meta.url);
const env = { ...process.env };
delete env.NODE_OPTIONS;

function sample(which, mode) {
  const r = spawnSync(process.execPath, [self, "--child", which, mode], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${which} ${mode}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const contenders = MODES.flatMap((mode) => Object.keys(MODULES).map((which) => [which, mode]));
const samples = new Map(contenders.map((c) => [c.join(" "), []]));
for (const [which, mode] of contenders) sample(which, mode); // warm-up: files in the page cache
const load0 = loadavg()[0];
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < contenders.length; k++) {
    const [which, mode] = contenders[(k + r) % contenders.length];
    samples.get(`${which} ${mode}`).push(sample(which, mode));
  }
}

const sizes = Object.fromEntries(
  Object.entries(MODULES).map(([k, m]) => [k, readFileSync(fileURLToPath(import.meta.resolve(m.wasm))).length]),
);
const result = { node: process.version, rounds: ROUNDS, loadavg: [load0, loadavg()[0]], sizes, medians: {}, ratios: {} };
console.log(`node ${process.version}, ${ROUNDS} fresh processes per row, load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
console.log(`.wasm bytes: full ${sizes.full}, lean ${sizes.lean}`);
for (const mode of MODES) {
  for (const metric of mode === "entry" ? ["total"] : ["compile", "instantiate", "total"]) {
    const med = Object.fromEntries(
      Object.keys(MODULES).map((w) => [w, median(samples.get(`${w} ${mode}`).map((s) => s[metric]))]),
    );
    const key = `${mode} ${metric}`;
    result.medians[key] = med;
    result.ratios[key] = med.lean / med.full;
    console.log(
      `${key.padEnd(22)} full ${med.full.toFixed(3).padStart(8)} ms   lean ${med.lean.toFixed(3).padStart(8)} ms   lean/full ${(med.lean / med.full).toFixed(2)}`,
    );
  }
}
const json = arg("--json");
if (json) writeFileSync(json, JSON.stringify(result, null, 2));

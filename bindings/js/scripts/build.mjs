#!/usr/bin/env node
// Builds the npm package into bindings/js/dist:
//   1. cargo build -p tinybird-tokens-wasm --target wasm32-unknown-unknown, twice: the full module
//      for speed (`--profile wasm-speed`, opt-level 3), and the lean one for size (`--profile
//      wasm-release`, opt-level "z"; `--no-default-features`: no ops table, no projects)
//   2. wasm-bindgen --target web (one glue for every platform: it has init and initSync), into
//      src/wasm (full) and src/wasm-lean (lean)
//   3. wasm-opt from npm `binaryen` (Debian's binaryen 108 breaks wasm-bindgen's externref table):
//      -O3 on the full module, -Oz --converge on the lean one (--converge repeats -Oz while it
//      shrinks: 0.6-0.8 KB less gzipped)
//   4. esbuild: ESM and CommonJS bundles of the TypeScript layer, the .wasm inlined as base64
//      (index) or left to the caller (slim); ESM bundles importing the .wasm as a precompiled module
//      for the `workerd` and `edge-light` export conditions (precompiled.ts). The same entries again
//      for `tinybird-tokens/jwt` (lean-*), with lean.ts for api.ts and the lean glue for the full one.
//   5. tsc: declarations, copied as .d.ts (ESM) and .d.cts (CommonJS)
// Flags: --skip-cargo reuses the last wasm build (for TS-only changes).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, "..");
const root = resolve(pkg, "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, "target");
const glueDir = join(pkg, "src/wasm");
const leanGlueDir = join(pkg, "src/wasm-lean");
const dist = join(pkg, "dist");
const typesOut = join(pkg, "build/types");
const bin = (name) => join(root, "node_modules/.bin", name);
const run = (cmd, args, opts = {}) => {
  console.error(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
};
const time = (label, f) => {
  const t = performance.now();
  const r = f();
  console.error(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return r;
};

if (!process.argv.includes("--skip-cargo")) {
  // Two cargo profiles (root Cargo.toml): `wasm-speed` (opt-level 3) for the full module, which the
  // servers, Workers and the TypeScript SDK import and which the throughput targets are measured on;
  // `wasm-release` (opt-level "z", the crates on the hot paths at 3) for the lean module, which pages
  // download and which has a size budget (test/lean.test.mjs). For size/speed experiments,
  // TBT_OPT_LEVEL sets both profiles' own opt-level (the per-crate entries still apply) and
  // TBT_WASM_OPT the wasm-opt flags of both (space-separated).
  const env = { ...process.env };
  if (process.env.TBT_OPT_LEVEL) {
    env.CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL = process.env.TBT_OPT_LEVEL;
    env.CARGO_PROFILE_WASM_SPEED_OPT_LEVEL = process.env.TBT_OPT_LEVEL;
  }
  // WebAssembly SIMD (Node >= 16.4, Chrome 91, Firefox 89, Safari 16.4) selects sha2's simd128 SHA-256:
  // 4-10% faster signing and a 7 KB smaller module (bench/js/RESULTS.md). TBT_NO_SIMD=1 builds without.
  if (!process.env.TBT_NO_SIMD) {
    const flags = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
    env[flags] = [env[flags], "-C target-feature=+simd128"].filter(Boolean).join(" ");
  }
  // One crate, two modules; each profile has its own cargo output directory.
  wasmModule(env, glueDir, { profile: "wasm-speed", features: [], wasmOpt: ["-O3"] });
  wasmModule(env, leanGlueDir, {
    profile: "wasm-release",
    features: ["--no-default-features"],
    wasmOpt: ["-Oz", "--converge"],
  });
}

/** cargo, wasm-bindgen and wasm-opt for one module, its glue and .wasm into `dir`. */
function wasmModule(env, dir, { profile, features, wasmOpt }) {
  time("cargo", () =>
    run("cargo", [
      "build",
      "-p",
      "tinybird-tokens-wasm",
      "--target",
      "wasm32-unknown-unknown",
      "--profile",
      profile,
      ...features,
    ], { env }),
  );
  const wasm = join(targetDir, "wasm32-unknown-unknown", profile, "tinybird_tokens_wasm.wasm");
  rmSync(dir, { recursive: true, force: true });
  time("wasm-bindgen", () =>
    run("wasm-bindgen", [
      "--target",
      "web",
      "--omit-default-module-path",
      "--out-dir",
      dir,
      "--out-name",
      "tinybird_tokens_wasm",
      wasm,
    ]),
  );
  // Not needed (the TS layer wraps the glue) and it would shadow the `*.wasm` module declaration.
  rmSync(join(dir, "tinybird_tokens_wasm_bg.wasm.d.ts"), { force: true });
  const bg = join(dir, "tinybird_tokens_wasm_bg.wasm");
  time("wasm-opt", () =>
    run(bin("wasm-opt"), [
      ...(process.env.TBT_WASM_OPT?.split(" ") ?? wasmOpt),
      // TBT_KEEP_NAMES=1 keeps the function names (for `node --cpu-prof`); a release strips them.
      ...(process.env.TBT_KEEP_NAMES ? ["-g"] : ["--strip-debug"]),
      "--strip-producers",
      bg,
      "-o",
      bg,
    ]),
  );
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
copyFileSync(join(glueDir, "tinybird_tokens_wasm_bg.wasm"), join(dist, "tinybird_tokens_wasm_bg.wasm"));
copyFileSync(join(leanGlueDir, "tinybird_tokens_wasm_bg.wasm"), join(dist, "tinybird_tokens_lean_bg.wasm"));

const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;
const common = {
  bundle: true,
  platform: "neutral",
  target: "es2022",
  loader: { ".wasm": "base64" },
  legalComments: "none",
  banner: { js: `/* tinybird-tokens ${version} (MIT OR Apache-2.0) */` },
  logLevel: "warning",
};
/** Leaves precompiled.ts's `.wasm?module` import to the platform's bundler, spelled as it expects. */
const wasmModuleImport = (specifier) => ({
  name: "wasm-module-import",
  setup(b) {
    b.onResolve({ filter: /\.wasm\?module$/ }, () => ({ path: specifier, external: true }));
  },
});
/** The lean entries (`tinybird-tokens/jwt`): lean.ts stands for api.ts, and the lean module's glue and
 * .wasm for the full ones, so the TypeScript modules are shared, not copied. */
const leanModule = {
  name: "lean-module",
  setup(b) {
    b.onResolve({ filter: /^\.\/api\.js$/ }, () => ({ path: join(pkg, "src/lean.ts") }));
    b.onResolve({ filter: /\/wasm\/tinybird_tokens_wasm(\.js|_bg\.wasm)$/ }, (a) => ({
      path: join(leanGlueDir, basename(a.path)),
    }));
  },
};
// The exports that only the full module has. The shared modules name them (jwt.ts's
// `createJwtChecked`, behind a `Project` the lean entry cannot make; wire.ts's `call`, for functions
// the lean entry does not export), so esbuild warns that they are undefined there: those warnings,
// and no other, are expected in the lean bundles.
const FULL_ONLY = /^Import "(call|createJwtChecked|Project)" will always be undefined/;
async function bundle(options, lean) {
  if (!lean) return build(options);
  const result = await build({ ...options, logLevel: "silent", plugins: [...(options.plugins ?? []), leanModule] });
  const other = result.warnings.filter((w) => !(w.id === "import-is-undefined" && FULL_ONLY.test(w.text)));
  if (other.length > 0) throw new Error(`esbuild warnings in ${options.outfile}: ${JSON.stringify(other, null, 1)}`);
  return result;
}
await time("esbuild", async () => {
  for (const [entry, out, lean] of [
    ["index", "index", false],
    ["slim", "slim", false],
    ["index", "lean", true],
  ]) {
    for (const format of ["esm", "cjs"]) {
      await bundle({
        ...common,
        entryPoints: [join(pkg, `src/${entry}.ts`)],
        outfile: join(dist, `${out}.${format === "esm" ? "js" : "cjs"}`),
        format,
      }, lean);
    }
  }
  // wrangler uploads a `.wasm` import as a compiled module; Next.js's edge build wants `.wasm?module`.
  for (const [out, specifier, lean] of [
    ["workerd", "./tinybird_tokens_wasm_bg.wasm", false],
    ["edge-light", "./tinybird_tokens_wasm_bg.wasm?module", false],
    ["lean-workerd", "./tinybird_tokens_lean_bg.wasm", true],
    ["lean-edge-light", "./tinybird_tokens_lean_bg.wasm?module", true],
  ]) {
    await bundle({
      ...common,
      entryPoints: [join(pkg, "src/precompiled.ts")],
      outfile: join(dist, `${out}.js`),
      format: "esm",
      plugins: [wasmModuleImport(specifier)],
    }, lean);
  }
});

rmSync(typesOut, { recursive: true, force: true });
time("tsc declarations", () =>
  run(bin("tsc"), ["-p", join(pkg, "tsconfig.json"), "--noEmit", "false", "--emitDeclarationOnly", "--outDir", typesOut]),
);
for (const file of readdirSync(typesOut)) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(join(typesOut, file), "utf8");
  // Only the top-level declarations ship: internal/ and wasm/ are bundled, never part of the types.
  if (/["']\.\/(internal|wasm)\//.test(text)) throw new Error(`${file} refers to an unshipped module`);
  writeFileSync(join(dist, file), text);
  // The CommonJS entry needs CommonJS declarations, importing each other as .cjs (the precompiled
  // entries are ESM only).
  if (file === "precompiled.d.ts") continue;
  const cts = text.replace(/(from\s+["']\.\/[^"']+)\.js(["'])/g, "$1.cjs$2");
  writeFileSync(join(dist, file.replace(/\.d\.ts$/, ".d.cts")), cts);
}
console.error(`built ${dist}`);

// How the platforms' tools bundle a Worker / an edge function, reproduced with esbuild (the bundler both
// use underneath), so the package is tested as users deploy it:
// - wrangler: ESM, conditions workerd/worker/browser, and every import whose specifier ends in `.wasm`
//   or `.wasm?module` left out of the bundle as a separate module, uploaded as a compiled
//   WebAssembly.Module (wrangler's default CompiledWasm rule; a package subpath goes through its
//   `exports`). Other specifiers (`tinybird-tokens/wasm`) are not matched by the rule.
// - Next.js / Vercel Edge: conditions edge-light/worker/browser, and a `.wasm?module` import becomes a
//   module the platform compiled ahead of time, handed to the function as a global binding.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";

/** Resolves a `.wasm` import the way esbuild would (package `exports` with the build's conditions). */
async function resolveWasm(b, args) {
  const r = await b.resolve(args.path.replace(/\?module$/, ""), {
    kind: args.kind,
    resolveDir: args.resolveDir,
    importer: args.importer,
    pluginData: { wasmResolved: true },
  });
  if (r.errors.length > 0) throw new Error(`cannot resolve ${args.path}: ${r.errors[0].text}`);
  return r.path;
}

/** Bundles `entry` to `outDir/worker.js` as wrangler would; returns the wasm module names it uploads. */
export async function bundleWorker(entry, outDir, conditions = ["workerd", "worker", "browser"]) {
  const modules = [];
  await build({
    entryPoints: [entry],
    outfile: join(outDir, "worker.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    conditions,
    mainFields: ["browser", "module", "main"],
    logLevel: "warning",
    plugins: [
      {
        name: "wrangler-compiled-wasm",
        setup(b) {
          b.onResolve({ filter: /\.wasm(\?module)?$/ }, async (args) => {
            if (args.pluginData?.wasmResolved) return undefined;
            const file = await resolveWasm(b, args);
            const hash = createHash("sha1").update(readFileSync(file)).digest("hex");
            const name = `${hash}-${basename(file)}`;
            copyFileSync(file, join(outDir, name));
            modules.push(name);
            return { path: `./${name}`, external: true };
          });
        },
      },
    ],
  });
  return modules;
}

/** Bundles `entry` to a script for edge-runtime as Next.js's edge build would; returns the script and
 * the precompiled wasm bindings it expects as globals ({ name: file }). */
export async function bundleEdgeFunction(entry, outFile, conditions = ["edge-light", "worker", "browser"]) {
  const bindings = {};
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    format: "iife",
    target: "es2022",
    platform: "browser",
    conditions,
    mainFields: ["browser", "module", "main"],
    logLevel: "warning",
    plugins: [
      {
        name: "edge-wasm-module",
        setup(b) {
          b.onResolve({ filter: /\.wasm\?module$/ }, async (args) => {
            if (args.pluginData?.wasmResolved) return undefined;
            const file = await resolveWasm(b, args);
            const name = `wasm_${createHash("sha1").update(readFileSync(file)).digest("hex")}`;
            bindings[name] = file;
            return { path: name, namespace: "edge-wasm-binding" };
          });
          b.onLoad({ filter: /.*/, namespace: "edge-wasm-binding" }, (args) => ({
            contents: `export default globalThis[${JSON.stringify(args.path)}];`,
            loader: "js",
          }));
        },
      },
    ],
  });
  return { script: readFileSync(outFile, "utf8"), bindings };
}

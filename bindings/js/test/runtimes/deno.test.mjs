// The vectors and the smoke test in Deno (DENO_BIN, from PyPI's `deno`, installed by run.sh). The package
// is imported by its bare name from a project whose package.json lists it and whose node_modules holds
// it (`npm install`ed from the tarball): Deno's "bring your own node_modules" mode
// (--node-modules-dir=manual), which is how a Deno project that uses npm packages runs, and the only way
// to use a package that is not on the registry yet (an `npm:` specifier would ask the registry). Deno
// resolves the `import` condition of `exports`: the default entry, the .wasm inlined. No permissions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { checkSmoke, checkVectors, timed } from "./compare.mjs";
import { runStandalone } from "./process-runtime.mjs";

const deno = process.env.DENO_BIN;

test("Deno: vectors equal Node's, smoke test", { timeout: 180_000 }, async () => {
  if (!deno) throw new Error("DENO_BIN is not set (run.sh installs Deno)");
  // "deno 2.9.8 (…)\nv8 …\ntypescript …": the engine's line.
  const v8 = execFileSync(deno, ["--version"]).toString().split("\n")[1];
  const [out, seconds] = await timed(() =>
    runStandalone(deno, ["run", "--no-prompt", "--node-modules-dir=manual"]),
  );
  // The default entry compiles synchronously here: usable right after import, as the README says.
  assert.equal(out.syncReady, true, `${out.runtime}: a call right after import threw`);
  const passed = checkVectors(out.results, out.runtime);
  checkSmoke(out.smoke, out.runtime);
  console.log(
    `# ${out.runtime} (${v8}): ${passed} vector cases passed (${out.ms.toFixed(0)} ms), smoke ok, ` +
      `ready right after import, ${seconds.toFixed(1)} s`,
  );
});

// The vectors and the smoke test in Bun (BUN_BIN, from npm's @oven/bun-linux-x64, installed by run.sh):
// `bun standalone.mjs` in the project where the tarball is installed; Bun resolves the package by its
// bare name from node_modules (its `bun`/`import` conditions: the default entry, the .wasm inlined).
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSmoke, checkVectors, timed } from "./compare.mjs";
import { runStandalone } from "./process-runtime.mjs";

const bun = process.env.BUN_BIN;

test("Bun: vectors equal Node's, smoke test", { timeout: 180_000 }, async () => {
  if (!bun) throw new Error("BUN_BIN is not set (run.sh installs Bun)");
  // No telemetry, no auto-install: everything comes from node_modules.
  const [out, seconds] = await timed(() =>
    runStandalone(bun, ["--no-install"], { DO_NOT_TRACK: "1" }),
  );
  // The default entry compiles synchronously here: usable right after import, as the README says.
  assert.equal(out.syncReady, true, `${out.runtime}: a call right after import threw`);
  const passed = checkVectors(out.results, out.runtime);
  checkSmoke(out.smoke, out.runtime);
  console.log(
    `# ${out.runtime}: ${passed} vector cases passed (${out.ms.toFixed(0)} ms), smoke ok, ` +
      `ready right after import, ${seconds.toFixed(1)} s`,
  );
});

// The conformance vectors through the package's ESM entry, as installed from the npm tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as api from "tinybird-tokens";
import { loadVectors } from "./vectors.mjs";
import { runCase, checkCase } from "./runner.mjs";

test("the package under test is the installed tarball, not the workspace", () => {
  const resolved = createRequire(import.meta.url).resolve("tinybird-tokens");
  assert.ok(resolved.startsWith(process.cwd() + "/node_modules/"), resolved);
});

const files = loadVectors();
test("vector files exist", () => assert.ok(files.some((f) => f.cases.length > 0)));
for (const { file, cases } of files) {
  test(`ESM ${file}`, async (t) => {
    for (const c of cases) {
      await t.test(c.id, () => {
        const problem = checkCase(c, runCase(api, c));
        assert.equal(problem, null, problem ?? undefined);
      });
    }
  });
}

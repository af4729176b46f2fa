// The conformance vectors through the package's CommonJS entry (require), as installed from the tarball.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const api = require("tinybird-tokens");

test("require() gives the CommonJS build, synchronously usable", () => {
  assert.match(require.resolve("tinybird-tokens"), /node_modules\/tinybird-tokens\/dist\/index\.cjs$/);
  assert.equal(api.parseTtl("1h"), 3600);
});

test("CommonJS vectors", async (t) => {
  const { loadVectors } = await import("./vectors.mjs");
  const { runCase, checkCase } = await import("./runner.mjs");
  const files = loadVectors();
  for (const { file, cases } of files) {
    await t.test(`CJS ${file}`, async (t2) => {
      for (const c of cases) {
        await t2.test(c.id, () => {
          const problem = checkCase(c, runCase(api, c));
          assert.equal(problem, null, problem ?? undefined);
        });
      }
    });
  }
});

// The one check every non-Node run of the conformance vectors ends with (browsers, runtimes, bundled
// apps): every case ran, none failed, and each result equals Node's, value for value (codes, messages
// and lines included), not only passing ones.
import assert from "node:assert/strict";

/** Asserts `results` (runner.mjs `runAll` output from elsewhere) against Node's; returns the count. */
export function assertSameAsNode(results, node, where) {
  assert.equal(results.length, node.length, `${where} ran ${results.length} of ${node.length} cases`);
  const failing = results.filter((r) => r.problem !== null);
  assert.deepEqual(
    failing.map((r) => `${r.file} ${r.id}: ${r.problem}`),
    [],
    `cases failing in ${where}`,
  );
  for (let i = 0; i < node.length; i++) {
    assert.equal(results[i].id, node[i].id);
    assert.deepEqual(results[i].got, node[i].got, `${where}: ${node[i].file} ${node[i].id}`);
  }
  return results.length;
}

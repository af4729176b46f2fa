// The Node side of every runtime test: Node's own results for the vectors and the smoke test, and the
// checks a runtime's results must pass (every case passing, each `got` equal to Node's, the same JWT
// bytes, and Node verifying the token the runtime minted).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as api from "tinybird-tokens";
import { runAll } from "../runner.mjs";
import { checkSmoke as checkSmokeWith } from "../smoke.mjs";
import { assertSameAsNode } from "../same-as-node.mjs";

export { api };
/** The app directory: the installed package's project, where run.sh wrote vectors.json. */
export const appDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const files = JSON.parse(readFileSync(join(appDir, "vectors.json"), "utf8"));

let nodeResults;
/** Node's results, computed once per test file. */
export const nodeVectors = () => (nodeResults ??= runAll(api, files));

/** Asserts a runtime's vector results case by case against Node's (of the files in `only`, when given:
 * the lean entry's); returns how many passed. */
export const checkVectors = (results, runtime, only) =>
  assertSameAsNode(results, nodeVectors().filter((r) => !only || only.includes(r.file)), runtime);

/** Asserts a runtime's smoke result equals Node's and that Node verifies its token. */
export const checkSmoke = (result, runtime) => checkSmokeWith(api, result, runtime);

/** Times `f` (async); returns [result, seconds]. */
export async function timed(f) {
  const t = performance.now();
  const r = await f();
  return [r, (performance.now() - t) / 1000];
}

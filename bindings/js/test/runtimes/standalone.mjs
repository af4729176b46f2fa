// What Deno and Bun run (run.sh, from the installed package's project directory): the package imported
// by its bare name as a user of either would (Deno resolves it from node_modules, see deno.test.mjs),
// the conformance vectors through runner.mjs and the smoke test; prints one JSON object on stdout.
import * as api from "tinybird-tokens";
import files from "../../vectors.json" with { type: "json" };
import { runAll } from "../runner.mjs";
import { smoke } from "../smoke.mjs";

const runtime =
  typeof Deno !== "undefined"
    ? `Deno ${Deno.version.deno}`
    : typeof Bun !== "undefined"
      ? `Bun ${Bun.version}`
      : "unknown";
// Calls made before `ready` would throw where compilation was asynchronous; record whether it was
// (the tests require it was not).
let syncReady = true;
try {
  api.parseTtl("1s");
} catch {
  syncReady = false;
}
await api.ready;
const started = performance.now();
const results = runAll(api, files);
const ms = performance.now() - started;
console.log(JSON.stringify({ runtime, syncReady, ms, results, smoke: smoke(api) }));

// What every bundled page runs, whatever the bundler: a create -> verify -> inspect smoke test through
// the functions the entry imported by name, then every conformance vector through runner.mjs (the
// adapter Node runs). The test reads `window.__results` and compares it with Node's own results.
import { runAll } from "./runner.mjs";
import { SMOKE_REQUEST } from "./smoke-request.js";

// The test passes the keys (workspace admin tokens it generated) in the URL fragment, never sent to the
// server, and the clock, so the page's token can be compared byte for byte with Node's.
const params = new URLSearchParams(location.hash.slice(1));

/** `fns`: the entry's named imports. `api`: its namespace import, for the vector adapter. */
export async function run(entry, fns, api) {
  try {
    const key = params.get("key");
    const now = Number(params.get("now"));
    const signingKey = fns.createSigningKey(key);
    const token = fns.createJwt({ ...SMOKE_REQUEST, now }, signingKey);
    const verified = fns.verifyJwt(token, key, { now: now + 60 });
    let wrongKey = "accepted";
    try {
      fns.verifyJwt(token, params.get("otherKey"), { now: now + 60 });
    } catch (e) {
      wrongKey = `${e.name} ${e.code}`;
    }
    const inspected = fns.inspectToken(token, { now: now + 60 });
    const files = await (await fetch("./vectors.json")).json();
    window.__results = {
      entry,
      smoke: { token, claims: verified.claims, keyIndex: verified.keyIndex, wrongKey, inspected },
      vectors: runAll(api, files),
    };
  } catch (e) {
    window.__results = { entry, failure: String((e && e.stack) || e) };
  }
}

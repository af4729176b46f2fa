// The verification cache (`createVerifyingKey(key, { cache: true })`) against fast-jwt's
// (`createVerifier({ cache: true })`), each beside its uncached verify, in one process, interleaved.
// "hit": the same token on every call. "miss": 2,000 distinct tokens in turn through a 1,000-entry
// cache, so every call verifies and stores (the cache's cost when it does not help), against the same
// tokens in turn without a cache (rotating tokens costs by itself: memory and CPU caches). Both libraries
// are given the same clock; fast-jwt hands every caller the one cached object, tinybird-tokens a
// fresh one per call. Not a test: `npm run bench:cache` after building.
//
//   node bench/js/cache.mjs [--rounds N] [--ms PER_BATCH]
import { createVerifier } from "fast-jwt";
import * as tt from "tinybird-tokens";
import { arg, interleaved } from "./harness.mjs";
import { ADMIN, NOW } from "./fixture.mjs";

const ROUNDS = Number(arg("--rounds", 15));
const BATCH_MS = Number(arg("--ms", 40));

const claims = (n) => ({
  workspace_id: "11111111-2222-3333-4444-555555555555",
  name: `frontend_jwt_${n}`,
  exp: NOW + 3600,
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme", user_id: 42 } }],
  limits: { rps: 10 },
});
const signing = tt.createSigningKey(ADMIN);
const token = tt.signJwt(claims(0), signing);
const MISS_TOKENS = Array.from({ length: 2000 }, (_, n) => tt.signJwt(claims(n), signing));

const ours = { plain: tt.createVerifyingKey(ADMIN), hit: tt.createVerifyingKey(ADMIN, { cache: true }) };
const ourMiss = tt.createVerifyingKey(ADMIN, { cache: true });
const options = { now: NOW };
const fast = (extra) => createVerifier({ key: ADMIN, algorithms: ["HS256"], clockTimestamp: NOW * 1000, ...extra });
const fastPlain = fast({});
const fastHit = fast({ cache: true });
const fastMiss = fast({ cache: true });

// Both accept the token and agree on the claims.
const same = JSON.stringify(tt.verifyJwt(token, ours.hit, options).claims);
if (JSON.stringify(fastHit(token)) !== same) throw new Error("fast-jwt and tinybird-tokens disagree");

// A counter per rotating case, so each walks the tokens in turn.
const turn = () => {
  let n = 0;
  return () => MISS_TOKENS[n++ % MISS_TOKENS.length];
};
const [ourNext, ourNextPlain, fastNext, fastNextPlain] = [turn(), turn(), turn(), turn()];
const CASES = [
  { name: "tinybird-tokens verifyJwt (VerifyingKey, no cache)", fn: () => tt.verifyJwt(token, ours.plain, options) },
  { name: "tinybird-tokens verifyJwt (cache: true), hit", fn: () => tt.verifyJwt(token, ours.hit, options) },
  { name: "tinybird-tokens verifyJwt (cache: true), miss", fn: () => tt.verifyJwt(ourNext(), ourMiss, options) },
  { name: "tinybird-tokens verifyJwt (no cache), 2,000 tokens in turn", fn: () => tt.verifyJwt(ourNextPlain(), ours.plain, options) },
  // The same call without a key or an HMAC: what marshalling and JSON.parse cost alone.
  { name: "tinybird-tokens decodeJwt (reference: no HMAC)", fn: () => tt.decodeJwt(token) },
  { name: "fast-jwt (no cache)", fn: () => fastPlain(token) },
  { name: "fast-jwt (cache: true), hit", fn: () => fastHit(token) },
  { name: "fast-jwt (cache: true), miss", fn: () => fastMiss(fastNext()) },
  { name: "fast-jwt (no cache), 2,000 tokens in turn", fn: () => fastPlain(fastNextPlain()) },
];

const results = await interleaved(CASES, { rounds: ROUNDS, batchMs: BATCH_MS });
const ns = Object.fromEntries(results.map((r) => [r.name, r.ns]));
const fastCached = ns["fast-jwt (cache: true), hit"];
const fastUncached = ns["fast-jwt (no cache)"];
console.log(`node ${process.version}, ${ROUNDS} rounds, ~${BATCH_MS} ms per batch, token ${token.length} bytes\n`);
console.log("| case | µs/op | ops/s | × fast-jwt no cache | × fast-jwt cache hit |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const r of results) {
  console.log(
    `| ${r.name} | ${(r.ns / 1000).toFixed(2)} | ${Math.round(1e9 / r.ns).toLocaleString("en-US")} | ${(r.ns / fastUncached).toFixed(2)} | ${(r.ns / fastCached).toFixed(2)} |`,
  );
}
const ourPlain = ns["tinybird-tokens verifyJwt (VerifyingKey, no cache)"];
const ourTurn = ns["tinybird-tokens verifyJwt (no cache), 2,000 tokens in turn"];
const fastTurn = ns["fast-jwt (no cache), 2,000 tokens in turn"];
const x = (a, b) => `${(a / b).toFixed(2)}×`;
console.log(
  `\ntinybird-tokens: hit ${x(ns["tinybird-tokens verifyJwt (cache: true), hit"], ourPlain)} its uncached verify, ` +
    `miss ${x(ns["tinybird-tokens verifyJwt (cache: true), miss"], ourTurn)} uncached over the same tokens; ` +
    `fast-jwt: hit ${x(fastCached, fastUncached)}, miss ${x(ns["fast-jwt (cache: true), miss"], fastTurn)}.`,
);

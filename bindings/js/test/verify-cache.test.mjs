// The verification cache of `createVerifyingKey(keys, { cache })`, on the installed package: every
// answer equals an uncached key's, the clock and the size cap are judged on every hit, results are
// fresh objects, the bound holds, `clearKeyCache()` empties, and the option is checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tt from "tinybird-tokens";
import { loadVectors } from "./vectors.mjs";

const hexToBytes = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const SECRET = "a-secret-that-signs";
const NOW = 1_700_000_000;
const sign = (claims, key = SECRET) => tt.signJwt(claims, key);

/** What a call gives, in a form `deepEqual` compares: the result, or the error with every detail. */
function outcome(f) {
  try {
    return { ok: f() };
  } catch (e) {
    const { name, code, message, keyIndex, header, claims } = e;
    return { error: { name, code, message, keyIndex, header, claims, type: e.constructor.name } };
  }
}

test("over the JWT vectors, a cached key answers as an uncached one, on a miss, on hits and later", () => {
  const cases = loadVectors().find((f) => f.file === "jwt_verify.json").cases;
  assert.ok(cases.length > 100);
  // One small shared cache (evicting all along) and one per case.
  const shared = new Map();
  let checked = 0;
  for (const c of cases) {
    const keys = "keys" in c.input ? c.input.keys : c.input.keys_hex.map(hexToBytes);
    const made = outcome(() => tt.createVerifyingKey(keys));
    if ("error" in made) {
      // A key the ring refuses (empty): refused the same way with a cache.
      assert.deepEqual(outcome(() => tt.createVerifyingKey(keys, { cache: true })), made, c.id);
      continue;
    }
    const plain = made.ok;
    const id = JSON.stringify(c.input.keys ?? c.input.keys_hex);
    if (!shared.has(id)) shared.set(id, tt.createVerifyingKey(keys, { cache: 2 }));
    const own = new tt.VerifyingKey(keys, { cache: true });
    const base = { now: c.input.now, leeway: c.input.leeway ?? 0 };
    // The case's clock first (a success gets cached), then clocks around exp / nbf and a size cap.
    const optionsList = [base, base, { ...base, now: base.now + 3600 }, { ...base, now: base.now - 3600 },
      { ...base, now: 4_000_000_000 }, { ...base, leeway: 7200 }, { ...base, maxTokenBytes: 64 }, base];
    for (const options of optionsList) {
      const want = outcome(() => tt.verifyJwt(c.input.token, plain, options));
      for (const key of [shared.get(id), own]) {
        assert.deepEqual(outcome(() => tt.verifyJwt(c.input.token, key, options)), want, `${c.id} ${JSON.stringify(options)}`);
        checked++;
      }
    }
    assert.ok(own.cacheSize <= 1 && shared.get(id).cacheSize <= 2, c.id);
  }
  assert.ok(checked > cases.length * 15, `${checked}`);
});

test("a token cached while valid gives the same TokenExpiredError once expired, and leaves", () => {
  const key = tt.createVerifyingKey(SECRET, { cache: true });
  const token = sign({ exp: NOW + 10, nbf: NOW - 10, role: "reader" });
  const first = tt.verifyJwt(token, key, { now: NOW });
  assert.equal(key.cacheSize, 1);
  assert.deepEqual(tt.verifyJwt(token, key, { now: NOW + 9 }), first);
  assert.deepEqual(tt.verifyJwt(token, key, { now: NOW + 10, leeway: 1 }), first);
  const expired = outcome(() => tt.verifyJwt(token, key, { now: NOW + 10 }));
  assert.equal(expired.error.type, "TokenExpiredError");
  assert.deepEqual(expired.error.claims, first.claims);
  assert.equal(expired.error.keyIndex, 0);
  assert.deepEqual(expired, outcome(() => tt.verifyJwt(token, SECRET, { now: NOW + 10 })));
  assert.equal(key.cacheSize, 0);
  // Not yet valid is judged on a hit too, and keeps the entry (it becomes valid).
  tt.verifyJwt(token, key, { now: NOW });
  const early = outcome(() => tt.verifyJwt(token, key, { now: NOW - 11 }));
  assert.equal(early.error.type, "TokenNotYetValidError");
  assert.equal(key.cacheSize, 1);
  const tooLarge = outcome(() => tt.verifyJwt(token, key, { now: NOW, maxTokenBytes: token.length - 1 }));
  assert.equal(tooLarge.error.type, "TokenTooLargeError");
});

test("every call returns fresh objects, never the cached one", () => {
  const key = tt.createVerifyingKey(SECRET, { cache: 5 });
  const token = sign({ exp: NOW + 100, scopes: [{ type: "PIPES:READ", resource: "p" }] });
  const a = tt.verifyJwt(token, key, { now: NOW });
  const b = tt.verifyJwt(token, key, { now: NOW });
  assert.notEqual(a, b);
  assert.notEqual(a.claims, b.claims);
  assert.notEqual(a.claims.scopes, b.claims.scopes);
  a.claims.scopes.push("changed");
  a.header.alg = "none";
  assert.deepEqual(tt.verifyJwt(token, key, { now: NOW }), b);
});

test("failures are never cached; another key set never sees the entries", () => {
  const key = tt.createVerifyingKey(SECRET, { cache: true });
  const other = tt.createVerifyingKey("another-secret", { cache: true });
  const token = sign({ exp: NOW + 100 });
  for (const bad of [sign({ exp: NOW + 100 }, "another-secret"), sign({ exp: NOW - 1 }), sign({ a: 1 }), "x.y"]) {
    assert.throws(() => tt.verifyJwt(bad, key, { now: NOW }), tt.TinybirdTokenError);
    assert.throws(() => tt.verifyJwt(bad, key, { now: NOW }), tt.TinybirdTokenError);
  }
  assert.equal(key.cacheSize, 0);
  tt.verifyJwt(token, key, { now: NOW });
  assert.equal(key.cacheSize, 1);
  assert.throws(() => tt.verifyJwt(token, other, { now: NOW }), tt.InvalidSignatureError);
  assert.equal(other.cacheSize, 0);
  // A key built from a cached one gets its keys, not its cache.
  const copy = tt.createVerifyingKey([key, "another-secret"]);
  assert.equal(copy.cacheSize, undefined);
  assert.equal(tt.verifyJwt(token, copy, { now: NOW }).keyIndex, 0);
});

test("the cache holds at most its size", () => {
  const key = tt.createVerifyingKey(SECRET, { cache: 3 });
  const tokens = Array.from({ length: 10 }, (_, n) => sign({ exp: NOW + 100, n }));
  for (const [n, token] of tokens.entries()) {
    assert.equal(tt.verifyJwt(token, key, { now: NOW }).claims.n, n);
    assert.equal(key.cacheSize, Math.min(n + 1, 3));
  }
  for (const token of tokens) tt.verifyJwt(token, key, { now: NOW });
  assert.equal(key.cacheSize, 3);
  assert.equal(tt.createVerifyingKey(SECRET, { cache: true }).cacheSize, 0);
  assert.equal(tt.createVerifyingKey(SECRET).cacheSize, undefined);
});

test("clearKeyCache() empties every verification cache", () => {
  const keys = [tt.createVerifyingKey(SECRET, { cache: true }), new tt.VerifyingKey([SECRET], { cache: 2 })];
  const token = sign({ exp: NOW + 100 });
  for (const key of keys) tt.verifyJwt(token, key, { now: NOW });
  assert.deepEqual(keys.map((k) => k.cacheSize), [1, 1]);
  tt.clearKeyCache();
  assert.deepEqual(keys.map((k) => k.cacheSize), [0, 0]);
  for (const key of keys) assert.equal(tt.verifyJwt(token, key, { now: NOW }).keyIndex, 0);
  assert.deepEqual(keys.map((k) => k.cacheSize), [1, 1]);
});

test("the cache option: a boolean or a positive integer, checked", () => {
  for (const cache of ["1", null, {}, [], 1n, () => 1]) {
    assert.throws(() => tt.createVerifyingKey(SECRET, { cache }), TypeError, String(cache));
    assert.throws(() => new tt.VerifyingKey(SECRET, { cache }), TypeError, String(cache));
  }
  for (const options of ["cache", 5, null, []]) {
    assert.throws(() => tt.createVerifyingKey(SECRET, options), TypeError, String(options));
  }
  for (const cache of [0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 60]) {
    assert.throws(() => tt.createVerifyingKey(SECRET, { cache }), tt.InvalidArgumentError, String(cache));
  }
  assert.match(
    outcome(() => tt.createVerifyingKey(SECRET, { cache: 0 })).error.message,
    /at least 1 token/,
  );
  for (const options of [undefined, {}, { cache: false }, { cache: undefined }]) {
    assert.equal(tt.createVerifyingKey(SECRET, options).cacheSize, undefined);
  }
  assert.equal(tt.createVerifyingKey(SECRET, { cache: 1 }).cacheSize, 0);
});

// The I/O-buffer call path of signJwt, createJwt, verifyJwt and decodeJwt against their JSON-text path
// (wasm-bindgen's string exports), reached through the package's internal hook: each of the four
// functions carries its JSON-text twin under Symbol.for("tinybird-tokens.textPath"). Over every JWT
// vector and a few thousand generated inputs, both paths must give the same bytes, or the same error
// (class, code, message, details, and the verified parts of an expired token).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import * as tt from "tinybird-tokens";
import { loadVectors } from "./vectors.mjs";
import { hexToBytes, jwtOptions } from "./runner.mjs";

const TEXT_PATH = Symbol.for("tinybird-tokens.textPath");
/** How many results the I/O buffers gave so far (the package's internal count, on each hot function):
 * a comparison only tests the I/O path when that path was taken. */
const ioResults = () => tt.createJwt[Symbol.for("tinybird-tokens.ioResults")];
const viaText = (f) => {
  const twin = f[TEXT_PATH];
  assert.equal(typeof twin, "function", `${f.name} has no JSON-text twin`);
  return twin;
};
const OPS = ["signJwt", "createJwt", "verifyJwt", "decodeJwt"];
const fast = Object.fromEntries(OPS.map((op) => [op, tt[op]]));
const text = Object.fromEntries(OPS.map((op) => [op, viaText(tt[op])]));

/** What a call gave, comparable with `deepEqual`: the value as JSON, or the error's shape. */
function outcome(f) {
  try {
    return { ok: JSON.stringify(f()) };
  } catch (e) {
    if (!(e instanceof Error)) return { threw: e };
    const shape = { class: e.constructor.name, message: e.message };
    for (const k of ["code", "line", "input", "keyIndex", "header", "claims", "findings"]) {
      if (k in e) shape[k] = JSON.stringify(e[k]);
    }
    return { err: shape };
  }
}

const brief = (o) =>
  o.ok !== undefined
    ? `ok, ${o.ok.length} chars, sha256 ${createHash("sha256").update(o.ok).digest("hex").slice(0, 12)}`
    : o.err !== undefined
      ? JSON.stringify({ ...o.err, header: undefined, claims: undefined })
      : `threw ${String(o.threw)}`;

let compared = 0;
/** Runs `op` with `args` on both paths; they must agree. */
function same(op, args, label) {
  const a = outcome(() => fast[op](...args()));
  const b = outcome(() => text[op](...args()));
  compared++;
  // On a difference, say how without printing a token whole (house rule: no whole JWT in output).
  if (!isDeepStrictEqual(a, b)) assert.fail(`${op}: ${label}: the paths differ: ${brief(a)} vs ${brief(b)}`);
  return a;
}

/** A key as a string or bytes, and the same key prepared (a SigningKey, or its error). */
function keyForms(key, prepare) {
  const forms = [key];
  try {
    forms.push(prepare(key));
  } catch {
    // The preparing error itself is compared through the unprepared form.
  }
  return forms;
}

const vectors = Object.fromEntries(loadVectors().map((v) => [v.file, v.cases]));

test("the JWT vectors: same bytes and verdicts on both paths", () => {
  for (const c of vectors["jwt_sign.json"]) {
    const i = c.input;
    const key = "key" in i ? i.key : hexToBytes(i.key_hex ?? "");
    for (const k of keyForms(key, tt.createSigningKey)) same("signJwt", () => [i.claims, k], c.id);
  }
  for (const c of vectors["jwt_create.json"]) {
    const options = jwtOptions(c.input);
    for (const k of keyForms(c.input.key, tt.createSigningKey)) {
      same("createJwt", () => [options, k], c.id);
    }
  }
  for (const c of vectors["jwt_verify.json"]) {
    const i = c.input;
    const keys = "keys" in i ? i.keys : (i.keys_hex ?? []).map(hexToBytes);
    const options = "leeway" in i ? { now: i.now, leeway: i.leeway } : { now: i.now };
    const forms = [keys, ...keyForms(keys, tt.createVerifyingKey).slice(1)];
    if (keys.length === 1) forms.push(keys[0]);
    for (const k of forms) same("verifyJwt", () => [i.token, k, options], c.id);
  }
  for (const c of vectors["jwt_decode.json"]) same("decodeJwt", () => [c.input.token], c.id);
  assert.ok(compared > 400, `only ${compared} comparisons`);
});

// A small seeded generator, so a failure names a reproducible case.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(14);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (n) => Math.floor(rand() * n);
const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz0123456789_-",
  "ASCII with spaces \" \\ / and { } [ ] : ,",
  "ñçé€日本語🙂",
  "\ud800\udc00\udfff\ud83d", // pairs and lone halves
  "\u0000\u001f\u007f\u0080",
];
const word = () => {
  const a = pick(ALPHABETS);
  return Array.from({ length: int(12) }, () => a[int(a.length)]).join("");
};
const NOW = 1_700_000_000;
function claims() {
  const c = {};
  if (rand() < 0.9) c.exp = pick([NOW + 3600, NOW + 3600, NOW + 60, NOW - 1, NOW, NOW + 1, 1.5, "soon", null]);
  if (rand() < 0.3) c.nbf = pick([NOW + 100, NOW - 100, NOW, "x"]);
  if (rand() < 0.2) c.iat = pick([NOW, new Date(NOW * 1000), 2 ** 60]);
  for (let n = int(5); n > 0; n--) {
    c[word()] = pick([word(), int(1e6), rand(), -0, true, null, [word(), 1], { [word()]: word() }]);
  }
  return c;
}
const b64 = (s) => Buffer.from(s).toString("base64url");
const KEYS = ["secret", "another secret", "ñ key", "\ud800 lone", "", new Uint8Array([1, 2, 3])];

test("generated claims, keys and tokens: same on both paths", () => {
  const admin = tt.generateStaticToken(
    { ownerKind: "u", ownerId: "11111111-2222-3333-4444-555555555555", tokenId: "t", region: null },
    "server secret",
  );
  const signing = tt.createSigningKey("secret");
  const verifying = tt.createVerifyingKey(["another secret", "secret"]);
  const tokens = [];
  for (let n = 0; n < 2500; n++) {
    const c = claims();
    const key = pick([...KEYS, signing, signing, "secret"]);
    const r = same("signJwt", () => [c, key], `claims ${JSON.stringify(c)}`);
    if (r.ok !== undefined) tokens.push(JSON.parse(r.ok));
  }
  const createdBefore = ioResults();
  let created = 0;
  for (let n = 0; n < 400; n++) {
    const options = {
      workspaceId: pick(["w", word(), 1]),
      name: pick(["frontend_jwt", word()]),
      ...(rand() < 0.5 ? { expiresAt: pick([NOW + 60, NOW - 60, new Date(), 1.5]) } : { ttl: pick(["1h", "x", 60, NaN]) }),
      scopes: [{ type: pick(["PIPES:READ", "DATASOURCES:READ", "NOPE"]), resource: word(), fixedParams: { [word()]: pick([word(), 42]) } }],
      ...(rand() < 0.3 ? { limits: { rps: pick([10, -1, "x"]) } } : {}),
      ...(rand() < 0.3 ? { extraClaims: { [word()]: word() } } : {}),
      now: NOW,
    };
    const key = pick([admin, "secret", tt.createSigningKey(admin)]);
    const r = same("createJwt", () => [options, key], `request ${JSON.stringify(options)}`);
    if (r.ok !== undefined) {
      tokens.push(JSON.parse(r.ok));
      created++;
    }
  }
  // Every request of this loop that mints is one the typed tree carries (ASCII, safe integers: a float
  // `expiresAt` or `ttl` is refused on both paths), so every token came through the I/O path.
  assert.equal(ioResults() - createdBefore, created, "a minted token took the JSON-text path");
  const mutate = (t) => {
    const i = int(t.length);
    switch (int(7)) {
      case 0:
        return t.slice(0, i) + pick(["A", "-", "_", ".", "=", "ñ", "\ud800", "€"]) + t.slice(i + 1);
      case 1:
        return t.slice(0, i) + t.slice(i + 1);
      case 2:
        return t + t.slice(i);
      case 3:
        return `${b64(JSON.stringify({ alg: pick(["HS256", "none", "HS512"]), typ: "JWT" }))}.${t.split(".")[1] ?? ""}.${t.split(".")[2] ?? ""}`;
      case 4:
        return `${t.split(".")[0]}.${b64(JSON.stringify(claims()))}.${t.split(".")[2] ?? ""}`;
      case 5:
        return "x".repeat(pick([17 * 1024, 70 * 1024])) + t;
      default:
        return t;
    }
  };
  for (const t0 of tokens) {
    const t = rand() < 0.6 ? mutate(t0) : t0;
    same("decodeJwt", () => [t], "token");
    const key = pick([...KEYS, verifying, signing, ["x", "secret"], admin]);
    const options = pick([
      { now: NOW },
      { now: NOW + 7200 },
      { now: NOW - 200, leeway: pick([0, 150, -1, 0.5]) },
      { now: NOW, maxTokenBytes: pick([100, 16384, 0, 1e6]) },
      undefined,
    ]);
    same("verifyJwt", () => [t, key, options], "token");
  }
  assert.ok(tokens.length > 800, `only ${tokens.length} tokens signed`);
  assert.ok(compared > 5000, `only ${compared} comparisons`);
});

test("createJwt: options the one-pass request writer must read as the copy does", () => {
  const base = {
    workspaceId: "w",
    name: "n",
    expiresAt: NOW + 60,
    scopes: [{ type: "PIPES:READ", resource: "p", fixedParams: { org_id: "acme", n: 42 } }],
    now: NOW,
  };
  class Scope {
    constructor() {
      this.type = "PIPES:READ";
      this.resource = "p";
    }
  }
  const deep = (n) => (n === 0 ? 1 : { x: deep(n - 1) });
  const many = Object.fromEntries(Array.from({ length: 10001 }, (_, i) => [`k${i}`, i]));
  const variants = [
    {},
    { workspace_id: "x" },
    { workspaceId: undefined, workspace_id: "x" },
    { expires_at: NOW + 120 },
    { extraClaims: { a: 1 }, extra_claims: { b: 2 } },
    { constructor: 1 },
    { toString: "x" },
    JSON.parse('{"__proto__": {"a": 1}}'),
    JSON.parse('{"__proto__": 5}'),
    { toJSON: () => ({}) },
    { name: undefined },
    { name: "ñame" },
    { name: 12 },
    { name: null },
    { expiresAt: new Date((NOW + 90) * 1000) },
    { expiresAt: "soon" },
    { expiresAt: undefined, ttl: 1.5 },
    { expiresAt: undefined, ttl: NaN },
    { expiresAt: undefined, ttl: "1h" },
    { expiresAt: undefined, ttl: true },
    { scopes: [{ type: "PIPES:READ", resource: "p", fixedParams: { a: "b" }, fixed_params: { c: "d" } }] },
    { scopes: [{ type: "PIPES:READ", resource: "p", fixed_params: { c: "d" } }] },
    { scopes: [new Scope()] },
    { scopes: [new Date(0)] },
    { scopes: [{ type: "PIPES:READ", resource: "p", toJSON: () => 1 }] },
    { scopes: [{ type: "PIPES:READ", resource: "p", filter: undefined }] },
    { scopes: [JSON.parse('{"type": "PIPES:READ", "resource": "p", "__proto__": {"x": 1}}')] },
    { scopes: [null, "x", 1, [], [{ a: 1 }]] },
    // eslint-disable-next-line no-sparse-arrays
    { scopes: [, { type: "PIPES:READ", resource: "p" }] },
    { scopes: [{ type: "PIPES:READ", resource: "pñ" }] },
    { scopes: "PIPES:READ" },
    { scopes: {} },
    { limits: { rps: 10 } },
    { limits: { rps: 1.5 } },
    { limits: null },
    { extraClaims: { a: -0, b: -42, c: 2 ** 53, d: 2 ** 53 - 1, e: 0.5, f: [true, false, null, [-1]] } },
    { extraClaims: { deep: deep(70) } },
    { extraClaims: { deep: deep(60) } },
    { extraClaims: Object.create(null) },
    { extraClaims: new Map() },
    many,
  ];
  const key = tt.createSigningKey(
    tt.generateStaticToken({ ownerKind: "u", ownerId: "w", tokenId: "t", region: null }, "server secret"),
  );
  // A plain request goes through the typed tree and the I/O buffers, and the variants above that
  // the tree carries too.
  let before = ioResults();
  same("createJwt", () => [base, key], "base");
  assert.equal(ioResults(), before + 1, "a plain request took the JSON-text path");
  before = ioResults();
  const viaIo = [];
  for (const v of variants) {
    // Own enumerable keys of `v` over the base, `__proto__` included (spread would set the prototype).
    const options = Object.assign(Object.create(Object.prototype), base);
    for (const k of Object.keys(v)) Object.defineProperty(options, k, { value: v[k], enumerable: true, writable: true, configurable: true });
    const io = ioResults();
    const r = same("createJwt", () => [options, key], `variant ${Object.keys(v).slice(0, 3).join(",")}`);
    if (ioResults() > io) viaIo.push(JSON.stringify(v).slice(0, 28));
  }
  // A getter is read as the copy reads it.
  const getter = { ...base };
  Object.defineProperty(getter, "name", { get: () => "from a getter", enumerable: true });
  const r = same("createJwt", () => [getter, key], "getter");
  assert.ok(r.ok !== undefined);
  // The variants that mint and that the typed tree carries (the rest mint through the copy and JSON
  // text: snake_case names, `__proto__`, a class instance, floats, non-ASCII text, too many keys).
  assert.deepEqual(viaIo, [
    "{}",
    '{"expiresAt":"2023-11-14T22:',
    '{"ttl":"1h"}',
    '{"scopes":[{"type":"PIPES:RE',
    '{"limits":{"rps":10}}',
    '{"limits":null}',
    '{"extraClaims":{"deep":{"x":',
    '{"extraClaims":{}}',
  ]);
  assert.equal(ioResults(), before + viaIo.length + 1, "the getter took the JSON-text path");
});

test("the text path is the JSON-text exports: a non-ASCII token is refused alike", () => {
  const t = tt.signJwt({ exp: NOW + 60 }, "secret");
  for (const bad of [`${t}ñ`, `${t}\ud800`, `\u00e9${t}`]) {
    const a = same("verifyJwt", () => [bad, "secret", { now: NOW }], "non-ASCII");
    assert.ok(a.err !== undefined);
    same("decodeJwt", () => [bad], "non-ASCII");
  }
});

test("after wasm memory grows, results at high addresses read back right", () => {
  // Thousands of prepared rings grow the module's memory well past 2 MiB (detaching the views), then
  // results larger than any before make the output buffer move up there.
  const keep = Array.from({ length: 20000 }, (_, i) => tt.createVerifyingKey(`key ${i}`));
  for (const size of [6000, 9000, 11000]) {
    const claims = { exp: NOW + 60, blob: "a".repeat(size) };
    const r = same("signJwt", () => [claims, "secret"], `claims of ${size} bytes`);
    const token = JSON.parse(r.ok);
    assert.equal(tt.decodeJwt(token).claims.blob.length, size);
    same("decodeJwt", () => [token], `token of ${token.length} bytes`);
    same("verifyJwt", () => [token, "secret", { now: NOW }], `token of ${token.length} bytes`);
  }
  assert.equal(keep.length, 20000);
});

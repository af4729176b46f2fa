// What the vectors do not cover: the JS layer's own behaviour (defaults, argument types, error classes,
// keys, entries), on the installed package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inspect } from "node:util";
import * as tt from "tinybird-tokens";

const ADMIN =
  "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
const request = (extra = {}) => ({
  workspaceId: "w",
  name: "n",
  scopes: [{ type: "PIPES:READ", resource: "p" }],
  ...extra,
});
const claimsOf = (token) => tt.decodeJwt(token).claims;
const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * The core's own error codes. The package has no public hook for them: this instantiates the installed
 * package's `.wasm` (`tinybird-tokens/wasm`) with wasm-bindgen's raw glue from the same build, which
 * the build leaves in bindings/js/src/wasm/ (the entries bundle it, so the tarball has no path to it).
 */
async function coreErrorCodes() {
  const repo = dirname(dirname(process.env.TINYBIRD_VECTORS_DIR ?? ""));
  const glue = await import(pathToFileURL(join(repo, "bindings/js/src/wasm/tinybird_tokens_wasm.js")).href);
  glue.initSync({ module: readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens/wasm"))) });
  return JSON.parse(glue.errorCodes());
}

test("every core error code has exactly one class, named and coded like jose's", async () => {
  assert.deepEqual(await coreErrorCodes(), [...tt.ERROR_CODES]);
  const classes = new Set();
  for (const code of tt.ERROR_CODES) {
    const cls = tt.ERROR_CLASSES[code];
    assert.ok(cls, code);
    assert.equal(cls.code, code);
    classes.add(cls);
    const e = new cls("m", { line: 3, input: "x" });
    assert.ok(e instanceof tt.TinybirdTokenError && e instanceof Error);
    assert.equal(e.code, code);
    assert.equal(e.name, cls.name);
    assert.equal(e.line, 3);
    assert.equal(e.input, "x");
    assert.match(e.stack, new RegExp(`^${cls.name}: m`));
  }
  assert.equal(classes.size, tt.ERROR_CODES.length);
});

test("the error classes form the family tree the Python package has", () => {
  const parent = (cls) => Object.getPrototypeOf(cls);
  const tree = {
    TinybirdTokenError: ["InvalidTokenNameError", "ScopeError", "DatafileError", "InvalidTtlError", "InvalidFixedParamsError", "InvalidLimitsError", "InvalidSigningKeyError", "SecretInClaimError", "InvalidTokenError", "InvalidArgumentError", "ProjectCheckFailedError"],
    ScopeError: ["InvalidScopeError", "ScopeNotAllowedError", "MissingResourceError", "UnexpectedResourceError", "FilterNotSupportedError"],
    DatafileError: ["InvalidPermissionError", "DatafileSyntaxError"],
    InvalidTokenError: ["MalformedTokenError", "AlgorithmNotAllowedError", "TokenExpiredError", "TokenNotYetValidError", "MissingClaimError", "InvalidClaimsError"],
    MalformedTokenError: ["InvalidSignatureError", "TokenTooLargeError"],
  };
  const placed = new Set(["TinybirdTokenError"]);
  for (const [family, children] of Object.entries(tree)) {
    for (const child of children) {
      assert.equal(parent(tt[child]), tt[family], `${child} extends ${family}`);
      assert.equal(tt[child].prototype.name, child);
      placed.add(child);
    }
  }
  assert.equal(parent(tt.TinybirdTokenError), Error);
  // Every exported error class is in the tree, and every coded one is filed under its own code.
  const exported = Object.keys(tt).filter((k) => /Error$/.test(k) && k !== "NotInitializedError");
  assert.deepEqual(exported.sort(), [...placed].sort());
  for (const [code, cls] of Object.entries(tt.ERROR_CLASSES)) {
    const pascal = code.replace(/(?:^|_)([a-z])/g, (_, c) => c.toUpperCase());
    assert.equal(tt[`${pascal}Error`], cls, code);
  }
  assert.ok(new tt.InvalidSignatureError("x") instanceof tt.MalformedTokenError);
  assert.equal(new tt.TokenTooLargeError("x").code, "token_too_large");
  assert.equal(new tt.MalformedTokenError("x").code, "malformed_token");
});

test("no internals in the public API", () => {
  for (const name of ["fromWire", "coreErrorCodes", "op", "glue", "fail", "ringOf", "withRing", "handleOf", "register", "wireResources", "wireRequest"]) {
    assert.equal(name in tt, false, name);
  }
});

test("only the entries of `tinybird-tokens` and `tinybird-tokens/jwt` have side effects (they instantiate the WebAssembly module)", () => {
  const pkg = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens/package.json")), "utf8"));
  // One file per condition (import, require, workerd, edge-light); the slim entry has none.
  const entries = [".", "./jwt"].flatMap((e) => Object.values(pkg.exports[e]).map((condition) => condition.default));
  assert.deepEqual([...pkg.sideEffects].sort(), entries.sort());
});

test("a lone surrogate is refused the same way by every entry point", () => {
  const bad = "a\ud800b";
  const ok = "DATASOURCES:READ:events";
  const jwtOpts = (extra) => request({ ttl: "1h", ...extra });
  const cases = {
    defineToken: () => tt.defineToken(bad),
    parseScope: () => tt.parseScope(bad),
    formatScope: () => tt.formatScope({ type: "DATASOURCES:READ", resource: bad }),
    scopesAllow: () => tt.scopesAllow([ok], "read_datasource", bad),
    renderTokenLines: () => tt.renderTokenLines([{ name: bad }], { kind: "pipe" }),
    parseDatafileTokens: () => tt.parseDatafileTokens(`TOKEN ${bad} READ`, { kind: "pipe" }),
    planTokens: () => tt.planTokens([{ kind: "pipe", name: "p", text: `TOKEN ${bad} READ` }]),
    diffTokenPlans: () => tt.diffTokenPlans([], [{ name: bad, scopes: [] }]),
    parseTtl: () => tt.parseTtl(bad),
    parseFixedParams: () => tt.parseFixedParams(`a=${bad}`),
    "createJwt (claims)": () => tt.createJwt(jwtOpts({ name: bad }), ADMIN),
    "createJwt (extra claim name)": () => tt.createJwt(jwtOpts({ extraClaims: { [bad]: 1 } }), ADMIN),
    "createJwt (key)": () => tt.createJwt(jwtOpts(), bad),
    "signJwt (claims)": () => tt.signJwt({ exp: 1, sub: bad }, "k"),
    "signJwt (claim name)": () => tt.signJwt({ exp: 1, [bad]: 1 }, "k"),
    "signJwt (key)": () => tt.signJwt({ exp: 1 }, bad),
    "verifyJwt (token)": () => tt.verifyJwt(`${bad}.b.c`, "k"),
    "verifyJwt (key)": () => tt.verifyJwt(tt.signJwt({ exp: 1 }, "k"), ["k", bad], { now: 0 }),
    decodeJwt: () => tt.decodeJwt(`${bad}.b.c`),
    inspectToken: () => tt.inspectToken(bad),
    decodeStaticToken: () => tt.decodeStaticToken(`p.${bad}`),
    "verifyStaticToken (token)": () => tt.verifyStaticToken(`p.${bad}`, "abcd"),
    "verifyStaticToken (secret)": () => tt.verifyStaticToken(tt.generateLocalTokens().userToken, bad),
    generateStaticToken: () => tt.generateStaticToken({ ownerKind: "u", ownerId: bad, tokenId: "t" }, "s"),
    "hmacSha256 (key)": () => tt.hmacSha256(bad, "data"),
    "hmacSha256 (data)": () => tt.hmacSha256("key", bad),
    verifyHmacSha256: () => tt.verifyHmacSha256("key", bad, new Uint8Array(32)),
    createSigningKey: () => tt.createSigningKey(bad),
    createVerifyingKey: () => tt.createVerifyingKey([bad]),
    SigningKey: () => new tt.SigningKey(bad),
    VerifyingKey: () => new tt.VerifyingKey(bad),
    "createProject (file text)": () => tt.createProject({ files: [{ path: "a.pipe", text: bad }] }),
    "createProject (spec)": () => tt.createProject({ resources: [{ kind: "pipe", name: bad }] }),
    checkJwt: () => tt.checkJwt(jwtOpts({ name: bad }), tt.createProject({ files: [] })),
    checkStaticToken: () => tt.checkStaticToken([bad], tt.createProject({ files: [] })),
  };
  for (const [name, f] of Object.entries(cases)) {
    assert.throws(f, (e) => {
      assert.ok(e instanceof tt.InvalidArgumentError, `${name}: ${e?.constructor?.name}: ${e?.message}`);
      assert.match(e.message, /lone surrogate/, name);
      return true;
    });
  }
  // Every function that takes text is covered; a surrogate pair (one character) is fine.
  const noText = ["isTokenDefinition", "generateLocalTokens", "clearKeyCache", "readProject", "lintProject"];
  const fns = Object.keys(tt).filter((k) => typeof tt[k] === "function" && /^[a-z]/.test(k) && !noText.includes(k));
  const covered = new Set(Object.keys(cases).map((k) => k.split(" ")[0]));
  assert.deepEqual(fns.filter((k) => !covered.has(k)), []);
  assert.equal(tt.decodeJwt(tt.signJwt({ exp: 1, sub: "\ud83d\ude00 \\ud800" }, "k")).claims.sub, "\ud83d\ude00 \\ud800");
  assert.equal(tt.defineToken("a")._name, "a"); // still alive
});

test("errors carry code, message, line and input; never bare objects", () => {
  assert.throws(() => tt.parseDatafileTokens("NODE x\nTOKEN a APPEND\n", { kind: "pipe" }), (e) => {
    assert.ok(e instanceof tt.InvalidPermissionError);
    assert.equal(e.code, "invalid_permission");
    assert.equal(e.line, 2);
    return true;
  });
  assert.throws(() => tt.parseScope("NOPE:x"), (e) => e instanceof tt.InvalidScopeError && e.input === "NOPE:x");
  assert.throws(() => tt.parseTtl("1mo"), tt.InvalidTtlError);
  assert.throws(() => tt.formatScope({ type: "PIPES:READ" }), tt.MissingResourceError);
});

test("wrong argument types are TypeErrors, not token errors", () => {
  const cases = [
    () => tt.defineToken(1),
    () => tt.parseScope(null),
    () => tt.scopesAllow("ADMIN", "deploy"),
    () => tt.parseTtl(3600),
    () => tt.signJwt([], ADMIN),
    () => tt.signJwt({ a: 1n }, ADMIN),
    () => tt.signJwt({ a: 1 }, 42),
    () => tt.createJwt("x", ADMIN),
    () => tt.createJwt(request({ ttl: "1h", now: "now" }), ADMIN),
    () => tt.createJwt(request({ expiresAt: {} }), ADMIN),
    () => tt.verifyJwt(1, ADMIN),
    () => tt.verifyJwt("a.b.c", [ADMIN, {}]),
    () => tt.verifyJwt("a.b.c", ADMIN, { leeway: "1m" }),
    () => tt.renderTokenLines([null], { kind: "datasource" }),
    () => tt.renderTokenLines([{ token: { _name: "x" }, scope: "READ" }], { kind: "datasource" }),
    () => tt.verifyHmacSha256("k", "d", "tag"),
    () => new tt.SigningKey(undefined),
    () => tt.createProject(null),
    () => tt.readProject({ files: [] }),
    () => tt.lintProject(undefined),
    () => tt.checkStaticToken(["TOKENS"], { resources: [] }),
    () => tt.createJwt(request({ ttl: "1h" }), ADMIN, { project: { files: [] } }),
    () => tt.createJwt(request({ ttl: "1h" }), ADMIN, "project"),
    () => new tt.Project(),
  ];
  for (const f of cases) assert.throws(f, TypeError, f.toString());
});

test("now defaults to the clock, read in JS (fake timers work)", (t) => {
  const exp = claimsOf(tt.createJwt(request({ ttl: "1h" }), ADMIN)).exp;
  assert.ok(Math.abs(exp - (nowSec() + 3600)) <= 2);
  t.mock.timers.enable({ apis: ["Date"], now: 1_700_000_000_500 });
  const token = tt.createJwt(request({ ttl: 60 }), ADMIN);
  assert.equal(claimsOf(token).exp, 1_700_000_060);
  assert.equal(tt.verifyJwt(token, ADMIN).claims.exp, 1_700_000_060);
  assert.equal(tt.inspectToken(token).expiresIn, 60);
  t.mock.timers.tick(60_000);
  assert.throws(() => tt.verifyJwt(token, ADMIN), tt.TokenExpiredError);
  t.mock.timers.reset();
});

test("input policy: expiresAt is integer seconds or a Date (floored)", () => {
  const at = (expiresAt) => claimsOf(tt.createJwt(request({ expiresAt, now: 1_700_000_000 }), ADMIN)).exp;
  assert.equal(at(2_000_000_000), 2_000_000_000);
  assert.equal(at(new Date(2_000_000_000_999)), 2_000_000_000);
  assert.throws(() => at("2033-05-18T03:33:20.999Z"), TypeError);
  assert.throws(() => at(true), TypeError);
  assert.throws(() => at(new Date("not a date")), tt.InvalidArgumentError);
  assert.throws(() => at(2_000_000_000.5), tt.InvalidClaimsError);
  assert.throws(() => at(NaN), tt.InvalidClaimsError);
});

test("input policy: ttl is a string or a number of seconds as its decimal text", () => {
  const ttl = (v) => claimsOf(tt.createJwt(request({ ttl: v, now: new Date(1_700_000_000_000) }), ADMIN)).exp;
  assert.equal(ttl("30min"), 1_700_001_800);
  assert.equal(ttl(90), 1_700_000_090);
  assert.equal(ttl(1.5), 1_700_000_001); // "1.5": whole seconds, rounded down
  assert.equal(ttl(1e3), 1_700_001_000);
  for (const bad of [-1, 0.5, NaN, Infinity, 1e-7, 1e300]) assert.throws(() => ttl(bad), tt.InvalidTtlError, String(bad));
  for (const bad of [true, {}, [], null]) assert.throws(() => ttl(bad), TypeError, String(bad));
});

test("input policy: now and leeway are integer seconds (now also a Date); maxTokenBytes a positive integer", () => {
  const token = tt.signJwt({ exp: 100 }, "k");
  const verify = (options) => tt.verifyJwt(token, "k", options);
  assert.equal(verify({ now: new Date(99_999) }).claims.exp, 100);
  assert.equal(verify({ now: 100, leeway: 1 }).claims.exp, 100);
  for (const options of [{ now: 1.5 }, { now: NaN }, { now: new Date(NaN) }, { now: 0, leeway: -1 }, { now: 0, leeway: 0.5 }, { now: 0, maxTokenBytes: 0 }, { now: 0, maxTokenBytes: -5 }]) {
    assert.throws(() => verify(options), tt.InvalidArgumentError, JSON.stringify(options));
  }
  for (const options of [{ now: "0" }, { now: 0, leeway: "1" }, { now: 0, maxTokenBytes: "1" }]) {
    assert.throws(() => verify(options), TypeError, JSON.stringify(options));
  }
  assert.throws(() => tt.createJwt(request({ ttl: "1h", now: 1.5 }), ADMIN), tt.InvalidArgumentError);
  assert.throws(() => tt.createJwt(request({ ttl: "1h", now: new Date(NaN) }), ADMIN), tt.InvalidArgumentError);
  assert.throws(() => tt.inspectToken(token, { now: 1.5 }), tt.InvalidArgumentError);
  assert.equal(tt.inspectToken(token, { now: new Date(200_000) }).expiresIn, -100);
});

test("input policy: a Date in exp, nbf or iat is signed as integer seconds (as PyJWT does)", () => {
  const d = new Date(1_700_000_000_999);
  const claims = { sub: "a", exp: d, nbf: d, iat: d, other: 1 };
  const token = tt.signJwt(claims, "k");
  assert.deepEqual(claimsOf(token), { sub: "a", exp: 1_700_000_000, nbf: 1_700_000_000, iat: 1_700_000_000, other: 1 });
  assert.equal(token, tt.signJwt({ sub: "a", exp: 1_700_000_000, nbf: 1_700_000_000, iat: 1_700_000_000, other: 1 }, "k"));
  assert.ok(claims.exp instanceof Date); // the caller's object is left alone
  assert.throws(() => tt.signJwt({ exp: new Date(NaN) }, "k"), tt.InvalidArgumentError);
});

test("input policy: keys are strings (UTF-8) or bytes; none at all is misuse", () => {
  const token = tt.signJwt({ exp: 10 }, "ké");
  assert.equal(tt.verifyJwt(token, new TextEncoder().encode("ké"), { now: 0 }).keyIndex, 0);
  assert.throws(() => tt.verifyJwt(token, [], { now: 0 }), tt.InvalidArgumentError);
  assert.throws(() => tt.verifyJwt(token, [42], { now: 0 }), TypeError);
  assert.throws(() => tt.signJwt({ exp: 1 }, ""), tt.InvalidSigningKeyError);
});

test("prepared keys: redacted, reusable, rings for rotation, bytes or text", () => {
  const key = tt.createSigningKey(ADMIN);
  assert.equal(key.isAdminToken, true);
  assert.equal(inspect(key), "SigningKey { <redacted> }");
  assert.equal(JSON.stringify({ key }), '{"key":"[SigningKey]"}');
  assert.ok(!inspect(key, { showHidden: true }).includes("p.ey"));
  const token = tt.createJwt(request({ ttl: "1h" }), key);
  const ring = tt.createVerifyingKey(["old secret", new TextEncoder().encode(ADMIN)]);
  assert.equal(ring.size, 2);
  assert.equal(tt.verifyJwt(token, ring).keyIndex, 1);
  assert.equal(tt.verifyJwt(token, [ring, key]).keyIndex, 1);
  assert.equal(tt.verifyJwt(token, new tt.VerifyingKey(key)).keyIndex, 0);
  assert.throws(() => tt.verifyJwt(token, "old secret"), tt.InvalidSignatureError);
  assert.throws(() => tt.createSigningKey(""), tt.InvalidSigningKeyError);
  assert.throws(() => tt.verifyJwt(token, []), tt.InvalidArgumentError);
  assert.equal(key.workspaceId, "11111111-2222-3333-4444-555555555555");
  const plain = tt.createSigningKey(new Uint8Array([0xff, 0, 1]));
  assert.equal(plain.isAdminToken, false);
  assert.equal(plain.workspaceId, undefined);
  assert.throws(() => tt.createJwt(request({ ttl: "1h" }), plain), (e) => {
    assert.ok(e instanceof tt.InvalidSigningKeyError);
    assert.match(e.message, /admin token/);
    return true;
  });
  const signed = tt.signJwt({ exp: nowSec() + 60 }, plain);
  assert.equal(tt.verifyJwt(signed, new Uint8Array([0xff, 0, 1])).claims.exp > 0, true);
  for (let i = 0; i < 2000; i++) tt.createSigningKey(`key ${i}`); // left to the GC (FinalizationRegistry)
});

test("expired and not-yet-valid errors carry the matching key and the verified header and claims", () => {
  const token = tt.signJwt({ exp: 100, nbf: 50, sub: "a" }, "k");
  assert.throws(() => tt.verifyJwt(token, "k", { now: 200 }), (e) => {
    assert.ok(e instanceof tt.TokenExpiredError);
    assert.equal(e.keyIndex, 0);
    assert.deepEqual(e.claims, { exp: 100, nbf: 50, sub: "a" });
    assert.deepEqual(e.header, { alg: "HS256", typ: "JWT" });
    return true;
  });
  assert.throws(() => tt.verifyJwt(token, ["other", "k"], { now: 10 }), (e) => {
    assert.ok(e instanceof tt.TokenNotYetValidError);
    assert.equal(e.keyIndex, 1);
    assert.equal(e.claims.sub, "a");
    return true;
  });
  // The claims are the core's verified text, as it is: a float stays as JSON.parse reads it.
  const other = tt.signJwt({ exp: 100, n: 1.5, s: "\u00f1" }, "k");
  assert.throws(() => tt.verifyJwt(other, [tt.createVerifyingKey(["x", "k"])], { now: 100 }), (e) => {
    assert.equal(e.keyIndex, 1);
    assert.deepEqual(e.claims, { exp: 100, n: 1.5, s: "\u00f1" });
    return true;
  });
  // No other error carries them.
  assert.throws(() => tt.verifyJwt(token, "wrong", { now: 200 }), (e) => e instanceof tt.InvalidSignatureError && !("keyIndex" in e) && !("claims" in e));
  assert.equal(tt.verifyJwt(token, "k", { now: 105, leeway: 10 }).claims.sub, "a");
  assert.throws(() => tt.verifyJwt(token, "k", { now: 60, maxTokenBytes: 20 }), tt.TokenTooLargeError);
});

test("hostile input gives token errors, never a wasm trap", () => {
  const deep = JSON.parse("[".repeat(200) + "]".repeat(200));
  assert.throws(() => tt.signJwt({ deep }, "k"), tt.InvalidClaimsError);
  assert.throws(() => tt.verifyJwt("x".repeat(100_000), "k"), tt.TokenTooLargeError);
  assert.throws(() => tt.decodeJwt("a.b"), tt.MalformedTokenError);
  assert.throws(() => tt.decodeStaticToken("p.\u0000.x"), tt.MalformedTokenError);
  assert.equal(tt.inspectToken("\ufffd not a token", { now: 0 }).kind, "unknown");
  assert.throws(() => tt.inspectToken("\ud800 not a token", { now: 0 }), tt.InvalidArgumentError);
  assert.equal(tt.parseScope("ADMIN").type, "ADMIN"); // still alive after the errors
});

test("inspectToken: segments with their parts, as UTF-16 indexes into the token", () => {
  const parts = (token) => tt.inspectToken(token, { now: 0 }).segments.map((s) => [s.part, token.slice(s.start, s.end)]);
  const jwt = tt.signJwt({ exp: 10 }, "k");
  assert.deepEqual(parts(jwt), jwt.split(".").map((text, i) => [["header", "payload", "signature"][i], text]));
  assert.deepEqual(parts("p.x.y").map(([part]) => part), ["prefix", "payload", "signature"]);
  assert.deepEqual(parts("a.b.c.d").map(([part]) => part), ["header", "payload", "signature", "extra"]);
  assert.deepEqual(parts("héllo"), [["token", "héllo"]]);
  assert.deepEqual(parts("é.\u{1f600}x.ü"), [["header", "é"], ["payload", "\u{1f600}x"], ["signature", "ü"]]);
  assert.deepEqual(tt.inspectToken("é.\u{1f600}x.ü", { now: 0 }).segments.map((s) => [s.start, s.end]), [[0, 1], [2, 5], [6, 7]]);
  const r = tt.inspectToken("a.b", { now: 0 });
  assert.ok(r.problems.length > 0 && r.problems.every((p) => typeof p.part === "string"));
});

test("defineToken has the SDK's shape and is frozen", () => {
  const t = tt.defineToken("app_read");
  assert.deepEqual(Object.keys(t), ["_name", "_type"]);
  assert.equal(t[Symbol.for("tinybird.token")], true);
  assert.ok(Object.isFrozen(t));
  assert.equal(tt.TOKEN_BRAND, Symbol.for("tinybird.token"));
});

test("static tokens, local tokens and HMAC", () => {
  const local = tt.generateLocalTokens();
  for (const token of [local.workspaceToken, local.userToken]) {
    const info = tt.verifyStaticToken(token, "abcd");
    assert.equal(info.apiHost, "http://localhost:7181");
    assert.match(info.tokenId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  assert.notEqual(tt.generateLocalTokens().userToken, local.userToken);
  const token = tt.generateStaticToken({ ownerKind: "u", ownerId: "w", tokenId: "t" }, "s");
  assert.deepEqual(tt.decodeStaticToken(token), { ownerKind: "u", ownerId: "w", tokenId: "t", region: null, apiHost: "http://localhost:7181" });
  const mac = tt.hmacSha256("key", "data");
  assert.equal(mac.length, 32);
  tt.verifyHmacSha256("key", "data", mac);
  assert.throws(() => tt.verifyHmacSha256("key", "data", mac.slice(0, 16)), tt.InvalidSignatureError);
});

test("the default entry is ready at import; ready resolves", async () => {
  await tt.ready;
  assert.equal(tt.parseTtl("1s"), 1);
});

test("the slim entry throws NotInitializedError until initSync/init, then works", async () => {
  const slim = await import("tinybird-tokens/slim");
  assert.throws(() => slim.parseTtl("1h"), (e) => e instanceof slim.NotInitializedError && /await ready/.test(e.message));
  const wasmPath = fileURLToPath(import.meta.resolve("tinybird-tokens/wasm"));
  const bytes = readFileSync(wasmPath);
  assert.ok(WebAssembly.validate(bytes));
  slim.initSync(new WebAssembly.Module(bytes));
  assert.equal(slim.parseTtl("1h"), 3600);
  await slim.ready;
});

test("package.json exports resolve for every documented subpath", async () => {
  for (const sub of ["tinybird-tokens", "tinybird-tokens/slim", "tinybird-tokens/wasm", "tinybird-tokens/package.json"]) {
    assert.ok(import.meta.resolve(sub).includes("/node_modules/tinybird-tokens/"), sub);
  }
  const pkg = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens/package.json")), "utf8"));
  assert.equal(pkg.name, "tinybird-tokens");
});

test("every function and key class, given garbage of every type, throws only TypeError or a token error", () => {
  const deep = JSON.parse("[".repeat(5000) + "]".repeat(5000));
  const cyclic = {};
  cyclic.self = cyclic;
  const hostile = new Proxy({}, { get() { throw new Error("hostile getter"); } });
  const garbage = [
    undefined, null, true, 0, -1, 1.5, NaN, Infinity, -0, 2 ** 64, 1n, "", "x".repeat(100_000), "\ud800",
    "\u0000", "p.", "a.b.c", {}, [], [[]], [null], { type: 1 }, { workspaceId: 1 }, Symbol("s"), () => 1,
    new Uint8Array(3), new Date(NaN), deep, cyclic, hostile,
  ];
  const fns = Object.entries(tt).filter(([name, f]) => typeof f === "function" && /^[a-z]/.test(name));
  const classes = [tt.SigningKey, tt.VerifyingKey];
  const call = (f, args) => {
    try {
      f(...args);
    } catch (e) {
      const ok = e instanceof TypeError || e instanceof tt.TinybirdTokenError || e?.message === "hostile getter";
      assert.ok(ok, `${f.name}(${args.map((a) => typeof a).join(", ")}) threw ${e?.constructor?.name}: ${e?.message}`);
    }
  };
  let calls = 0;
  for (const a of garbage) {
    for (const [, f] of fns) {
      call(f, [a]);
      call(f, ["DATASOURCES:READ:events", a]);
      call(f, [a, ADMIN]);
      call(f, [a, a, a]);
      calls += 4;
    }
    for (const C of classes) {
      call((x) => new C(x), [a]);
      calls += 1;
    }
  }
  assert.ok(calls > 1000);
  // The module survived all of it.
  assert.equal(tt.parseScope("PIPES:READ:top").resource, "top");
  assert.ok(tt.verifyJwt(tt.signJwt({ exp: 10 }, "k"), "k", { now: 0 }).claims.exp === 10);
});

test("string keys are kept prepared in a small cache: evictions, clearKeyCache and bad keys behave", () => {
  const claims = { exp: 10, sub: "s" };
  const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
  const first = keys.map((k) => tt.signJwt(claims, k));
  // Twice over more keys than the cache holds: every ring evicted and made again gives the same bytes.
  for (let round = 0; round < 2; round++) {
    keys.forEach((k, i) => {
      assert.equal(tt.signJwt(claims, k), first[i]);
      assert.equal(tt.verifyJwt(first[i], k, { now: 0 }).keyIndex, 0);
      assert.equal(tt.signJwt(claims, tt.createSigningKey(k)), first[i]);
    });
  }
  assert.throws(() => tt.verifyJwt(first[0], keys[1], { now: 0 }), tt.InvalidSignatureError);
  tt.clearKeyCache();
  assert.equal(tt.signJwt(claims, keys[3]), first[3]);
  for (let i = 0; i < 3; i++) assert.throws(() => tt.signJwt(claims, ""), tt.InvalidSigningKeyError);
  assert.throws(() => tt.signJwt(claims, [keys[0]]), TypeError);
  assert.equal(tt.verifyJwt(first[0], [keys[1], keys[0]], { now: 0 }).keyIndex, 1);
  assert.equal(tt.createJwt(request({ ttl: "1h", now: 0 }), ADMIN), tt.createJwt(request({ ttl: "1h", now: 0 }), ADMIN));
});

// Interop: our JWTs verify with jose and fast-jwt and theirs with ours; @tinybirdco/sdk accepts our
// defineToken results, and its datafile generator writes the same TOKEN lines as renderTokenLines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as jose from "jose";
import { createSigner, createVerifier } from "fast-jwt";
import * as sdk from "@tinybirdco/sdk";
import * as tt from "tinybird-tokens";

const ADMIN =
  "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
const NOW = 1_700_000_000;
const secret = new TextEncoder().encode(ADMIN);

const ours = tt.createJwt(
  {
    workspaceId: "11111111-2222-3333-4444-555555555555",
    name: "frontend_jwt",
    ttl: "1h",
    scopes: [
      { type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme", tier: 2 } },
      { type: "DATASOURCES:READ", resource: "events", filter: "org_id = 'acme'" },
    ],
    limits: { rps: 10 },
    extraClaims: { sub: "user_ñ" },
    now: NOW,
  },
  ADMIN,
);
const ourClaims = tt.decodeJwt(ours).claims;

test("createJwt tokens verify with jose", async () => {
  const { payload, protectedHeader } = await jose.jwtVerify(ours, secret, {
    algorithms: ["HS256"],
    currentDate: new Date(NOW * 1000),
  });
  assert.deepEqual(protectedHeader, { alg: "HS256", typ: "JWT" });
  assert.deepEqual(payload, ourClaims);
  assert.equal(payload.exp, NOW + 3600);
});

test("createJwt tokens verify with fast-jwt", () => {
  const verify = createVerifier({ key: ADMIN, algorithms: ["HS256"], clockTimestamp: NOW * 1000 });
  assert.deepEqual(verify(ours), ourClaims);
});

test("jose tokens verify with ours", async () => {
  const claims = { workspace_id: "w", name: "n", exp: NOW + 60, nbf: NOW - 1, sub: "ä" };
  const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(secret);
  const v = tt.verifyJwt(token, ADMIN, { now: NOW });
  assert.deepEqual(v.claims, claims);
  assert.deepEqual(v.header, { alg: "HS256" });
  const expired = tt.verifyJwt.bind(null, token, tt.createVerifyingKey(ADMIN), { now: NOW + 60 });
  assert.throws(expired, tt.TokenExpiredError);
});

test("fast-jwt tokens verify with ours, and are byte-equal for ASCII integer claims", () => {
  const sign = createSigner({ key: ADMIN, algorithm: "HS256", noTimestamp: true });
  const claims = { workspace_id: "w", name: "n", exp: NOW + 60, scopes: [{ type: "PIPES:READ", resource: "p" }] };
  const theirs = sign(claims);
  assert.deepEqual(tt.verifyJwt(theirs, ADMIN, { now: NOW }).claims, claims);
  assert.equal(tt.signJwt(claims, tt.createSigningKey(ADMIN)), theirs);
  const wrongKey = () => tt.verifyJwt(theirs, "another key", { now: NOW });
  assert.throws(wrongKey, tt.InvalidSignatureError);
});

test("jose rejects a tampered token of ours, and we reject alg none from jose", async () => {
  const [h, p] = ours.split(".");
  await assert.rejects(jose.jwtVerify(`${h}.${p}.AAAA`, secret, { currentDate: new Date(NOW * 1000) }));
  const none = new jose.UnsecuredJWT({ exp: NOW + 60 }).encode();
  assert.throws(() => tt.verifyJwt(none, ADMIN, { now: NOW }), tt.AlgorithmNotAllowedError);
});

// --- @tinybirdco/sdk ---------------------------------------------------------------------------

// The SDK's generators are not in its `exports` map; load them by file path inside the package.
// (Its main module is dist/index.js.)
const sdkDist = dirname(fileURLToPath(import.meta.resolve("@tinybirdco/sdk")));
const { generateDatasource } = await import(
  pathToFileURL(join(sdkDist, "generator/datasource.js")).href
);
const { generatePipe } = await import(pathToFileURL(join(sdkDist, "generator/pipe.js")).href);
const tokenLines = (content) =>
  content
    .split("\n")
    .filter((l) => l.startsWith("TOKEN "))
    .join("\n");

test("our defineToken results are SDK token definitions, and theirs ours", () => {
  const mine = tt.defineToken("app_read");
  assert.equal(sdk.isTokenDefinition(mine), true);
  assert.deepEqual({ ...mine }, { ...sdk.defineToken("app_read") });
  assert.equal(mine[Symbol.for("tinybird.token")], true);
  assert.equal(tt.isTokenDefinition(sdk.defineToken("x")), true);
  assert.throws(() => tt.defineToken("app-read"), (e) => {
    assert.ok(e instanceof tt.InvalidTokenNameError);
    assert.throws(() => sdk.defineToken("app-read"), { message: e.message });
    return true;
  });
});

test("defineDatasource accepts our tokens; its generator's TOKEN lines equal renderTokenLines", () => {
  const appRead = tt.defineToken("app_read");
  const ingest = tt.defineToken("ingest");
  const tokens = [
    { token: appRead, scope: "READ" },
    { token: ingest, scope: "APPEND" },
    { token: appRead, scope: "READ" },
    { name: "legacy", permissions: ["READ", "APPEND"] },
  ];
  const ds = sdk.defineDatasource("events", {
    schema: { id: sdk.t.string(), ts: sdk.t.dateTime() },
    tokens,
  });
  assert.equal(ds.options.tokens[0].token, appRead);
  const generated = tokenLines(generateDatasource(ds).content);
  assert.ok(generated.length > 0);
  assert.equal(generated, tt.renderTokenLines(tokens, { kind: "datasource" }));
  assert.equal(
    generated,
    "TOKEN app_read READ\nTOKEN ingest APPEND\nTOKEN app_read READ\nTOKEN legacy READ\nTOKEN legacy APPEND",
  );
  // ... and what the SDK writes reads back with tb's rules.
  assert.deepEqual(
    tt.parseDatafileTokens(generateDatasource(ds).content, { kind: "datasource" }).map((t) => t.name),
    ["app_read", "ingest", "app_read", "legacy", "legacy"],
  );
});

test("defineEndpoint accepts our tokens; its generator's TOKEN lines equal renderTokenLines", () => {
  const appRead = tt.defineToken("app_read");
  const tokens = [{ token: appRead, scope: "READ" }, { name: "dashboard" }];
  const endpoint = sdk.defineEndpoint("top_pages", {
    nodes: [sdk.node({ name: "endpoint", sql: "SELECT 1 AS x" })],
    output: { x: sdk.t.int32() },
    tokens,
  });
  const generated = tokenLines(generatePipe(endpoint).content);
  assert.equal(generated, "TOKEN app_read READ\nTOKEN dashboard READ");
  assert.equal(generated, tt.renderTokenLines(tokens, { kind: "pipe" }));
  const plan = tt.planTokens([{ kind: "pipe", name: "top_pages", text: generatePipe(endpoint).content }]);
  assert.deepEqual(plan, [
    { name: "app_read", scopes: ["PIPES:READ:top_pages"] },
    { name: "dashboard", scopes: ["PIPES:READ:top_pages"] },
  ]);
});

// tinybird-tokens vs jose, jsonwebtoken (KeyObject), fast-jwt and jwt-decode: sign, verify and decode a
// Tinybird JWT (workspace_id, name, exp, one PIPES:READ scope with two fixed params, limits.rps) keyed
// with a ~90-byte admin token. One process, all libraries interleaved round by round, median of the
// rounds; ratios are to fast-jwt in the same run. Not a test: `npm run bench:js` after building.
//
//   node bench/js/bench.mjs [--rounds N] [--ms PER_BATCH] [--json out.json]
import { createSecretKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import { createDecoder, createSigner, createVerifier } from "fast-jwt";
import { jwtDecode } from "jwt-decode";
import * as tt from "tinybird-tokens";
import { arg, interleaved } from "./harness.mjs";
import { ADMIN, NOW } from "./fixture.mjs";

const ROUNDS = Number(arg("--rounds", 15));
const BATCH_MS = Number(arg("--ms", 40));

const payload = {
  workspace_id: "11111111-2222-3333-4444-555555555555",
  name: "frontend_jwt",
  exp: NOW + 3600,
  scopes: [
    { type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme", user_id: 42 } },
  ],
  limits: { rps: 10 },
};
const request = {
  workspaceId: payload.workspace_id,
  name: payload.name,
  expiresAt: payload.exp,
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme", user_id: 42 } }],
  limits: { rps: 10 },
  now: NOW,
};

// Prepared keys, as each library recommends for repeated use.
const ttSigning = tt.createSigningKey(ADMIN);
const ttVerifying = tt.createVerifyingKey(ADMIN);
const joseKey = new TextEncoder().encode(ADMIN);
const keyObject = createSecretKey(Buffer.from(ADMIN));
const fastSign = createSigner({ key: ADMIN, algorithm: "HS256", noTimestamp: true });
const fastVerify = createVerifier({ key: ADMIN, algorithms: ["HS256"], clockTimestamp: NOW * 1000 });
const fastDecode = createDecoder();
const fastDecodeComplete = createDecoder({ complete: true });

const token = tt.signJwt(payload, ttSigning);
// Every library makes and accepts the same token (same header, same claim order, ASCII claims).
const checks = {
  "fast-jwt sign": fastSign(payload),
  "jsonwebtoken sign": jsonwebtoken.sign(payload, keyObject, { algorithm: "HS256", noTimestamp: true }),
  "tinybird-tokens createJwt": tt.createJwt(request, ttSigning),
};
for (const [what, t] of Object.entries(checks)) {
  if (t !== token) throw new Error(`${what} differs from tinybird-tokens signJwt`);
}
await jose.jwtVerify(token, joseKey, { algorithms: ["HS256"], currentDate: new Date(NOW * 1000) });
fastVerify(token);
jsonwebtoken.verify(token, keyObject, { algorithms: ["HS256"], clockTimestamp: NOW });
tt.verifyJwt(token, ttVerifying, { now: NOW });

// The JSON-text path (wasm-bindgen's string exports), the package's internal hook for its differential
// test: the same run's "before" of the I/O-buffer path.
const TEXT_PATH = Symbol.for("tinybird-tokens.textPath");
const textPath = Object.fromEntries(
  ["signJwt", "createJwt", "verifyJwt", "decodeJwt"].map((op) => [op, tt[op][TEXT_PATH]]),
);
const joseSignHeader = { alg: "HS256", typ: "JWT" };
const joseVerifyOptions = { algorithms: ["HS256"], currentDate: new Date(NOW * 1000) };
const ttVerifyOptions = { now: NOW };

// [group, library, fn, async?]
const CASES = [
  ["sign", "tinybird-tokens signJwt (SigningKey)", () => tt.signJwt(payload, ttSigning)],
  ["sign", "tinybird-tokens createJwt (SigningKey)", () => tt.createJwt(request, ttSigning)],
  ["sign", "tinybird-tokens signJwt (string key)", () => tt.signJwt(payload, ADMIN)],
  ["sign", "tinybird-tokens createJwt (string key)", () => tt.createJwt(request, ADMIN)],
  ["sign", "tinybird-tokens signJwt (SigningKey, JSON-text path)", () => textPath.signJwt(payload, ttSigning)],
  ["sign", "tinybird-tokens createJwt (SigningKey, JSON-text path)", () => textPath.createJwt(request, ttSigning)],
  ["sign", "fast-jwt", () => fastSign(payload)],
  [
    "sign",
    "jsonwebtoken (KeyObject)",
    () => jsonwebtoken.sign(payload, keyObject, { algorithm: "HS256", noTimestamp: true }),
  ],
  ["sign", "jose", () => new jose.SignJWT(payload).setProtectedHeader(joseSignHeader).sign(joseKey), true],
  ["verify", "tinybird-tokens verifyJwt (VerifyingKey)", () => tt.verifyJwt(token, ttVerifying, ttVerifyOptions)],
  ["verify", "tinybird-tokens verifyJwt (string key)", () => tt.verifyJwt(token, ADMIN, ttVerifyOptions)],
  [
    "verify",
    "tinybird-tokens verifyJwt (VerifyingKey, JSON-text path)",
    () => textPath.verifyJwt(token, ttVerifying, ttVerifyOptions),
  ],
  ["verify", "fast-jwt", () => fastVerify(token)],
  [
    "verify",
    "jsonwebtoken (KeyObject)",
    () => jsonwebtoken.verify(token, keyObject, { algorithms: ["HS256"], clockTimestamp: NOW }),
  ],
  ["verify", "jose", () => jose.jwtVerify(token, joseKey, joseVerifyOptions), true],
  ["decode", "tinybird-tokens decodeJwt (header + claims)", () => tt.decodeJwt(token)],
  ["decode", "tinybird-tokens decodeJwt (JSON-text path)", () => textPath.decodeJwt(token)],
  ["decode", "fast-jwt (complete: header + payload)", () => fastDecodeComplete(token)],
  ["decode", "fast-jwt (payload)", () => fastDecode(token)],
  ["decode", "jwt-decode (payload)", () => jwtDecode(token)],
  ["decode", "jsonwebtoken decode (payload)", () => jsonwebtoken.decode(token)],
  ["decode", "jose decodeJwt (payload)", () => jose.decodeJwt(token)],
];
const BASELINE = { sign: "fast-jwt", verify: "fast-jwt", decode: "fast-jwt (complete: header + payload)" };

// Every library once per round, in a rotating order (harness.mjs).
const timed = await interleaved(
  CASES.map(([group, lib, fn, isAsync]) => ({ group, lib, fn, isAsync })),
  { rounds: ROUNDS, batchMs: BATCH_MS },
);
const results = timed.map(({ group, lib, ns }) => ({ group, lib, ns }));
const base = Object.fromEntries(
  Object.entries(BASELINE).map(([g, lib]) => [g, results.find((r) => r.group === g && r.lib === lib).ns]),
);

const wasmPath = fileURLToPath(import.meta.resolve("tinybird-tokens/wasm"));
const wasm = readFileSync(wasmPath);
const indexJs = readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens")));
const size = (b) => ({
  raw: b.length,
  gzip: gzipSync(b, { level: 9 }).length,
  brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

console.log(`node ${process.version}, ${ROUNDS} rounds, ~${BATCH_MS} ms per batch, key ${ADMIN.length} bytes, token ${token.length} bytes\n`);
console.log("| op | library | µs/op | ops/s | × fast-jwt |");
console.log("| --- | --- | ---: | ---: | ---: |");
for (const r of results) {
  console.log(
    `| ${r.group} | ${r.lib} | ${(r.ns / 1000).toFixed(2)} | ${Math.round(1e9 / r.ns).toLocaleString("en-US")} | ${(r.ns / base[r.group]).toFixed(2)} |`,
  );
}
const w = size(wasm);
const j = size(indexJs);
console.log(`\n| file | raw | gzip -9 | brotli 11 |\n| --- | ---: | ---: | ---: |`);
console.log(`| tinybird_tokens_wasm_bg.wasm | ${w.raw} | ${w.gzip} | ${w.brotli} |`);
console.log(`| dist/index.js (wasm inlined as base64) | ${j.raw} | ${j.gzip} | ${j.brotli} |`);
const out = arg("--json");
if (out) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(out, JSON.stringify({ results, sizes: { wasm: w, indexJs: j } }, null, 2));
}

/** Tinybird JWTs (HS256): minting, signing any claims, verifying and decoding; and the formats of
 * `tb token create jwt`'s options. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import type { SigningKey, KeyInput } from "./keys.js";
import { withRing } from "./internal/rings.js";
import { count, expiresAtSeconds, nowSeconds, numericDates, ttlValue } from "./internal/inputs.js";
import { glue, obj, op, optObj, str, toJson, wellFormed } from "./internal/wire.js";
import type {
  CreateJwtOptions,
  DecodedJwt,
  JwtClaims,
  KeyMaterial,
  TinybirdJwtClaims,
  VerifiedJwt,
  VerifyJwtOptions,
} from "./types.js";

// ---------------------------------------------------------------------------------------------------
// `tb token create jwt` option formats

/** Parses a TTL as `tb token create jwt --ttl` does (`"1h"`, `"30min"`, `"1.5 days"`): whole seconds,
 * rounded down. */
export function parseTtl(ttl: string): number {
  str(ttl, "The TTL");
  return op<{ seconds: number }>("parse_ttl", { ttl }).seconds;
}

/** Parses `--fixed-params` text (`"org_id=acme,region=eu"`) into `[key, value]` pairs, in order. */
export function parseFixedParams(text: string): [string, string][] {
  str(text, "The fixed params");
  return op<[string, string][]>("parse_fixed_params", { text });
}

// ---------------------------------------------------------------------------------------------------
// JWTs

const REQUEST_FIELDS: Record<string, string> = {
  workspaceId: "workspace_id",
  expiresAt: "expires_at",
  extraClaims: "extra_claims",
};

function wireScope(scope: unknown): unknown {
  if (typeof scope !== "object" || scope === null || Array.isArray(scope)) return scope;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scope)) out[k === "fixedParams" ? "fixed_params" : k] = v;
  return out;
}

/** The core's JSON request form; unknown fields pass through so that the core rejects them. */
function wireRequest(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === "now" || v === undefined) continue;
    if (k === "expiresAt") out.expires_at = expiresAtSeconds(v);
    else if (k === "ttl") out.ttl = ttlValue(v);
    else if (k === "scopes") out.scopes = Array.isArray(v) ? v.map(wireScope) : v;
    else out[REQUEST_FIELDS[k] ?? k] = v;
  }
  return out;
}

/**
 * Mints a Tinybird JWT offline, byte-identical to what Tinybird's server mints: claims
 * `workspace_id`, `name`, `exp`, `scopes`, `limits`, then `extraClaims`, signed with the workspace
 * admin token (a string or a prepared `SigningKey`).
 */
export function createJwt(options: CreateJwtOptions, key: SigningKey | KeyMaterial): string {
  obj(options, "options");
  const now = nowSeconds(options.now);
  const request = toJson(wireRequest(options), "The options");
  return withRing(key, "The key", false, (ring) => glue(() => raw.createJwt(ring, request, now)));
}

/** Signs any claims object as an HS256 JWT, keys in the given order, with PyJWT's bytes; a `Date` in
 * `exp`, `nbf` or `iat` is signed as integer seconds, as PyJWT does with a datetime. */
export function signJwt(claims: JwtClaims, key: SigningKey | KeyMaterial): string {
  obj(claims, "The claims");
  const text = toJson(numericDates(claims), "The claims");
  return withRing(key, "The key", false, (ring) => glue(() => raw.signJwt(ring, text)));
}

/**
 * Verifies an HS256 JWT against one or more keys (strings, bytes, or prepared keys), then `exp`
 * (required) and `nbf`. Throws a `TinybirdTokenError` subclass (`TokenExpiredError`,
 * `InvalidSignatureError`, ...) when the token is not valid.
 */
export function verifyJwt<C extends JwtClaims = TinybirdJwtClaims>(
  token: string,
  key: KeyInput | readonly KeyInput[],
  options?: VerifyJwtOptions,
): VerifiedJwt<C> {
  str(token, "The token");
  optObj(options, "options");
  const now = nowSeconds(options?.now);
  const leeway = count(options?.leeway ?? 0, "leeway");
  const max = options?.maxTokenBytes === undefined ? undefined : count(options.maxTokenBytes, "maxTokenBytes");
  wellFormed(token, "The token");
  return withRing(key, "A key", true, (ring) =>
    JSON.parse(glue(() => raw.verifyJwt(ring, token, now, leeway, max))) as VerifiedJwt<C>,
  );
}

/** Reads a JWT's header and claims WITHOUT verifying anything but their shape: never trust them. */
export function decodeJwt<C extends JwtClaims = JwtClaims>(token: string): DecodedJwt<C> {
  str(token, "The token");
  wellFormed(token, "The token");
  return JSON.parse(glue(() => raw.decodeJwt(token))) as DecodedJwt<C>;
}

/** Tinybird JWTs (HS256): minting, signing any claims, verifying and decoding; and the formats of
 * `tb token create jwt`'s options. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import { TokenExpiredError, TokenNotYetValidError } from "./errors.js";
import type { SigningKey, KeyInput } from "./keys.js";
import { withRing } from "./internal/rings.js";
import {
  fail,
  glue,
  obj,
  op,
  optObj,
  seconds,
  str,
  toJson,
  typeName,
  wellFormed,
} from "./internal/wire.js";
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

function expiresAtSeconds(v: unknown): unknown {
  // As the TS SDK's createJWT: a number as is, a Date or a date string floored to seconds.
  if (typeof v === "number") return v;
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  if (typeof v === "string") return Math.floor(Date.parse(v) / 1000);
  throw new TypeError(`expiresAt must be a number, a Date or a date string, not ${typeName(v)}.`);
}

function ttlText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  throw new TypeError(`ttl must be a string such as "1h" or a number of seconds, not ${typeName(v)}.`);
}

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
    else if (k === "ttl") out.ttl = ttlText(v);
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
  const now = seconds(options.now);
  const request = toJson(wireRequest(options), "The options");
  return withRing(key, "The key", false, (ring) => glue(() => raw.createJwt(ring, request, now)));
}

/** Signs any claims object as an HS256 JWT, keys in the given order, with PyJWT's bytes. */
export function signJwt(claims: JwtClaims, key: SigningKey | KeyMaterial): string {
  obj(claims, "The claims");
  const text = toJson(claims, "The claims");
  return withRing(key, "The key", false, (ring) => glue(() => raw.signJwt(ring, text)));
}

function verifyWith<C extends JwtClaims>(
  ring: raw.Keys,
  token: string,
  now: number,
  leeway: number,
  maxTokenBytes: number,
): VerifiedJwt<C> {
  try {
    return JSON.parse(raw.verifyJwt(ring, token, now, leeway, maxTokenBytes)) as VerifiedJwt<C>;
  } catch (e) {
    const err = fail(e);
    if (err instanceof TokenExpiredError || err instanceof TokenNotYetValidError) {
      // The signature matched before the time check failed: the claims are authentic.
      try {
        const parts = JSON.parse(raw.decodeJwt(token)) as DecodedJwt;
        err.header = parts.header;
        err.claims = parts.claims;
      } catch {
        // Cannot happen for a token that verified up to its time claims; the error stands as is.
      }
    }
    throw err;
  }
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
  const now = seconds(options?.now);
  const leeway = options?.leeway ?? 0;
  const max = options?.maxTokenBytes ?? 0;
  if (typeof leeway !== "number") throw new TypeError("leeway must be a number of seconds.");
  if (typeof max !== "number") throw new TypeError("maxTokenBytes must be a number.");
  wellFormed(token, "The token");
  return withRing(key, "A key", true, (ring) => verifyWith<C>(ring, token, now, leeway, max));
}

/** Reads a JWT's header and claims WITHOUT verifying anything but their shape: never trust them. */
export function decodeJwt<C extends JwtClaims = JwtClaims>(token: string): DecodedJwt<C> {
  str(token, "The token");
  wellFormed(token, "The token");
  return JSON.parse(glue(() => raw.decodeJwt(token))) as DecodedJwt<C>;
}

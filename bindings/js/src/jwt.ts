/** Tinybird JWTs (HS256): minting, signing any claims, verifying and decoding; and the formats of
 * `tb token create jwt`'s options. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import type { SigningKey, KeyInput } from "./keys.js";
import { quickRing, withRing } from "./internal/rings.js";
import { put, result, take, takeParts } from "./internal/io.js";
import { count, nowSeconds, numericDates } from "./internal/inputs.js";
import { requestText, requestTree, requestWire } from "./internal/request.js";
import { handleOf } from "./internal/projects.js";
import type { Project } from "./project.js";
import { fail, glue, obj, op, optObj, str, toJson, wellFormed } from "./internal/wire.js";
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
  wellFormed(text, "The fixed params");
  return JSON.parse(glue(() => raw.parseFixedParams(text))) as [string, string][];
}

// ---------------------------------------------------------------------------------------------------
// JWTs

/** Options of `createJwt` that are not part of the token. */
export interface CreateJwtCheckOptions {
  /** Checks the request against this project first (`checkJwt`) and refuses with
   * `ProjectCheckFailedError` when a finding is an error; warnings do not stop it. */
  project?: Project | null;
}

/**
 * Mints a Tinybird JWT offline, byte-identical to what Tinybird's server mints: claims
 * `workspace_id`, `name`, `exp`, `scopes`, `limits`, then `extraClaims`, signed with the workspace
 * admin token (a string or a prepared `SigningKey`). With `{ project }`, the request is checked against
 * the project first, as `checkJwt` does.
 */
export function createJwt(
  options: CreateJwtOptions,
  key: SigningKey | KeyMaterial,
  check?: CreateJwtCheckOptions,
): string {
  obj(options, "options");
  optObj(check, "The check options");
  const project =
    check?.project === undefined || check.project === null
      ? undefined
      : handleOf(check.project, "project");
  if (project === undefined && !textOnly) {
    // The request written as a typed tree in one pass over the options (no copy, no JSON text to
    // write or parse), when the tree carries it unchanged.
    const now = nowSeconds(options.now);
    const tree = requestTree(options as Record<string, unknown>);
    let r = -1;
    try {
      const n = tree === undefined ? -1 : put(tree);
      const ring = n < 0 ? undefined : quickRing(key, "The key");
      if (ring !== undefined) r = result(raw.ioCreateJwt(ring, n, now));
    } catch (e) {
      throw fail(e);
    }
    if (r >= 0) {
      treeResults++;
      return take(r);
    }
  }
  const { wire, now } = requestWire(options);
  const request = requestText(wire);
  return createText(request, now, key, project);
}

/** Signs any claims object as an HS256 JWT, keys in the given order, with PyJWT's bytes; a `Date` in
 * `exp`, `nbf` or `iat` is signed as integer seconds, as PyJWT does with a datetime. */
export function signJwt(claims: JwtClaims, key: SigningKey | KeyMaterial): string {
  obj(claims, "The claims");
  const text = toJson(numericDates(claims), "The claims");
  let r = -1;
  if (!textOnly) {
    try {
      const n = put(text);
      const ring = n < 0 ? undefined : quickRing(key, "The key");
      if (ring !== undefined) r = result(raw.ioSignJwt(ring, n));
    } catch (e) {
      throw fail(e);
    }
  }
  return r >= 0 ? take(r) : signText(text, key);
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
  // An ASCII token has no lone surrogate: `put` stands for `wellFormed` here.
  let r = -1;
  if (!textOnly) {
    try {
      const n = put(token);
      const ring = n < 0 ? undefined : quickRing(key, "A key");
      if (ring !== undefined) r = result(raw.ioVerifyJwt(ring, n, now, leeway, max));
    } catch (e) {
      throw fail(e);
    }
  }
  return (r >= 0 ? takeParts(r) : JSON.parse(verifyText(token, key, now, leeway, max))) as VerifiedJwt<C>;
}

/** Reads a JWT's header and claims with every check of `verifyJwt` but the signature and the clock
 * (so it refuses what Tinybird would refuse for any key at any time): never trust them. */
export function decodeJwt<C extends JwtClaims = JwtClaims>(token: string): DecodedJwt<C> {
  str(token, "The token");
  let r = -1;
  if (!textOnly) {
    try {
      const n = put(token);
      if (n >= 0) r = result(raw.ioDecodeJwt(n));
    } catch (e) {
      throw fail(e);
    }
  }
  return (r >= 0 ? takeParts(r) : JSON.parse(decodeText(token))) as DecodedJwt<C>;
}

// ---------------------------------------------------------------------------------------------------
// The JSON-text path: wasm-bindgen's string exports. The functions above take it for what the I/O
// buffers do not carry (non-ASCII text, keys given as bytes or lists, a project check); the
// differential test (test/callpath.test.mjs) runs it against them through `TEXT_PATH`.

function createText(
  request: string,
  now: number,
  key: SigningKey | KeyMaterial,
  project: ReturnType<typeof handleOf> | undefined,
): string {
  return withRing(key, "The key", false, (ring) =>
    glue(() =>
      project === undefined
        ? raw.createJwt(ring, request, now)
        : raw.createJwtChecked(ring, request, now, project),
    ),
  );
}

function signText(text: string, key: SigningKey | KeyMaterial): string {
  return withRing(key, "The key", false, (ring) => glue(() => raw.signJwt(ring, text)));
}

function verifyText(
  token: string,
  key: unknown,
  now: number,
  leeway: number,
  max: number | undefined,
): string {
  wellFormed(token, "The token");
  return withRing(key, "A key", true, (ring) => glue(() => raw.verifyJwt(ring, token, now, leeway, max)));
}

function decodeText(token: string): string {
  wellFormed(token, "The token");
  return glue(() => raw.decodeJwt(token));
}

/** Set while a `TEXT_PATH` twin runs: the hot functions then skip the I/O buffers. */
let textOnly = false;

/** How many `createJwt` results came through the typed tree and the I/O buffers, so the differential
 * test can tell that the path it compares was taken (`IO_RESULTS` below). Only `createJwt` counts: the
 * other hot functions take that path for any ASCII input, and their loops stay as they were. */
let treeResults = 0;

/**
 * Internal hook, not a public API: each hot function carries under this symbol a twin that runs it
 * with the JSON-text path only (same checks, same arguments), for the differential test.
 */
const TEXT_PATH = Symbol.for("tinybird-tokens.textPath");
/** Internal hook, not a public API: `createJwt`'s count of results through the I/O buffers. */
const IO_RESULTS = Symbol.for("tinybird-tokens.ioResults");
Object.defineProperty(createJwt, IO_RESULTS, { get: () => treeResults });
for (const f of [createJwt, signJwt, verifyJwt, decodeJwt] as ((...args: never[]) => unknown)[]) {
  const twin = (...args: never[]): unknown => {
    textOnly = true;
    try {
      return f(...args);
    } finally {
      textOnly = false;
    }
  };
  Object.defineProperty(f, TEXT_PATH, { value: twin });
}


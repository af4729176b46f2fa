/**
 * The public API: plain objects in and out, sync, no wasm objects to free. Every rule runs in the Rust
 * core (through the wasm glue); this layer only checks argument types (`TypeError`), fills in `now`
 * from the clock, converts `expiresAt` / `ttl` the way the TS SDK does, renames fields between
 * camelCase and the core's JSON and turns the glue's errors into `TinybirdTokenError` subclasses.
 */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import {
  JwtExpiredError,
  JwtNotYetValidError,
  NotInitializedError,
  fromWire,
  type ErrorCode,
} from "./errors.js";
import { initError, initialized } from "./state.js";
import {
  TOKEN_BRAND,
  type CreateJwtOptions,
  type DatafileSource,
  type DatafileToken,
  type DecodedJwt,
  type InspectOptions,
  type Inspection,
  type JwtClaims,
  type KeyMaterial,
  type LocalTokens,
  type ResourceKind,
  type Scope,
  type ScopeAction,
  type ScopeOptions,
  type ScopeParts,
  type StaticTokenFields,
  type StaticTokenInfo,
  type TinybirdJwtClaims,
  type TokenAttachment,
  type TokenDefinition,
  type TokenPlan,
  type TokenPlanDiff,
  type VerifiedJwt,
  type VerifyJwtOptions,
} from "./types.js";

export * from "./errors.js";
export * from "./types.js";
export { ready } from "./state.js";

// ---------------------------------------------------------------------------------------------------
// Plumbing

/** What the glue threw, as the error to throw. */
function fail(e: unknown): unknown {
  if (!initialized) {
    const err = new NotInitializedError();
    if (initError !== undefined) (err as { cause?: unknown }).cause = initError;
    return err;
  }
  return fromWire(e);
}

type WellFormed = { toWellFormed?: () => string };

/** Lone surrogates cannot cross into Rust: replace them with U+FFFD, as passing a string argument to
 * WebAssembly does (`TextEncoder`). `JSON.stringify` would escape them instead, which Rust rejects. */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === "string" && (value as WellFormed).toWellFormed
    ? (value as WellFormed).toWellFormed!()
    : value;
}

/** `JSON.stringify`, with input too deep for the engine's stack reported as the bad argument it is
 * (a `TypeError`, like a circular structure) instead of a `RangeError` from inside the engine. The core
 * itself reads at most 127 levels. */
function toJson(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  try {
    return JSON.stringify(value, replacer);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new TypeError("The input is nested too deeply to be JSON.", { cause: e });
    }
    throw e;
  }
}

/** Runs a JSON operation of the core. */
function op<T>(name: string, input: object): T {
  const text = toJson(input, wellFormed);
  return JSON.parse(glue(() => raw.call(name, text))) as T;
}

/** Calls into the WebAssembly glue, turning what it throws into this package's errors. */
function glue<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fail(e);
  }
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}

function str(v: unknown, what: string): asserts v is string {
  if (typeof v !== "string") throw new TypeError(`${what} must be a string, not ${typeName(v)}.`);
}

function obj(v: unknown, what: string): asserts v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new TypeError(`${what} must be an object, not ${typeName(v)}.`);
  }
}

function optObj(v: unknown, what: string): void {
  if (v !== undefined) obj(v, what);
}

function arr(v: unknown, what: string): asserts v is readonly unknown[] {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be an array, not ${typeName(v)}.`);
}

/** Unix seconds: `now` as given (a number of seconds or a Date), floored, or the clock. */
function seconds(now: unknown, what = "now"): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (typeof now === "number") return Math.floor(now);
  if (now instanceof Date) return Math.floor(now.getTime() / 1000);
  throw new TypeError(`${what} must be a number of seconds or a Date, not ${typeName(now)}.`);
}

const encoder = new TextEncoder();

function bytesOf(v: KeyMaterial, what: string): Uint8Array {
  if (typeof v === "string") return encoder.encode(v);
  if (v instanceof Uint8Array) return v;
  throw new TypeError(`${what} must be a string or a Uint8Array, not ${typeName(v)}.`);
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16);
  return s;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A secret for the JSON ops: text as `name`, bytes as `name_hex`. */
function secretField(name: string, v: KeyMaterial): Record<string, string> {
  if (typeof v === "string") return { [name]: v };
  if (v instanceof Uint8Array) return { [`${name}_hex`]: toHex(v) };
  throw new TypeError(`${name} must be a string or a Uint8Array, not ${typeName(v)}.`);
}

// ---------------------------------------------------------------------------------------------------
// Keys

let ringOf: (key: TokenKey) => raw.Keys;

/** A key ring prepared in WebAssembly; freed by the garbage collector (no `free()` to call). */
export abstract class TokenKey {
  #ring: raw.Keys;

  /** @internal */
  protected constructor(ring: object) {
    this.#ring = ring as raw.Keys;
  }

  static {
    ringOf = (key) => key.#ring;
  }

  /** How many keys verify (a ring of several supports rotation). */
  get size(): number {
    return this.#ring.size;
  }

  /** Keys never print their secret. */
  toJSON(): string {
    return `[${this.constructor.name}]`;
  }

  toString(): string {
    return `[${this.constructor.name}]`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `${this.constructor.name} { <redacted> }`;
  }
}

/** A key as `verifyJwt` and `VerifyingKey` take it: text, bytes or a prepared key. */
export type KeyInput = KeyMaterial | TokenKey;

function addKey(ring: raw.Keys, key: unknown, what: string): void {
  if (typeof key === "string") ring.addText(key);
  else if (key instanceof Uint8Array) ring.addBytes(key);
  else if (key instanceof TokenKey) ring.addKeys(ringOf(key));
  else {
    throw new TypeError(
      `${what} must be a string, a Uint8Array, a SigningKey or a VerifyingKey, not ${typeName(key)}.`,
    );
  }
}

/** A fresh ring of the given keys (the caller frees it, or hands it to a TokenKey). */
function newRing(keys: readonly unknown[], what: string): raw.Keys {
  const ring = glue(() => new raw.Keys());
  try {
    for (const k of keys) addKey(ring, k, what);
  } catch (e) {
    ring.free();
    throw fail(e);
  }
  return ring;
}

/** How many string keys stay prepared (as the Python package's per-process cache). */
const CACHED_KEYS = 8;
const keyCache = new Map<string, raw.Keys>();

/**
 * The prepared ring of a key given as a string, from a small cache of the last `CACHED_KEYS` strings,
 * so `verifyJwt(token, process.env.TB_TOKEN)` does not hash the admin token again on every call.
 * `Uint8Array` keys are not cached: their contents can change. The ring is owned by the cache.
 */
function cachedRing(key: string, what: string): raw.Keys {
  const hit = keyCache.get(key);
  if (hit !== undefined) {
    keyCache.delete(key);
    keyCache.set(key, hit);
    return hit;
  }
  const ring = newRing([key], what);
  if (keyCache.size >= CACHED_KEYS) {
    const [oldest, evicted] = keyCache.entries().next().value as [string, raw.Keys];
    keyCache.delete(oldest);
    evicted.free();
  }
  keyCache.set(key, ring);
  return ring;
}

/** Forgets the prepared string keys (after rotating an admin token, say); later calls prepare again. */
export function clearKeyCache(): void {
  for (const ring of keyCache.values()) ring.free();
  keyCache.clear();
}

/** Runs `f` with the ring of a key: a prepared key's own, the cache's for a string, else a fresh one
 * (of a list of keys where `many`) that is freed after. */
function withRing<T>(key: unknown, what: string, many: boolean, f: (ring: raw.Keys) => T): T {
  if (key instanceof TokenKey) return f(ringOf(key));
  if (typeof key === "string") return f(cachedRing(key, what));
  const ring = newRing(many && Array.isArray(key) ? key : [key], what);
  try {
    return f(ring);
  } finally {
    ring.free();
  }
}

/**
 * A key prepared once for fast repeated signing: a workspace admin token (which can also mint
 * Tinybird JWTs with `createJwt`) or any other non-empty secret, as text or bytes.
 */
export class SigningKey extends TokenKey {
  constructor(key: KeyMaterial) {
    super(newRing([key], "The key"));
  }

  /** Whether this is a workspace admin token, the key `createJwt` needs. */
  get isAdminToken(): boolean {
    return ringOf(this).isAdminToken;
  }
}

/**
 * One or more keys prepared once for fast repeated verification; with several (e.g. the admin token
 * before and after `tb token refresh`), a token verifies if any matches.
 */
export class VerifyingKey extends TokenKey {
  constructor(keys: KeyInput | readonly KeyInput[]) {
    super(newRing(Array.isArray(keys) ? keys : [keys], "A key"));
  }
}

/** Prepares a signing key once (see `SigningKey`). */
export function createSigningKey(key: KeyMaterial): SigningKey {
  return new SigningKey(key);
}

/** Prepares one or more verifying keys once (see `VerifyingKey`). */
export function createVerifyingKey(keys: KeyInput | readonly KeyInput[]): VerifyingKey {
  return new VerifyingKey(keys);
}

// ---------------------------------------------------------------------------------------------------
// Names and scopes

/**
 * Defines a named token that data sources and pipes can reference, checked with the SDKs' name rule.
 * The result is exactly what `@tinybirdco/sdk`'s `defineToken` returns (its `_name`, `_type: "token"`
 * and `Symbol.for("tinybird.token")` brand), so the SDK's `defineDatasource` / `defineEndpoint` accept
 * it in `tokens: [{ token, scope }]`.
 */
export function defineToken<Name extends string>(name: Name): TokenDefinition<Name> {
  str(name, "The token name");
  op("define_token", { name });
  return Object.freeze({ [TOKEN_BRAND]: true as const, _name: name, _type: "token" as const });
}

/** Whether `value` is a token definition (the SDK's `isTokenDefinition` rule). */
export function isTokenDefinition(value: unknown): value is TokenDefinition {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[TOKEN_BRAND] === true
  );
}

/** Parses a static-token scope string (`DATASOURCES:READ:events`). */
export function parseScope(scope: string, options?: ScopeOptions): Scope {
  str(scope, "The scope");
  optObj(options, "options");
  return op<Scope>("parse_scope", { scope, mode: options?.mode });
}

/** Formats scope parts as a scope string, with the same checks as `parseScope`. */
export function formatScope(scope: ScopeParts, options?: ScopeOptions): string {
  obj(scope, "The scope");
  optObj(options, "options");
  return op<string>("format_scope", {
    type: scope.type,
    resource: scope.resource ?? null,
    filter: scope.filter ?? null,
    mode: options?.mode,
  });
}

/** Whether the scopes allow `action` (on `resource`, for the actions that take one). */
export function scopesAllow(
  scopes: readonly string[],
  action: ScopeAction,
  resource?: string | null,
  options?: ScopeOptions,
): boolean {
  arr(scopes, "scopes");
  str(action, "The action");
  optObj(options, "options");
  return op<boolean>("scopes_allow", {
    scopes,
    action,
    resource: resource ?? null,
    mode: options?.mode,
  });
}

// ---------------------------------------------------------------------------------------------------
// Datafiles

/** The `TOKEN <name> <permission>` lines for attachments, joined by `\n` (no trailing newline). */
export function renderTokenLines(
  kind: ResourceKind,
  attachments: readonly TokenAttachment[],
): string {
  str(kind, "The kind");
  arr(attachments, "attachments");
  const tokens: { name: unknown; permission: unknown }[] = [];
  for (const a of attachments as readonly unknown[]) {
    obj(a, "Each attachment");
    if ("token" in a) {
      const t = a.token;
      let name: unknown;
      if (typeof t === "string") name = t;
      else if (isTokenDefinition(t)) name = t._name;
      else throw new TypeError("`token` must be a token definition (defineToken) or a name.");
      tokens.push({ name, permission: a.scope });
    } else if ("permissions" in a) {
      arr(a.permissions, "permissions");
      for (const permission of a.permissions) tokens.push({ name: a.name, permission });
    } else if ("permission" in a) {
      tokens.push({ name: a.name, permission: a.permission });
    } else if (kind === "pipe") {
      tokens.push({ name: a.name, permission: "READ" });
    } else {
      throw new TypeError(
        "A data source attachment is {token, scope}, {name, permissions} or {name, permission}.",
      );
    }
  }
  return op<string>("render_token_lines", { kind, tokens });
}

/** Reads the TOKEN lines of a `.datasource` / `.pipe` file (`tb`'s rules; errors carry `line`). */
export function parseDatafileTokens(kind: ResourceKind, text: string): DatafileToken[] {
  str(kind, "The kind");
  str(text, "The text");
  return op<DatafileToken[]>("parse_datafile_tokens", { kind, text });
}

/** The tokens a set of datafiles declares and their scopes, sorted by name. */
export function planTokens(files: readonly DatafileSource[]): TokenPlan {
  arr(files, "files");
  return op<TokenPlan>("plan_tokens", { files });
}

/** What changes from one plan to another (create, update, delete), each list sorted by name. */
export function diffTokenPlans(oldPlan: TokenPlan, newPlan: TokenPlan): TokenPlanDiff {
  arr(oldPlan, "The old plan");
  arr(newPlan, "The new plan");
  return op<TokenPlanDiff>("diff_token_plans", { old: oldPlan, new: newPlan });
}

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
  const request = toJson(wireRequest(options));
  return withRing(key, "The key", false, (ring) => glue(() => raw.createJwt(ring, request, now)));
}

/** Signs any claims object as an HS256 JWT, keys in the given order, with PyJWT's bytes. */
export function signJwt(claims: JwtClaims, key: SigningKey | KeyMaterial): string {
  obj(claims, "The claims");
  const text = toJson(claims);
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
    if (err instanceof JwtExpiredError || err instanceof JwtNotYetValidError) {
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
 * (required) and `nbf`. Throws a `TinybirdTokenError` subclass (`JwtExpiredError`,
 * `JwtInvalidSignatureError`, ...) when the token is not valid.
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
  return withRing(key, "A key", true, (ring) => verifyWith<C>(ring, token, now, leeway, max));
}

/** Reads a JWT's header and claims WITHOUT verifying anything but their shape: never trust them. */
export function decodeJwt<C extends JwtClaims = JwtClaims>(token: string): DecodedJwt<C> {
  str(token, "The token");
  return JSON.parse(glue(() => raw.decodeJwt(token))) as DecodedJwt<C>;
}

interface WireInspection {
  kind: Inspection["kind"];
  header: Inspection["header"];
  claims: Inspection["claims"];
  workspace_id: string | null;
  name: string | null;
  scopes: {
    type: string;
    resource: string;
    fixed_params: Record<string, unknown> | null;
    filter: string | null;
    summary: string;
  }[];
  limits: { rps: number } | null;
  expires_at: number | null;
  expires_in: number | null;
  not_before: number | null;
  issued_at: number | null;
  static: WireStatic | null;
  problems: Inspection["problems"];
}

/** Explains a JWT or static token (what it is, grants, when it expires, what is wrong with it)
 * without verifying it; never throws for a bad token. */
export function inspectToken(token: string, options?: InspectOptions): Inspection {
  str(token, "The token");
  optObj(options, "options");
  const r = op<WireInspection>("inspect_token", { token, now: seconds(options?.now) });
  return {
    kind: r.kind,
    header: r.header,
    claims: r.claims,
    workspaceId: r.workspace_id,
    name: r.name,
    scopes: r.scopes.map((s) => ({
      type: s.type,
      resource: s.resource,
      fixedParams: s.fixed_params,
      filter: s.filter,
      summary: s.summary,
    })),
    limits: r.limits,
    expiresAt: r.expires_at,
    expiresIn: r.expires_in,
    notBefore: r.not_before,
    issuedAt: r.issued_at,
    static: r.static && staticInfo(r.static),
    problems: r.problems,
  };
}

// ---------------------------------------------------------------------------------------------------
// Static tokens

interface WireStatic {
  owner_kind: "u" | "o";
  owner_id: string;
  token_id: string;
  region: string | null;
  api_host: string;
}

function staticInfo(s: WireStatic): StaticTokenInfo {
  return {
    ownerKind: s.owner_kind,
    ownerId: s.owner_id,
    tokenId: s.token_id,
    region: s.region,
    apiHost: s.api_host,
  };
}

/** Reads a static `p.` token's owner, id and region WITHOUT checking its signature. */
export function decodeStaticToken(token: string): StaticTokenInfo {
  str(token, "The token");
  return staticInfo(op<WireStatic>("decode_static_token", { token }));
}

/** Reads a static `p.` token and checks its signature with `secret`. */
export function verifyStaticToken(token: string, secret: KeyMaterial): StaticTokenInfo {
  str(token, "The token");
  return staticInfo(
    op<WireStatic>("verify_static_token", { token, ...secretField("secret", secret) }),
  );
}

/** Signs a static `p.` token (Tinybird Local's secret is `"abcd"`). */
export function generateStaticToken(token: StaticTokenFields, secret: KeyMaterial): string {
  obj(token, "The token fields");
  return op<{ token: string }>("generate_static_token", {
    owner_kind: token.ownerKind,
    owner_id: token.ownerId,
    token_id: token.tokenId,
    region: token.region ?? null,
    ...secretField("secret", secret),
  }).token;
}

/** Fresh Tinybird Local tokens, like `tb local generate-tokens` (random ids, secret `"abcd"`). */
export function generateLocalTokens(): LocalTokens {
  const t = op<{ workspace_token: string; user_token: string }>("generate_local_tokens", {});
  return { workspaceToken: t.workspace_token, userToken: t.user_token };
}

// ---------------------------------------------------------------------------------------------------
// The raw primitive

/** HMAC-SHA256 of `data` under `key` (text is UTF-8). */
export function hmacSha256(key: KeyMaterial, data: KeyMaterial): Uint8Array {
  const input = { key_hex: toHex(bytesOf(key, "The key")), data_hex: toHex(bytesOf(data, "data")) };
  return fromHex(op<{ mac_hex: string }>("hmac_sha256", input).mac_hex);
}

/** Checks a full 32-byte HMAC-SHA256 tag in constant time; throws `JwtInvalidSignatureError` if it
 * does not match. */
export function verifyHmacSha256(key: KeyMaterial, data: KeyMaterial, tag: Uint8Array): void {
  if (!(tag instanceof Uint8Array)) throw new TypeError("The tag must be a Uint8Array.");
  op("hmac_sha256_verify", {
    key_hex: toHex(bytesOf(key, "The key")),
    data_hex: toHex(bytesOf(data, "data")),
    tag_hex: toHex(tag),
  });
}

/** The error codes the loaded core knows (equal to `ERROR_CODES` unless the build is out of sync). */
export function coreErrorCodes(): ErrorCode[] {
  return JSON.parse(raw.errorCodes()) as ErrorCode[];
}


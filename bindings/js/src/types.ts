/** Public types of `tinybird-tokens`. Wire-format values (claims, scope strings, `fixed_params`,
 * `limits.rps`) keep Tinybird's spelling; everything this package names itself is camelCase. */

/** Which Tinybird product's scope rules apply. Default `"forward"`. */
export type ScopeMode = "forward" | "classic";

/** A static-token scope type. */
export type ScopeType =
  | "DATASOURCES:READ"
  | "DATASOURCES:APPEND"
  | "DATASOURCES:CREATE"
  | "DATASOURCES:DROP"
  | "PIPES:READ"
  | "PIPES:CREATE"
  | "PIPES:DROP"
  | "TOKENS"
  | "ADMIN"
  | "WORKSPACE:READ_ALL"
  | "WORKSPACE:DEPLOY"
  | "ORG_DATASOURCES:READ"
  | "ADMIN_USER"
  | "AUTH";

/** A parsed scope: `TYPE[:RESOURCE[:FILTER]]`. */
export interface Scope {
  type: ScopeType;
  resource: string | null;
  /** The SQL filter (Classic READ scopes only). */
  filter: string | null;
}

/** The parts `formatScope` joins; `resource` and `filter` may be left out. */
export interface ScopeParts {
  type: ScopeType;
  resource?: string | null;
  filter?: string | null;
}

/** Options of the scope functions. */
export interface ScopeOptions {
  /** Default `"forward"`. */
  mode?: ScopeMode;
}

/** What `scopesAllow` asks about. The first five take a resource, the others none. */
export type ScopeAction =
  | "read_datasource"
  | "append_datasource"
  | "drop_datasource"
  | "read_pipe"
  | "drop_pipe"
  | "create_datasource"
  | "create_pipe"
  | "manage_tokens"
  | "deploy"
  | "read_org_datasources";

/** `Symbol.for("tinybird.token")`, the brand `@tinybirdco/sdk` checks in `isTokenDefinition`. */
export const TOKEN_BRAND: unique symbol = Symbol.for("tinybird.token");

/** What `defineToken` returns: the exact shape `@tinybirdco/sdk`'s `defineToken` returns and its
 * `defineDatasource` / `defineEndpoint` accept in `tokens: [{ token, scope }]`. */
export interface TokenDefinition<Name extends string = string> {
  readonly [TOKEN_BRAND]: true;
  /** The token name. */
  readonly _name: Name;
  readonly _type: "token";
}

/** Any object shaped like a token definition, such as `@tinybirdco/sdk`'s (whose brand symbol is
 * private to its types); at run time `renderTokenLines` still requires the brand. */
export interface TokenLike {
  readonly _name: string;
  readonly _type: "token";
}

/** Where a token is attached. */
export type ResourceKind = "datasource" | "pipe";

/** A TOKEN permission: `READ` or `APPEND` on data sources, `READ` on pipes. */
export type TokenPermission = "READ" | "APPEND";

/** One attachment for `renderTokenLines`, in any of the shapes `@tinybirdco/sdk` accepts in `tokens`
 * (a reference `{token, scope}`, an inline data source `{name, permissions}`, an inline pipe `{name}`)
 * or the wire shape `{name, permission}`. */
export type TokenAttachment =
  | { token: TokenDefinition | TokenLike | string; scope: TokenPermission }
  | { name: string; permissions: readonly TokenPermission[] }
  | { name: string; permission: TokenPermission }
  | { name: string }
  | readonly [TokenDefinition | TokenLike | string, TokenPermission];

/** A TOKEN line read from a datafile. */
export interface DatafileToken {
  name: string;
  /** Uppercased. */
  permission: TokenPermission;
  /** 1-based. */
  line: number;
}

/** One datafile for `planTokens`: its kind, its resource name and its text. */
export interface DatafileSource {
  kind: ResourceKind;
  name: string;
  text: string;
}

/** One token of a plan and its scopes (scope strings). */
export interface PlannedToken {
  name: string;
  scopes: string[];
}

/** The tokens a set of datafiles declares, sorted by name. */
export type TokenPlan = PlannedToken[];

/** What to do to go from one plan to another. */
export interface TokenPlanDiff {
  create: PlannedToken[];
  update: { name: string; added: string[]; removed: string[] }[];
  delete: string[];
}

/** A fixed-param value in a JWT scope. */
export type FixedParamValue = string | number | boolean;

/** A JWT scope: `PIPES:READ` (optionally with fixed params) or `DATASOURCES:READ` (optionally with an
 * SQL filter). */
export type JwtScope =
  | {
      type: "PIPES:READ";
      resource: string;
      fixedParams?: Record<string, FixedParamValue>;
    }
  | {
      type: "DATASOURCES:READ";
      resource: string;
      filter?: string;
    };

/** What `createJwt` mints. Give exactly one of `ttl` and `expiresAt`. */
export interface CreateJwtOptions {
  workspaceId: string;
  /** The `name` claim: shows in `pipe_stats_rt` and keys the rate limit. */
  name: string;
  /** Time to live: `"1h"`, `"30min"`, `"2 days"` (as `tb token create jwt --ttl`), or a number of
   * seconds (`1.5` reads as `"1.5"`). */
  ttl?: string | number;
  /** Absolute expiry: integer Unix seconds, or a `Date` (floored to seconds). */
  expiresAt?: number | Date;
  scopes: JwtScope[];
  limits?: { rps: number };
  /** More claims, after Tinybird's, in order; they may not reuse Tinybird's names. */
  extraClaims?: Record<string, unknown>;
  /** The current time (integer Unix seconds or a `Date`); default now. */
  now?: number | Date;
}

/** JWT claims: any JSON object. */
export type JwtClaims = Record<string, unknown>;

/** Claims as Tinybird writes them. */
export interface TinybirdJwtClaims {
  workspace_id: string;
  name: string;
  exp: number;
  scopes: {
    type: string;
    resource: string;
    fixed_params?: Record<string, FixedParamValue>;
    filter?: string;
  }[];
  limits?: { rps: number };
  [claim: string]: unknown;
}

/** A JWT's JOSE header. */
export interface JwtHeader {
  alg?: unknown;
  typ?: unknown;
  [param: string]: unknown;
}

/** Options of `verifyJwt`. */
export interface VerifyJwtOptions {
  /** The current time (integer Unix seconds or a `Date`); default now. */
  now?: number | Date;
  /** Integer seconds of clock skew tolerated on `exp` and `nbf`, not negative. Default 0. */
  leeway?: number;
  /** The largest token accepted, in bytes (a positive integer). Default 16384. */
  maxTokenBytes?: number;
}

/** Options of `VerifyingKey` / `createVerifyingKey`. */
export interface VerifyingKeyOptions {
  /**
   * Cache successful verifications, like fast-jwt's `cache` option: `true` keeps up to 1000 tokens,
   * a positive integer that many; default off. Only tokens that verified are stored, keyed by their
   * exact text, and a token that fails is verified again on every call. Each cache belongs to its
   * key, so another key set never sees its entries; `clearKeyCache()` empties them all.
   *
   * A hit skips the HMAC and the decoding, never the checks that depend on the call: `exp` and `nbf`
   * are judged against that call's `now` and `leeway`, and its `maxTokenBytes` applies, so a cached
   * token that has since expired throws the same `TokenExpiredError` as verifying it afresh.
   * Every call returns fresh objects, never one shared with another caller.
   *
   * The cache keeps the token texts (bearer secrets) in WebAssembly memory until they are evicted
   * (second chance, when full), expire on a hit, or the cache is cleared or the key collected.
   */
  cache?: boolean | number;
}

/** A verified JWT. */
export interface VerifiedJwt<C extends JwtClaims = TinybirdJwtClaims> {
  header: JwtHeader;
  claims: C;
  /** Which of the given keys matched (the first that did). */
  keyIndex: number;
}

/** A decoded, NOT verified, JWT. */
export interface DecodedJwt<C extends JwtClaims = JwtClaims> {
  header: JwtHeader;
  claims: C;
}

/** Options of `inspectToken`. */
export interface InspectOptions {
  /** The current time (integer Unix seconds or a `Date`); default now. */
  now?: number | Date;
}

/** A part of a token: `header`, `payload`, `signature` of a JWT; `prefix`, `payload`, `signature`
 * of a static token; `token` for a token without dots (or a problem with the whole token); `extra`
 * for a segment after the third. */
export type Part = "token" | "prefix" | "header" | "payload" | "signature" | "extra";

/** Something wrong with an inspected token, with the code verification would give and the part it
 * is in. */
export interface InspectionProblem {
  code: import("./errors.js").ErrorCode;
  part: Part;
  message: string;
  /** True when `verifyJwt` (right key, at `now`, no leeway) refuses the token for this problem; these
   * come first, in its order, so the first one has the code it throws. False for Tinybird's claim
   * rules, which it does not judge, and for static tokens. */
  verification: boolean;
}

/** One dot-separated segment of an inspected token: `token.slice(start, end)` (UTF-16 indexes, so
 * JS string methods apply as they are; the core counts UTF-8 bytes). */
export interface InspectionSegment {
  part: Part;
  start: number;
  end: number;
}

/** One scope of an inspected JWT, explained. */
export interface ScopeExplanation {
  type: string;
  resource: string;
  fixedParams: Record<string, unknown> | null;
  filter: string | null;
  /** In words: "can read pipe top_pages with org_id fixed to acme". */
  summary: string;
}

/** What kind of token `inspectToken` was given. */
export type TokenKind = "jwt" | "static" | "unknown";

/** What `inspectToken` reports. It never verifies and never throws on a bad token. */
export interface Inspection {
  kind: TokenKind;
  header: JwtHeader | null;
  claims: JwtClaims | null;
  workspaceId: string | null;
  name: string | null;
  scopes: ScopeExplanation[];
  limits: { rps: number } | null;
  expiresAt: number | null;
  /** `exp - now`, negative once expired. */
  expiresIn: number | null;
  notBefore: number | null;
  issuedAt: number | null;
  static: StaticTokenInfo | null;
  problems: InspectionProblem[];
  /** The token's segments, in order, each with its part. */
  segments: InspectionSegment[];
}

/** What a static `p.` token says about itself. */
export interface StaticTokenInfo {
  /** `u` (user or workspace) or `o` (organization). */
  ownerKind: "u" | "o";
  ownerId: string;
  tokenId: string;
  /** The region id (`gcp-europe-west2`), or null for Tinybird Local. */
  region: string | null;
  /** The API host for the region. */
  apiHost: string;
}

/** What `generateStaticToken` signs. */
export interface StaticTokenFields {
  ownerKind: "u" | "o";
  ownerId: string;
  tokenId: string;
  /** Default null (Tinybird Local). */
  region?: string | null;
}

/** What `generateLocalTokens` returns, like `tb local generate-tokens`. */
export interface LocalTokens {
  workspaceToken: string;
  userToken: string;
}

/** A key as given: text (UTF-8) or bytes. */
export type KeyMaterial = string | Uint8Array;

// ---------------------------------------------------------------------------------------------------
// Projects: checks of tokens against a project's data sources and pipes

/** What a pipe is, from its `TYPE` line (none is `"plain"`) or the SDK's `endpoint` / `materialized` /
 * `copy` / `sink` options. Only an endpoint answers a JWT. */
export type PipeType = "endpoint" | "materialized" | "copy" | "sink" | "plain";

/** How serious a finding is: an `"error"` means the token or project would not do what it says. */
export type Severity = "error" | "warning";

/** What a finding is about; stable, identical in Rust, Python, the CLI and the conformance vectors. */
export type FindingCode =
  | "datafile_syntax"
  | "invalid_permission"
  | "near_miss_token"
  | "empty_token_name"
  | "duplicate_token"
  | "duplicate_resource"
  | "invalid_resource_name"
  | "unreadable_template"
  | "conflicting_param_type"
  | "unknown_resource"
  | "unchecked_resource"
  | "wrong_resource_kind"
  | "pipe_not_endpoint"
  | "unknown_fixed_param"
  | "fixed_param_type"
  | "ignored_claim";

/** Something a project check or lint found. Findings are sorted by path, line, scope, code. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** A sentence for people; names that look like tokens are masked. */
  message: string;
  /** The datafile it is about, if any. */
  path: string | null;
  /** The 1-based line in `path`, if any. */
  line: number | null;
  /** The 0-based index of the request scope it is about, for token checks. */
  scope: number | null;
  /** The did-you-mean: a name of the project, when one is close. */
  suggestion: string | null;
}

/** A datafile of a project: its path (kind from the `.datasource` / `.pipe` extension, name from the
 * file name; other extensions are ignored) and its text. */
export interface ProjectFile {
  path: string;
  text: string;
}

/** A template parameter as a resource spec declares it; `type` is a Tinybird type-function name
 * (`String`, `Int32`, `DateTime`, `Array`, ...). */
export interface ParamSpec {
  name: string;
  type?: string | null;
  required?: boolean;
}

/** A data source or pipe described without a datafile. A pipe without `params` and `sql` has unknown
 * parameters (fixed params are then not checked); `sql` texts are read as templates for more. */
export interface ResourceSpec {
  kind: ResourceKind;
  name: string;
  pipeType?: PipeType | null;
  params?: readonly ParamSpec[];
  /** The nodes' SQL. */
  sql?: readonly string[];
  /** `{name, permission}`, `{name, permissions}` (one token each) or `{name}` on a pipe (READ). */
  tokens?: readonly (
    | { name: string; permission: TokenPermission }
    | { name: string; permissions: readonly TokenPermission[] }
    | { name: string }
  )[];
}

/** An `@tinybirdco/sdk` resource: what `defineDatasource`, `definePipe`, `defineEndpoint`,
 * `defineMaterializedView`, `defineCopyPipe` and `defineSinkPipe` return (typed loosely, so that any
 * SDK version's objects fit; they are recognised by their brand at run time). */
export interface SdkResource {
  readonly _name: string;
  readonly _type: "datasource" | "pipe";
  readonly options: object;
}

/** An `@tinybirdco/sdk` `defineProject` result: its data sources and pipes count as resources. */
export interface SdkProjectDefinition {
  readonly _type: "project";
  readonly datasources: object;
  readonly pipes: object;
}

/** An `@tinybirdco/sdk` connection (`defineKafkaConnection`, ...): accepted and left out (nothing in
 * it to check). */
export interface SdkConnection {
  readonly _name: string;
  readonly _type: "connection";
}

/** What `createProject` reads: datafile texts and/or resources (SDK objects or specs), files first. */
export interface ProjectInput {
  files?: readonly ProjectFile[];
  resources?: readonly (SdkResource | SdkProjectDefinition | SdkConnection | ResourceSpec)[];
}

/** A resource as the project reads it. */
export interface ProjectResource {
  kind: ResourceKind;
  name: string;
  /** The datafile, or null for a spec. */
  path: string | null;
  /** Pipes only (null for a data source). */
  pipeType: PipeType | null;
  /** The template parameters, in order of first use; `type` null when untyped. */
  params: { name: string; type: string | null }[];
  /** The TOKEN lines (`line` null for a spec's tokens). */
  tokens: { name: string; permission: TokenPermission; line: number | null }[];
}

/** What `readProject` returns: the resources, and what reading the datafiles found. */
export interface ProjectContents {
  resources: ProjectResource[];
  findings: Finding[];
}

/** Options of `checkStaticToken`. */
export interface CheckStaticTokenOptions {
  /** Default `"forward"`. */
  mode?: ScopeMode;
}

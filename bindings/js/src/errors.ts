/**
 * Errors, jose-style: every failure of a token rule is a `TinybirdTokenError` with a stable `code`
 * (the Rust core's codes, identical in Python, the CLI and the conformance vectors) and a subclass per
 * code, grouped in families (the same tree as the Python package's exceptions). Calling a function
 * with the wrong argument types throws a plain `TypeError` instead; other misuse (no key, a negative
 * leeway, an invalid `Date`) is an `InvalidArgumentError`.
 *
 * ```ts
 * try { verifyJwt(token, key) } catch (e) {
 *   if (e instanceof TokenExpiredError) console.log("expired", e.claims?.exp);
 *   else if (e instanceof TinybirdTokenError) console.log(e.code, e.message);
 *   else throw e;
 * }
 * ```
 */

import type { Finding } from "./types.js";

/** Every error code of the core, in its documentation order. */
export const ERROR_CODES = [
  "invalid_token_name",
  "invalid_scope",
  "scope_not_allowed",
  "missing_resource",
  "unexpected_resource",
  "filter_not_supported",
  "invalid_permission",
  "datafile_syntax",
  "invalid_ttl",
  "invalid_fixed_params",
  "invalid_limits",
  "invalid_claims",
  "invalid_signing_key",
  "malformed_token",
  "algorithm_not_allowed",
  "invalid_signature",
  "token_expired",
  "token_not_yet_valid",
  "missing_claim",
  "token_too_large",
  "secret_in_claim",
  "invalid_argument",
  "project_check_failed",
] as const;

/** A stable error code; `switch (err.code)` narrows it. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra context on an error. */
export interface ErrorDetails {
  /** The 1-based datafile line, for datafile errors. */
  line?: number;
  /** The offending input (a scope string, a TTL, a claim name); never a key or a signature. */
  input?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** The base class of every error about tokens, scopes and datafiles. */
export class TinybirdTokenError extends Error {
  /** The stable error code. */
  readonly code: ErrorCode;
  /** The 1-based datafile line, for datafile errors. */
  readonly line?: number;
  /** The offending input (a scope string, a TTL, a claim name); never a key or a signature. */
  readonly input?: string;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.line !== undefined) this.line = details.line;
    if (details.input !== undefined) this.input = details.input;
    const capture = (Error as { captureStackTrace?: (target: object, ctor: unknown) => void })
      .captureStackTrace;
    capture?.(this, new.target);
  }
}

/** A token name that does not match `^[A-Za-z_][A-Za-z0-9_]*$`. */
export class InvalidTokenNameError extends TinybirdTokenError {
  static readonly code = "invalid_token_name";
  declare readonly code: "invalid_token_name";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_token_name", message, details);
  }
}

/** The family of scope errors: `invalid_scope`, `scope_not_allowed`, `missing_resource`,
 * `unexpected_resource`, `filter_not_supported`. */
export abstract class ScopeError extends TinybirdTokenError {
  declare readonly code:
    | "invalid_scope"
    | "scope_not_allowed"
    | "missing_resource"
    | "unexpected_resource"
    | "filter_not_supported";
}

/** A scope that is empty, padded, of an unknown type, or names a resource badly. */
export class InvalidScopeError extends ScopeError {
  static readonly code = "invalid_scope";
  declare readonly code: "invalid_scope";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_scope", message, details);
  }
}

/** A known scope type that is not allowed here (internal, Classic-only, not a JWT scope). */
export class ScopeNotAllowedError extends ScopeError {
  static readonly code = "scope_not_allowed";
  declare readonly code: "scope_not_allowed";
  constructor(message: string, details?: ErrorDetails) {
    super("scope_not_allowed", message, details);
  }
}

/** A scope or action that needs a resource and has none. */
export class MissingResourceError extends ScopeError {
  static readonly code = "missing_resource";
  declare readonly code: "missing_resource";
  constructor(message: string, details?: ErrorDetails) {
    super("missing_resource", message, details);
  }
}

/** A scope or action that takes no resource and was given one. */
export class UnexpectedResourceError extends ScopeError {
  static readonly code = "unexpected_resource";
  declare readonly code: "unexpected_resource";
  constructor(message: string, details?: ErrorDetails) {
    super("unexpected_resource", message, details);
  }
}

/** An SQL filter where none is allowed. */
export class FilterNotSupportedError extends ScopeError {
  static readonly code = "filter_not_supported";
  declare readonly code: "filter_not_supported";
  constructor(message: string, details?: ErrorDetails) {
    super("filter_not_supported", message, details);
  }
}

/** The family of datafile errors: `invalid_permission`, `datafile_syntax`; `line` says where. */
export abstract class DatafileError extends TinybirdTokenError {
  declare readonly code: "invalid_permission" | "datafile_syntax";
}

/** A TOKEN permission other than READ/APPEND, or APPEND on a pipe. */
export class InvalidPermissionError extends DatafileError {
  static readonly code = "invalid_permission";
  declare readonly code: "invalid_permission";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_permission", message, details);
  }
}

/** A TOKEN line with the wrong number of arguments or an unclosed quote. */
export class DatafileSyntaxError extends DatafileError {
  static readonly code = "datafile_syntax";
  declare readonly code: "datafile_syntax";
  constructor(message: string, details?: ErrorDetails) {
    super("datafile_syntax", message, details);
  }
}

/** A TTL that `tb` would reject, or one that expires at once. */
export class InvalidTtlError extends TinybirdTokenError {
  static readonly code = "invalid_ttl";
  declare readonly code: "invalid_ttl";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_ttl", message, details);
  }
}

/** Malformed, repeated, mistyped or misplaced fixed params. */
export class InvalidFixedParamsError extends TinybirdTokenError {
  static readonly code = "invalid_fixed_params";
  declare readonly code: "invalid_fixed_params";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_fixed_params", message, details);
  }
}

/** `limits` that is not `{rps: <integer>}`, or (when creating) an `rps` of 0 or less, which Tinybird
 * reads as no limit: leave `limits` out instead. */
export class InvalidLimitsError extends TinybirdTokenError {
  static readonly code = "invalid_limits";
  declare readonly code: "invalid_limits";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_limits", message, details);
  }
}

/** An empty key, or a key that is not a workspace admin token where one is needed. */
export class InvalidSigningKeyError extends TinybirdTokenError {
  static readonly code = "invalid_signing_key";
  declare readonly code: "invalid_signing_key";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_signing_key", message, details);
  }
}

/** The family of rejected tokens (JWTs, static tokens, HMAC tags) and of claims that cannot be
 * signed. */
export abstract class InvalidTokenError extends TinybirdTokenError {
  declare readonly code:
    | MalformedTokenError["code"]
    | "algorithm_not_allowed"
    | "token_expired"
    | "token_not_yet_valid"
    | "missing_claim"
    | "invalid_claims";
}

/** Bad segments, base64url, JSON or header parameters (JWTs and static tokens); the parent of
 * `InvalidSignatureError` and `TokenTooLargeError`, as PyJWT's `DecodeError` is. */
export class MalformedTokenError extends InvalidTokenError {
  static readonly code: "malformed_token" | "invalid_signature" | "token_too_large" =
    "malformed_token";
  declare readonly code: "malformed_token" | "invalid_signature" | "token_too_large";
  constructor(message: string, details?: ErrorDetails) {
    // The subclasses inherit this constructor, each with the code of its own class.
    super(new.target.code, message, details);
  }
}

/** A signature (JWT, static token or HMAC tag) that matches no key. */
export class InvalidSignatureError extends MalformedTokenError {
  static override readonly code = "invalid_signature";
  declare readonly code: "invalid_signature";
}

/** A token longer than the verifier accepts (16 KiB unless `maxTokenBytes` says otherwise). */
export class TokenTooLargeError extends MalformedTokenError {
  static override readonly code = "token_too_large";
  declare readonly code: "token_too_large";
}

/** `alg` missing or not HS256. */
export class AlgorithmNotAllowedError extends InvalidTokenError {
  static readonly code = "algorithm_not_allowed";
  declare readonly code: "algorithm_not_allowed";
  constructor(message: string, details?: ErrorDetails) {
    super("algorithm_not_allowed", message, details);
  }
}

/** What the core verified of a JWT whose time check failed, attached to time-claim errors. */
export interface VerifiedParts {
  /** Which of the given keys matched (the first that did). */
  keyIndex?: number;
  /** The JOSE header. */
  header?: Record<string, unknown>;
  /** The claims: the signature matched, only the time check failed. */
  claims?: Record<string, unknown>;
}

/** `exp <= now - leeway`. The signature matched key `keyIndex`, so `header` and `claims` are
 * authentic. */
export class TokenExpiredError extends InvalidTokenError implements VerifiedParts {
  static readonly code = "token_expired";
  declare readonly code: "token_expired";
  declare keyIndex?: number;
  declare header?: Record<string, unknown>;
  declare claims?: Record<string, unknown>;
  constructor(message: string, details?: ErrorDetails) {
    super("token_expired", message, details);
  }
}

/** `nbf > now + leeway`. The signature matched key `keyIndex`, so `header` and `claims` are
 * authentic. */
export class TokenNotYetValidError extends InvalidTokenError implements VerifiedParts {
  static readonly code = "token_not_yet_valid";
  declare readonly code: "token_not_yet_valid";
  declare keyIndex?: number;
  declare header?: Record<string, unknown>;
  declare claims?: Record<string, unknown>;
  constructor(message: string, details?: ErrorDetails) {
    super("token_not_yet_valid", message, details);
  }
}

/** A JWT without `exp`, which Tinybird requires. */
export class MissingClaimError extends InvalidTokenError {
  static readonly code = "missing_claim";
  declare readonly code: "missing_claim";
  constructor(message: string, details?: ErrorDetails) {
    super("missing_claim", message, details);
  }
}

/** JWT claims (or a request field) that are missing, empty, reserved or mistyped. */
export class InvalidClaimsError extends InvalidTokenError {
  static readonly code = "invalid_claims";
  declare readonly code: "invalid_claims";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_claims", message, details);
  }
}

/** A Tinybird static token or JWT inside a JWT claim (name, workspace id, resource, fixed param,
 * filter, extra claim) or a static token's name: anyone who can read it would hold the token. The message names the claim's path,
 * never its value. */
export class SecretInClaimError extends TinybirdTokenError {
  static readonly code = "secret_in_claim";
  declare readonly code: "secret_in_claim";
  constructor(message: string, details?: ErrorDetails) {
    super("secret_in_claim", message, details);
  }
}

/** An interface called wrongly with arguments of the right JS types: no key, a negative `leeway`, a
 * bad `maxTokenBytes`, an invalid `Date`, text with a lone surrogate (half a UTF-16 pair, which is
 * not Unicode). A wrong JS type is a `TypeError` instead. */
export class InvalidArgumentError extends TinybirdTokenError {
  static readonly code = "invalid_argument";
  declare readonly code: "invalid_argument";
  constructor(message: string, details?: ErrorDetails) {
    super("invalid_argument", message, details);
  }
}

/** A token request that does not match the project it was checked against (`createJwt(…, { project })`):
 * the check found at least one finding of severity `"error"`. `findings` holds every finding of the
 * check, errors and warnings, as `checkJwt` returns them; the message lists the errors. */
export class ProjectCheckFailedError extends TinybirdTokenError {
  static readonly code = "project_check_failed";
  declare readonly code: "project_check_failed";
  /** Every finding of the check, sorted. */
  readonly findings: readonly Finding[];
  constructor(message: string, details?: ErrorDetails & { findings?: readonly Finding[] }) {
    super("project_check_failed", message, details);
    this.findings = Object.freeze([...(details?.findings ?? [])]);
  }
}

/** Thrown by the `tinybird-tokens/slim` entry (or a browser that refused synchronous compilation)
 * when a function runs before the WebAssembly module is ready: `await ready` (or `init()`) first. */
export class NotInitializedError extends Error {
  constructor() {
    super(
      "tinybird-tokens: the WebAssembly module is not initialized yet; `await ready` (or call init() from tinybird-tokens/slim) first.",
    );
  }
}

type ErrorClass = new (message: string, details?: ErrorDetails) => TinybirdTokenError;

/** The class of every code; a new core code fails to compile until it has one. */
export const ERROR_CLASSES = {
  invalid_token_name: InvalidTokenNameError,
  invalid_scope: InvalidScopeError,
  scope_not_allowed: ScopeNotAllowedError,
  missing_resource: MissingResourceError,
  unexpected_resource: UnexpectedResourceError,
  filter_not_supported: FilterNotSupportedError,
  invalid_permission: InvalidPermissionError,
  datafile_syntax: DatafileSyntaxError,
  invalid_ttl: InvalidTtlError,
  invalid_fixed_params: InvalidFixedParamsError,
  invalid_limits: InvalidLimitsError,
  invalid_claims: InvalidClaimsError,
  invalid_signing_key: InvalidSigningKeyError,
  malformed_token: MalformedTokenError,
  algorithm_not_allowed: AlgorithmNotAllowedError,
  invalid_signature: InvalidSignatureError,
  token_expired: TokenExpiredError,
  token_not_yet_valid: TokenNotYetValidError,
  missing_claim: MissingClaimError,
  token_too_large: TokenTooLargeError,
  secret_in_claim: SecretInClaimError,
  invalid_argument: InvalidArgumentError,
  project_check_failed: ProjectCheckFailedError,
} as const satisfies { readonly [C in ErrorCode]: ErrorClass };

/** The codes whose class cannot carry them (compile time only; `MalformedTokenError` carries its
 * subclasses' codes too, so an exact-type check would not do). Must be `never`. */
type Misfiled = {
  [C in ErrorCode]: C extends InstanceType<(typeof ERROR_CLASSES)[C]>["code"] ? never : C;
}[ErrorCode];
type MustBeNever<T extends never> = T;
type _NoneMisfiled = MustBeNever<Misfiled>;

/** `PascalCase` of a `snake_case` code. */
const pascal = (code: string): string =>
  code.replace(/(?:^|_)([a-z])/g, (_, c: string) => c.toUpperCase());

// `name` lives on each prototype (set before any instance exists, so stack traces show it), written
// as strings here so that minifiers renaming classes cannot change it: the code's `PascalCase` +
// `Error` for the coded classes, spelled out for the others. The class's own `name` too, which a
// minifying bundler would otherwise rename (`ERROR_CLASSES[code].name`, `err.constructor.name`).
const NAMED: (readonly [string, { prototype: Error }])[] = [
  ...Object.entries(ERROR_CLASSES).map(([code, cls]) => [`${pascal(code)}Error`, cls] as const),
  ...Object.entries({
    TinybirdTokenError,
    ScopeError,
    DatafileError,
    InvalidTokenError,
    NotInitializedError,
  }),
];
for (const [name, cls] of NAMED) {
  Object.defineProperty(cls.prototype, "name", {
    value: name,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(cls, "name", { value: name, configurable: true });
}

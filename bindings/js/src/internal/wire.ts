/**
 * The boundary with the WebAssembly glue; internal, not re-exported. Calls into the glue, the errors
 * it throws, JSON text on the way in, the argument checks the public modules share, and the core's
 * snake_case shapes that more than one module converts.
 */

import * as raw from "../wasm/tinybird_tokens_wasm.js";
import {
  ERROR_CLASSES,
  InvalidArgumentError,
  NotInitializedError,
  TinybirdTokenError,
  type ErrorCode,
  type ErrorDetails,
} from "../errors.js";
import { initError, initialized } from "../state.js";
import type { Finding, KeyMaterial, StaticTokenInfo } from "../types.js";

// ---------------------------------------------------------------------------------------------------
// Calls and errors

/** The `{code, message, line?, input?, verified?}` object the wasm glue throws; `verified` (the
 * matching key and the header and claims as JSON text) comes with `token_expired` and
 * `token_not_yet_valid`, whose signature matched before the time check failed. */
export interface WireError {
  code: string;
  message: string;
  line?: number;
  input?: string;
  verified?: { keyIndex: number; header: string; claims: string };
  /** `project_check_failed`: the check's findings, as JSON text. */
  findings?: string;
}

type ErrorClass = new (message: string, details?: ErrorDetails) => TinybirdTokenError;

function isWireError(e: unknown): e is WireError {
  return (
    typeof e === "object" &&
    e !== null &&
    !(e instanceof Error) &&
    typeof (e as WireError).code === "string" &&
    typeof (e as WireError).message === "string"
  );
}

/** What the glue threw, as the error to throw: its class for a wire error, else unchanged. */
export function fail(e: unknown): unknown {
  if (!initialized) {
    const err = new NotInitializedError();
    if (initError !== undefined) (err as { cause?: unknown }).cause = initError;
    return err;
  }
  if (!isWireError(e)) return e;
  const details: ErrorDetails & { findings?: Finding[] } = {};
  if (e.line !== undefined) details.line = e.line;
  if (e.input !== undefined) details.input = e.input;
  if (e.findings !== undefined) details.findings = JSON.parse(e.findings) as Finding[];
  const cls = (ERROR_CLASSES as Partial<Record<string, ErrorClass>>)[e.code];
  // A code newer than this layer: still a TinybirdTokenError, never a bare object.
  const err =
    cls === undefined
      ? new TinybirdTokenError(e.code as ErrorCode, e.message, details)
      : new cls(e.message, details);
  if (e.verified !== undefined) {
    // The core's verified parts, as the core checked them (not decoded a second time here).
    Object.assign(err, {
      keyIndex: e.verified.keyIndex,
      header: JSON.parse(e.verified.header) as unknown,
      claims: JSON.parse(e.verified.claims) as unknown,
    });
  }
  return err;
}

/** Calls into the WebAssembly glue, turning what it throws into this package's errors. */
export function glue<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fail(e);
  }
}

/** Runs a JSON operation of the core. */
export function op<T>(name: string, input: object): T {
  const text = toJson(input, "The input");
  return JSON.parse(glue(() => raw.call(name, text))) as T;
}

// ---------------------------------------------------------------------------------------------------
// Text into Rust

// A lone surrogate (half a UTF-16 pair) is not Unicode, so no Rust string can hold it. Left alone, a
// string argument of the glue would carry it as U+FFFD (`TextEncoder`) and JSON as a `\udXXX` escape
// the core rejects; so every path refuses it here, with the same error.

function loneSurrogate(what: string): InvalidArgumentError {
  return new InvalidArgumentError(`${what}: a lone surrogate (half a UTF-16 pair) is not Unicode text.`);
}

const LONE_SURROGATE = /\p{Cs}/u;

/** `s`, for a string argument of the glue; a lone surrogate in it is refused. */
export function wellFormed(s: string, what: string): string {
  if (LONE_SURROGATE.test(s)) throw loneSurrogate(what);
  return s;
}

/**
 * `JSON.stringify`, with a lone surrogate in any key or string refused, and input too deep for the
 * engine's stack reported as the bad argument it is (a `TypeError`, like a circular structure)
 * instead of a `RangeError` from inside the engine. The core itself reads at most 127 levels.
 */
export function toJson(value: unknown, what: string): string {
  const text = stringify(value);
  // JSON.stringify writes a lone surrogate as a `\udXXX` escape (ES2019), so only text holding
  // `\ud` can have one: only then is the value walked, string by string (the hot paths never are).
  if (text.includes("\\ud")) {
    stringify(value, (key, v: unknown) => {
      if (LONE_SURROGATE.test(key) || (typeof v === "string" && LONE_SURROGATE.test(v))) {
        throw loneSurrogate(what);
      }
      return v;
    });
  }
  return text;
}

function stringify(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  try {
    return JSON.stringify(value, replacer);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new TypeError("The input is nested too deeply to be JSON.", { cause: e });
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Argument checks: a wrong type is a `TypeError`, never a token error

export function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}

export function str(v: unknown, what: string): asserts v is string {
  if (typeof v !== "string") throw new TypeError(`${what} must be a string, not ${typeName(v)}.`);
}

export function obj(v: unknown, what: string): asserts v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new TypeError(`${what} must be an object, not ${typeName(v)}.`);
  }
}

export function optObj(v: unknown, what: string): void {
  if (v !== undefined) obj(v, what);
}

export function arr(v: unknown, what: string): asserts v is readonly unknown[] {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be an array, not ${typeName(v)}.`);
}

// ---------------------------------------------------------------------------------------------------
// Bytes

const encoder = new TextEncoder();

/** Text as UTF-8, or the bytes as given. */
export function bytesOf(v: KeyMaterial, what: string): Uint8Array {
  if (typeof v === "string") return encoder.encode(wellFormed(v, what));
  if (v instanceof Uint8Array) return v;
  throw new TypeError(`${what} must be a string or a Uint8Array, not ${typeName(v)}.`);
}

// ---------------------------------------------------------------------------------------------------
// Shapes of the core's JSON shared by several modules

/** A static token's fields as the core writes them. */
export interface WireStatic {
  owner_kind: "u" | "o";
  owner_id: string;
  token_id: string;
  region: string | null;
  api_host: string;
}

export function staticInfo(s: WireStatic): StaticTokenInfo {
  return {
    ownerKind: s.owner_kind,
    ownerId: s.owner_id,
    tokenId: s.token_id,
    region: s.region,
    apiHost: s.api_host,
  };
}

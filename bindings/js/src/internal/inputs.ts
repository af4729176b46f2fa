/**
 * The input policy (README, "Input policy"); internal, not re-exported. JS values become the units
 * the core reads, and nothing more: a wrong JS type is a `TypeError`, a bad value of the right type
 * goes to the core, which names it with its own code (the Python package follows the same policy).
 */

import { InvalidArgumentError } from "../errors.js";
import * as raw from "../wasm/tinybird_tokens_wasm.js";
import { glue, typeName } from "./wire.js";

/** Unix seconds of a `Date`, floored; an invalid `Date` is misuse (never `null` or NaN). */
export function dateSeconds(d: Date, what: string): number {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`${what} is an invalid Date.`);
  return Math.floor(ms / 1000);
}

/** `now`: integer Unix seconds as given (the core refuses a fraction), a `Date`, or the clock. */
export function nowSeconds(now: unknown): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (typeof now === "number") return now;
  if (now instanceof Date) return dateSeconds(now, "now");
  throw new TypeError(`now must be a number of seconds or a Date, not ${typeName(now)}.`);
}

/** `expiresAt`: integer Unix seconds as given (the core refuses a fraction), or a `Date`. */
export function expiresAtSeconds(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof Date) return dateSeconds(v, "expiresAt");
  throw new TypeError(`expiresAt must be a number of seconds or a Date, not ${typeName(v)}.`);
}

/** `ttl`: a string as is (`"1h"`), or a number of seconds, which the core reads as its decimal text
 * (`1.5` → `"1.5"`; a negative number is refused there). NaN and the infinities, which JSON has no
 * number for, go as their text, so the core refuses them by its grammar too. */
export function ttlValue(v: unknown): string | number {
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  throw new TypeError(`ttl must be a string such as "1h" or a number of seconds, not ${typeName(v)}.`);
}

/** `leeway` and `maxTokenBytes`: numbers as given (the glue refuses a negative or fractional one). */
export function count(v: unknown, what: string): number {
  if (typeof v !== "number") throw new TypeError(`${what} must be a number, not ${typeName(v)}.`);
  return v;
}

/** The claims the core names as NumericDates, read from it once (after the module is ready). */
let numericDateClaims: readonly string[] | undefined;
function numericDateNames(): readonly string[] {
  return (numericDateClaims ??= JSON.parse(glue(() => raw.numericDateClaims())) as string[]);
}

/** Claims with a `Date` in `exp`, `nbf` or `iat` as integer seconds (PyJWT does this for datetimes;
 * `JSON.stringify` would write an ISO string). Other claims are left alone; no copy when none is a
 * `Date`. */
export function numericDates(claims: Record<string, unknown>): Record<string, unknown> {
  const names = numericDateNames();
  if (!names.some((k) => claims[k] instanceof Date)) return claims;
  const out = { ...claims };
  for (const k of names) {
    const v = out[k];
    if (v instanceof Date) out[k] = dateSeconds(v, `The "${k}" claim`);
  }
  return out;
}

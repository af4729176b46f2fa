/**
 * A JSON value as the typed tree of the wasm crate's `tree.rs`, written as bytes into a reused
 * scratch buffer; internal. `createJwt` sends its request so (`request.ts`), and the core reads it
 * with the same `JwtRequest::from_json` as the JSON text, without a JSON text to write and parse.
 * Only values that `JSON.stringify` and the core's parser carry unchanged are written (ASCII strings,
 * safe integers, booleans, null, plain objects and arrays, not too deep): for anything else a writer
 * returns `false` and the caller sends JSON text, so every conversion rule of that path (`toJSON`,
 * dropped `undefined`, floats, non-ASCII text) stays the only one.
 */

/** Objects and arrays nest at most this deep here (`tree.rs` reads no deeper). */
export const MAX_DEPTH = 64;
/** An object's count is written in a slot of this many digits (leading zeros) when it is only known
 * after its entries. */
const SLOT = 4;

let buf = new Uint8Array(1024);
let at = 0;

/** The bytes written since `begin` (a view of the scratch buffer, valid until the next write). */
export function written(): Uint8Array {
  return buf.subarray(0, at);
}

export function begin(): void {
  at = 0;
}

function room(n: number): void {
  if (at + n <= buf.length) return;
  const next = new Uint8Array(Math.max(buf.length * 2, at + n));
  next.set(buf.subarray(0, at));
  buf = next;
}

/** A non-negative safe integer's decimal digits. */
function digits(v: number): void {
  if (v < 10) {
    room(1);
    buf[at++] = 48 + v;
    return;
  }
  let len = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) len++;
  room(len);
  for (let i = at + len - 1; i >= at; i--) {
    buf[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  at += len;
}

/** One ASCII byte (a tag or a separator). */
export function tag(c: number): void {
  room(1);
  buf[at++] = c;
}

/** `<len>:<text>` (a key, or a string after its `s`); `false` when `s` is not ASCII. */
export function text(s: string): boolean {
  const n = s.length;
  digits(n);
  room(n + 1);
  buf[at++] = 58; // ':'
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return false;
    buf[at++] = c;
  }
  return true;
}

/** `<count>:` for a count known up front. */
export function count(n: number): void {
  digits(n);
  tag(58);
}

/** Opens an object whose count is filled in by `closeObject`; returns the count's slot. */
export function openObject(): number {
  room(SLOT + 2);
  buf[at++] = 111; // 'o'
  const slot = at;
  for (let i = 0; i < SLOT; i++) buf[at++] = 48;
  buf[at++] = 58;
  return slot;
}

/** Writes `n` into an object's count slot; `false` when it does not fit. */
export function closeObject(slot: number, n: number): boolean {
  if (n >= 10 ** SLOT) return false;
  for (let i = slot + SLOT - 1; i >= slot; i--) {
    buf[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return true;
}

/** Any value at `depth` (0 = the root); `false` when only JSON text carries it faithfully. */
export function value(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case "string":
      tag(115); // 's'
      return text(v);
    case "number":
      if (!Number.isSafeInteger(v)) return false;
      tag(105); // 'i'
      if (v < 0) tag(45);
      digits(Math.abs(v));
      tag(59); // ';'
      return true;
    case "boolean":
      tag(v ? 116 : 102);
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (v === null) {
    tag(110);
    return true;
  }
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    tag(97); // 'a'
    count(v.length);
    for (let i = 0; i < v.length; i++) if (!value(v[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.toJSON === "function") return false;
  const keys = Object.keys(o);
  tag(111); // 'o'
  count(keys.length);
  for (const k of keys) if (!text(k) || !value(o[k], depth + 1)) return false;
  return true;
}

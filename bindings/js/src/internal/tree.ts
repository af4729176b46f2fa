/**
 * A JSON value as the typed tree of the core's `json/tree.rs`, written as one string; internal.
 * `createJwt` sends its request so (`request.ts`): the string is copied into wasm memory by one
 * `encodeInto`, and the core reads it in place with the same `JwtRequest::from_json` as the JSON
 * text, without a JSON text to parse or a tree of values to build.
 *
 * Only values that `JSON.stringify` and the core's parser carry unchanged are written (strings, safe
 * integers, booleans, null, plain objects and arrays, not too deep): for anything else a writer
 * returns `undefined` and the caller sends JSON text, so every conversion rule of that path
 * (`toJSON`, dropped `undefined`, floats) stays the only one. Non-ASCII text is written too, and
 * found by the copy (`put` in io.ts refuses it), which sends the caller to JSON text as well.
 */

/** Objects and arrays nest at most this deep here (`tree.rs` reads no deeper). */
export const MAX_DEPTH = 64;

/** `<len>:<text>`: a key, or a string after its `s`. */
export function text(s: string): string {
  return s.length + ":" + s;
}

/** An array (`a`) or an object (`o`) of `n` children written as `children`. */
export function container(tag: "a" | "o", n: number, children: string): string {
  return tag + n + ":" + children.length + ":" + children;
}

/** Any value at `depth` (0 = the root); `undefined` when only JSON text carries it faithfully. */
export function value(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case "string":
      return "s" + text(v);
    case "number":
      // A safe integer's decimal digits, as `JSON.stringify` writes them (-0 as 0).
      return Number.isSafeInteger(v) ? "i" + v + ";" : undefined;
    case "boolean":
      return v ? "t" : "f";
    case "object":
      break;
    default:
      return undefined;
  }
  if (v === null) return "n";
  if (depth >= MAX_DEPTH) return undefined;
  let children = "";
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = value(v[i], depth + 1);
      if (item === undefined) return undefined;
      children += item;
    }
    return container("a", v.length, children);
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.toJSON === "function") return undefined;
  const keys = Object.keys(o);
  for (const k of keys) {
    const item = value(o[k], depth + 1);
    if (item === undefined) return undefined;
    children += text(k) + item;
  }
  return container("o", keys.length, children);
}

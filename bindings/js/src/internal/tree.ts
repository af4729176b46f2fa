/**
 * A JSON value as the typed tree of the wasm crate's `tree.rs`; internal. `createJwt` sends its
 * request so, and the core reads it with the same `JwtRequest::from_json` as the JSON text, without
 * a JSON text to write and parse. Only values that `JSON.stringify` and the core's parser carry
 * unchanged are written (strings, safe integers, booleans, null, plain objects and arrays, not too
 * deep): for anything else `tree` returns `undefined` and the caller sends JSON text, so every
 * conversion rule of that path (`toJSON`, dropped `undefined`, floats) stays the only one.
 */

const MAX_DEPTH = 64;

function write(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case "string":
      return `s${v.length}:${v}`;
    case "number":
      return Number.isSafeInteger(v) ? `i${v};` : undefined;
    case "boolean":
      return v ? "t" : "f";
    case "object":
      break;
    default:
      return undefined;
  }
  if (v === null) return "n";
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(v)) {
    let out = `a${v.length}:`;
    for (let i = 0; i < v.length; i++) {
      const item = write(v[i], depth + 1);
      if (item === undefined) return undefined;
      out += item;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.toJSON === "function") return undefined;
  const keys = Object.keys(o);
  let out = `o${keys.length}:`;
  for (const k of keys) {
    const item = write(o[k], depth + 1);
    if (item === undefined) return undefined;
    out += `${k.length}:${k}${item}`;
  }
  return out;
}

/** `value` as a typed tree, or `undefined` when only JSON text carries it faithfully. (Non-ASCII
 * text is written too; the I/O buffer refuses it, and the caller falls back the same way.) */
export function tree(value: unknown): string | undefined {
  return write(value, 0);
}

/**
 * A compiled `WebAssembly.Module` from another JavaScript realm (Next.js hands its edge functions
 * their `.wasm?module` imports from the outer context) fails `instanceof WebAssembly.Module` here, and
 * wasm-bindgen's `initSync` would then try to compile it again as bytes and throw. Such a module is
 * recognised by `Object.prototype.toString` giving `[object WebAssembly.Module]` (the other realm's
 * prototype's `Symbol.toStringTag`, so a plain object can fake it; a fake then fails at instantiation,
 * which checks the real internal slot), and this function sets the given object's prototype to this
 * realm's `WebAssembly.Module.prototype` (it mutates `source`) so it is used as the compiled module it is.
 */
export function adoptModule<T>(source: T): T {
  if (
    typeof source === "object" &&
    source !== null &&
    !(source instanceof WebAssembly.Module) &&
    Object.prototype.toString.call(source) === "[object WebAssembly.Module]"
  ) {
    Object.setPrototypeOf(source, WebAssembly.Module.prototype);
  }
  return source;
}

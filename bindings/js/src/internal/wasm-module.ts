/**
 * A compiled `WebAssembly.Module` from another JavaScript realm (Next.js hands its edge functions
 * their `.wasm?module` imports from the outer context) fails `instanceof WebAssembly.Module` here, and
 * wasm-bindgen's `initSync` would then try to compile it again as bytes and throw. Such a module is
 * recognised by its brand (`[object WebAssembly.Module]`, which only real modules carry) and given this
 * realm's prototype, so it is used as the compiled module it is.
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

// The build bundles the .wasm as a base64 string (esbuild's `base64` loader).
declare module "*.wasm" {
  const base64: string;
  export default base64;
}

// In the precompiled entry (precompiled.ts), the platform's bundler hands over a compiled module.
declare module "*.wasm?module" {
  const module: WebAssembly.Module;
  export default module;
}

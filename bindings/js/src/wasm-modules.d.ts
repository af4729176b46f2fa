// The build bundles the .wasm as a base64 string (esbuild's `base64` loader).
declare module "*.wasm" {
  const base64: string;
  export default base64;
}

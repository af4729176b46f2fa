// webpack: the default entry needs nothing; the slim entry's `import wasmUrl from "tinybird-tokens/wasm"`
// needs the one rule below (without it webpack parses the file as a WebAssembly module and asks for
// `experiments.asyncWebAssembly`).
import { resolve } from "node:path";

export default {
  mode: "production",
  context: import.meta.dirname,
  entry: { main: "./main.js", slim: "./slim.js" },
  output: { path: resolve(process.env.OUT_DIR), filename: "[name].js", clean: true },
  module: { rules: [{ test: /\.wasm$/, type: "asset/resource" }] },
  performance: { hints: false },
};

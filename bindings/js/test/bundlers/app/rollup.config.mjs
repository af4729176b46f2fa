// Rollup: @rollup/plugin-node-resolve to find the package (Rollup alone leaves bare imports external),
// terser to minify; the slim entry's `.wasm` import needs @rollup/plugin-url (emitted as a file, its
// URL imported). The default entry needs nothing beyond node-resolve.
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import url from "@rollup/plugin-url";

export default {
  input: { main: "main.js", slim: "slim.js" },
  output: { dir: process.env.OUT_DIR, format: "es", entryFileNames: "[name].js" },
  plugins: [
    nodeResolve({ browser: true }),
    url({ include: ["**/*.wasm"], limit: 0, fileName: "[name]-[hash][extname]" }),
    terser(),
  ],
};

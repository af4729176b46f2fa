// The slim entry with the `.wasm` as a separate asset: the bundler turns the import into a URL
// (webpack `asset/resource`, esbuild `--loader:.wasm=file`, Rollup @rollup/plugin-url).
import { createJwt, createSigningKey, init, inspectToken, verifyJwt } from "tinybird-tokens/slim";
import * as api from "tinybird-tokens/slim";
import wasmUrl from "tinybird-tokens/wasm";
import { run } from "./page.js";

init(wasmUrl).then(() => run("slim", { createJwt, createSigningKey, inspectToken, verifyJwt }, api));

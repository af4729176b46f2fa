// A Worker as the README shows it: the slim entry, initialised with the .wasm imported as a module
// (wrangler uploads a `.wasm` import as a compiled module: a WebAssembly.Module here).
import * as api from "tinybird-tokens/slim";
import wasm from "tinybird-tokens/tinybird_tokens.wasm";
import { handler } from "./worker-app.mjs";

api.initSync(wasm);
const handle = handler(api);

export default {
  fetch: (request, env) => handle(request, env.TINYBIRD_ADMIN_TOKEN),
};

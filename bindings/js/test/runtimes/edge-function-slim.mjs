// The edge function with the slim entry and the `.wasm` imported with `?module` by the function itself
// (what the README offers for a loader that does not set `edge-light`): Next.js hands such an import
// over as a module compiled in another realm, which slim's initSync must accept as it is.
import * as api from "tinybird-tokens/slim";
import wasm from "tinybird-tokens/tinybird_tokens.wasm?module";
import { handler } from "./worker-app.mjs";

api.initSync(wasm);
const handle = handler(api);

addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request, globalThis.TINYBIRD_ADMIN_TOKEN));
});

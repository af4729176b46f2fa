// An edge function on the lean entry, `tinybird-tokens/jwt`: under the `edge-light` condition its
// precompiled bundle (dist/lean-edge-light.js, a `.wasm?module` import of the lean .wasm). It runs the
// vectors of the lean entry's functions.
import * as api from "tinybird-tokens/jwt";
import { LEAN_FILES } from "../runner.mjs";
import { handler } from "./worker-app.mjs";

const handle = handler(api, LEAN_FILES);

addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request, globalThis.TINYBIRD_ADMIN_TOKEN));
});

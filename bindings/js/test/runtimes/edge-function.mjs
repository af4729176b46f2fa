// An edge function (Vercel Edge style, for edge-runtime): the package imported by its name; under the
// `edge-light` condition that is the precompiled entry (dist/edge-light.js, `.wasm?module` import).
// edge-runtime evaluates a script that answers FetchEvents.
import * as api from "tinybird-tokens";
import { handler } from "./worker-app.mjs";

const handle = handler(api);

addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request, globalThis.TINYBIRD_ADMIN_TOKEN));
});

// A Worker that imports the package by its name, nothing else: under wrangler's conditions (`workerd`)
// that is the precompiled entry (dist/workerd.js). Built without those conditions it is the default
// entry with the .wasm inlined, which workerd cannot load (the control in workerd.test.mjs).
import * as api from "tinybird-tokens";
import { handler } from "./worker-app.mjs";

const handle = handler(api);

export default {
  fetch: (request, env) => handle(request, env.TINYBIRD_ADMIN_TOKEN),
};

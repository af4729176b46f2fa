// A Worker on the lean entry, `tinybird-tokens/jwt`: under wrangler's conditions (`workerd`) its
// precompiled bundle (dist/lean-workerd.js), which imports the lean .wasm as a module. It runs the
// vectors of the lean entry's functions.
import * as api from "tinybird-tokens/jwt";
import { LEAN_FILES } from "../runner.mjs";
import { handler } from "./worker-app.mjs";

const handle = handler(api, LEAN_FILES);

export default {
  fetch: (request, env) => handle(request, env.TINYBIRD_ADMIN_TOKEN),
};

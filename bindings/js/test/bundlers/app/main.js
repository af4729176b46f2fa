// The default entry, imported as an app would: the WebAssembly module is inlined, nothing to load.
import { createJwt, createSigningKey, inspectToken, ready, verifyJwt } from "tinybird-tokens";
import * as api from "tinybird-tokens";
import { run } from "./page.js";

// `ready` is already resolved where the main thread allows synchronous compilation (Chromium does).
ready.then(() => run("default", { createJwt, createSigningKey, inspectToken, verifyJwt }, api));

// The slim entry in Vite: `?url` makes the `.wasm` an asset and imports its URL.
import { createJwt, createSigningKey, init, inspectToken, verifyJwt } from "tinybird-tokens/slim";
import * as api from "tinybird-tokens/slim";
import wasmUrl from "tinybird-tokens/wasm?url";
import { run } from "./page.js";

init(wasmUrl).then(() => run("slim", { createJwt, createSigningKey, inspectToken, verifyJwt }, api));

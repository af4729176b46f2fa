/**
 * tinybird-tokens for platforms that refuse to compile WebAssembly from bytes: Cloudflare Workers
 * (export condition `workerd`, as wrangler bundles) and Vercel Edge (`edge-light`, as Next.js bundles).
 * The `.wasm` is imported as a module that the platform compiles ahead of time (a
 * `WebAssembly.Module`: a `.wasm` import under wrangler, a `.wasm?module` import under Next.js) and
 * instantiated synchronously here, so the API works right after `import`, as with the default entry.
 */

import { initSync } from "./wasm/tinybird_tokens_wasm.js";
// The build rewrites this import per platform (scripts/build.mjs): `./tinybird_tokens_wasm_bg.wasm`
// for workerd, `./tinybird_tokens_wasm_bg.wasm?module` for edge-light.
import wasmModule from "./wasm/tinybird_tokens_wasm_bg.wasm?module";
import { markReady } from "./state.js";
import { adoptModule } from "./internal/wasm-module.js";

export * from "./api.js";

initSync({ module: adoptModule(wasmModule) });
markReady();

/**
 * tinybird-tokens/slim: the same API without the inlined WebAssembly module, for custom loaders
 * (Cloudflare Workers, Vercel Edge, service workers) that import the `.wasm` file themselves:
 *
 * ```ts
 * import { initSync, createJwt } from "tinybird-tokens/slim";
 * import wasm from "tinybird-tokens/tinybird_tokens.wasm"; // a WebAssembly.Module under wrangler
 * initSync(wasm);
 * ```
 *
 * Every function throws `NotInitializedError` until `init()` or `initSync()` has run.
 */

import glueInit, { initSync as glueInitSync } from "./wasm/tinybird_tokens_wasm.js";
import { markReady } from "./state.js";
import { adoptModule } from "./internal/wasm-module.js";

export * from "./api.js";

/** What `init` loads: a URL or path to fetch, a `Response`, bytes or a compiled module. */
export type WasmSource = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly module asynchronously (streaming compilation for URLs and responses). */
export async function init(source: WasmSource | Promise<WasmSource>): Promise<void> {
  await glueInit({ module_or_path: adoptModule(await source) });
  markReady();
}

/** Loads the WebAssembly module synchronously from bytes or a compiled module. */
export function initSync(source: BufferSource | WebAssembly.Module): void {
  glueInitSync({ module: adoptModule(source) });
  markReady();
}

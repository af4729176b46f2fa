/**
 * tinybird-tokens: Tinybird's token model from one Rust core, as WebAssembly.
 *
 * This entry inlines the WebAssembly module and instantiates it synchronously at import, so every
 * function works right away in Node, Deno, Bun, workers and browsers. If a browser's main thread
 * refuses synchronous compilation, it compiles asynchronously instead: `await ready` before the
 * first call (calls made earlier throw `NotInitializedError`).
 */

import initAsync, { initSync } from "./wasm/tinybird_tokens_wasm.js";
import wasmBase64 from "./wasm/tinybird_tokens_wasm_bg.wasm";
import { markFailed, markReady } from "./state.js";

export * from "./api.js";

function decodeBase64(b64: string): Uint8Array {
  const g = globalThis as {
    Buffer?: { from(s: string, enc: "base64"): Uint8Array };
  };
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array })
    .fromBase64;
  if (typeof fromBase64 === "function") return fromBase64(b64);
  if (g.Buffer !== undefined) return g.Buffer.from(b64, "base64");
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const bytes = decodeBase64(wasmBase64);
try {
  initSync({ module: bytes });
  markReady();
} catch {
  // E.g. Chromium's limit on synchronous compilation on the main thread.
  initAsync({ module_or_path: bytes }).then(markReady, markFailed);
}

/** The raw primitive under every token: HMAC-SHA256. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import { bytesOf, glue } from "./internal/wire.js";
import type { KeyMaterial } from "./types.js";

/** HMAC-SHA256 of `data` under `key` (text is UTF-8). */
export function hmacSha256(key: KeyMaterial, data: KeyMaterial): Uint8Array {
  const k = bytesOf(key, "The key");
  const d = bytesOf(data, "data");
  return glue(() => raw.hmacSha256(k, d));
}

/** Checks a full 32-byte HMAC-SHA256 tag in constant time; throws `InvalidSignatureError` if it
 * does not match. */
export function verifyHmacSha256(key: KeyMaterial, data: KeyMaterial, tag: Uint8Array): void {
  if (!(tag instanceof Uint8Array)) throw new TypeError("The tag must be a Uint8Array.");
  const k = bytesOf(key, "The key");
  const d = bytesOf(data, "data");
  glue(() => raw.verifyHmacSha256(k, d, tag));
}

/** The raw primitive under every token: HMAC-SHA256. */

import { bytesOf, fromHex, op, toHex } from "./internal/wire.js";
import type { KeyMaterial } from "./types.js";

/** HMAC-SHA256 of `data` under `key` (text is UTF-8). */
export function hmacSha256(key: KeyMaterial, data: KeyMaterial): Uint8Array {
  const input = { key_hex: toHex(bytesOf(key, "The key")), data_hex: toHex(bytesOf(data, "data")) };
  return fromHex(op<{ mac_hex: string }>("hmac_sha256", input).mac_hex);
}

/** Checks a full 32-byte HMAC-SHA256 tag in constant time; throws `InvalidSignatureError` if it
 * does not match. */
export function verifyHmacSha256(key: KeyMaterial, data: KeyMaterial, tag: Uint8Array): void {
  if (!(tag instanceof Uint8Array)) throw new TypeError("The tag must be a Uint8Array.");
  op("hmac_sha256_verify", {
    key_hex: toHex(bytesOf(key, "The key")),
    data_hex: toHex(bytesOf(data, "data")),
    tag_hex: toHex(tag),
  });
}

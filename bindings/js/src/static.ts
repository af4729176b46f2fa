/** Static `p.` tokens: Tinybird's admin and resource tokens, and Tinybird Local's. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import {
  bytesOf,
  glue,
  obj,
  staticInfo,
  str,
  toJson,
  wellFormed,
  type WireStatic,
} from "./internal/wire.js";
import type { KeyMaterial, LocalTokens, StaticTokenFields, StaticTokenInfo } from "./types.js";

/** Reads a static `p.` token's owner, id and region WITHOUT checking its signature. */
export function decodeStaticToken(token: string): StaticTokenInfo {
  str(token, "The token");
  const t = wellFormed(token, "The input");
  return staticInfo(JSON.parse(glue(() => raw.decodeStaticToken(t))) as WireStatic);
}

/** Reads a static `p.` token and checks its signature with `secret`. */
export function verifyStaticToken(token: string, secret: KeyMaterial): StaticTokenInfo {
  str(token, "The token");
  const s = bytesOf(secret, "The secret");
  const t = wellFormed(token, "The token");
  return staticInfo(JSON.parse(glue(() => raw.verifyStaticToken(t, s))) as WireStatic);
}

/** Signs a static `p.` token (Tinybird Local's secret is `"abcd"`). */
export function generateStaticToken(token: StaticTokenFields, secret: KeyMaterial): string {
  obj(token, "The token fields");
  const s = bytesOf(secret, "The secret");
  const fields = toJson(
    {
      owner_kind: token.ownerKind,
      owner_id: token.ownerId,
      token_id: token.tokenId,
      region: token.region ?? null,
    },
    "The token fields",
  );
  return glue(() => raw.generateStaticToken(fields, s));
}

/** Fresh Tinybird Local tokens, like `tb local generate-tokens` (random ids, secret `"abcd"`); the
 * randomness is `crypto.getRandomValues` (Node 20+, Deno, Bun, browsers, workers). */
export function generateLocalTokens(): LocalTokens {
  const random = crypto.getRandomValues(new Uint8Array(64));
  const t = JSON.parse(glue(() => raw.generateLocalTokens(random))) as {
    workspace_token: string;
    user_token: string;
  };
  return { workspaceToken: t.workspace_token, userToken: t.user_token };
}

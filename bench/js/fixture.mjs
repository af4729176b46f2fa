// The key and clock the JS benchmarks share: a real-shaped Tinybird static admin token (~90 bytes,
// longer than SHA-256's block, as real ones are) as the HS256 key, and a fixed `now`. Not a test.
import * as tt from "tinybird-tokens";

export const ADMIN = tt.generateStaticToken(
  { ownerKind: "u", ownerId: "w", tokenId: "t", region: null },
  "server secret",
);
export const NOW = 1_700_000_000;

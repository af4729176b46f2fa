// The JWT request every route makes; `?now=` pins the clock so the test can compare bytes with Node's.
import type { CreateJwtOptions } from "tinybird-tokens";

export function claimsFor(request: Request): CreateJwtOptions {
  const now = new URL(request.url).searchParams.get("now");
  return {
    workspaceId: "11111111-2222-3333-4444-555555555555",
    name: "next_route",
    ttl: "1h",
    scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme" } }],
    limits: { rps: 10 },
    ...(now === null ? {} : { now: Number(now) }),
  };
}

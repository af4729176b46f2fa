// The JWT request of the pages' smoke test; the test imports it too, to mint the same token in Node.
export const SMOKE_REQUEST = {
  workspaceId: "11111111-2222-3333-4444-555555555555",
  name: "bundled_page",
  ttl: "1h",
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme" } }],
  limits: { rps: 10 },
};

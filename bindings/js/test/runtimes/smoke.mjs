// create -> verify -> inspect through the public API, runtime-neutral (Node, Deno, Bun, workerd,
// edge-runtime): a JWT minted at a fixed `now`, so its bytes are the same in every runtime, then
// verified and inspected where it was made. The tests compare each runtime's summary with Node's.

/** A made-up workspace admin token: test material, not a secret. */
export const SMOKE_KEY = "p.eyJ1IjogInNtb2tlLXRlc3QifQ.runtime-matrix-not-a-real-admin-token";
const WORKSPACE = "11111111-2222-3333-4444-555555555555";
const NOW = 1_800_000_000;

/** Mints with `key`'s prepared signing key; returns the token and what verify/inspect said of it. */
export function smoke(api, key = SMOKE_KEY) {
  const token = api.createJwt(
    {
      workspaceId: WORKSPACE,
      name: "runtime_smoke",
      ttl: "1h",
      now: NOW,
      // Non-ASCII in a claim: the JSON and base64url paths must agree byte for byte.
      scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acmé" } }],
      limits: { rps: 10 },
    },
    api.createSigningKey(key),
  );
  const verified = api.verifyJwt(token, api.createVerifyingKey(["wrong key", key]), { now: NOW + 60 });
  const report = api.inspectToken(token, { now: NOW + 60 });
  let expired = "accepted";
  try {
    api.verifyJwt(token, key, { now: NOW + 7200 });
  } catch (e) {
    expired = `${e.name}: ${e.code}`;
  }
  return {
    token,
    summary: {
      claims: verified.claims,
      keyIndex: verified.keyIndex,
      kind: report.kind,
      expiresIn: report.expiresIn,
      scopes: report.scopes.map((s) => s.summary),
      problems: report.problems.map((p) => p.code),
      expired,
    },
  };
}

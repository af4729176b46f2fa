// create -> verify -> inspect through the public API, runtime-neutral (Node, Deno, Bun, workerd,
// edge-runtime, the browser page): a JWT minted at a fixed `now`, so its bytes are the same in every
// runtime, then verified and inspected where it was made. `checkSmoke` (Node) compares a runtime's
// result with Node's and verifies its token.

const WORKSPACE = "11111111-2222-3333-4444-555555555555";
const NOW = 1_800_000_000;

/** A made-up workspace admin token (test material, not a secret), the same in every runtime: a static
 * token of the workspace, generated from a fixed secret. */
export const smokeKey = (api) =>
  api.generateStaticToken(
    { ownerKind: "u", ownerId: WORKSPACE, tokenId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
    "runtime-matrix-test-secret",
  );

/** Mints with the admin token's prepared signing key; returns the token and what verify and inspect
 * said of it. */
export function smoke(api) {
  const key = smokeKey(api);
  const signing = api.createSigningKey(key);
  if (signing.workspaceId !== WORKSPACE) throw new Error(`the admin token names ${signing.workspaceId}`);
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
    signing,
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

/** In Node: asserts a runtime's smoke result equals Node's (`api`) and that Node verifies its token. */
export function checkSmoke(api, result, runtime) {
  const node = smoke(api);
  const same = JSON.stringify(result.summary) === JSON.stringify(node.summary);
  if (!same) {
    throw new Error(`${runtime}: smoke test differs from Node's:\n  got  ${JSON.stringify(result.summary)}\n  want ${JSON.stringify(node.summary)}`);
  }
  // Compared without printing: a token is never shown whole.
  if (result.token !== node.token) throw new Error(`${runtime}: the smoke JWT's bytes differ from Node's`);
  const { claims } = api.verifyJwt(result.token, smokeKey(api), { now: NOW + 60 });
  if (claims.name !== "runtime_smoke") throw new Error(`${runtime}: Node read another name from the JWT`);
}

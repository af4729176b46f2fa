// A tour of the API, type-checked with `tsc --strict --noEmit` by scripts/test-js.sh.
import { defineEndpoint, node, p, t } from "@tinybirdco/sdk";
import {
  checkJwt,
  checkStaticToken,
  createProject,
  lintProject,
  ProjectCheckFailedError,
  readProject,
  type Finding,
  type FindingCode,
  type PipeType,
  type Project,
  type Severity,
  createJwt,
  createSigningKey,
  createVerifyingKey,
  decodeJwt,
  defineToken,
  diffTokenPlans,
  formatScope,
  inspectToken,
  parseDatafileTokens,
  parseScope,
  planTokens,
  renderTokenLines,
  scopesAllow,
  TinybirdTokenError,
  TokenExpiredError,
  verifyJwt,
  type ErrorCode,
  type TinybirdJwtClaims,
  type TokenDefinition,
} from "tinybird-tokens";

const adminToken = process.env["TINYBIRD_ADMIN_TOKEN"] ?? "p.…";

// Tokens for datafiles: the same objects @tinybirdco/sdk's defineToken returns.
const appRead: TokenDefinition<"app_read"> = defineToken("app_read");
const lines: string = renderTokenLines([{ token: appRead, scope: "READ" }], { kind: "datasource" });
const parsed = parseDatafileTokens("NODE n\nSQL >\n    SELECT 1\n\nTOKEN app_read READ\n", { kind: "pipe" });
const plan = planTokens([{ kind: "datasource", name: "events", text: lines }]);
const diff = diffTokenPlans([], plan);
console.log(lines, parsed[0]?.line, diff.create.length);

// Scopes.
const scope = parseScope("DATASOURCES:READ:events");
const again: string = formatScope(scope);
const canRead: boolean = scopesAllow([again], "read_datasource", "events_quarantine");
console.log(scope.resource, canRead);

// JWTs, minted offline and byte-identical to Tinybird's; keys prepared once for repeated use.
const signingKey = createSigningKey(adminToken);
const token: string = createJwt(
  {
    workspaceId: "11111111-2222-3333-4444-555555555555",
    name: "frontend_jwt",
    ttl: "1h",
    scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme" } }],
    limits: { rps: 10 },
  },
  signingKey,
);

const verifyingKey = createVerifyingKey([adminToken, "the admin token before a refresh"]);
try {
  const { claims, keyIndex } = verifyJwt<TinybirdJwtClaims>(token, verifyingKey, { leeway: 5 });
  const firstScope = claims.scopes[0];
  console.log(claims.workspace_id, claims.exp, keyIndex, firstScope?.fixed_params);
} catch (e) {
  if (e instanceof TokenExpiredError) {
    console.log("expired at", e.claims?.["exp"]);
  } else if (e instanceof TinybirdTokenError) {
    const code: ErrorCode = e.code;
    switch (code) {
      case "invalid_signature":
      case "token_not_yet_valid":
        console.log(code, e.message);
        break;
      default:
        console.log("rejected:", code);
    }
  } else {
    throw e;
  }
}

const { header } = decodeJwt(token);
const report = inspectToken(token);
console.log(header.alg, report.expiresIn, report.scopes.map((s) => s.summary), report.problems);

// Checks against a project, built once from datafile texts and @tinybirdco/sdk objects.
const topPages = defineEndpoint("top_pages", {
  params: { org_id: p.string(), days: p.int32().optional(7) },
  nodes: [node({ name: "endpoint", sql: "SELECT * FROM hits WHERE org_id = {{ org_id }}" })],
  output: { pathname: t.string() },
});
const project: Project = createProject({
  files: [{ path: "datasources/hits.datasource", text: "SCHEMA >\n    `org_id` String\n" }],
  resources: [topPages, { kind: "pipe", name: "legacy", pipeType: "endpoint", params: [{ name: "id", type: "String" }] }],
});
const tenantRequest = {
  workspaceId: "11111111-2222-3333-4444-555555555555",
  name: "tenant",
  ttl: "1h",
  scopes: [{ type: "PIPES:READ" as const, resource: "top_pages", fixedParams: { org_id: "acme" } }],
};
const findings: Finding[] = [
  ...lintProject(project),
  ...checkJwt(tenantRequest, project),
  ...checkStaticToken(["DATASOURCES:APPEND:hits"], project, { mode: "forward" }),
];
for (const f of findings) {
  const severity: Severity = f.severity;
  const code: FindingCode = f.code;
  console.log(severity, code, f.path, f.line, f.scope, f.suggestion);
}
const pipeTypes: (PipeType | null)[] = readProject(project).resources.map((r) => r.pipeType);
try {
  createJwt(tenantRequest, signingKey, { project });
} catch (e) {
  if (e instanceof ProjectCheckFailedError) console.log(e.findings.map((f) => f.message), pipeTypes);
}
// @ts-expect-error: a project comes from createProject, not a plain object
checkJwt(tenantRequest, { files: [] });

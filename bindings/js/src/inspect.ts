/** Explaining a token without verifying it. */

import { op, optObj, seconds, staticInfo, str, type WireStatic } from "./internal/wire.js";
import type { Inspection, InspectOptions } from "./types.js";

interface WireInspection {
  kind: Inspection["kind"];
  header: Inspection["header"];
  claims: Inspection["claims"];
  workspace_id: string | null;
  name: string | null;
  scopes: {
    type: string;
    resource: string;
    fixed_params: Record<string, unknown> | null;
    filter: string | null;
    summary: string;
  }[];
  limits: { rps: number } | null;
  expires_at: number | null;
  expires_in: number | null;
  not_before: number | null;
  issued_at: number | null;
  static: WireStatic | null;
  problems: Inspection["problems"];
}

/** Explains a JWT or static token (what it is, grants, when it expires, what is wrong with it)
 * without verifying it; never throws for a bad token (text with a lone surrogate is no token:
 * `InvalidClaimsError`). */
export function inspectToken(token: string, options?: InspectOptions): Inspection {
  str(token, "The token");
  optObj(options, "options");
  const r = op<WireInspection>("inspect_token", { token, now: seconds(options?.now) });
  return {
    kind: r.kind,
    header: r.header,
    claims: r.claims,
    workspaceId: r.workspace_id,
    name: r.name,
    scopes: r.scopes.map((s) => ({
      type: s.type,
      resource: s.resource,
      fixedParams: s.fixed_params,
      filter: s.filter,
      summary: s.summary,
    })),
    limits: r.limits,
    expiresAt: r.expires_at,
    expiresIn: r.expires_in,
    notBefore: r.not_before,
    issuedAt: r.issued_at,
    static: r.static && staticInfo(r.static),
    problems: r.problems,
  };
}

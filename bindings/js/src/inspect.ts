/** Explaining a token without verifying it. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import { nowSeconds } from "./internal/inputs.js";
import { glue, optObj, staticInfo, str, wellFormed, type WireStatic } from "./internal/wire.js";
import type { Inspection, InspectionSegment, InspectOptions } from "./types.js";

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
  /** UTF-8 byte offsets. */
  segments: InspectionSegment[];
}

/** The core's UTF-8 byte offsets into `token` as UTF-16 indexes. Every offset is at a dot or an end
 * of the token, so on a character boundary. */
function utf16Segments(token: string, segments: InspectionSegment[]): InspectionSegment[] {
  // ASCII: bytes and UTF-16 code units coincide (the usual case).
  if (!/[^\u0000-\u007f]/.test(token)) return segments;
  const index = new Map<number, number>();
  let bytes = 0;
  let units = 0;
  for (const ch of token) {
    index.set(bytes, units);
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    units += ch.length;
  }
  index.set(bytes, units);
  const at = (b: number): number => index.get(b) ?? units;
  return segments.map((s) => ({ part: s.part, start: at(s.start), end: at(s.end) }));
}

/** Explains a JWT or static token (what it is, grants, when it expires, what is wrong with it and
 * where) without verifying it; never throws for a bad token (text with a lone surrogate is no token:
 * `InvalidArgumentError`). */
export function inspectToken(token: string, options?: InspectOptions): Inspection {
  str(token, "The token");
  optObj(options, "options");
  const now = nowSeconds(options?.now);
  // Its own export, not the `inspect_token` op, so that the lean module (`tinybird-tokens/jwt`) has it.
  const t = wellFormed(token, "The input");
  const r = JSON.parse(glue(() => raw.inspectToken(t, now))) as WireInspection;
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
    segments: utf16Segments(token, r.segments),
  };
}

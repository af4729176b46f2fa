/** `createJwt`'s options in the core's JSON request form; internal, shared by `createJwt` and
 * `checkJwt`. */

import { expiresAtSeconds, nowSeconds, ttlValue } from "./inputs.js";
import { toJson } from "./wire.js";

const REQUEST_FIELDS: Record<string, string> = {
  workspaceId: "workspace_id",
  expiresAt: "expires_at",
  extraClaims: "extra_claims",
};

function wireScope(scope: unknown): unknown {
  if (typeof scope !== "object" || scope === null || Array.isArray(scope)) return scope;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scope)) out[k === "fixedParams" ? "fixed_params" : k] = v;
  return out;
}

/** The core's JSON request form; unknown fields pass through so that the core rejects them. */
function wireRequest(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === "now" || v === undefined) continue;
    if (k === "expiresAt") out.expires_at = expiresAtSeconds(v);
    else if (k === "ttl") out.ttl = ttlValue(v);
    else if (k === "scopes") out.scopes = Array.isArray(v) ? v.map(wireScope) : v;
    else out[REQUEST_FIELDS[k] ?? k] = v;
  }
  return out;
}

/** `createJwt`'s options in the core's request form (not yet JSON text) and `now` (Unix seconds). */
export function requestWire(options: Record<string, unknown>): { wire: Record<string, unknown>; now: number } {
  const now = nowSeconds(options.now);
  return { wire: wireRequest(options), now };
}

/** The JSON request text of `requestWire`'s form. */
export function requestText(wire: Record<string, unknown>): string {
  return toJson(wire, "The options");
}

/** `createJwt`'s options as the core's JSON request text and `now` (Unix seconds), for the wasm
 * exports that take both (`createJwt`, `Project.checkJwt`). */
export function requestArgs(options: Record<string, unknown>): { request: string; now: number } {
  const { wire, now } = requestWire(options);
  return { request: requestText(wire), now };
}

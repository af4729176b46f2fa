/** `createJwt`'s options in the core's JSON request form; internal, shared by `createJwt` and
 * `checkJwt`. */

import { expiresAtSeconds, nowSeconds, ttlValue } from "./inputs.js";
import { container, MAX_DEPTH, text, value } from "./tree.js";
import { toJson } from "./wire.js";

/** An option's name in the core's request form (compared inline: no table, so an option named like
 * an `Object.prototype` member maps to itself, and no dictionary lookup per key on the hot path). */
function requestField(k: string): string {
  return k === "workspaceId" ? "workspace_id" : k === "expiresAt" ? "expires_at" : k === "extraClaims" ? "extra_claims" : k;
}

/** A scope field's name in the core's form. */
function scopeField(k: string): string {
  return k === "fixedParams" ? "fixed_params" : k;
}

function wireScope(scope: unknown): unknown {
  if (typeof scope !== "object" || scope === null || Array.isArray(scope)) return scope;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scope)) out[scopeField(k)] = v;
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
    else out[requestField(k)] = v;
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

/**
 * `requestWire(options).wire` as a typed tree (`tree.ts`), written in one pass over the options,
 * without the copy; `undefined` when that tree would not carry it (the caller then takes
 * `requestWire`, which also throws what this throws, in the same order). Options that the copy
 * merges or drops (a snake_case name beside its camelCase one, `__proto__`) are left to the copy too.
 */
export function requestTree(options: Record<string, unknown>): string | undefined {
  let n = 0;
  let children = "";
  for (const k of Object.keys(options)) {
    if (k === "now") continue;
    const v = options[k];
    if (v === undefined) continue;
    if (k === "__proto__" || k === "workspace_id" || k === "expires_at" || k === "extra_claims") return undefined;
    n++;
    const item =
      k === "expiresAt"
        ? value(expiresAtSeconds(v), 1)
        : k === "ttl"
          ? value(ttlValue(v), 1)
          : k === "scopes" && Array.isArray(v)
            ? scopesTree(v)
            : value(v, 1);
    if (item === undefined) return undefined;
    children += text(requestField(k)) + item;
  }
  return container("o", n, children);
}

/** `scopes` as `wireScope` maps them: each object's `fixedParams` named `fixed_params`. */
function scopesTree(scopes: unknown[]): string | undefined {
  let children = "";
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i];
    if (typeof scope !== "object" || scope === null || Array.isArray(scope)) {
      const item = value(scope, 2);
      if (item === undefined) return undefined;
      children += item;
      continue;
    }
    // `wireScope` copies any object into a plain one; the tree refuses one that deep.
    if (2 >= MAX_DEPTH) return undefined;
    const o = scope as Record<string, unknown>;
    const keys = Object.keys(o);
    let fields = "";
    for (const k of keys) {
      if (k === "__proto__" || k === "fixed_params") return undefined;
      const item = value(o[k], 3);
      if (item === undefined) return undefined;
      fields += text(scopeField(k)) + item;
    }
    children += container("o", keys.length, fields);
  }
  return container("a", scopes.length, children);
}

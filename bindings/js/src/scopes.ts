/** Token names and static-token scopes. */

import { arr, obj, op, optObj, str } from "./internal/wire.js";
import {
  TOKEN_BRAND,
  type Scope,
  type ScopeAction,
  type ScopeOptions,
  type ScopeParts,
  type TokenDefinition,
} from "./types.js";

/**
 * Defines a named token that data sources and pipes can reference, checked with the SDKs' name rule.
 * The result is exactly what `@tinybirdco/sdk`'s `defineToken` returns (its `_name`, `_type: "token"`
 * and `Symbol.for("tinybird.token")` brand), so the SDK's `defineDatasource` / `defineEndpoint` accept
 * it in `tokens: [{ token, scope }]`.
 */
export function defineToken<Name extends string>(name: Name): TokenDefinition<Name> {
  str(name, "The token name");
  op("define_token", { name });
  return Object.freeze({ [TOKEN_BRAND]: true as const, _name: name, _type: "token" as const });
}

/** Whether `value` is a token definition (the SDK's `isTokenDefinition` rule). */
export function isTokenDefinition(value: unknown): value is TokenDefinition {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[TOKEN_BRAND] === true
  );
}

/** Parses a static-token scope string (`DATASOURCES:READ:events`). */
export function parseScope(scope: string, options?: ScopeOptions): Scope {
  str(scope, "The scope");
  optObj(options, "options");
  return op<Scope>("parse_scope", { scope, mode: options?.mode });
}

/** Formats scope parts as a scope string, with the same checks as `parseScope`. */
export function formatScope(scope: ScopeParts, options?: ScopeOptions): string {
  obj(scope, "The scope");
  optObj(options, "options");
  return op<string>("format_scope", {
    type: scope.type,
    resource: scope.resource ?? null,
    filter: scope.filter ?? null,
    mode: options?.mode,
  });
}

/** Whether the scopes allow `action` (on `resource`, for the actions that take one). */
export function scopesAllow(
  scopes: readonly string[],
  action: ScopeAction,
  resource?: string | null,
  options?: ScopeOptions,
): boolean {
  arr(scopes, "scopes");
  str(action, "The action");
  optObj(options, "options");
  return op<boolean>("scopes_allow", {
    scopes,
    action,
    resource: resource ?? null,
    mode: options?.mode,
  });
}

/** TOKEN lines of `.datasource` / `.pipe` files, and the token plans they add up to. */

import { isTokenDefinition } from "./scopes.js";
import { arr, obj, op, str } from "./internal/wire.js";
import type {
  DatafileSource,
  DatafileToken,
  ResourceKind,
  TokenAttachment,
  TokenPlan,
  TokenPlanDiff,
} from "./types.js";

/** Where TOKEN lines are: a `.datasource` or a `.pipe` file. */
export interface DatafileKindOptions {
  kind: ResourceKind;
}

/**
 * The `TOKEN <name> <permission>` lines for attachments, joined by `\n` (no trailing newline).
 * Attachments take the core's shapes (`{ name, permission }`, `{ name, permissions }`, `{ name }` on a
 * pipe, which is READ), the SDK's `{ token, scope }`, or a `[token, permission]` pair, as in Python.
 */
export function renderTokenLines(
  attachments: readonly TokenAttachment[],
  options: DatafileKindOptions,
): string {
  arr(attachments, "attachments");
  obj(options, "The options");
  str(options.kind, "The kind");
  const tokens = (attachments as readonly unknown[]).map(attachmentEntry);
  return op<string>("render_token_lines", { kind: options.kind, tokens });
}

/** One attachment in the core's shapes: SDK references and pairs become `{ name, permission }`. */
function attachmentEntry(a: unknown): unknown {
  if (Array.isArray(a) && a.length === 2) return { name: tokenName(a[0]), permission: a[1] };
  obj(a, "Each attachment");
  if ("token" in a) return { name: tokenName(a.token), permission: a.scope };
  return a;
}

function tokenName(t: unknown): unknown {
  if (typeof t === "string") return t;
  if (isTokenDefinition(t)) return t._name;
  throw new TypeError("A token must be a token definition (defineToken) or a name.");
}

/** Reads the TOKEN lines of a `.datasource` / `.pipe` file (`tb`'s rules; errors carry `line`). */
export function parseDatafileTokens(text: string, options: DatafileKindOptions): DatafileToken[] {
  str(text, "The text");
  obj(options, "The options");
  str(options.kind, "The kind");
  return op<DatafileToken[]>("parse_datafile_tokens", { kind: options.kind, text });
}

/** The tokens a set of datafiles declares and their scopes, sorted by name. */
export function planTokens(files: readonly DatafileSource[]): TokenPlan {
  arr(files, "files");
  return op<TokenPlan>("plan_tokens", { files });
}

/** What changes from one plan to another (create, update, delete), each list sorted by name. */
export function diffTokenPlans(oldPlan: TokenPlan, newPlan: TokenPlan): TokenPlanDiff {
  arr(oldPlan, "The old plan");
  arr(newPlan, "The new plan");
  return op<TokenPlanDiff>("diff_token_plans", { old: oldPlan, new: newPlan });
}

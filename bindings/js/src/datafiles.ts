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

/** The `TOKEN <name> <permission>` lines for attachments, joined by `\n` (no trailing newline). */
export function renderTokenLines(
  kind: ResourceKind,
  attachments: readonly TokenAttachment[],
): string {
  str(kind, "The kind");
  arr(attachments, "attachments");
  const tokens: { name: unknown; permission: unknown }[] = [];
  for (const a of attachments as readonly unknown[]) {
    obj(a, "Each attachment");
    if ("token" in a) {
      const t = a.token;
      let name: unknown;
      if (typeof t === "string") name = t;
      else if (isTokenDefinition(t)) name = t._name;
      else throw new TypeError("`token` must be a token definition (defineToken) or a name.");
      tokens.push({ name, permission: a.scope });
    } else if ("permissions" in a) {
      arr(a.permissions, "permissions");
      for (const permission of a.permissions) tokens.push({ name: a.name, permission });
    } else if ("permission" in a) {
      tokens.push({ name: a.name, permission: a.permission });
    } else if (kind === "pipe") {
      tokens.push({ name: a.name, permission: "READ" });
    } else {
      throw new TypeError(
        "A data source attachment is {token, scope}, {name, permissions} or {name, permission}.",
      );
    }
  }
  return op<string>("render_token_lines", { kind, tokens });
}

/** Reads the TOKEN lines of a `.datasource` / `.pipe` file (`tb`'s rules; errors carry `line`). */
export function parseDatafileTokens(kind: ResourceKind, text: string): DatafileToken[] {
  str(kind, "The kind");
  str(text, "The text");
  return op<DatafileToken[]>("parse_datafile_tokens", { kind, text });
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

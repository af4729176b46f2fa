/**
 * The "Create a JWT" panel: a form for `createJwt` (workspace id, name, TTL, scopes, rate limit,
 * admin token) that signs locally and can hand the token to the inspector.
 */

import { createJwt, createSigningKey, inspectToken, parseFixedParams, type JwtScope } from "tinybird-tokens/jwt";
import { byId, errorLine, guard, h, onEnter, removeButton, showResult, type Child } from "./dom.js";
import { nowSeconds, relativePhrase, utcDate } from "./format.js";

const cWorkspace = byId<HTMLInputElement>("c-workspace");
const cName = byId<HTMLInputElement>("c-name");
const cTtl = byId<HTMLInputElement>("c-ttl");
const cRps = byId<HTMLInputElement>("c-rps");
const cAdmin = byId<HTMLInputElement>("c-admin");
const cScopes = byId("c-scopes");
const cResult = byId("c-result");
const cOutput = byId("c-output");
const cToken = byId<HTMLTextAreaElement>("c-token");

interface ScopeRow {
  type: "PIPES:READ" | "DATASOURCES:READ";
  resource: string;
  params: string;
}

const EMPTY_ROW: ScopeRow = { type: "PIPES:READ", resource: "", params: "" };

let scopeRows: { type: HTMLSelectElement; resource: HTMLInputElement; params: HTMLInputElement }[] = [];

/** Wires the form; `openInInspector` receives the signed token when *Inspect this token* is pressed. */
export function setupCreatePanel(openInInspector: (token: string) => void): void {
  renderScopeRows([EMPTY_ROW]);
  byId("c-add-scope").addEventListener("click", () => {
    renderScopeRows([...readScopeRows(), EMPTY_ROW]);
    scopeRows[scopeRows.length - 1]?.type.focus();
  });
  const signGuarded = guard(sign);
  byId("c-sign").addEventListener("click", signGuarded);
  for (const input of [cWorkspace, cName, cTtl, cRps, cAdmin]) onEnter(input, signGuarded);
  byId("c-inspect").addEventListener("click", guard(() => openInInspector(cToken.value)));
  byId("c-copy").addEventListener("click", () => {
    cToken.focus();
    cToken.select();
    const done = (msg: string) => showResult(cResult, "info", msg);
    const selected = "Selected: press Ctrl+C (or ⌘C) to copy.";
    if (navigator.clipboard) {
      navigator.clipboard.writeText(cToken.value).then(
        () => done("Copied to the clipboard."),
        () => done(selected),
      );
    } else done(selected);
  });
}

function paramsLabel(type: string): [string, string] {
  return type === "DATASOURCES:READ"
    ? ["SQL filter (optional)", "org_id = 'acme'"]
    : ["Fixed params (optional)", "org_id=acme,plan=pro"];
}

function renderScopeRows(rows: ScopeRow[]): void {
  cScopes.replaceChildren();
  scopeRows = rows.map((row, i) => {
    const n = i + 1;
    const type = h(
      "select",
      { id: `c-scope-${n}-type` },
      h("option", { value: "PIPES:READ" }, "PIPES:READ"),
      h("option", { value: "DATASOURCES:READ" }, "DATASOURCES:READ"),
    );
    type.value = row.type;
    const textInput = (part: string, placeholder: string, value: string) => {
      const input = h("input", { id: `c-scope-${n}-${part}`, type: "text", spellcheck: "false", autocomplete: "off", placeholder });
      input.value = value;
      return input;
    };
    const resource = textInput("resource", "top_pages", row.resource);
    const [labelText, placeholder] = paramsLabel(row.type);
    const params = textInput("params", placeholder, row.params);
    const paramsLabelEl = h("label", { for: params.id }, labelText);
    type.addEventListener("change", () => {
      const [t, p] = paramsLabel(type.value);
      paramsLabelEl.textContent = t;
      params.placeholder = p;
    });
    const grid = h(
      "div",
      { class: "scope-grid" },
      h("div", { class: "field" }, h("label", { for: type.id }, "Type"), type),
      h("div", { class: "field" }, h("label", { for: resource.id }, "Resource"), resource),
      h("div", { class: "field" }, paramsLabelEl, params),
    );
    if (rows.length > 1) {
      grid.append(
        removeButton("link remove", `Remove scope ${n}`, () => {
          renderScopeRows(readScopeRows().filter((_, j) => j !== i));
          scopeRows[Math.min(i, scopeRows.length - 1)]?.type.focus();
        }),
      );
    }
    cScopes.append(h("fieldset", { class: "scope" }, h("legend", {}, `Scope ${n}`), grid));
    return { type, resource, params };
  });
}

function readScopeRows(): ScopeRow[] {
  return scopeRows.map((r) => ({
    type: r.type.value === "DATASOURCES:READ" ? "DATASOURCES:READ" : "PIPES:READ",
    resource: r.resource.value,
    params: r.params.value,
  }));
}

/** The form's scopes, or the failure of the first row that cannot be one. */
function formScopes(): { scopes: JwtScope[] } | { failed: { row: number; error: unknown } } {
  const scopes: JwtScope[] = [];
  for (const [i, row] of readScopeRows().entries()) {
    const resource = row.resource.trim();
    const params = row.params.trim();
    if (row.type === "DATASOURCES:READ") {
      scopes.push({ type: "DATASOURCES:READ", resource, ...(params !== "" ? { filter: params } : {}) });
      continue;
    }
    try {
      const fixedParams = params !== "" ? Object.fromEntries(parseFixedParams(params)) : undefined;
      scopes.push({ type: "PIPES:READ", resource, ...(fixedParams ? { fixedParams } : {}) });
    } catch (error) {
      return { failed: { row: i + 1, error } };
    }
  }
  return { scopes };
}

function sign(): void {
  cOutput.hidden = true;
  cToken.value = "";
  const form = formScopes();
  if ("failed" in form) {
    showResult(cResult, "bad", `Scope ${form.failed.row}: not signed`, errorLine(form.failed.error));
    return;
  }
  const rps = cRps.value.trim();
  const notes: Child[] = [];
  try {
    const key = createSigningKey(cAdmin.value.trim());
    let workspaceId = cWorkspace.value.trim();
    if (workspaceId === "" && key.workspaceId !== undefined) {
      workspaceId = key.workspaceId;
      notes.push(h("p", {}, "Workspace id taken from the admin token: ", h("code", {}, workspaceId), "."));
    }
    const token = createJwt(
      {
        workspaceId,
        name: cName.value.trim(),
        ttl: cTtl.value.trim(),
        scopes: form.scopes,
        ...(rps !== "" ? { limits: { rps: Number(rps) } } : {}),
      },
      key,
    );
    cToken.value = token;
    cOutput.hidden = false;
    const exp = inspectToken(token).expiresAt;
    showResult(
      cResult,
      "ok",
      "Signed",
      ...notes,
      exp !== null ? h("p", {}, `Expires ${utcDate(exp)} (${relativePhrase("exp", exp, nowSeconds())}).`) : null,
    );
  } catch (e) {
    showResult(cResult, "bad", "Not signed", errorLine(e), ...notes);
  }
}

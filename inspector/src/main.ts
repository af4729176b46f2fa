/**
 * The inspector page: wires the DOM to `tinybird-tokens` (inspectToken, verifyJwt,
 * verifyStaticToken, createJwt). Everything runs here; the page makes no network request (its CSP
 * forbids them) and keeps keys in the input fields only (no storage, cookies or URL).
 *
 * The DOM is built with textContent only (the CSP enforces Trusted Types with no policy, so
 * innerHTML would throw): token contents are attacker-controlled text.
 */

import {
  TinybirdTokenError,
  createJwt,
  decodeStaticToken,
  inspectToken,
  parseFixedParams,
  ready,
  verifyHmacSha256,
  verifyJwt,
  verifyStaticToken,
  type Inspection,
  type JwtScope,
} from "tinybird-tokens";
import {
  base64UrlToBytes,
  cleanToken,
  localDate,
  plural,
  queryHasToken,
  relativePhrase,
  segmentsOf,
  tokenFromFragment,
  utcDate,
  type Segment,
  type TimeClaim,
} from "./format.js";

declare const __VERSION__: string;

// ---------------------------------------------------------------------------------------------------
// DOM helpers

type Child = Node | string | number | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") el.className = value === true ? "" : value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/** A table cell: its content in one wrapper, so that the phone layout (each cell a two-column
 * grid: the label from data-label, then the value) gets exactly one value item. */
function td(label: string, attrs: Record<string, string | undefined>, ...children: Child[]): HTMLTableCellElement {
  return h("td", { "data-label": label, ...attrs }, h("div", { class: "v" }, ...children));
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Error code and message of a failure, for display. */
function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof TinybirdTokenError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name, message: e.message };
  return { code: "error", message: String(e) };
}

/** A result box (verify, create): headline, optional error code and message, details. */
function showResult(
  box: HTMLElement,
  tone: "ok" | "bad" | "info",
  headline: string,
  ...details: Child[]
): void {
  box.className = `result ${tone}`;
  box.replaceChildren(h("p", { class: "headline" }, headline), ...details.filter(Boolean).map(
    (d) => (typeof d === "object" && d !== null ? d : h("p", {}, d as string)),
  ));
}

function clearResult(box: HTMLElement): void {
  box.className = "result";
  box.replaceChildren();
}

function errorLine(e: { code: string; message: string }): HTMLElement {
  return h("p", {}, h("span", { class: "code" }, e.code), ": ", e.message);
}

// ---------------------------------------------------------------------------------------------------
// Elements

const tokenInput = byId<HTMLTextAreaElement>("token");
const tokenNote = byId("token-note");
const defaultTokenNote = tokenNote.textContent ?? "";
const report = byId("report");
const overview = byId("overview");
const problemsList = byId("problems");
const segmentsEl = byId("segments");
const legend = byId("legend");
const timesSection = byId("times-section");
const timesBody = byId<HTMLTableElement>("times").tBodies[0]!;
const scopesSection = byId("scopes-section");
const scopesBody = byId<HTMLTableElement>("scopes").tBodies[0]!;
const noScopes = byId("no-scopes");
const limitsEl = byId("limits");
const staticSection = byId("static-section");
const staticFacts = byId("static");
const jsonSection = byId("json-section");
const headerJson = byId("header-json");
const claimsJson = byId("claims-json");
const keysEl = byId("keys");
const verifyResult = byId("verify-result");

// ---------------------------------------------------------------------------------------------------
// Inspection

interface Current {
  token: string;
  report: Inspection;
  removed: string[];
  fromFragment: boolean;
}

let current: Current | null = null;

/** Elements whose text follows the clock: the phrase for a time claim, refreshed every second. */
let live: { el: HTMLElement; claim: TimeClaim; at: number }[] = [];

function inspect(fromFragment = false): void {
  clearResult(verifyResult);
  const text = tokenInput.value;
  if (text.trim() === "") {
    current = null;
    report.hidden = true;
    live = [];
    tokenNote.textContent = defaultTokenNote;
    return;
  }
  const { token, removed } = cleanToken(text);
  current = { token, report: inspectToken(token), removed, fromFragment };
  render();
}

function render(): void {
  if (!current) return;
  const { token, report: r, removed, fromFragment } = current;
  live = [];
  const notes: string[] = [];
  if (fromFragment) notes.push("Taken from the URL fragment (#token=…), which browsers never send to servers.");
  if (removed.length > 0) notes.push(`Removed ${removed.join(", ")} before inspecting.`);
  notes.push(defaultTokenNote);
  tokenNote.textContent = notes.join(" ");

  renderOverview(r);
  renderProblems(r);
  renderSegments(segmentsOf(token, r.kind, r.problems));
  renderTimes(r);
  renderScopes(r);
  renderStatic(r);
  renderJson(r);
  report.hidden = false;
  tick();
}

function liveSpan(claim: TimeClaim, at: number): HTMLElement {
  const el = h("span", { class: "live", "data-claim": claim });
  live.push({ el, claim, at });
  return el;
}

function fact(dl: HTMLElement, term: string, ...value: Child[]): void {
  dl.append(h("dt", {}, term), h("dd", {}, ...value));
}

function renderOverview(r: Inspection): void {
  overview.replaceChildren();
  const kind =
    r.kind === "jwt"
      ? `JWT${typeof r.header?.alg === "string" ? `, algorithm ${r.header.alg}` : ""}`
      : r.kind === "static"
        ? "Static token (p.)"
        : "Not recognised: neither a JWT nor a p. static token";
  fact(overview, "Kind", h("span", { id: "kind" }, kind));
  const status: Child[] = [
    r.problems.length === 0
      ? h("span", { class: "badge ok" }, "no problems found")
      : h("span", { class: "badge bad" }, plural(r.problems.length, "problem", "problems")),
    " ",
    h("span", { class: "badge neutral" }, "signature not checked"),
  ];
  if (r.expiresAt !== null) status.push(" ", liveSpan("exp", r.expiresAt));
  fact(overview, "Status", h("span", { id: "status" }, ...status));
  if (r.name !== null) fact(overview, "Name", h("code", {}, r.name));
  if (r.workspaceId !== null) fact(overview, "Workspace id", h("code", {}, r.workspaceId));
  if (r.static) {
    fact(overview, r.static.ownerKind === "o" ? "Organization id" : "Workspace or user id", h("code", {}, r.static.ownerId));
  }
}

function renderProblems(r: Inspection): void {
  problemsList.replaceChildren();
  if (r.problems.length === 0) {
    problemsList.append(
      h("li", { class: "none" }, "None found. Inspection does not check the signature: verify below."),
    );
    return;
  }
  for (const p of r.problems) {
    problemsList.append(
      h(
        "li",
        { "data-code": p.code, "data-part": p.part },
        h("span", { class: "code" }, p.code),
        " ",
        h("span", { class: "part" }, p.part === "token" ? "(whole token)" : `(${p.part})`),
        ": ",
        p.message,
      ),
    );
  }
}

const PART_LABEL: Record<Segment["part"], string> = {
  header: "header",
  payload: "payload",
  signature: "signature",
  prefix: "prefix",
  token: "token",
  extra: "extra segment",
};

function renderSegments(segments: Segment[]): void {
  segmentsEl.replaceChildren();
  legend.replaceChildren();
  segments.forEach((s, i) => {
    if (i > 0) segmentsEl.append(h("span", { class: "dot" }, "."));
    const state = s.broken ? "broken" : s.codes.length > 0 ? "flagged" : "";
    segmentsEl.append(
      h(
        "span",
        {
          class: `seg seg-${s.part}${state ? ` ${state}` : ""}`,
          "data-part": s.part,
          "data-state": state || "ok",
          title: [PART_LABEL[s.part], ...s.messages].join("\n"),
        },
        s.text === "" ? "\u2205" : s.text,
      ),
    );
  });
  // The legend says in words what the colours and underlines say.
  const seen = new Set<string>();
  for (const s of segments) {
    const key = `${s.part}`;
    if (seen.has(key) && s.part !== "extra") continue;
    seen.add(key);
    legend.append(
      h(
        "li",
        { "data-part": s.part },
        h("span", { class: `swatch seg-${s.part}` }, PART_LABEL[s.part]),
        s.text === "" ? " (empty)" : "",
        s.broken
          ? h("span", { class: "state" }, ` \u2014 broken: ${s.codes.join(", ")}`)
          : s.codes.length > 0
            ? h("span", { class: "state flag" }, ` \u2014 ${s.codes.join(", ")}`)
            : " \u2014 decoded",
      ),
    );
  }
}

const TIME_CLAIMS: { claim: TimeClaim; label: string; field: "expiresAt" | "notBefore" | "issuedAt" }[] = [
  { claim: "exp", label: "expires", field: "expiresAt" },
  { claim: "nbf", label: "not before", field: "notBefore" },
  { claim: "iat", label: "issued at", field: "issuedAt" },
];

function renderTimes(r: Inspection): void {
  timesBody.replaceChildren();
  let rows = 0;
  for (const { claim, label, field } of TIME_CLAIMS) {
    const present = r.claims !== null && Object.prototype.hasOwnProperty.call(r.claims, claim);
    const at = r[field];
    if (!present && at === null) continue;
    rows++;
    const head = td("Claim", {}, h("code", {}, claim), " ", label);
    if (at === null) {
      timesBody.append(
        h(
          "tr",
          { "data-claim": claim },
          head,
          td("Value", { colspan: "3" }, "not a valid time: ", h("code", {}, JSON.stringify(r.claims?.[claim]))),
        ),
      );
      continue;
    }
    timesBody.append(
      h(
        "tr",
        { "data-claim": claim },
        head,
        td("UTC", { class: "utc" }, utcDate(at), h("span", { class: "sub" }, String(at))),
        td("Local time", { class: "local" }, localDate(at)),
        td("Now", {}, liveSpan(claim, at)),
      ),
    );
  }
  timesSection.hidden = rows === 0;
}

function fixedParamsText(params: Record<string, unknown> | null): Child {
  if (!params || Object.keys(params).length === 0) return "\u2014";
  const list = h("span", {});
  Object.entries(params).forEach(([k, v], i) => {
    if (i > 0) list.append(h("br"));
    // No-break spaces around "=": a pair wraps as a whole where it can.
    list.append(h("code", {}, `${k}\u00a0=\u00a0${typeof v === "string" ? v : JSON.stringify(v)}`));
  });
  return list;
}

function renderScopes(r: Inspection): void {
  scopesBody.replaceChildren();
  const isJwt = r.kind === "jwt" && r.claims !== null;
  scopesSection.hidden = !isJwt;
  if (!isJwt) return;
  for (const s of r.scopes) {
    scopesBody.append(
      h(
        "tr",
        {},
        td("Type", {}, h("code", {}, s.type)),
        td("Resource", {}, h("code", {}, s.resource)),
        td("Fixed params", {}, fixedParamsText(s.fixedParams)),
        td("Filter", {}, s.filter === null ? "\u2014" : h("code", {}, s.filter)),
        td("Grants", { class: "grants" }, s.summary),
      ),
    );
  }
  byId("scopes").hidden = r.scopes.length === 0;
  noScopes.hidden = r.scopes.length > 0;
  limitsEl.replaceChildren(
    r.limits
      ? h("span", { id: "limits-text" }, "Rate limit: at most ", h("strong", {}, plural(r.limits.rps, "request", "requests")), " per second (", h("code", {}, `limits.rps = ${r.limits.rps}`), ").")
      : h("span", { id: "limits-text" }, "No rate limit in the token (no valid ", h("code", {}, "limits"), " claim)."),
  );
}

function renderStatic(r: Inspection): void {
  staticFacts.replaceChildren();
  staticSection.hidden = !r.static;
  if (!r.static) return;
  const s = r.static;
  fact(staticFacts, "Owner", s.ownerKind === "o" ? "an organization (o)" : "a workspace or user (u)");
  fact(staticFacts, s.ownerKind === "o" ? "Organization id" : "Workspace or user id", h("code", { "data-field": "owner-id" }, s.ownerId));
  fact(staticFacts, "Token id", h("code", { "data-field": "token-id" }, s.tokenId));
  fact(staticFacts, "Region", s.region === null ? h("span", { "data-field": "region" }, "none (Tinybird Local)") : h("code", { "data-field": "region" }, s.region));
  fact(staticFacts, "API host", h("code", { "data-field": "api-host" }, s.apiHost));
}

/** JSON, indented by two spaces, with keys, strings, numbers and literals in spans. */
function jsonInto(out: HTMLElement, value: unknown, indent = ""): void {
  if (value === null || typeof value === "boolean") out.append(h("span", { class: "l" }, String(value)));
  else if (typeof value === "number") out.append(h("span", { class: "n" }, String(value)));
  else if (typeof value === "string") out.append(h("span", { class: "s" }, JSON.stringify(value)));
  else if (Array.isArray(value)) {
    if (value.length === 0) return void out.append("[]");
    out.append("[\n");
    value.forEach((v, i) => {
      out.append(`${indent}  `);
      jsonInto(out, v, `${indent}  `);
      out.append(i < value.length - 1 ? ",\n" : "\n");
    });
    out.append(`${indent}]`);
  } else if (typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return void out.append("{}");
    out.append("{\n");
    entries.forEach(([k, v], i) => {
      out.append(`${indent}  `, h("span", { class: "k" }, JSON.stringify(k)), ": ");
      jsonInto(out, v, `${indent}  `);
      out.append(i < entries.length - 1 ? ",\n" : "\n");
    });
    out.append(`${indent}}`);
  } else out.append(String(value));
}

function renderJson(r: Inspection): void {
  jsonSection.hidden = r.header === null && r.claims === null;
  headerJson.replaceChildren();
  claimsJson.replaceChildren();
  if (r.header === null) headerJson.append(h("span", { class: "note" }, "not decoded (see problems)"));
  else jsonInto(headerJson, r.header);
  if (r.claims === null) claimsJson.append(h("span", { class: "note" }, "not decoded (see problems)"));
  else jsonInto(claimsJson, r.claims);
}

/** Every second: the countdowns, and a fresh inspection when its problems change (a token that
 * just expired gains `token_expired`). */
function tick(): void {
  if (!current) return;
  const now = nowSeconds();
  const fresh = inspectToken(current.token);
  if (JSON.stringify(fresh.problems) !== JSON.stringify(current.report.problems)) {
    current.report = fresh;
    render(); // calls tick() again with the new elements
    return;
  }
  for (const { el, claim, at } of live) {
    const text = relativePhrase(claim, at, now);
    if (el.textContent !== text) el.textContent = text;
    const bad = (claim === "exp" && at <= now) || (claim === "nbf" && at > now);
    el.className = `live ${claim === "iat" ? "" : bad ? "past" : "future"}`.trim();
  }
}

// ---------------------------------------------------------------------------------------------------
// Verification

let keyInputs: HTMLInputElement[] = [];

function renderKeys(values: string[]): void {
  keysEl.replaceChildren();
  keyInputs = values.map((value, i) => {
    const id = `key-${i + 1}`;
    const input = h("input", {
      id,
      type: "password",
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "p.eyJ1IjogIjEx…",
      "data-key-index": String(i),
    });
    input.value = value;
    input.addEventListener("input", () => clearResult(verifyResult));
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        verify();
      }
    });
    const field = h("div", { class: "field" }, h("label", { for: id }, values.length > 1 ? `Admin token ${i + 1}` : "Admin token"), input);
    const row = h("div", { class: "key-row" }, field);
    if (values.length > 1) {
      const remove = h("button", { type: "button", class: "link", "aria-label": `Remove admin token ${i + 1}` }, "Remove");
      remove.addEventListener("click", () => {
        const kept = keyInputs.map((k) => k.value).filter((_, j) => j !== i);
        renderKeys(kept);
        clearResult(verifyResult);
        keyInputs[Math.min(i, keyInputs.length - 1)]?.focus();
      });
      row.append(remove);
    }
    keysEl.append(row);
    return input;
  });
}

/** Which key's HMAC matches a JWT's signature (1-based), for tokens whose time claims fail. */
function matchingKey(token: string, keys: { key: string; index: number }[]): number | null {
  const [header, payload, signature] = token.split(".");
  const tag = base64UrlToBytes(signature ?? "");
  if (header === undefined || payload === undefined || !tag) return null;
  for (const { key, index } of keys) {
    try {
      verifyHmacSha256(key, `${header}.${payload}`, tag);
      return index + 1;
    } catch {
      // not this key
    }
  }
  return null;
}

function verify(): void {
  const checkedAt = h("p", { class: "note" }, `Checked at ${localDate(nowSeconds())}.`);
  if (!current) {
    showResult(verifyResult, "info", "Paste a token above first.");
    return;
  }
  const keys = keyInputs.map((k, index) => ({ key: k.value, index })).filter((k) => k.key !== "");
  if (keys.length === 0) {
    showResult(verifyResult, "info", "Type at least one key.");
    return;
  }
  const warnings = keys
    .filter((k) => k.key.length < 32)
    .map((k) =>
      h(
        "li",
        { class: "short-key" },
        `${keyInputs.length > 1 ? `Admin token ${k.index + 1}` : "The key"} is only ${plural(k.key.length, "character", "characters")} long: a workspace admin token is much longer, so this is probably not the right value (a key this short is also easy to guess). Checked anyway.`,
      ),
    );
  const warningList = warnings.length > 0 ? h("ul", { class: "warnings" }, ...warnings) : null;
  const { token, report: r } = current;

  if (r.kind === "static") {
    let last: unknown = null;
    for (const { key, index } of keys) {
      try {
        verifyStaticToken(token, key);
        showResult(
          verifyResult,
          "ok",
          "Valid static token",
          h("p", { "data-key": String(index + 1) }, `The signature matches ${keys.length > 1 || keyInputs.length > 1 ? `key ${index + 1}` : "the secret"}.`),
          warningList,
          checkedAt,
        );
        return;
      } catch (e) {
        last = e;
      }
    }
    showResult(verifyResult, "bad", "Not valid", errorLine(describeError(last)), warningList, checkedAt);
    return;
  }

  try {
    const v = verifyJwt(token, keys.map((k) => k.key));
    const matched = keys[v.keyIndex]!.index + 1;
    const exp = typeof v.claims.exp === "number" ? v.claims.exp : null;
    showResult(
      verifyResult,
      "ok",
      "Valid",
      h(
        "p",
        { "data-key": String(matched) },
        `The signature matches ${keyInputs.length > 1 ? `admin token ${matched}` : "the admin token"}, and the token is within its validity period`,
        exp !== null ? ` (${relativePhrase("exp", exp, nowSeconds())}).` : ".",
      ),
      warningList,
      checkedAt,
    );
  } catch (e) {
    const err = describeError(e);
    const details: Child[] = [errorLine(err)];
    if (err.code === "token_expired" || err.code === "token_not_yet_valid") {
      const matched = matchingKey(token, keys);
      if (matched !== null) {
        details.push(
          h(
            "p",
            { "data-key": String(matched) },
            `The signature matches ${keyInputs.length > 1 ? `admin token ${matched}` : "the admin token"} (the claims are authentic), but the token is not valid at this time.`,
          ),
        );
      }
    }
    showResult(verifyResult, "bad", "Not valid", ...details, warningList, checkedAt);
  }
}

// ---------------------------------------------------------------------------------------------------
// Create a JWT

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

let scopeRows: { type: HTMLSelectElement; resource: HTMLInputElement; params: HTMLInputElement }[] = [];

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
    const resource = h("input", { id: `c-scope-${n}-resource`, type: "text", spellcheck: "false", autocomplete: "off", placeholder: "top_pages" });
    resource.value = row.resource;
    const [labelText, placeholder] = paramsLabel(row.type);
    const paramsLabelEl = h("label", { for: `c-scope-${n}-params` }, labelText);
    const params = h("input", { id: `c-scope-${n}-params`, type: "text", spellcheck: "false", autocomplete: "off", placeholder });
    params.value = row.params;
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
      const remove = h("button", { type: "button", class: "link remove", "aria-label": `Remove scope ${n}` }, "Remove");
      remove.addEventListener("click", () => {
        const kept = readScopeRows().filter((_, j) => j !== i);
        renderScopeRows(kept);
        scopeRows[Math.min(i, scopeRows.length - 1)]?.type.focus();
      });
      grid.append(remove);
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

function sign(): void {
  cOutput.hidden = true;
  cToken.value = "";
  const admin = cAdmin.value.trim();
  const notes: Child[] = [];
  let workspaceId = cWorkspace.value.trim();
  if (workspaceId === "" && admin !== "") {
    try {
      const s = decodeStaticToken(admin);
      if (s.ownerKind === "u") {
        workspaceId = s.ownerId;
        notes.push(h("p", {}, "Workspace id taken from the admin token: ", h("code", {}, workspaceId), "."));
      }
    } catch {
      // not a static token: createJwt reports the key
    }
  }
  const scopes: JwtScope[] = [];
  const rows = readScopeRows();
  for (const [i, row] of rows.entries()) {
    const resource = row.resource.trim();
    const params = row.params.trim();
    if (row.type === "PIPES:READ") {
      let fixedParams: Record<string, string> | undefined;
      if (params !== "") {
        try {
          fixedParams = Object.fromEntries(parseFixedParams(params));
        } catch (e) {
          showResult(cResult, "bad", `Scope ${i + 1}: not signed`, errorLine(describeError(e)));
          return;
        }
      }
      scopes.push({ type: "PIPES:READ", resource, ...(fixedParams ? { fixedParams } : {}) });
    } else {
      scopes.push({ type: "DATASOURCES:READ", resource, ...(params !== "" ? { filter: params } : {}) });
    }
  }
  const rps = cRps.value.trim();
  try {
    const token = createJwt(
      {
        workspaceId,
        name: cName.value.trim(),
        ttl: cTtl.value.trim(),
        scopes,
        ...(rps !== "" ? { limits: { rps: Number(rps) } } : {}),
      },
      admin,
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
    showResult(cResult, "bad", "Not signed", errorLine(describeError(e)), ...notes);
  }
}

// ---------------------------------------------------------------------------------------------------
// Start

function loadFragment(): void {
  const fromHash = tokenFromFragment(location.hash);
  if (fromHash === null) return;
  tokenInput.value = fromHash;
  inspect(true);
}

function guard<A extends unknown[]>(f: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      f(...args);
    } catch (e) {
      // A bug of the page, not a bad token (inspectToken never throws for those): say so.
      console.error(e);
      const box = byId("loading");
      box.hidden = false;
      box.className = "warning";
      box.textContent = `Unexpected error: ${describeError(e).message}`;
    }
  };
}

function start(): void {
  byId("loading").hidden = true;
  byId("version").textContent = __VERSION__;
  byId("query-warning").hidden = !queryHasToken(location.search);

  tokenInput.addEventListener("input", guard(() => inspect()));
  byId("clear-token").addEventListener("click", guard(() => {
    tokenInput.value = "";
    inspect();
    tokenInput.focus();
  }));

  renderKeys([""]);
  byId("add-key").addEventListener("click", () => {
    renderKeys([...keyInputs.map((k) => k.value), ""]);
    keyInputs[keyInputs.length - 1]?.focus();
  });
  byId("verify").addEventListener("click", guard(verify));
  byId("forget-keys").addEventListener("click", () => {
    renderKeys([""]);
    clearResult(verifyResult);
    showResult(verifyResult, "info", "Keys cleared from the page.");
  });

  renderScopeRows([{ type: "PIPES:READ", resource: "", params: "" }]);
  byId("c-add-scope").addEventListener("click", () => {
    renderScopeRows([...readScopeRows(), { type: "PIPES:READ", resource: "", params: "" }]);
    scopeRows[scopeRows.length - 1]?.type.focus();
  });
  byId("c-sign").addEventListener("click", guard(sign));
  for (const input of [cWorkspace, cName, cTtl, cRps, cAdmin]) {
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        guard(sign)();
      }
    });
  }
  byId("c-inspect").addEventListener("click", guard(() => {
    tokenInput.value = cToken.value;
    inspect();
    tokenInput.focus();
    tokenInput.scrollIntoView({ block: "start" });
  }));
  byId("c-copy").addEventListener("click", () => {
    cToken.focus();
    cToken.select();
    const done = (msg: string) => showResult(cResult, "info", msg);
    if (navigator.clipboard) {
      navigator.clipboard.writeText(cToken.value).then(
        () => done("Copied to the clipboard."),
        () => done("Selected: press Ctrl+C (or ⌘C) to copy."),
      );
    } else done("Selected: press Ctrl+C (or ⌘C) to copy.");
  });

  window.addEventListener("hashchange", guard(loadFragment));
  guard(loadFragment)();
  if (tokenInput.value !== "" && current === null) guard(() => inspect())();
  window.setInterval(guard(tick), 1000);
  document.documentElement.dataset.ready = "true";
}

ready.then(start, (e: unknown) => {
  const box = byId("loading");
  box.className = "warning";
  box.textContent = `Could not start the WebAssembly module: ${describeError(e).message}`;
});

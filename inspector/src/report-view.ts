/**
 * The inspection report: what `inspectToken` says about the token in the text box, rendered into
 * the report sections, with the time phrases refreshed every second by `tick`.
 */

import { inspectToken, type ErrorCode, type Inspection } from "tinybird-tokens/jwt";
import { byId, h, td, type Child } from "./dom.js";
import {
  cleanToken,
  localDate,
  markSegments,
  nowSeconds,
  plural,
  relativePhrase,
  utcDate,
  type ShownSegment,
  type TimeClaim,
} from "./format.js";

export const tokenInput = byId<HTMLTextAreaElement>("token");
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

interface Current {
  token: string;
  report: Inspection;
  removed: string[];
  fromFragment: boolean;
}

let current: Current | null = null;

/** The token being shown and its report, for the verify panel; null while the box is empty. */
export function inspected(): { token: string; report: Inspection } | null {
  return current;
}

/** Elements whose text follows the clock: the phrase for a time claim, refreshed every second. */
let live: { el: HTMLElement; claim: TimeClaim; at: number }[] = [];

/** Inspects the text box's token (after `cleanToken`) and shows the report; an empty box hides it. */
export function inspect(fromFragment = false): void {
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
  renderSegments(markSegments(token, r));
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

const PART_LABEL: Record<ShownSegment["part"], string> = {
  header: "header",
  payload: "payload",
  signature: "signature",
  prefix: "prefix",
  token: "token",
  extra: "extra segment",
};

function renderSegments(segments: ShownSegment[]): void {
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
    const cells =
      at === null
        ? [td("Value", { colspan: "3" }, "not a valid time: ", h("code", {}, JSON.stringify(r.claims?.[claim])))]
        : [
            td("UTC", { class: "utc" }, utcDate(at), h("span", { class: "sub" }, String(at))),
            td("Local time", { class: "local" }, localDate(at)),
            td("Now", {}, liveSpan(claim, at)),
          ];
    timesBody.append(h("tr", { "data-claim": claim }, td("Claim", {}, h("code", {}, claim), " ", label), ...cells));
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
    r.limits && r.limits.rps <= 0
      ? h("span", { id: "limits-text" }, "No rate limit: ", h("code", {}, `limits.rps = ${r.limits.rps}`), ", and Tinybird reads 0 or less as no limit.")
      : r.limits
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
  for (const [out, value] of [[headerJson, r.header], [claimsJson, r.claims]] as const) {
    out.replaceChildren();
    if (value === null) out.append(h("span", { class: "note" }, "not decoded (see problems)"));
    else jsonInto(out, value);
  }
}

/** The problem that makes a time claim bad now, as the core's report says (not judged here). */
const TIME_PROBLEM: Partial<Record<TimeClaim, ErrorCode>> = { exp: "token_expired", nbf: "token_not_yet_valid" };

/** Every second: the countdowns, and a fresh inspection when its problems change (a token that
 * just expired gains `token_expired`). */
export function tick(): void {
  if (!current) return;
  const now = nowSeconds();
  const fresh = inspectToken(current.token, { now });
  if (JSON.stringify(fresh.problems) !== JSON.stringify(current.report.problems)) {
    current.report = fresh;
    render(); // calls tick() again with the new elements
    return;
  }
  const codes = new Set(fresh.problems.map((p) => p.code));
  for (const { el, claim, at } of live) {
    const text = relativePhrase(claim, at, now);
    if (el.textContent !== text) el.textContent = text;
    const problem = TIME_PROBLEM[claim];
    const bad = problem !== undefined && codes.has(problem);
    el.className = `live ${problem === undefined ? "" : bad ? "past" : "future"}`.trim();
  }
}

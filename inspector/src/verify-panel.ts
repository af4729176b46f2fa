/**
 * The verify panel: one or more admin tokens (several for rotation) checked against the inspected
 * token with `verifyJwt` / `verifyStaticToken`. The keys live in the input fields only.
 */

import { TokenExpiredError, TokenNotYetValidError, verifyJwt, verifyStaticToken } from "tinybird-tokens/jwt";
import {
  byId,
  clearResult,
  errorLine,
  guard,
  h,
  onEnter,
  removeButton,
  showResult,
  type Child,
} from "./dom.js";
import { localDate, nowSeconds, plural, relativePhrase } from "./format.js";
import { inspected } from "./report-view.js";

const keysEl = byId("keys");
const verifyResult = byId("verify-result");

let keyInputs: HTMLInputElement[] = [];

/** Empties the result box: a new token (or new keys) makes the last verdict stale. */
export function clearVerifyResult(): void {
  clearResult(verifyResult);
}

/** Wires the panel's buttons and shows one empty key field. */
export function setupVerifyPanel(): void {
  renderKeys([""]);
  byId("add-key").addEventListener("click", () => {
    renderKeys([...keyInputs.map((k) => k.value), ""]);
    keyInputs[keyInputs.length - 1]?.focus();
  });
  byId("verify").addEventListener("click", guard(verify));
  byId("forget-keys").addEventListener("click", () => {
    renderKeys([""]);
    showResult(verifyResult, "info", "Keys cleared from the page.");
  });
}

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
    input.addEventListener("input", clearVerifyResult);
    onEnter(input, verify);
    const field = h("div", { class: "field" }, h("label", { for: id }, values.length > 1 ? `Admin token ${i + 1}` : "Admin token"), input);
    const row = h("div", { class: "key-row" }, field);
    if (values.length > 1) {
      row.append(
        removeButton("link", `Remove admin token ${i + 1}`, () => {
          renderKeys(keyInputs.map((k) => k.value).filter((_, j) => j !== i));
          clearVerifyResult();
          keyInputs[Math.min(i, keyInputs.length - 1)]?.focus();
        }),
      );
    }
    keysEl.append(row);
    return input;
  });
}

function verify(): void {
  const checkedAt = h("p", { class: "note" }, `Checked at ${localDate(nowSeconds())}.`);
  const current = inspected();
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
  /** The verdict's key line; `n` is the 1-based number of the key field. */
  const keyLine = (n: number, ...text: Child[]) => h("p", { "data-key": String(n) }, ...text);
  const adminToken = (n: number) => (keyInputs.length > 1 ? `admin token ${n}` : "the admin token");

  if (r.kind === "static") {
    let last: unknown = null;
    for (const { key, index } of keys) {
      try {
        verifyStaticToken(token, key);
        const n = index + 1;
        const which = keys.length > 1 || keyInputs.length > 1 ? `key ${n}` : "the secret";
        showResult(verifyResult, "ok", "Valid static token", keyLine(n, `The signature matches ${which}.`), warningList, checkedAt);
        return;
      } catch (e) {
        last = e;
      }
    }
    showResult(verifyResult, "bad", "Not valid", errorLine(last), warningList, checkedAt);
    return;
  }

  const secrets = keys.map((k) => k.key);
  try {
    const v = verifyJwt(token, secrets);
    const n = keys[v.keyIndex]!.index + 1;
    const exp = typeof v.claims.exp === "number" ? v.claims.exp : null;
    const line = keyLine(
      n,
      `The signature matches ${adminToken(n)}, and the token is within its validity period`,
      exp !== null ? ` (${relativePhrase("exp", exp, nowSeconds())}).` : ".",
    );
    showResult(verifyResult, "ok", "Valid", line, warningList, checkedAt);
  } catch (e) {
    // Expired or not yet valid: the signature matched first, and the core says which key did.
    const matched = e instanceof TokenExpiredError || e instanceof TokenNotYetValidError ? e.keyIndex : undefined;
    const n = matched === undefined ? null : keys[matched]!.index + 1;
    const line =
      n === null
        ? null
        : keyLine(n, `The signature matches ${adminToken(n)} (the claims are authentic), but the token is not valid at this time.`);
    showResult(verifyResult, "bad", "Not valid", errorLine(e), line, warningList, checkedAt);
  }
}

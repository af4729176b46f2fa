/**
 * DOM helpers of the inspector page. The DOM is built with textContent only (the CSP enforces
 * Trusted Types with no policy, so innerHTML would throw): token contents are attacker-controlled
 * text.
 */

import { TinybirdTokenError } from "tinybird-tokens/jwt";

export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
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

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/** A table cell: its content in one wrapper, so that the phone layout (each cell a two-column
 * grid: the label from data-label, then the value) gets exactly one value item. */
export function td(
  label: string,
  attrs: Record<string, string | undefined>,
  ...children: Child[]
): HTMLTableCellElement {
  return h("td", { "data-label": label, ...attrs }, h("div", { class: "v" }, ...children));
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** Runs `action` when Enter is pressed in `input` (instead of the default, e.g. a newline). */
export function onEnter(input: HTMLElement, action: () => void): void {
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      action();
    }
  });
}

/** A "Remove" link button for one row of a repeated group (admin tokens, scopes). */
export function removeButton(classes: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = h("button", { type: "button", class: classes, "aria-label": label }, "Remove");
  button.addEventListener("click", onClick);
  return button;
}

/** Error code and message of a failure, for display. */
export function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof TinybirdTokenError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name, message: e.message };
  return { code: "error", message: String(e) };
}

/** A result box (verify, create): headline, optional error code and message, details. */
export function showResult(
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

export function clearResult(box: HTMLElement): void {
  box.className = "result";
  box.replaceChildren();
}

/** "code: message", with the code in its own span. */
export function errorLine(e: unknown): HTMLElement {
  const { code, message } = describeError(e);
  return h("p", {}, h("span", { class: "code" }, code), ": ", message);
}

/** Shows a failure of the page itself in the top warning box (`#loading`). */
export function showPageError(prefix: string, e: unknown): void {
  const box = byId("loading");
  box.hidden = false;
  box.className = "warning";
  box.textContent = `${prefix}${describeError(e).message}`;
}

/** `f` with its exceptions shown on the page: they are bugs of the page, not bad tokens
 * (inspectToken never throws for those). */
export function guard<A extends unknown[]>(f: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      f(...args);
    } catch (e) {
      console.error(e);
      showPageError("Unexpected error: ", e);
    }
  };
}

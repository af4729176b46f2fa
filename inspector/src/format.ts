/** Pure helpers of the inspector page (no DOM): durations, dates, token text, segment marking. */

import type { Inspection, Part } from "tinybird-tokens/jwt";

const UNITS: readonly [seconds: number, one: string, many: string][] = [
  [365 * 86400, "year", "years"],
  [86400, "day", "days"],
  [3600, "h", "h"],
  [60, "min", "min"],
  [1, "s", "s"],
];

/** A duration in words, the largest unit and the next one if not zero: "59 min 59 s", "3 days",
 * "1 h 5 min", "0 s". Whole seconds; the sign is ignored. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.floor(Math.abs(totalSeconds));
  const parts: string[] = [];
  for (const [size, one, many] of UNITS) {
    if (parts.length === 0 && rest < size && size > 1) continue;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length === 1) {
      if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
      break;
    }
    parts.push(`${n} ${n === 1 ? one : many}`);
  }
  return parts.join(" ");
}

export type TimeClaim = "exp" | "nbf" | "iat";

/** The live phrase for a time claim at `now` (Unix seconds): "expires in 59 min 59 s",
 * "expired 3 days ago", "becomes valid in 30 s", "became valid 2 h ago", "issued 5 s ago". `exp` equal to now
 * has expired (verification's rule: valid while now < exp); `nbf` equal to now is valid. */
export function relativePhrase(claim: TimeClaim, at: number, now: number): string {
  const d = at - now;
  const span = formatDuration(d);
  if (d === 0) {
    return claim === "exp" ? "expired just now" : claim === "nbf" ? "became valid just now" : "issued just now";
  }
  switch (claim) {
    case "exp":
      return d > 0 ? `expires in ${span}` : `expired ${span} ago`;
    case "nbf":
      return d > 0 ? `becomes valid in ${span}` : `became valid ${span} ago`;
    case "iat":
      return d > 0 ? `dated ${span} in the future` : `issued ${span} ago`;
  }
}

/** JavaScript dates span ±8.64e15 ms; claims may not. */
export function inDateRange(seconds: number): boolean {
  return Number.isFinite(seconds) && Math.abs(seconds) <= 8.64e12;
}

/** "2023-11-14 22:13:20 UTC", or a note when the value is beyond what a date can show. */
export function utcDate(seconds: number): string {
  if (!inDateRange(seconds)) return "beyond the representable date range";
  return new Date(seconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** The same instant in the browser's time zone, with the zone's name. */
export function localDate(seconds: number, locale?: string): string {
  if (!inDateRange(seconds)) return "beyond the representable date range";
  return new Date(seconds * 1000).toLocaleString(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  });
}

/** What was removed from pasted text before inspecting it. */
export interface CleanedToken {
  token: string;
  /** Human notes on what was removed ("surrounding whitespace", "a Bearer prefix"). */
  removed: string[];
}

/** Removes what usually comes along with a pasted token: surrounding whitespace, an
 * `Authorization:` / `Bearer` prefix, and surrounding quotes. Whitespace inside is kept (and
 * reported by the core as a broken part). */
export function cleanToken(text: string): CleanedToken {
  const removed: string[] = [];
  let t = text;
  const trimmed = t.trim();
  if (trimmed !== t) {
    removed.push("surrounding whitespace");
    t = trimmed;
  }
  const prefix = /^(?:authorization:\s*)?bearer\s+/i.exec(t);
  if (prefix) {
    removed.push(`a "${prefix[0].trim()}" prefix`);
    t = t.slice(prefix[0].length);
  }
  const quoted = /^(["'`])(.*)\1$/s.exec(t);
  if (quoted && quoted[2] !== undefined) {
    removed.push("surrounding quotes");
    t = quoted[2];
  }
  return { token: t, removed };
}

/** The token from a URL fragment `#token=<token>` (percent-decoded; `+` kept as is, unlike
 * URLSearchParams, since a broken token may contain one), or null. */
export function tokenFromFragment(hash: string): string | null {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  for (const pair of h.split("&")) {
    if (!pair.startsWith("token=")) continue;
    const value = pair.slice("token=".length);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/** Whether a query string carries a token (which the page ignores: queries reach servers). */
export function queryHasToken(search: string): boolean {
  const q = search.startsWith("?") ? search.slice(1) : search;
  return q.split("&").some((pair) => pair.startsWith("token=") && pair.length > "token=".length);
}

/** One segment of the inspected token, for display. */
export interface ShownSegment {
  text: string;
  part: Part;
  /** Decoding failed: the part cannot be read at all (`malformed_token`), or the token as a
   * whole is (wrong segment count). */
  broken: boolean;
  /** Codes of the problems reported on this part. */
  codes: string[];
  messages: string[];
}

/** The core's segments of `token` (its report's spans and parts) with the problems on each part; a
 * problem on the whole token (`part: "token"`) marks every segment. */
export function markSegments(token: string, report: Pick<Inspection, "segments" | "problems">): ShownSegment[] {
  const segments: ShownSegment[] = report.segments.map((s) => ({
    text: token.slice(s.start, s.end),
    part: s.part,
    broken: false,
    codes: [],
    messages: [],
  }));
  for (const p of report.problems) {
    const targets = p.part === "token" ? segments : segments.filter((s) => s.part === p.part);
    for (const s of targets) {
      if (p.code === "malformed_token") s.broken = true;
      if (!s.codes.includes(p.code)) s.codes.push(p.code);
      s.messages.push(p.message);
    }
  }
  return segments;
}

/** "1 key" / "2 keys". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The device clock in whole Unix seconds, the clock every phrase on the page is relative to. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

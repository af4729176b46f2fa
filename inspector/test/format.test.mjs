// The page's pure helpers (src/format.ts), bundled by esbuild into a data: URL module and imported
// here: countdown wording, dates, pasted-text cleaning, the URL fragment, segment marking.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = await build({
  entryPoints: [join(here, "../src/format.ts")],
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  logLevel: "silent",
});
const f = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);

test("formatDuration: the largest unit and the next one", () => {
  const cases = [
    [0, "0 s"],
    [1, "1 s"],
    [59, "59 s"],
    [60, "1 min"],
    [61, "1 min 1 s"],
    [3599, "59 min 59 s"],
    [3600, "1 h"],
    [3660, "1 h 1 min"],
    [3661, "1 h 1 min"],
    [86400, "1 day"],
    [3 * 86400, "3 days"],
    [3 * 86400 + 7200, "3 days 2 h"],
    [365 * 86400, "1 year"],
    [2 * 365 * 86400 + 86400, "2 years 1 day"],
    [-3600, "1 h"],
  ];
  for (const [s, want] of cases) assert.equal(f.formatDuration(s), want, `${s} s`);
});

test("relativePhrase: exp, nbf and iat before, at and after now", () => {
  const now = 1_700_000_000;
  assert.equal(f.relativePhrase("exp", now + 3599, now), "expires in 59 min 59 s");
  assert.equal(f.relativePhrase("exp", now, now), "expired just now");
  assert.equal(f.relativePhrase("exp", now - 3 * 86400, now), "expired 3 days ago");
  assert.equal(f.relativePhrase("nbf", now + 30, now), "becomes valid in 30 s");
  assert.equal(f.relativePhrase("nbf", now, now), "became valid just now");
  assert.equal(f.relativePhrase("nbf", now - 7200, now), "became valid 2 h ago");
  assert.equal(f.relativePhrase("iat", now - 5, now), "issued 5 s ago");
  assert.equal(f.relativePhrase("iat", now + 5, now), "dated 5 s in the future");
});

test("dates: UTC text, and values beyond JavaScript's date range", () => {
  assert.equal(f.utcDate(1700003600), "2023-11-14 23:13:20 UTC");
  assert.equal(f.utcDate(0), "1970-01-01 00:00:00 UTC");
  assert.equal(f.utcDate(9007199254740991), "beyond the representable date range");
  assert.equal(f.localDate(-9007199254740991), "beyond the representable date range");
  assert.match(f.localDate(1700003600, "en-US"), /2023/);
});

test("cleanToken: whitespace, Bearer / Authorization prefixes and quotes go; inner text stays", () => {
  assert.deepEqual(f.cleanToken("a.b.c"), { token: "a.b.c", removed: [] });
  assert.deepEqual(f.cleanToken("  a.b.c\n"), { token: "a.b.c", removed: ["surrounding whitespace"] });
  assert.deepEqual(f.cleanToken("Bearer a.b.c"), { token: "a.b.c", removed: ['a "Bearer" prefix'] });
  assert.deepEqual(f.cleanToken("Authorization: Bearer a.b.c"), {
    token: "a.b.c",
    removed: ['a "Authorization: Bearer" prefix'],
  });
  assert.deepEqual(f.cleanToken('"p.x.y"'), { token: "p.x.y", removed: ["surrounding quotes"] });
  assert.deepEqual(f.cleanToken("a. b.c"), { token: "a. b.c", removed: [] });
});

test("tokenFromFragment / queryHasToken", () => {
  assert.equal(f.tokenFromFragment(""), null);
  assert.equal(f.tokenFromFragment("#token"), null);
  assert.equal(f.tokenFromFragment("#token=a.b.c"), "a.b.c");
  assert.equal(f.tokenFromFragment("#x=1&token=a%2Bb.c"), "a+b.c");
  assert.equal(f.tokenFromFragment("#token=a+b"), "a+b", "+ is not a space in a token");
  assert.equal(f.tokenFromFragment("#token=%E0%A4%A"), "%E0%A4%A", "bad escapes are kept as typed");
  assert.equal(f.queryHasToken("?token=abc"), true);
  assert.equal(f.queryHasToken("?a=1&token=abc"), true);
  assert.equal(f.queryHasToken("?token="), false);
  assert.equal(f.queryHasToken(""), false);
});

test("markSegments: the report's spans and parts, broken for malformed_token, flagged for other codes", () => {
  const p = (code, part) => ({ code, part, message: `${code} on ${part}` });
  const spans = (...parts) => {
    let start = 0;
    return parts.map(([part, length]) => {
      const s = { part, start, end: start + length };
      start += length + 1;
      return s;
    });
  };
  const jwt = f.markSegments("h.p.s", {
    segments: spans(["header", 1], ["payload", 1], ["signature", 1]),
    problems: [p("malformed_token", "header"), p("token_expired", "payload")],
  });
  assert.deepEqual(
    jwt.map((s) => [s.text, s.part, s.broken, s.codes]),
    [
      ["h", "header", true, ["malformed_token"]],
      ["p", "payload", false, ["token_expired"]],
      ["s", "signature", false, []],
    ],
  );
  const whole = f.markSegments("a.b.c.d", {
    segments: spans(["header", 1], ["payload", 1], ["signature", 1], ["extra", 1]),
    problems: [p("malformed_token", "token")],
  });
  assert.deepEqual(whole.map((s) => [s.text, s.part, s.broken]), [
    ["a", "header", true],
    ["b", "payload", true],
    ["c", "signature", true],
    ["d", "extra", true],
  ]);
  const one = f.markSegments("héllo", { segments: [{ part: "token", start: 0, end: 5 }], problems: [p("malformed_token", "token")] });
  assert.deepEqual(one.map((s) => [s.text, s.part, s.broken]), [["héllo", "token", true]]);
});

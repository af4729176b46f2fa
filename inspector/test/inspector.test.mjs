// The inspector page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// twice: served by the dev server (scripts/serve.mjs) on 127.0.0.1, and the single-file build
// (dist/inspector.html) opened from file://. Tokens and keys come from the conformance vectors
// (tests/vectors/*.json, picked by id). Every page must load nothing but itself and log no console
// error or warning. Screenshots (1280 px and 375 px, light and dark) go to target/inspector-screenshots/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { createServer as createTcpServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { createJwt, verifyJwt } from "tinybird-tokens";
import { buildInspector, distFile } from "../scripts/build.mjs";
import { startServer } from "../scripts/serve.mjs";
import { chromiumLaunchOptions } from "../../bindings/js/test/chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const vectorsDir = process.env.TINYBIRD_VECTORS_DIR ?? join(root, "tests/vectors");
const shotsDir = join(root, "target/inspector-screenshots");

// ---------------------------------------------------------------------------------------------------
// Vectors, by id

const cases = new Map();
for (const file of readdirSync(vectorsDir).filter((f) => f.endsWith(".json"))) {
  for (const c of JSON.parse(readFileSync(join(vectorsDir, file), "utf8")).cases) cases.set(c.id, c);
}
function vector(id) {
  const c = cases.get(id);
  assert.ok(c, `vector ${id} not found in ${vectorsDir}`);
  return c;
}
/** The workspace admin token the vectors sign with (Tinybird's anchor token). */
const ADMIN = vector("anchor_v15_verify_jwt").input.keys[0];
const FULL = vector("inspect_full_tinybird_jwt");

// ---------------------------------------------------------------------------------------------------
// Browser, server, pages

const TIMEZONE = "Europe/Madrid"; // local time differs from UTC (UTC+1 in November)
let browser;
let server;
let serverLog = [];
let servedLoads = 0;

before(async () => {
  await buildInspector();
  server = await startServer({ port: 0, log: (line) => serverLog.push(line) });
  // One browser, one fresh context per page: the fake clock (page.clock) belongs to a context.
  browser = await chromium.launch(chromiumLaunchOptions());
  mkdirSync(shotsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page in a context of its own (clock, colour scheme, viewport). */
async function newPage({ width = 1280, dark = false } = {}) {
  const context = await browser.newContext({
    locale: "en-US",
    timezoneId: TIMEZONE,
    viewport: { width, height: 900 },
    colorScheme: dark ? "dark" : "light",
  });
  return context.newPage();
}

const TARGETS = {
  served: () => `http://127.0.0.1:${server.address().port}/`,
  file: () => pathToFileURL(distFile).href,
};

/**
 * Opens the page. `time` (Unix seconds) fixes Date.now() in the page (timers keep running, so the
 * countdown still ticks every second; move the clock with `setTime`). Returns helpers; `close()`
 * asserts no console errors/warnings, no page errors, and no request but the page itself.
 */
async function open(target, { time, hash = "", query = "", width = 1280, dark = false } = {}) {
  const page = await newPage({ width, dark });
  const problems = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));
  page.on("request", (r) => requests.push(r.url()));
  if (time !== undefined) await page.clock.setFixedTime(time * 1000);
  const base = TARGETS[target]() + query;
  if (target === "served") servedLoads++;
  await page.goto(base + hash);
  await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
  let expectedUrl = base + hash;
  return {
    page,
    problems,
    requests,
    setTime: (seconds) => page.clock.setFixedTime(seconds * 1000),
    async paste(token) {
      await page.fill("#token", token);
    },
    /** Navigates within the page to a new fragment, as a user editing the address bar would. */
    async setFragment(fragment) {
      expectedUrl = `${base}#${fragment}`;
      await page.evaluate((f) => {
        location.hash = f;
      }, fragment);
    },
    text: (selector) => page.locator(selector).first().innerText(),
    texts: (selector) => page.locator(selector).allInnerTexts(),
    async verifyWith(...keys) {
      // Resets the key fields to exactly `keys`, then clicks Verify.
      await page.click("#forget-keys");
      for (let i = 1; i < keys.length; i++) await page.click("#add-key");
      for (const [i, key] of keys.entries()) await page.fill(`#key-${i + 1}`, key);
      await page.click("#verify");
      return page.locator("#verify-result");
    },
    async close() {
      // Nothing kept: no storage, cookies or databases, and no key or token written to the URL.
      const kept = await page.evaluate(async () => ({
        localStorage: localStorage.length,
        sessionStorage: sessionStorage.length,
        cookie: document.cookie,
        databases: indexedDB.databases ? (await indexedDB.databases()).length : 0,
        url: location.href,
      }));
      assert.deepEqual(
        { ...kept, url: kept.url === expectedUrl },
        { localStorage: 0, sessionStorage: 0, cookie: "", databases: 0, url: true },
        "the page keeps nothing",
      );
      assert.deepEqual(problems, [], "console errors, warnings or page errors");
      const others = requests.filter((u) => u !== base);
      assert.deepEqual(others, [], "requests other than the page itself");
      assert.deepEqual(requests, [base], "the page loads exactly once");
      await page.context().close();
    },
  };
}

/** The problems the page lists, as [code, part] pairs. */
async function listedProblems(page) {
  return page.$$eval("#problems li[data-code]", (lis) => lis.map((li) => [li.dataset.code, li.dataset.part]));
}

/** The token as the page shows it: [part, state, text] per segment. */
async function shownSegments(page) {
  return page.$$eval("#segments .seg", (spans) => spans.map((s) => [s.dataset.part, s.dataset.state, s.textContent]));
}

/** What the page must mark for a list of problems: each part with a problem is "broken" if one of
 * its problems is malformed_token, else "flagged"; a problem on the whole token marks every part. */
function expectedStates(parts, problems) {
  return parts.map((part) => {
    const mine = problems.filter((p) => p.part === part || p.part === "token");
    if (mine.some((p) => p.code === "malformed_token")) return "broken";
    return mine.length > 0 ? "flagged" : "ok";
  });
}

async function waitForText(page, selector, pattern) {
  await page.waitForFunction(
    ([sel, src, flags]) => new RegExp(src, flags).test(document.querySelector(sel)?.textContent ?? ""),
    [selector, pattern.source, pattern.flags],
    { timeout: 10_000 },
  );
}

// ---------------------------------------------------------------------------------------------------
// The build

test("the build is one self-contained HTML file with a hash-based CSP", () => {
  const html = readFileSync(distFile, "utf8");
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, "CSP meta tag");
  const csp = meta[1];
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  assert.equal(scripts.length, 1, "one script");
  assert.equal(scripts[0][1], "", "an inline classic script (no src, no type)");
  assert.equal(styles.length, 1, "one style block");
  const hash = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
  assert.equal(
    csp,
    [
      "default-src 'none'",
      "connect-src 'none'",
      `script-src ${hash(scripts[0][2])} 'wasm-unsafe-eval'`,
      `style-src ${hash(styles[0][1])}`,
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ].join("; "),
  );
  // Nothing is loaded from anywhere: no src=, and the only href is the data: favicon.
  assert.doesNotMatch(html, /\ssrc=/);
  assert.deepEqual([...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1].slice(0, 5)), ["data:"]);
  // The WebAssembly module is inside (base64), not fetched.
  assert.ok(scripts[0][2].length > 200_000, "the inlined module");
  // The only network API in the bundle is wasm-bindgen's fetch() for init(url), a path the page
  // never takes (it passes the inlined bytes); the CSP would refuse it anyway.
  const network = [...scripts[0][2].matchAll(/\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|\.src\s*=/g)];
  assert.deepEqual(network.map((m) => m[0]), ["fetch("]);
  assert.match(scripts[0][2], /module_or_path = fetch\(module_or_path\)/);
});

// ---------------------------------------------------------------------------------------------------
// The page, served and from file://

for (const target of Object.keys(TARGETS)) {
  describe(`inspector (${target === "served" ? "served on 127.0.0.1" : "file:// build"})`, () => {
    test("a Tinybird JWT: scopes in words, limits, UTC and local dates, a countdown ticking every second", async () => {
      const now = FULL.input.now;
      const want = FULL.expect.ok;
      const p = await open(target, { time: now });
      await p.paste(FULL.input.token);
      assert.equal(await p.text("#kind"), "JWT, algorithm HS256");
      assert.deepEqual(await p.texts("#scopes td.grants"), want.scopes.map((s) => s.summary));
      assert.deepEqual(await p.texts("#scopes td[data-label=Type]"), ["PIPES:READ", "DATASOURCES:READ"]);
      assert.deepEqual(await p.texts("#scopes td[data-label=Resource]"), ["top_pages", "events"]);
      assert.equal(await p.text("#scopes tbody tr:nth-child(1) td[data-label='Fixed params']"), "org_id\u00a0=\u00a0acme\nuser_id\u00a0=\u00a0123\nactive\u00a0=\u00a0true");
      assert.equal(await p.text("#scopes tbody tr:nth-child(2) td[data-label=Filter]"), "org_id = 'acme'");
      assert.match(await p.text("#limits-text"), /at most 10 requests per second/);
      assert.equal(await p.text("#overview dd code"), "frontend_jwt");
      assert.deepEqual(await listedProblems(p.page), []);
      assert.match(await p.text("#problems"), /None found/);
      // exp as UTC, as local time (Madrid: the next day), and live.
      assert.equal(await p.text("#times tr[data-claim=exp] .utc"), "2023-11-14 23:13:20 UTC\n1700003600");
      const local = await p.text("#times tr[data-claim=exp] .local");
      assert.match(local, /Nov 15, 2023/);
      assert.match(local, /12:13:20\s?AM/);
      assert.equal(await p.text("#times .live[data-claim=exp]"), "expires in 1 h");
      assert.equal(await p.text("#status .live"), "expires in 1 h");
      await p.setTime(now + 1);
      await waitForText(p.page, "#times .live[data-claim=exp]", /^expires in 59 min 59 s$/);
      await p.setTime(now + 2);
      await waitForText(p.page, "#times .live[data-claim=exp]", /^expires in 59 min 58 s$/);
      // Header and claims, formatted.
      assert.equal(await p.text("#header-json"), JSON.stringify(want.header, null, 2));
      assert.equal(await p.text("#claims-json"), JSON.stringify(want.claims, null, 2));
      // Coloured by part, none marked.
      const [h, pl, s] = FULL.input.token.split(".");
      assert.deepEqual(await shownSegments(p.page), [
        ["header", "ok", h],
        ["payload", "ok", pl],
        ["signature", "ok", s],
      ]);
      // Verification: the right key, then a wrong (and short) one.
      let result = await p.verifyWith(ADMIN);
      assert.equal(await result.getAttribute("class"), "result ok");
      assert.match(await result.innerText(), /^Valid\n+The signature matches the admin token,/);
      assert.equal(await result.locator("li.short-key").count(), 0);
      result = await p.verifyWith("secret");
      assert.equal(await result.getAttribute("class"), "result bad");
      assert.equal(await result.locator(".code").innerText(), "invalid_signature");
      assert.match(await result.innerText(), /invalid_signature: The JWT signature does not match the key\./);
      assert.match(await result.locator("li.short-key").innerText(), /only 6 characters long.*Checked anyway/);
      await p.close();
    });

    test("an expired JWT: token_expired on the payload, 'expired … ago', and verification's error code", async () => {
      const c = vector("inspect_expired_jwt");
      const p = await open(target, { time: c.input.now });
      await p.paste(c.input.token);
      assert.deepEqual(await listedProblems(p.page), [["token_expired", "payload"]]);
      assert.match(await p.text("#problems"), /The token expired at 1700003600\./);
      assert.deepEqual((await shownSegments(p.page)).map(([part, state]) => [part, state]), [
        ["header", "ok"],
        ["payload", "flagged"],
        ["signature", "ok"],
      ]);
      assert.equal(await p.text("#times .live[data-claim=exp]"), "expired 1 h ago");
      await p.setTime(c.input.now + 3 * 86400 - 3600);
      await waitForText(p.page, "#times .live[data-claim=exp]", /^expired 3 days ago$/);
      const result = await p.verifyWith(ADMIN);
      assert.equal(await result.getAttribute("class"), "result bad");
      assert.equal(await result.locator(".code").innerText(), "token_expired");
      assert.match(await result.innerText(), /token_expired: The JWT expired at 1700003600 \(now is 1700262800\)\./);
      // The signature did match: the page says which key.
      assert.match(await result.locator("[data-key='1']").innerText(), /signature matches the admin token/);
      await p.close();
    });

    test("a token that expires while the page is open gains token_expired without a reload", async () => {
      const p = await open(target, { time: FULL.input.now + 3598 });
      await p.paste(FULL.input.token);
      assert.deepEqual(await listedProblems(p.page), []);
      assert.equal(await p.text("#times .live[data-claim=exp]"), "expires in 2 s");
      await p.setTime(FULL.input.now + 3600);
      await waitForText(p.page, "#times .live[data-claim=exp]", /^expired just now$/);
      assert.deepEqual(await listedProblems(p.page), [["token_expired", "payload"]]);
      await p.close();
    });

    test("a tampered JWT decodes without problems but does not verify", async () => {
      const p = await open(target, { time: 1_700_000_000 });
      for (const id of ["inspect_does_not_verify", "verify_jwt_tampered_payload", "verify_jwt_tampered_header"]) {
        const c = vector(id);
        await p.paste(c.input.token);
        assert.equal(await p.page.locator("#report").isVisible(), true, id);
        const result = await p.verifyWith(ADMIN);
        assert.equal(await result.getAttribute("class"), "result bad", id);
        assert.equal(await result.locator(".code").innerText(), "invalid_signature", id);
        if (id === "inspect_does_not_verify") {
          assert.deepEqual(await listedProblems(p.page), []);
          assert.deepEqual(await p.texts("#scopes td.grants"), c.expect.ok.scopes.map((s) => s.summary));
        }
      }
      await p.close();
    });

    test("malformed tokens: the broken part is marked, the rest still decodes", async () => {
      const p = await open(target, { time: 1_700_000_000 });
      const ids = [
        "inspect_bad_header_base64",
        "inspect_payload_not_object",
        "inspect_signature_not_base64",
        "inspect_two_segments",
        "inspect_four_segments",
        "inspect_garbage",
        "inspect_alg_none_and_short_signature",
        "inspect_wrong_claim_types",
        "inspect_not_a_tinybird_jwt",
        "inspect_broken_static_token",
      ];
      for (const id of ids) {
        const c = vector(id);
        const want = c.expect.ok;
        await p.paste(c.input.token);
        // Every problem of the core's report, in order, with its part and message.
        assert.deepEqual(await listedProblems(p.page), want.problems.map((x) => [x.code, x.part]), id);
        const listed = await p.texts("#problems li");
        want.problems.forEach((x, i) => assert.ok(listed[i].endsWith(x.message), `${id}: ${listed[i]}`));
        // The token, cut at its dots, each part marked as the problems say.
        const segments = await shownSegments(p.page);
        assert.equal(segments.map(([, , text]) => text.replace("\u2205", "")).join("."), c.input.token, id);
        const parts = segments.map(([part]) => part);
        assert.deepEqual(segments.map(([, state]) => state), expectedStates(parts, want.problems), id);
        // What did decode is shown.
        if (want.claims) assert.equal(await p.text("#claims-json"), JSON.stringify(want.claims, null, 2), id);
        if (want.header) assert.equal(await p.text("#header-json"), JSON.stringify(want.header, null, 2), id);
      }
      // Spot checks of the marking itself.
      await p.paste(vector("inspect_bad_header_base64").input.token);
      assert.deepEqual((await shownSegments(p.page)).map(([part, state]) => [part, state]), [
        ["header", "broken"],
        ["payload", "ok"],
        ["signature", "ok"],
      ]);
      assert.match(await p.text("#legend li[data-part=header]"), /broken: malformed_token/);
      assert.equal(await p.text("#header-json"), "not decoded (see problems)");
      assert.match(await p.text("#claims-json"), /"workspace_id": "11111111-2222-3333-4444-555555555555"/);
      await p.paste(vector("inspect_four_segments").input.token);
      assert.deepEqual((await shownSegments(p.page)).map(([part, state]) => [part, state]), [
        ["header", "broken"],
        ["payload", "broken"],
        ["signature", "broken"],
        ["extra", "broken"],
      ]);
      await p.paste(vector("inspect_garbage").input.token);
      assert.match(await p.text("#kind"), /^Not recognised/);
      assert.deepEqual(await shownSegments(p.page), [["token", "broken", "hello"]]);
      await p.paste(vector("inspect_wrong_claim_types").input.token);
      assert.deepEqual(await p.texts("#times tr[data-claim=exp] td"), ["exp expires", 'not a valid time: "soon"']);
      const wrongTypes = vector("inspect_wrong_claim_types").expect.ok;
      assert.deepEqual(await p.texts("#scopes td.grants"), wrongTypes.scopes.map((s) => s.summary));
      // Verification reports the same code the core gives for a malformed token.
      await p.paste(vector("verify_jwt_signature_standard_alphabet").input.token);
      const result = await p.verifyWith(ADMIN);
      assert.equal(await result.locator(".code").innerText(), "malformed_token");
      // Clearing hides the report.
      await p.page.click("#clear-token");
      assert.equal(await p.page.locator("#report").isVisible(), false);
      await p.close();
    });

    test("nbf and iat: 'becomes valid in', 'issued … ago', token_not_yet_valid until nbf", async () => {
      const c = vector("inspect_not_yet_valid_with_iat");
      const now = c.input.now;
      const p = await open(target, { time: now });
      await p.paste(c.input.token);
      assert.deepEqual(await listedProblems(p.page), [["token_not_yet_valid", "payload"]]);
      assert.equal(await p.text("#times .live[data-claim=nbf]"), "becomes valid in 30 s");
      assert.equal(await p.text("#times .live[data-claim=iat]"), "issued 5 s ago");
      assert.equal(await p.text("#times .live[data-claim=exp]"), "expires in 1 min");
      let result = await p.verifyWith(ADMIN);
      assert.equal(await result.locator(".code").innerText(), "token_not_yet_valid");
      await p.setTime(now + 30);
      await waitForText(p.page, "#times .live[data-claim=nbf]", /^became valid just now$/);
      assert.deepEqual(await listedProblems(p.page), []);
      result = await p.verifyWith(ADMIN);
      assert.match(await result.innerText(), /^Valid\n+.*\(expires in 30 s\)\./);
      await p.close();
    });

    test("static tokens: owner, token id, region, API host; verified with the server's secret", async () => {
      const p = await open(target, { time: 1_700_000_000 });
      const cloud = vector("anchor_v10_inspect_static_token");
      await p.paste(cloud.input.token);
      const s = cloud.expect.ok.static;
      assert.equal(await p.text("#kind"), "Static token (p.)");
      assert.equal(await p.text("#static [data-field=owner-id]"), s.owner_id);
      assert.equal(await p.text("#static [data-field=token-id]"), s.token_id);
      assert.equal(await p.text("#static [data-field=region]"), s.region);
      assert.equal(await p.text("#static [data-field=api-host]"), s.api_host);
      assert.match(await p.text("#static"), /Workspace or user id/);
      assert.deepEqual((await shownSegments(p.page)).map(([part, state]) => [part, state]), [
        ["prefix", "ok"],
        ["payload", "ok"],
        ["signature", "ok"],
      ]);
      for (const hidden of ["#times-section", "#scopes-section", "#json-section"]) {
        assert.equal(await p.page.locator(hidden).isVisible(), false, hidden);
      }
      const good = vector("anchor_v10_verify_static_token").input.secret;
      const bad = vector("anchor_v10_verify_static_token_wrong_secret").input.secret;
      let result = await p.verifyWith(good);
      assert.equal(await result.getAttribute("class"), "result ok");
      assert.match(await result.innerText(), /^Valid static token\n+The signature matches the secret\./);
      assert.match(await result.locator("li.short-key").innerText(), /only 4 characters long/, "a warning, not a refusal");
      result = await p.verifyWith(bad);
      assert.equal(await result.locator(".code").innerText(), "invalid_signature");
      // Tinybird Local (no region) and an organization's token.
      const local = vector("inspect_local_static_token");
      await p.paste(local.input.token);
      assert.equal(await p.text("#static [data-field=region]"), "none (Tinybird Local)");
      assert.equal(await p.text("#static [data-field=api-host]"), local.expect.ok.static.api_host);
      await p.paste(vector("verify_static_token_org").input.token);
      assert.match(await p.text("#static"), /Organization id/);
      assert.equal(await p.text("#static [data-field=region]"), "aws-us-east-1");
      await p.close();
    });

    test("key rotation: several admin tokens, the page says which one matched", async () => {
      const c = vector("verify_jwt_key_rotation_second_key");
      const p = await open(target, { time: c.input.now });
      await p.paste(c.input.token);
      const result = await p.verifyWith(...c.input.keys);
      assert.equal(await result.getAttribute("class"), "result ok");
      assert.equal(await result.locator("[data-key]").getAttribute("data-key"), String(c.expect.ok.key_index + 1));
      assert.match(await result.innerText(), /matches admin token 2/);
      // Removing the matching key: no key matches any more.
      await p.page.click("button[aria-label='Remove admin token 2']");
      assert.equal(await p.page.locator("#keys input").count(), 1);
      await p.page.click("#verify");
      assert.equal(await p.page.locator("#verify-result .code").innerText(), "invalid_signature");
      // Forget keys empties the fields.
      await p.page.click("#forget-keys");
      assert.equal(await p.page.inputValue("#key-1"), "");
      await p.close();
    });

    test("the token can come from the URL fragment; a token in the query string is ignored", async () => {
      const token = FULL.input.token;
      let p = await open(target, { time: FULL.input.now, hash: `#token=${encodeURIComponent(token)}` });
      assert.equal(await p.page.inputValue("#token"), token);
      assert.deepEqual(await p.texts("#scopes td.grants"), FULL.expect.ok.scopes.map((s) => s.summary));
      assert.match(await p.text("#token-note"), /URL fragment/);
      // A new fragment is inspected too (hashchange).
      const stat = vector("anchor_v10_inspect_static_token").input.token;
      await p.setFragment(`token=${encodeURIComponent(stat)}`);
      await waitForText(p.page, "#kind", /^Static token/);
      await p.close();
      p = await open(target, { time: FULL.input.now, query: `?token=${encodeURIComponent(token)}` });
      assert.equal(await p.page.locator("#query-warning").isVisible(), true);
      assert.equal(await p.page.inputValue("#token"), "");
      assert.equal(await p.page.locator("#report").isVisible(), false);
      await p.close();
    });

    test("Create JWT signs in the page; Node's verifyJwt accepts the token byte for byte", async () => {
      const p = await open(target); // the real clock: Node verifies with it below
      const { page } = p;
      await page.click("#create summary");
      // Errors first: each with the core's code.
      await page.fill("#c-scope-1-resource", "top_pages");
      await page.fill("#c-admin", "abcd");
      await page.click("#c-sign");
      assert.equal(await page.locator("#c-result .code").innerText(), "invalid_signing_key");
      await page.fill("#c-admin", ADMIN);
      await page.fill("#c-ttl", "soon");
      await page.click("#c-sign");
      assert.equal(await page.locator("#c-result .code").innerText(), "invalid_ttl");
      await page.fill("#c-ttl", "1h");
      await page.fill("#c-scope-1-params", "org_id");
      await page.click("#c-sign");
      assert.equal(await page.locator("#c-result .code").innerText(), "invalid_fixed_params");
      assert.match(await p.text("#c-result"), /^Scope 1: not signed/);
      assert.equal(await page.locator("#c-output").isVisible(), false);
      // Two scopes and a limit; the workspace id comes from the admin token.
      await page.fill("#c-scope-1-params", "org_id=acme,plan=pro");
      await page.click("#c-add-scope");
      await page.selectOption("#c-scope-2-type", "DATASOURCES:READ");
      assert.equal(await page.locator("label[for=c-scope-2-params]").innerText(), "SQL filter (optional)");
      await page.fill("#c-scope-2-resource", "events");
      await page.fill("#c-scope-2-params", "org_id = 'acme'");
      await page.fill("#c-rps", "10");
      await page.fill("#c-name", "frontend_jwt");
      const before = Math.floor(Date.now() / 1000);
      await page.click("#c-sign");
      const after = Math.floor(Date.now() / 1000);
      assert.equal(await page.locator("#c-result").getAttribute("class"), "result ok");
      assert.match(await p.text("#c-result"), /Workspace id taken from the admin token: 11111111-2222-3333-4444-555555555555/);
      const token = await page.inputValue("#c-token");
      const { header, claims } = verifyJwt(token, ADMIN);
      assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
      assert.ok(claims.exp >= before + 3600 && claims.exp <= after + 3600, `exp ${claims.exp}`);
      assert.deepEqual(claims, {
        workspace_id: "11111111-2222-3333-4444-555555555555",
        name: "frontend_jwt",
        exp: claims.exp,
        scopes: [
          { type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme", plan: "pro" } },
          { type: "DATASOURCES:READ", resource: "events", filter: "org_id = 'acme'" },
        ],
        limits: { rps: 10 },
      });
      // The same bytes as minting it in Node from the claims just pinned (in the API's names).
      const node = createJwt(
        {
          workspaceId: claims.workspace_id,
          name: claims.name,
          expiresAt: claims.exp,
          scopes: claims.scopes.map(({ fixed_params: fixedParams, ...s }) => (fixedParams ? { ...s, fixedParams } : s)),
          limits: claims.limits,
        },
        ADMIN,
      );
      assert.equal(token, node);
      // Inspect it: the token moves to the inspector, with its countdown.
      await page.click("#c-inspect");
      assert.equal(await page.inputValue("#token"), token);
      assert.equal(await page.evaluate(() => document.activeElement?.id), "token");
      assert.deepEqual(await p.texts("#scopes td.grants"), [
        "can read pipe top_pages with org_id fixed to acme, plan fixed to pro",
        "can read data source events where org_id = 'acme'",
      ]);
      assert.match(await p.text("#times .live[data-claim=exp]"), /^expires in (1 h|59 min \d\d? s)$/);
      assert.match(await p.text("#limits-text"), /at most 10 requests per second/);
      await p.close();
    });

    test("the CSP refuses every connection, eval and innerHTML", async () => {
      // A bare TCP sink: any connection the page manages to open shows up here, whatever the protocol.
      const sinkHits = [];
      const sink = createTcpServer((socket) => {
        sinkHits.push(socket.remotePort);
        socket.destroy();
      });
      await new Promise((ok) => sink.listen(0, "127.0.0.1", ok));
      const page = await newPage();
      const url = TARGETS[target]();
      if (target === "served") servedLoads++;
      const requests = [];
      const pageErrors = [];
      const consoleErrors = [];
      const failed = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("requestfailed", (r) => failed.push([r.url(), r.failure()?.errorText]));
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
      try {
        await page.goto(url);
        await page.waitForSelector("html[data-ready=true]");
        const leak = `http://127.0.0.1:${sink.address().port}/leak`;
        const outcome = await page.evaluate(async (leak) => {
          const violations = [];
          document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
          const r = {};
          try {
            await fetch(leak, { mode: "no-cors" });
            r.fetch = "sent";
          } catch {
            r.fetch = "blocked";
          }
          await new Promise((ok) => {
            const xhr = new XMLHttpRequest();
            xhr.onload = () => ok((r.xhr = "sent"));
            xhr.onerror = () => ok((r.xhr = "blocked"));
            try {
              xhr.open("GET", leak);
              xhr.send();
            } catch {
              ok((r.xhr = "blocked"));
            }
          });
          navigator.sendBeacon(leak, "x"); // returns true even when the CSP drops it: the sink tells
          await new Promise((ok) => {
            const ws = new WebSocket(leak.replace("http", "ws"));
            ws.onopen = () => ok((r.websocket = "open"));
            ws.onerror = () => ok((r.websocket = "blocked"));
          });
          await new Promise((ok) => {
            const img = new Image();
            img.onload = () => ok((r.image = "loaded"));
            img.onerror = () => ok((r.image = "blocked"));
            img.src = `${leak}.png`;
          });
          try {
            eval("1");
            r.eval = "ran";
          } catch (e) {
            r.eval = e.name;
          }
          try {
            document.body.innerHTML = "<b>x</b>";
            r.innerHTML = "set";
          } catch (e) {
            r.innerHTML = e.name;
          }
          await new Promise((ok) => setTimeout(ok, 500));
          return { r, violations: [...new Set(violations)].sort() };
        }, leak);
        assert.deepEqual(outcome.r, {
          fetch: "blocked",
          xhr: "blocked",
          websocket: "blocked",
          image: "blocked",
          eval: "EvalError",
          innerHTML: "TypeError",
        });
        // (Chromium reports no violation event for eval: the EvalError above is the proof.)
        assert.deepEqual(outcome.violations, ["connect-src", "img-src", "require-trusted-types-for"]);
        assert.deepEqual(sinkHits, [], "no connection reached the sink");
        // Playwright sees the attempts (fetch, XHR, image); each one failed, blocked by the CSP.
        assert.equal(requests[0], url);
        const attempts = requests.slice(1);
        assert.ok(attempts.length > 0 && attempts.every((u) => u.startsWith(leak)), attempts.join(" "));
        await new Promise((ok) => setTimeout(ok, 200));
        assert.deepEqual(
          failed.map(([u]) => u).sort(),
          [...attempts].sort(),
          "every attempt failed",
        );
        for (const [u, why] of failed) assert.match(why, /^csp$|ERR_BLOCKED_BY_CSP/i, `${u}: ${why}`);
        assert.deepEqual(pageErrors, []);
        // The console errors are the CSP's own reports, nothing else.
        assert.ok(consoleErrors.length > 0);
        for (const e of consoleErrors) {
          assert.match(e, /Content Security Policy|Trusted Type|TrustedHTML|TrustedScript|connect-src|img-src|eval/i, e);
        }
      } finally {
        await page.context().close();
        sink.close();
      }
    });

    test("keyboard: labelled controls, real buttons, Tab order, Enter verifies", async () => {
      const p = await open(target, { time: FULL.input.now });
      const { page } = p;
      const unlabelled = await page.$$eval("input, textarea, select", (els) =>
        els.filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label")).map((el) => el.id),
      );
      assert.deepEqual(unlabelled, []);
      assert.equal(await page.locator("[onclick], [role=button], div[tabindex], span[tabindex]").count(), 0);
      // Tab from the top of the page reaches the controls in reading order.
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "token");
      await page.keyboard.insertText(FULL.input.token);
      const order = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase()));
      }
      assert.deepEqual(order.slice(0, 9), [
        "clear-token",
        "header-json",
        "claims-json",
        "key-1",
        "verify",
        "add-key",
        "forget-keys",
        "summary",
        order[8], // whatever comes after the closed panel (nothing focusable in it)
      ]);
      // Type a key and press Enter.
      await page.focus("#key-1");
      await page.keyboard.insertText(ADMIN);
      await page.keyboard.press("Enter");
      assert.equal(await page.locator("#verify-result").getAttribute("class"), "result ok");
      // The Create panel opens with the keyboard.
      await page.focus("#create summary");
      await page.keyboard.press("Enter");
      assert.equal(await page.locator("#create").getAttribute("open"), "");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "c-workspace");
      await p.close();
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Layout and screenshots (the file:// build, which is what people open)

test("phone width (375 px): nothing overflows; screenshots at 1280 and 375 px, light and dark", async () => {
  const fits = async (page, width, what) => {
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `${what}: page is ${scroll} px wide at ${width} px`);
  };
  const states = [
    {
      name: "jwt",
      time: FULL.input.now + 754,
      async setup(p) {
        await p.paste(FULL.input.token);
        await p.verifyWith(ADMIN);
      },
    },
    {
      name: "broken",
      time: 1_700_000_000,
      async setup(p) {
        await p.paste(vector("inspect_alg_none_and_short_signature").input.token);
      },
    },
    {
      name: "malformed",
      time: 1_700_000_000,
      async setup(p) {
        await p.paste(vector("inspect_bad_header_base64").input.token);
      },
    },
    {
      name: "expired",
      time: vector("inspect_expired_jwt").input.now + 3 * 86400,
      async setup(p) {
        await p.paste(vector("inspect_expired_jwt").input.token);
        await p.verifyWith(ADMIN, "secret");
      },
    },
    {
      name: "static",
      time: 1_700_000_000,
      async setup(p) {
        await p.paste(vector("anchor_v10_inspect_static_token").input.token);
        await p.verifyWith("abcd");
      },
    },
    {
      name: "create",
      time: undefined,
      async setup(p) {
        await p.page.click("#create summary");
        await p.page.fill("#c-scope-1-resource", "top_pages");
        await p.page.fill("#c-scope-1-params", "org_id=acme");
        await p.page.click("#c-add-scope");
        await p.page.selectOption("#c-scope-2-type", "DATASOURCES:READ");
        await p.page.fill("#c-scope-2-resource", "events");
        await p.page.fill("#c-scope-2-params", "org_id = 'acme'");
        await p.page.fill("#c-rps", "10");
        await p.page.fill("#c-admin", ADMIN);
        await p.page.click("#c-sign");
        await p.page.locator("#c-output").waitFor();
        await p.page.locator("#create").scrollIntoViewIfNeeded();
      },
    },
    { name: "empty", time: undefined, async setup() {} },
  ];
  const shots = [];
  for (const state of states) {
    for (const [device, width] of [["desktop", 1280], ["phone", 375]]) {
      for (const dark of [false, true]) {
        if (dark && !["jwt", "expired", "create"].includes(state.name)) continue;
        const p = await open("file", { time: state.time, width, dark });
        await state.setup(p);
        await fits(p.page, width, `${state.name} ${device}${dark ? " dark" : ""}`);
        const file = join(shotsDir, `${device}-${state.name}${dark ? "-dark" : ""}.png`);
        await p.page.screenshot({ path: file, fullPage: true });
        shots.push(file);
        await p.close();
      }
    }
  }
  console.log(`# ${shots.length} screenshots in ${shotsDir}`);
});

test("the served page made no request but GET /", () => {
  assert.ok(servedLoads > 0);
  assert.deepEqual(
    serverLog.filter((line) => line !== "GET /"),
    [],
    "the dev server saw nothing but page loads",
  );
  assert.equal(serverLog.length, servedLoads, "one request per page load");
});

// The vectors in headless Firefox (FIREFOX_BIN: Debian's firefox-esr, installed by run.sh), driven by
// puppeteer-core over WebDriver BiDi: the same page, server and checks as the Chromium test
// (browser-page.mjs): the default entry, the slim entry with init(fetch(...)), the async fallback, and
// every case's result equal to Node's.
import { test } from "node:test";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { checkPageResults, servePage } from "../browser-page.mjs";
import { api, files } from "./compare.mjs";

const firefox = process.env.FIREFOX_BIN;
const pkgDir = dirname(fileURLToPath(import.meta.resolve("tinybird-tokens/package.json")));

test("vectors in headless Firefox equal Node's results", { timeout: 180_000 }, async () => {
  if (!firefox) throw new Error("FIREFOX_BIN is not set (run.sh installs firefox-esr)");
  const started = performance.now();
  const server = await servePage(pkgDir, files);
  const browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: firefox,
    headless: true,
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__results !== undefined, { timeout: 120_000 });
    const results = await page.evaluate(() => window.__results);
    const passed = checkPageResults(results, errors, api, files, "Firefox");
    console.log(
      `# Firefox ${(await browser.version()).replace(/^firefox\//, "")}: ${passed} vector cases passed, ready right after import ` +
        `(${results.userAgent}), ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await browser.close();
    server.close();
  }
});

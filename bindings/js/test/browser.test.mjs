// The conformance vectors in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// a page served from 127.0.0.1 imports the installed package's browser entry as a plain ES module and
// runs the same adapter (runner.mjs) as Node; every result must equal Node's, case by case. The page, its
// server and the checks are shared with the Firefox run (browser-page.mjs).
import { test } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as api from "tinybird-tokens";
import { checkPageResults, servePage } from "./browser-page.mjs";
import { chromiumLaunchOptions } from "./chromium.mjs";
import { loadVectors } from "./vectors.mjs";

const pkgDir = dirname(fileURLToPath(import.meta.resolve("tinybird-tokens/package.json")));
const files = loadVectors();

test("vectors in headless Chromium equal Node's results", { timeout: 180_000 }, async () => {
  const server = await servePage(pkgDir, files);
  const profile = mkdtempSync(join(tmpdir(), "tbt-chromium-"));
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 120_000 });
    const results = await page.evaluate(() => window.__results);
    const passed = checkPageResults(results, errors, api, files, "Chromium");
    console.log(
      `# chromium: ${passed} vector cases passed, ready right after import (${results.userAgent})`,
    );
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

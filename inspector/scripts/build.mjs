#!/usr/bin/env node
// Builds the inspector into one self-contained HTML file, dist/inspector.html:
//   1. esbuild bundles src/main.ts with the `tinybird-tokens/jwt` entry (the lean module: inspection,
//      JWTs and static tokens without the scopes, datafile and project code; it carries its .wasm as
//      base64 and instantiates it synchronously) into one classic script (IIFE).
//   2. The script and src/style.css are inlined into src/page.html, and the Content-Security-Policy
//      meta tag gets their SHA-256 hashes, so the policy allows exactly these two inline blocks.
// No minification: the page is meant to be auditable with "view source".
// `buildInspector()` is also used by the dev server (scripts/serve.mjs) and the tests.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const inspectorDir = resolve(here, "..");
export const srcDir = join(inspectorDir, "src");
export const distFile = join(inspectorDir, "dist/inspector.html");

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The page's policy; `script` and `style` are the exact inline blocks. */
export function contentSecurityPolicy(script, style) {
  return [
    "default-src 'none'",
    "connect-src 'none'",
    // The one inline script, by hash; 'wasm-unsafe-eval' lets it compile the inlined WebAssembly
    // (WebAssembly.Module) without allowing eval() or new Function().
    `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
    // The one inline <style> block, by hash (the page sets no style="" attributes).
    `style-src ${sha256(style)}`,
    // The favicon is a data: URL (so the browser does not ask the server for /favicon.ico).
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    // No DOM XSS sinks: the page builds its DOM with textContent only, so innerHTML & co. are refused.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/** The version of the tinybird-tokens package the page is built from (shown in its footer). */
function packageVersion() {
  const path = fileURLToPath(import.meta.resolve("tinybird-tokens/package.json"));
  return JSON.parse(readFileSync(path, "utf8")).version;
}

/** Builds the page; returns { html, csp, scriptBytes }. Writes `outFile` unless it is null. */
export async function buildInspector({ outFile = distFile } = {}) {
  const result = await build({
    define: { __VERSION__: JSON.stringify(packageVersion()) },
    entryPoints: [join(srcDir, "main.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    charset: "ascii",
    legalComments: "inline",
    logLevel: "silent",
  });
  for (const w of result.warnings) console.error(`esbuild warning: ${w.text}`);
  if (result.warnings.length > 0) throw new Error("esbuild warnings: fix them");
  const script = result.outputFiles[0].text;
  // An inline classic script ends at the first `</script`; esbuild escapes it in strings, check anyway.
  if (/<\/script|<!--/i.test(script)) throw new Error("the bundle contains </script or <!--");
  const style = readFileSync(join(srcDir, "style.css"), "utf8");
  if (/<\/style/i.test(style)) throw new Error("style.css contains </style");
  const template = readFileSync(join(srcDir, "page.html"), "utf8");
  const csp = contentSecurityPolicy(script, style);
  const slots = { "{{CSP}}": csp, "{{STYLE}}": style, "{{SCRIPT}}": script };
  for (const slot of Object.keys(slots)) {
    if (template.split(slot).length !== 2) throw new Error(`page.html must contain ${slot} once`);
  }
  // One pass, so that nothing inserted is itself scanned for slots.
  const html = template.replace(/\{\{(CSP|STYLE|SCRIPT)\}\}/g, (slot) => slots[slot]);
  if (outFile) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, html);
  }
  return { html, csp, scriptBytes: Buffer.byteLength(script) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  const { html, scriptBytes } = await buildInspector();
  console.error(
    `built ${distFile} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, script ${(scriptBytes / 1024).toFixed(0)} KiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

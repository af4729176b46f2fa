// A Worker bundled by wrangler itself (WRANGLER_BIN, run on NODE22_BIN: wrangler needs Node 22; both
// from npm, installed by run.sh): `wrangler deploy --dry-run --outdir` builds what it would upload
// (the script and each `.wasm` import as a separate module) without logging in or asking the network.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** wrangler's version line, e.g. "4.164.0". */
export function wranglerVersion() {
  return run(["--version"], process.cwd()).trim().split("\n").at(-1);
}

function run(args, cwd) {
  // Its debug logs go beside the build, not under ~/.config.
  const { NODE22_BIN: node, WRANGLER_BIN: wrangler } = process.env;
  if (!node || !wrangler) throw new Error("NODE22_BIN / WRANGLER_BIN are not set (run.sh installs them)");
  return execFileSync(node, [wrangler, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", WRANGLER_LOG_PATH: join(cwd, "logs") },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Builds `entry` with `wrangler deploy --dry-run` into `outDir/worker.js` + its .wasm modules, as the
 * workerd test lays Workers out; returns the .wasm module names. */
export function bundleWithWrangler(entry, outDir, compatibilityDate) {
  const work = join(outDir, "wrangler");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(work, "wrangler.json"),
    JSON.stringify({ name: "tinybird-tokens-test", main: entry, compatibility_date: compatibilityDate }),
  );
  run(["deploy", "--dry-run", "--outdir", "out"], work);
  const files = readdirSync(join(work, "out"));
  // The script is named after the entry (worker-default.js), beside its source map.
  const scripts = files.filter((f) => f.endsWith(".js"));
  assert.equal(scripts.length, 1, `wrangler wrote ${files}`);
  copyFileSync(join(work, "out", scripts[0]), join(outDir, "worker.js"));
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  for (const f of wasm) copyFileSync(join(work, "out", f), join(outDir, f));
  return wasm;
}

// Runs standalone.mjs in a runtime's own binary (Deno, Bun) from the app directory and parses its JSON.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { appDir } from "./compare.mjs";

export function runStandalone(cmd, args, env = {}) {
  const out = execFileSync(cmd, [...args, join(appDir, "test/runtimes/standalone.mjs")], {
    cwd: appDir,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.toString("utf8"));
}

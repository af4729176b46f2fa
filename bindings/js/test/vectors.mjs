// Loads tests/vectors/*.json (TINYBIRD_VECTORS_DIR); fails when there are none.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function loadVectors() {
  const dir = process.env.TINYBIRD_VECTORS_DIR;
  if (!dir) throw new Error("TINYBIRD_VECTORS_DIR is not set (scripts/test-js.sh sets it)");
  const names = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  if (names.length === 0) throw new Error(`no vector files (*.json) in ${dir}`);
  return names.map((file) => ({ file, ...JSON.parse(readFileSync(join(dir, file), "utf8")) }));
}

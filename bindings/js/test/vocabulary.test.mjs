// The package's type-level mirrors of the core's word lists (the string unions of its .d.ts, as
// installed from the tarball) equal tests/vectors/bindings/vocabulary.json, which the Rust suite checks
// against the core's enums: a scope type, action, error or finding code added to the core cannot be missed here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tt from "tinybird-tokens";

const dir = process.env.TINYBIRD_VECTORS_DIR;
if (!dir) throw new Error("TINYBIRD_VECTORS_DIR is not set (scripts/test-js.sh sets it)");
const vocabulary = JSON.parse(readFileSync(join(dir, "bindings", "vocabulary.json"), "utf8"));
const dts = readFileSync(
  join(dirname(fileURLToPath(import.meta.resolve("tinybird-tokens"))), "types.d.ts"),
  "utf8",
);

/** The members of `export type NAME = "a" | "b" ...;`, sorted. */
function union(name) {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
  assert.ok(m, `types.d.ts has no type ${name}`);
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]).sort();
}

test("string unions equal the core's word lists", () => {
  assert.deepEqual(union("ScopeType"), vocabulary.scope_types);
  assert.deepEqual(union("ScopeAction"), vocabulary.actions);
  assert.deepEqual(union("ScopeMode"), vocabulary.scope_modes);
  assert.deepEqual(union("ResourceKind"), vocabulary.resource_kinds);
  assert.deepEqual(union("TokenKind"), [...vocabulary.token_kinds].sort());
  assert.deepEqual(union("Part"), vocabulary.token_parts);
  assert.deepEqual(union("FindingCode"), vocabulary.finding_codes);
  assert.deepEqual(union("PipeType"), vocabulary.pipe_types);
  assert.deepEqual(union("Severity"), vocabulary.severities);
  // The union of object types runs to the next declaration.
  const jwtScope = /export type JwtScope =([\s\S]*?)\n(?:export |\/\*\*)/.exec(dts);
  assert.ok(jwtScope, "types.d.ts has no type JwtScope");
  const types = [...jwtScope[1].matchAll(/type: "([^"]+)"/g)].map((x) => x[1]).sort();
  assert.deepEqual(types, vocabulary.jwt_scope_types);
});

test("error codes equal the core's", () => {
  assert.deepEqual([...tt.ERROR_CODES].sort(), vocabulary.error_codes);
});

// The packages' shared input policy (tests/vectors/bindings/input_policy.json) through the installed
// package: values JSON has no spelling for (Dates, bytes, lone surrogates), the same cases the Python
// suite runs, with the same results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tt from "tinybird-tokens";

const dir = process.env.TINYBIRD_VECTORS_DIR;
if (!dir) throw new Error("TINYBIRD_VECTORS_DIR is not set (scripts/test-js.sh sets it)");
const { cases } = JSON.parse(readFileSync(join(dir, "bindings", "input_policy.json"), "utf8"));

/** Untags `{$date}` / `{$bytes_hex}` into this language's types, recursively. */
function value(v) {
  if (Array.isArray(v)) return v.map(value);
  if (v === null || typeof v !== "object") return v;
  if ("$date" in v) return new Date(v.$date);
  if ("$bytes_hex" in v) return Uint8Array.from(v.$bytes_hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
}

const CALLS = {
  create_jwt: (a) =>
    tt.createJwt(
      {
        workspaceId: a.workspace_id,
        name: a.name,
        ttl: a.ttl,
        expiresAt: a.expires_at,
        scopes: a.scopes,
        now: a.now,
      },
      a.key,
    ),
  sign_jwt: (a) => tt.signJwt(a.claims, a.key),
  verify_jwt: (a) => ({ exp: tt.verifyJwt(a.token, a.key, { now: a.now, leeway: a.leeway }).claims.exp }),
};

test("input policy cases are loaded", () => assert.ok(cases.length >= 10));

for (const c of cases) {
  test(c.id, () => {
    const run = () => CALLS[c.call](value(c.args));
    if ("ok" in c.expect) assert.deepEqual(run(), c.expect.ok);
    else if (c.expect.type_error) assert.throws(run, TypeError);
    else
      assert.throws(run, (e) => {
        assert.ok(e instanceof tt.TinybirdTokenError, String(e));
        assert.equal(e.code, c.expect.error);
        return true;
      });
  });
}

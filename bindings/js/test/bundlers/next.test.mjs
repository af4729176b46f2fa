// next-app/ built with `next build` (Turbopack) and answered by `next start` on 127.0.0.1: route
// handlers mint a JWT with `import { createJwt } from "tinybird-tokens"` on the Node.js runtime and on
// the edge runtime; each token must be the bytes Node mints for the same request, and verify in Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import * as api from "tinybird-tokens";

const here = import.meta.dirname;
const appDir = join(here, "next-app");
const next = join(here, "node_modules/.bin/next");
// Test keys of the admin-token form (Tinybird Local's), new on every run.
const key = api.generateLocalTokens().workspaceToken;
const now = 1_700_000_000;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const REQUEST = {
  workspaceId: "11111111-2222-3333-4444-555555555555",
  name: "next_route",
  ttl: "1h",
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme" } }],
  limits: { rps: 10 },
};

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let server;
let origin;
let output = "";
before(async () => {
  let started = performance.now();
  // The key is not in the build's environment: the routes must read it when they run.
  execFileSync(next, ["build"], { cwd: appDir, env, stdio: "inherit", timeout: 600_000 });
  console.log(`# next build: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  started = performance.now();
  server = spawn(next, ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: appDir,
    env: { ...env, TBT_BUNDLER_TEST_KEY: key },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${output}`);
    try {
      await fetch(`${origin}/`, { signal: AbortSignal.timeout(5_000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  console.log(`# next start: answering after ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

after(() => {
  // next start runs its server in a child process: end the whole group this test started.
  if (server && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
});

/** GETs a route and checks its JWT against Node's for the same request and clock. */
async function checkRoute(path, runtime) {
  const started = performance.now();
  const res = await fetch(`${origin}${path}?now=${now}`, { signal: AbortSignal.timeout(30_000) });
  const ms = performance.now() - started;
  const text = await res.text();
  assert.equal(res.status, 200, `${path} answered ${res.status}: ${text.slice(0, 300)}\n${output.slice(-2000)}`);
  const body = JSON.parse(text);
  assert.equal(body.runtime, runtime);
  const { claims } = api.verifyJwt(body.token, key, { now: now + 60 });
  assert.equal(claims.name, "next_route");
  assert.equal(claims.exp, now + 3600);
  assert.deepEqual(claims.scopes, [{ type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme" } }]);
  assert.ok(body.token === api.createJwt({ ...REQUEST, now }, key), `${path}: the JWT differs from Node's`);
  // Without ?now= the route reads the clock: still a token that verifies now.
  const live = await (await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(30_000) })).json();
  assert.equal(api.verifyJwt(live.token, key).claims.name, "next_route");
  console.log(`# ${path} (${runtime} runtime): JWT verified in Node, bytes equal to Node's (first answer ${ms.toFixed(0)} ms)`);
}

test("Next.js route handler, Node.js runtime, default entry", () => checkRoute("/api/token", "nodejs"));

/** The precompiled .wasm modules Next attached to an edge route's function (its middleware-manifest entry). */
function edgeWasm(route) {
  const manifest = JSON.parse(readFileSync(join(appDir, ".next/server/middleware-manifest.json"), "utf8"));
  const fn = manifest.functions?.[`${route}/route`];
  assert.ok(fn, `no edge function for ${route} in the middleware manifest`);
  return fn.wasm ?? [];
}

test("Next.js route handler, edge runtime, default import", () => {
  // Next bundles edge routes with the `edge-light` condition: the package's edge-light entry imports
  // the .wasm with `?module`, so Next must have attached it to this route's function, precompiled
  // (`next start` would also let the inlined entry compile from bytes; Vercel's edge would not).
  assert.ok(edgeWasm("/api/token-edge").length > 0, "the edge-light entry, yet no precompiled .wasm in the edge function");
  return checkRoute("/api/token-edge", "edge");
});

// One cold start for coldstart.mjs: a fresh `node` process that loads one library (dynamic import, so
// every contender starts from the same empty script) and makes its first token or verifies one.
// Prints one JSON line: `end` = ms from the process's time origin to the result, `script` = ms from
// the import to the result, `cpu` = CPU ms (all threads) from the import to the result, `cpuTotal` =
// CPU ms since the process started, `phases` = named steps ([wall ms, CPU ms]), `out` = the token or claim name made
// (the parent checks it).
//
//   node coldstart-child.mjs <contender> <key> <token> <request JSON>
const [which, key, token, requestJson] = process.argv.slice(2);
const request = JSON.parse(requestJson);
// The same claims as the request, in Tinybird's order, for the libraries that sign plain claims.
const payload = {
  workspace_id: request.workspaceId,
  name: request.name,
  exp: request.expiresAt,
  scopes: request.scopes.map((s) => ({ type: s.type, resource: s.resource, fixed_params: s.fixedParams })),
  limits: request.limits,
};
const phases = {};
const cpuMs = (c) => (c.user + c.system) / 1000;
let last = performance.now();
let lastCpu = 0;
// A step's [wall ms, CPU ms] since the previous mark.
const mark = (name) => {
  const now = performance.now();
  const cpu = cpuMs(process.cpuUsage());
  phases[name] = [now - last, cpu - lastCpu];
  last = now;
  lastCpu = cpu;
};

const contenders = {
  "node (empty)": async () => "",
  "ours import": async () => {
    await import("tinybird-tokens");
    return "";
  },
  "ours createJwt": async () => (await import("tinybird-tokens")).createJwt(request, key),
  "ours verifyJwt": async () => (await import("tinybird-tokens")).verifyJwt(token, key).claims.name,
  // Where our time goes: the same work as "ours createJwt", step by step, through the slim entry.
  "ours steps": async () => {
    const { readFileSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const b64 = readFileSync(fileURLToPath(import.meta.resolve("tinybird-tokens/wasm"))).toString("base64");
    mark("setup (not ours)");
    const tt = await import("tinybird-tokens/slim");
    mark("import slim (JS glue, no wasm)");
    // What dist/index.js does on Node 20 (no Uint8Array.fromBase64).
    const bytes = Buffer.from(b64, "base64");
    mark("base64 decode");
    const module = new WebAssembly.Module(bytes);
    mark("new WebAssembly.Module");
    tt.initSync(module);
    mark("instantiate (initSync)");
    const jwt = tt.createJwt(request, key);
    mark("first createJwt");
    return jwt;
  },
  "jose import": async () => {
    await import("jose");
    return "";
  },
  "jose SignJWT": async () => {
    const { SignJWT } = await import("jose");
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(key));
  },
  "jose jwtVerify": async () => {
    const { jwtVerify } = await import("jose");
    const { payload: claims } = await jwtVerify(token, new TextEncoder().encode(key), {
      algorithms: ["HS256"],
    });
    return claims.name;
  },
  "fast-jwt createSigner": async () => {
    const { createSigner } = await import("fast-jwt");
    return createSigner({ key, algorithm: "HS256", noTimestamp: true })(payload);
  },
  "fast-jwt createVerifier": async () => {
    const { createVerifier } = await import("fast-jwt");
    return createVerifier({ key, algorithms: ["HS256"] })(token).name;
  },
  "jsonwebtoken sign": async () => {
    const { default: jsonwebtoken } = await import("jsonwebtoken");
    return jsonwebtoken.sign(payload, key, { algorithm: "HS256", noTimestamp: true });
  },
  "jsonwebtoken verify": async () => {
    const { default: jsonwebtoken } = await import("jsonwebtoken");
    return jsonwebtoken.verify(token, key, { algorithms: ["HS256"] }).name;
  },
};

if (!(which in contenders)) throw new Error(`unknown contender ${which}`);
const c0 = process.cpuUsage();
const t0 = performance.now();
last = t0;
lastCpu = cpuMs(c0);
const out = await contenders[which]();
const end = performance.now();
const c1 = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ end, script: end - t0, cpu: cpuMs(c1) - cpuMs(c0), cpuTotal: cpuMs(c1), phases, out })}\n`,
);

// Several builds of the package compared in one process: copies of `bindings/js/dist` (absolute
// paths), each imported by path, their hot calls interleaved round by round with fast-jwt's, and each
// call's median reported × fast-jwt's same operation. Two builds measured in separate runs of bench.mjs
// differ by the host's drift (±20% here); in one process they differ by about 8% at most, so this is
// how a change is judged before and after. Not a test:
//
//   cp -r bindings/js/dist /tmp/before   # ... change, rebuild ...   cp -r bindings/js/dist /tmp/after
//   node bench/js/ab.mjs /tmp/before /tmp/after [--entry lean.js] [--ops create,sign,signstr,verify,decode]
//                        [--rounds 31] [--ms 10]
import { createSigner, createVerifier, createDecoder } from "fast-jwt";
import { interleaved, arg } from "./harness.mjs";
import { ADMIN, NOW } from "./fixture.mjs";
const dirs = process.argv.slice(2).filter((a) => a.startsWith("/"));
const entry = arg("--entry", "index.js");
const mods = await Promise.all(dirs.map((d) => import(d + "/" + entry)));
const payload = { workspace_id: "11111111-2222-3333-4444-555555555555", name: "frontend_jwt", exp: NOW + 3600,
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixed_params: { org_id: "acme", user_id: 42 } }], limits: { rps: 10 } };
const request = { workspaceId: payload.workspace_id, name: payload.name, expiresAt: payload.exp,
  scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme", user_id: 42 } }], limits: { rps: 10 }, now: NOW };
const fs = createSigner({ key: ADMIN, algorithm: "HS256", noTimestamp: true });
const fv = createVerifier({ key: ADMIN, algorithms: ["HS256"], clockTimestamp: NOW * 1000 });
const fd = createDecoder({ complete: true });
const token = fs(payload);
const ops = (arg("--ops", "create,sign,verify,decode")).split(",");
const cases = [
  { name: "fast sign", fn: () => fs(payload) },
  { name: "fast verify", fn: () => fv(token) },
  { name: "fast decode", fn: () => fd(token) },
];
mods.forEach((m, i) => {
  const sk = m.createSigningKey(ADMIN);
  const vk = m.createVerifyingKey(ADMIN);
  const tag = dirs[i].split("/").pop();
  if (m.createJwt(request, sk) !== token) throw new Error("differ " + tag);
  if (ops.includes("create")) cases.push({ name: tag + " create", base: "fast sign", fn: () => m.createJwt(request, sk) });
  if (ops.includes("sign")) cases.push({ name: tag + " sign", base: "fast sign", fn: () => m.signJwt(payload, sk) });
  if (ops.includes("signstr")) cases.push({ name: tag + " signstr", base: "fast sign", fn: () => m.signJwt(payload, ADMIN) });
  if (ops.includes("verify")) cases.push({ name: tag + " verify", base: "fast verify", fn: () => m.verifyJwt(token, vk, { now: NOW }) });
  if (ops.includes("decode")) cases.push({ name: tag + " decode", base: "fast decode", fn: () => m.decodeJwt(token) });
});
const res = await interleaved(cases, { rounds: Number(arg("--rounds", 31)), batchMs: Number(arg("--ms", 10)) });
const by = Object.fromEntries(res.map((r) => [r.name, r.ns]));
const out = [];
for (const c of cases) if (c.base) out.push(`${c.name} ${(by[c.name] / by[c.base]).toFixed(2)}`);
console.log(out.join(" | "));

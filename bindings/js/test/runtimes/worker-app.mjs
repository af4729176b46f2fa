// The request handler shared by the Worker (workerd) and the edge function (edge-runtime) builds, given
// the package's API as its entry loaded it:
//   GET /jwt      a Tinybird JWT minted with the admin token from the environment (text/plain)
//   GET /vectors  the conformance vectors (embedded in the bundle) and the smoke test, as JSON
//   GET /ready    whether the entry's WebAssembly module loaded, and the error if not
// `only`: the vector files to run (the lean entry's, `LEAN_FILES`); all of them by default.
import allFiles from "../../vectors.json";
import { runAll } from "../runner.mjs";
import { smoke } from "../smoke.mjs";

export function handler(api, only) {
  const files = only ? allFiles.filter((f) => only.includes(f.file)) : allFiles;
  return async (request, adminToken) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/jwt") {
      const token = api.createJwt(
        {
          workspaceId: "11111111-2222-3333-4444-555555555555",
          name: "edge_minted",
          ttl: "10m",
          scopes: [{ type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme" } }],
        },
        adminToken,
      );
      return new Response(token, { headers: { "content-type": "text/plain" } });
    }
    if (pathname === "/vectors") {
      return Response.json({ results: runAll(api, files), smoke: smoke(api) });
    }
    if (pathname === "/ready") {
      try {
        await api.ready;
        api.hmacSha256("k", "d"); // in every entry, the lean one too
        return Response.json({ ready: true });
      } catch (e) {
        return Response.json({ ready: false, error: `${e?.name}: ${e?.message}` });
      }
    }
    return new Response("not found", { status: 404 });
  };
}

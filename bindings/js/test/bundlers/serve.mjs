// A static file server on 127.0.0.1 for a bundler's output directory, plus the conformance vectors at
// /vectors.json; it logs what each page fetched (path, type, bytes, gzipped bytes) so the test can check and report it.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

export function serve(files) {
  const vectors = JSON.stringify(files);
  const state = { root: null, log: [] };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    let body;
    let type;
    if (path === "/vectors.json") [body, type] = [vectors, TYPES[".json"]];
    else if (path === "/favicon.ico") return res.writeHead(204).end();
    else {
      const file = normalize(join(state.root, decodeURIComponent(path)));
      if (file.startsWith(state.root + sep)) {
        try {
          [body, type] = [readFileSync(file), TYPES[extname(file)] ?? "application/octet-stream"];
        } catch {}
      }
    }
    if (body === undefined) {
      state.log.push({ path, status: 404 });
      return res.writeHead(404).end("not found");
    }
    state.log.push({ path, status: 200, type, bytes: Buffer.byteLength(body), gzip: gzipSync(body).length });
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, state, port: server.address().port })),
  );
}

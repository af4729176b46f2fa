#!/usr/bin/env node
// `npm run inspector` (root) / `npm run dev` (here): serves the inspector page on 127.0.0.1 only.
// The page is rebuilt on request when a file under src/ changed, and also written to
// dist/inspector.html. The server answers GET / (and /inspector.html) and nothing else: the page
// itself never asks for anything more (its CSP forbids it). Options: --port N (default 5178, or
// $PORT; a busy default port falls back to a free one).
import { createServer } from "node:http";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildInspector, srcDir } from "./build.mjs";

const HOST = "127.0.0.1";
const DEFAULT_PORT = 5178;

/** The newest modification time under src/ (cheap: a handful of files). */
function sourcesStamp() {
  let newest = 0;
  for (const name of readdirSync(srcDir)) newest = Math.max(newest, statSync(join(srcDir, name)).mtimeMs);
  return newest;
}

/** Starts the server; resolves to the listening http.Server. `log` receives one line per request. */
export async function startServer({ port = DEFAULT_PORT, host = HOST, log = () => {} } = {}) {
  let page = null;
  let stamp = -1;
  let csp = "";
  const current = async () => {
    const now = sourcesStamp();
    if (page === null || now !== stamp) {
      const built = await buildInspector();
      [page, csp, stamp] = [built.html, built.csp, now];
    }
    return page;
  };
  await current();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${host}`);
    log(`${req.method} ${url.pathname}`);
    if ((req.method !== "GET" && req.method !== "HEAD") || (url.pathname !== "/" && url.pathname !== "/inspector.html")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    let body;
    try {
      body = await current();
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`build failed: ${e.message}\n`);
      return;
    }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // The meta tag's policy, again as a header, where frame-ancestors also works.
      "content-security-policy": `${csp}; frame-ancestors 'none'`,
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      ok();
    });
  });
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const asked = i > 0 ? Number(process.argv[i + 1]) : process.env.PORT ? Number(process.env.PORT) : null;
  let server;
  try {
    server = await startServer({ port: asked ?? DEFAULT_PORT, log: (line) => console.log(line) });
  } catch (e) {
    if (e.code !== "EADDRINUSE" || asked !== null) throw e;
    server = await startServer({ port: 0, log: (line) => console.log(line) });
  }
  const { port } = server.address();
  console.log(`Tinybird token inspector: http://${HOST}:${port}/`);
  console.log("(serves the page only; rebuilt when inspector/src changes; Ctrl+C to stop)");
}

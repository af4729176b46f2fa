// The TypeScript examples of the package README and of the repository README run against the installed
// package: each ```ts block is compiled with esbuild (types stripped) and run in a fresh Node process
// with TINYBIRD_ADMIN_TOKEN set to a generated workspace admin token. Where a block's lines end in a
// `// <expected output>` comment after console.log, the process must print exactly that.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { generateLocalTokens } from "tinybird-tokens";

const here = dirname(fileURLToPath(import.meta.url));
const repo = dirname(dirname(process.env.TINYBIRD_VECTORS_DIR ?? ""));
const READMES = ["bindings/js/README.md", "README.md"];

function blocks(markdown) {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

// What a Workers / Vercel Edge bundler provides for `import wasm from "tinybird-tokens/wasm"` (or
// `/tinybird_tokens.wasm`): the precompiled module. Node has no such import, so the test compiles it
// from the package's file.
function asNode(source) {
  return source.replace(
    /^import (\w+) from "tinybird-tokens\/(?:wasm|tinybird_tokens\.wasm)";.*$/m,
    (_, name) =>
      `import { readFileSync as __read } from "node:fs";\n` +
      `import { fileURLToPath as __path } from "node:url";\n` +
      `const ${name} = new WebAssembly.Module(__read(__path(import.meta.resolve("tinybird-tokens/wasm"))));`,
  );
}

function expectedOutput(source) {
  return [...source.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
}

const admin = generateLocalTokens().workspaceToken;
const dir = join(here, "readme-examples");
mkdirSync(dir, { recursive: true });

for (const readme of READMES) {
  const found = blocks(readFileSync(join(repo, readme), "utf8"));
  test(`${readme} has TypeScript examples`, () => assert.ok(found.length > 0));
  found.forEach((source, i) => {
    test(`${readme} example ${i + 1} runs`, () => {
      const { code } = transformSync(asNode(source), { loader: "ts", format: "esm" });
      const file = join(dir, `${readme.replaceAll("/", "_")}-${i + 1}.mjs`);
      writeFileSync(file, code);
      const out = execFileSync(process.execPath, [file], {
        env: { ...process.env, TINYBIRD_ADMIN_TOKEN: admin },
        encoding: "utf8",
      });
      const expected = expectedOutput(source);
      if (expected.length > 0) assert.deepEqual(out.trimEnd().split("\n"), expected);
    });
  });
}

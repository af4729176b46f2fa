"""Checks the file list of `npm publish --dry-run --json` (stdin) for the npm package (argv[1]: the
package.json it publishes) and prints the tarball's sizes.

Only dist's .js/.mjs/.cjs/.d.ts/.d.mts/.d.cts/.wasm (no source maps), the README, package.json and the
licences may ship; every file package.json points at (exports, main, module, types) must.
"""

import json
import re
import sys
from collections.abc import Iterator

ALLOWED = re.compile(
    r"^(package\.json|README\.md|LICENSE-MIT|LICENSE-APACHE"
    r"|dist/([A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\.(js|mjs|cjs|d\.ts|d\.mts|d\.cts|wasm))$"
)
# Both WebAssembly modules: the full one and the lean one of `tinybird-tokens/jwt`.
ALWAYS = {
    "package.json",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "dist/tinybird_tokens_wasm_bg.wasm",
    "dist/tinybird_tokens_lean_bg.wasm",
}


def targets(node: object) -> Iterator[str]:
    """Every path string in an `exports` tree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from targets(value)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        pkg = json.load(f)
    report = json.load(sys.stdin)[pkg["name"]]
    files = sorted(entry["path"] for entry in report["files"])
    unexpected = [f for f in files if not ALLOWED.match(f)]
    if unexpected:
        sys.exit(f"the npm tarball would hold unexpected files: {unexpected}")
    pointed = set(targets(pkg.get("exports", {})))
    pointed |= {pkg[k] for k in ("main", "module", "types") if k in pkg}
    need = {p.removeprefix("./") for p in pointed if "*" not in p} | ALWAYS
    missing = sorted(need - set(files))
    if missing:
        sys.exit(f"the npm tarball would miss {missing}")
    print(f"{report['id']}: {len(files)} files, as expected; tarball {report['size']} bytes packed, "
          f"{report['unpackedSize']} bytes unpacked")


if __name__ == "__main__":
    main()

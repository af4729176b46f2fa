"""Checks the workspace's publishing metadata (`cargo metadata --no-deps` JSON on stdin).

Exactly tinybird-tokens and tinybird-tokens-cli are publishable (the wasm and Python glue stay
`publish = false`), and each has what crates.io shows: a description, the licence, its docs.rs page,
a readme, keywords and categories.
"""

import json
import sys

PUBLISHED = ["tinybird-tokens", "tinybird-tokens-cli"]
FIELDS = ("description", "license", "documentation", "readme", "keywords", "categories")


def main() -> None:
    packages = json.load(sys.stdin)["packages"]
    publishable = sorted(p["name"] for p in packages if p["publish"] != [])
    if publishable != PUBLISHED:
        sys.exit(f"publishable crates are {publishable}, expected {PUBLISHED}")
    for p in packages:
        name = p["name"]
        if name not in PUBLISHED:
            continue
        missing = [k for k in FIELDS if not p.get(k)]
        if missing:
            sys.exit(f"{name}: no {', '.join(missing)}")
        if p["documentation"] != f"https://docs.rs/{name}":
            sys.exit(f"{name}: documentation is {p['documentation']}")
        print(f"{name}: {p['license']}, {p['documentation']}, keywords {p['keywords']}, "
              f"categories {p['categories']}")


if __name__ == "__main__":
    main()

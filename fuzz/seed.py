#!/usr/bin/env python3
"""Seeds each fuzz target's corpus from the conformance vectors (written under fuzz/corpus/, not committed)."""
import base64
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VECTORS = ROOT.parent / "tests" / "vectors"
FIELDS = {
    "verify_jwt": ("token",), "decode_jwt": ("token",), "inspect_token": ("token",),
    "static_token": ("token",), "parse_scope": ("scope",), "datafile_tokens": ("text",),
    "parse_ttl": ("ttl",), "fixed_params": ("text",),
}
def main() -> None:
    seeds: dict[str, set[bytes]] = {t: set() for t in [*FIELDS, "ops_json", "claims_text", "project_files"]}
    for path in sorted(VECTORS.glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            inp = case["input"]
            for target, fields in FIELDS.items():
                for f in fields:
                    if isinstance(inp.get(f), str):
                        seeds[target].add(inp[f].encode())
            seeds["ops_json"].add(json.dumps({"op": case["op"], "input": inp}).encode())
            for f in inp.get("files") or []:
                if isinstance(f, dict) and isinstance(f.get("text"), str):
                    seeds["project_files"].add(f["text"].encode())
            # claims_text: the decoded payload of every token in the vectors, and every claims object.
            token = inp.get("token")
            if isinstance(token, str) and token.count(".") == 2:
                payload = token.split(".")[1]
                try:
                    seeds["claims_text"].add(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
                except ValueError:
                    pass
            if isinstance(inp.get("claims"), dict):
                seeds["claims_text"].add(json.dumps(inp["claims"], separators=(",", ":")).encode())
    for target, items in seeds.items():
        d = ROOT / "corpus" / target
        d.mkdir(parents=True, exist_ok=True)
        for i, item in enumerate(sorted(items)):
            (d / f"vector_{i:04d}").write_bytes(item)
        print(f"{target}: {len(items)} seeds")

main()

"""Writes the vector files (the FILES table) and checks what no single module can: ids unique and snake_case,
error codes known and each one used, every op with ok and error cases, values that JS reads exactly."""
from __future__ import annotations

import json
import re
import sys

from .allows import allows_cases
from .common import VECTORS_DIR, Fail, check
from .datafiles import datafiles_cases
from .fixed_params import fixed_params_cases
from .hmac import hmac_cases
from .input_policy import input_policy_cases
from .inspect import inspect_cases
from .jwt_create import jwt_create_cases
from .jwt_decode import jwt_decode_cases
from .jwt_sign import jwt_sign_cases
from .jwt_verify import jwt_verify_cases
from .names import names_cases
from .reference import ACTIONS_WITH_RESOURCE, ACTIONS_WITHOUT_RESOURCE, INTERNAL_SCOPE_TYPES, SCOPE_TYPES
from .plans import plans_cases
from .projects import FINDING_CODES, PIPE_TYPES, SEVERITIES, finding_codes_used, projects_cases
from .scopes import scopes_cases
from .tinybird import check_readme_table
from .static_tokens import static_tokens_cases
from .ttl import ttl_cases

FILES = [
    ("names.json", "define_token: the token-name rule and its message.", names_cases),
    ("scopes.json", "parse_scope: scope strings in forward and classic mode, check order of the scope rules.",
     scopes_cases),
    ("allows.json", "scopes_allow: what a list of scopes permits, per action and resource.", allows_cases),
    ("datafiles.json", "render_token_lines and parse_datafile_tokens: TOKEN lines of .datasource/.pipe files.",
     datafiles_cases),
    ("plans.json", "plan_tokens and diff_token_plans: resource-scoped tokens of a project and their changes.",
     plans_cases),
    ("ttl.json", "parse_ttl: tb's --ttl grammar (humanfriendly 8.2), whole seconds rounded down.", ttl_cases),
    ("fixed_params.json", "parse_fixed_params: tb's --fixed-params CLI form.", fixed_params_cases),
    ("jwt_create.json", "create_jwt: Tinybird JWTs from a workspace admin token; bytes from PyJWT 2.9.0.",
     jwt_create_cases),
    ("jwt_sign.json", "sign_jwt: any claims object, order kept; bytes from PyJWT 2.9.0 jwt.encode(..., 'HS256').",
     jwt_sign_cases),
    ("jwt_verify.json", "verify_jwt: HS256 verification, in the README's check order; adversarial tokens included; "
     "each case with the verdict of Tinybird's verifier (PyJWT 2.9.0) and, where we are stricter, the reason.",
     jwt_verify_cases),
    ("jwt_decode.json", "decode_jwt: every verify_jwt check but the HMAC comparison and the clock.",
     jwt_decode_cases),
    ("static_tokens.json", "generate_static_token, decode_static_token, verify_static_token: p.<payload>.<mac>.",
     static_tokens_cases),
    ("inspect.json", "inspect_token: the core's report on JWTs and static tokens, wording included.",
     inspect_cases),
    ("hmac.json", "hmac_sha256 and hmac_sha256_verify: RFC 4231, RFC 7515 A.1, Wycheproof and anchor MACs.",
     hmac_cases),
    ("projects.json", "read_project, lint_project, check_jwt, check_static_token, create_jwt with a project: findings.",
     projects_cases),
]

ID_RE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
INTEGER_LIKE_KEY = re.compile(r"0|[1-9][0-9]*")
ERROR_CODES = [
    "invalid_token_name", "invalid_scope", "scope_not_allowed", "missing_resource", "unexpected_resource",
    "filter_not_supported", "invalid_permission", "datafile_syntax", "invalid_ttl", "invalid_fixed_params",
    "invalid_limits", "invalid_claims", "invalid_signing_key", "malformed_token", "algorithm_not_allowed",
    "invalid_signature", "token_expired", "token_not_yet_valid", "missing_claim", "token_too_large",
    "secret_in_claim", "invalid_argument", "project_check_failed",
]
OPS_WITH_ERRORS = [
    "define_token", "parse_scope", "format_scope", "scopes_allow", "render_token_lines", "parse_datafile_tokens",
    "plan_tokens", "parse_ttl", "parse_fixed_params", "create_jwt", "sign_jwt", "verify_jwt", "decode_jwt",
    "decode_static_token", "verify_static_token", "generate_static_token", "hmac_sha256_verify", "diff_token_plans",
    "read_project", "lint_project", "check_jwt", "check_static_token",
]
OPS_WITHOUT_ERRORS = ["hmac_sha256"]


# Ops whose ok values are decoded from token text: every runner parses both the vector and the result
# with its own JSON parser (JS: `JSON.parse` of the claims text), so a number JS cannot hold exactly
# still compares equal there; the exotic NumericDates (`2e9`, integers beyond 2**53) live in these values.
DECODED_OPS = {"verify_jwt", "decode_jwt", "inspect_token"}


def check_portable(value, where: str, decoded: bool = False) -> None:
    """No integer-like object keys (JS would reorder them) and no number JS would read differently
    (`decoded`: an expectation of DECODED_OPS, where integral floats and integers of any size are fine)."""
    if isinstance(value, dict):
        for k, v in value.items():
            check(not INTEGER_LIKE_KEY.fullmatch(k), f"{where}: integer-like key {k!r}")
            check_portable(v, where, decoded)
    elif isinstance(value, list):
        for v in value:
            check_portable(v, where, decoded)
    elif isinstance(value, bool) or value is None or isinstance(value, str):
        pass
    elif isinstance(value, int):
        # A decoded value is parsed by each runner's own parser on both sides, whatever its size.
        check(decoded or -(2 ** 53 - 1) <= value <= 2 ** 53 - 1, f"{where}: integer {value} is not exact in JS")
    elif isinstance(value, float):
        check((decoded or value != int(value)) and float(repr(value)) == value,
              f"{where}: float {value!r} is ambiguous in JS")
    else:
        raise Fail(f"{where}: unexpected value {value!r}")


def write_vocabulary() -> None:
    """bindings/vocabulary.json: the closed word lists of the token model, from the reference's tables.
    The Rust suite checks them against the core's enums and the JS and Python suites against their
    type-level mirrors (TS unions, Python Literals), so no mirror can drift from the core."""
    vocabulary = {
        "scope_types": sorted([*SCOPE_TYPES, *INTERNAL_SCOPE_TYPES]),
        "jwt_scope_types": ["DATASOURCES:READ", "PIPES:READ"],
        "actions": sorted([*ACTIONS_WITH_RESOURCE, *ACTIONS_WITHOUT_RESOURCE]),
        "error_codes": sorted(ERROR_CODES),
        "token_kinds": ["jwt", "static", "unknown"],
        "token_parts": sorted(["token", "prefix", "header", "payload", "signature", "extra"]),
        "scope_modes": ["classic", "forward"],
        "resource_kinds": ["datasource", "pipe"],
        "finding_codes": sorted(FINDING_CODES),
        "pipe_types": PIPE_TYPES,
        "severities": SEVERITIES,
    }
    text = json.dumps(vocabulary, indent=1) + "\n"
    (VECTORS_DIR / "bindings").mkdir(exist_ok=True)
    (VECTORS_DIR / "bindings" / "vocabulary.json").write_text(text, encoding="ascii", newline="\n")


def write_binding_inputs(seen: set[str]) -> None:
    """bindings/input_policy.json, run by the JS and Python suites only (see input_policy.py); ASCII, so
    the lone surrogates it pins stay escapes."""
    cases = input_policy_cases()
    for case in cases:
        check(ID_RE.fullmatch(case["id"]) is not None and case["id"] not in seen, f"bad id {case['id']}")
        seen.add(case["id"])
    description = "The packages' input policy: the same calls, the same results, in JS and Python."
    text = json.dumps({"description": description, "cases": cases}, indent=1, ensure_ascii=True) + "\n"
    (VECTORS_DIR / "bindings").mkdir(exist_ok=True)
    (VECTORS_DIR / "bindings" / "input_policy.json").write_text(text, encoding="ascii", newline="\n")


def main() -> None:
    seen: set[str] = set()
    per_code = {code: 0 for code in ERROR_CODES}
    per_op: dict[str, list[int]] = {}
    summary = []
    for filename, description, build in FILES:
        cases = build()
        for case in cases:
            cid = case["id"]
            check(ID_RE.fullmatch(cid) is not None, f"id {cid!r} is not snake_case")
            check(cid not in seen, f"duplicate id {cid}")
            seen.add(cid)
            check_portable({k: v for k, v in case.items() if k != "expect"}, cid)
            check_portable(case["expect"], cid, decoded=case["op"] in DECODED_OPS)
            counts = per_op.setdefault(case["op"], [0, 0])
            if "ok" in case["expect"]:
                counts[0] += 1
            else:
                code = case["expect"]["error"]
                check(code in per_code, f"{cid}: unknown error code {code}")
                per_code[code] += 1
                counts[1] += 1
        text = json.dumps({"description": description, "cases": cases}, indent=1, ensure_ascii=False) + "\n"
        (VECTORS_DIR / filename).write_text(text, encoding="utf-8", newline="\n")
        summary.append((filename, len(cases)))

    for code, n in per_code.items():
        check(n > 0, f"error code {code} has no case")
    used = finding_codes_used(projects_cases())
    for code in FINDING_CODES:
        check(code in used, f"finding code {code} has no case")
    check(used <= set(FINDING_CODES), f"unknown finding codes {sorted(used - set(FINDING_CODES))}")
    for op in OPS_WITH_ERRORS:
        check(per_op.get(op, [0, 0])[0] > 0 and per_op[op][1] > 0, f"{op} needs ok and error cases")
    for op in OPS_WITHOUT_ERRORS:
        check(per_op.get(op, [0, 0])[0] > 0, f"{op} needs ok cases")
    total = sum(n for _, n in summary)
    check(total >= 260, f"only {total} cases")

    check_readme_table()
    write_binding_inputs(seen)
    write_vocabulary()

    for filename, n in summary:
        print(f"{filename:20} {n:4} cases")
    print(f"{'total':20} {total:4} cases")
    print("per op (ok / error):")
    for op, (n_ok, n_err) in sorted(per_op.items()):
        print(f"  {op:24} {n_ok:4} / {n_err:4}")
    print("per error code:")
    for code, n in per_code.items():
        print(f"  {code:24} {n:4}")


if __name__ == "__main__":
    try:
        main()
    except Fail as e:
        sys.exit(f"tests/vectors/generate: self-check failed: {e}")

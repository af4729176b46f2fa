"""inspect.json: inspect_token."""
from __future__ import annotations

from .common import ADMIN, NOW, V10, V11, WS, H, b64u, check, header_seg, ok, pyjwt, seg


def segments(token: str, kind: str) -> list[dict]:
    """The token cut at its dots: each piece's part (by place and kind) and UTF-8 byte span."""
    pieces = token.split(".")
    names = ["prefix", "payload", "signature"] if kind == "static" else ["header", "payload", "signature"]
    out, start = [], 0
    for i, piece in enumerate(pieces):
        part = "token" if len(pieces) == 1 else (names[i] if i < len(names) else "extra")
        end = start + len(piece.encode("utf-8"))
        out.append({"part": part, "start": start, "end": end})
        start = end + 1
    return out


def report(kind: str, **fields) -> dict:
    """An inspect_token report with every key in the core's order; unset keys are null / empty."""
    base = {"kind": kind, "header": None, "claims": None, "workspace_id": None, "name": None, "scopes": [],
            "limits": None, "expires_at": None, "expires_in": None, "not_before": None, "issued_at": None,
            "static": None, "problems": []}
    for k, v in fields.items():
        check(k in base, f"report: unknown key {k}")
        base[k] = v
    return base


def problem(code: str, part: str, message: str) -> dict:
    return {"code": code, "part": part, "message": message}


def explained(t: str, resource: str, summary: str, fixed_params=None, filt=None) -> dict:
    return {"type": t, "resource": resource, "fixed_params": fixed_params, "filter": filt, "summary": summary}


def inspect_cases() -> list[dict]:
    """inspect_token: the report is the core's wording, pinned so every surface shows the same text."""
    op = "inspect_token"
    header = {"alg": "HS256", "typ": "JWT"}
    full_claims = {"workspace_id": WS, "name": "frontend_jwt", "exp": NOW + 3600,
                   "scopes": [{"type": "PIPES:READ", "resource": "top_pages",
                               "fixed_params": {"org_id": "acme", "user_id": 123, "active": True}},
                              {"type": "DATASOURCES:READ", "resource": "events", "filter": "org_id = 'acme'"}],
                   "limits": {"rps": 10}}
    full = pyjwt(full_claims, ADMIN)
    full_scopes = [
        explained("PIPES:READ", "top_pages", "can read pipe top_pages with org_id fixed to acme, user_id fixed to 123, "
                  "active fixed to true", fixed_params={"org_id": "acme", "user_id": 123, "active": True}),
        explained("DATASOURCES:READ", "events", "can read data source events where org_id = 'acme'",
                  filt="org_id = 'acme'"),
    ]
    cases = [
        ok("inspect_full_tinybird_jwt", op, {"token": full, "now": NOW},
           report("jwt", header=header, claims=full_claims, workspace_id=WS, name="frontend_jwt",
                  scopes=full_scopes, limits={"rps": 10}, expires_at=NOW + 3600, expires_in=3600)),
        ok("inspect_expired_jwt", op, {"token": full, "now": NOW + 7200},
           report("jwt", header=header, claims=full_claims, workspace_id=WS, name="frontend_jwt",
                  scopes=full_scopes, limits={"rps": 10}, expires_at=NOW + 3600, expires_in=-3600,
                  problems=[problem("token_expired", "payload", f"The token expired at {NOW + 3600}.")])),
    ]
    # Inspection never verifies: a token signed with another key reads the same.
    other = pyjwt(full_claims, "another key")
    cases.append(ok("inspect_does_not_verify", op, {"token": other, "now": NOW},
                    report("jwt", header=header, claims=full_claims, workspace_id=WS, name="frontend_jwt",
                           scopes=full_scopes, limits={"rps": 10}, expires_at=NOW + 3600, expires_in=3600)))
    times = {"workspace_id": WS, "name": "n", "exp": NOW + 60, "nbf": NOW + 30, "iat": NOW - 5,
             "scopes": [{"type": "PIPES:READ", "resource": "p"}]}
    cases.append(ok("inspect_not_yet_valid_with_iat", op, {"token": pyjwt(times, ADMIN), "now": NOW},
                    report("jwt", header=header, claims=times, workspace_id=WS, name="n",
                           scopes=[explained("PIPES:READ", "p", "can read pipe p")], expires_at=NOW + 60,
                           expires_in=60, not_before=NOW + 30, issued_at=NOW - 5,
                           problems=[problem("token_not_yet_valid", "payload",
                                             f"The token is not valid before {NOW + 30}.")])))
    bare = {"hola": "caracola"}
    cases.append(ok("inspect_not_a_tinybird_jwt", op, {"token": pyjwt(bare, "secret"), "now": NOW},
                    report("jwt", header=header, claims=bare, problems=[
                        problem("missing_claim", "payload",
                                'Tinybird JWTs carry a "workspace_id" claim; this one has none.'),
                        problem("missing_claim", "payload", 'Tinybird JWTs carry a "name" claim; this one has none.'),
                        problem("missing_claim", "payload",
                                'The token has no "exp" claim; Tinybird requires one.'),
                        problem("missing_claim", "payload",
                                'Tinybird JWTs carry a "scopes" claim; this one has none.')])))
    odd = {"workspace_id": WS, "name": "n", "exp": "soon",
           "scopes": [{"type": "TOKENS", "resource": "x"}, {"type": "PIPES:READ", "resource": "p",
                                                              "fixed_params": None}],
           "limits": {"rps": 0}}
    cases.append(ok("inspect_wrong_claim_types", op, {"token": pyjwt(odd, ADMIN), "now": NOW},
                    report("jwt", header=header, claims=odd, workspace_id=WS, name="n",
                           scopes=[explained("PIPES:READ", "p", "can read pipe p")], problems=[
                               problem("invalid_claims", "payload",
                                       'The "exp" claim must be an integer number of seconds.'),
                               problem("scope_not_allowed", "payload",
                                       "Scope TOKENS is not allowed in a JWT: use PIPES:READ or DATASOURCES:READ.")],
                           limits={"rps": 0})))
    cases += claims_rule_cases(header)
    # Broken parts are marked, the rest still decoded.
    payload = seg({"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []})
    none_header = header_seg({"alg": "none"})
    cases.append(ok("inspect_alg_none_and_short_signature", op,
                    {"token": f"{none_header}.{payload}.{b64u(b'x' * 31)}", "now": NOW},
                    report("jwt", header={"alg": "none"},
                           claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               problem("algorithm_not_allowed", "header",
                                       'The JWT algorithm is "none"; only HS256 is accepted.'),
                               problem("invalid_signature", "signature",
                                       "An HMAC-SHA256 signature is 32 bytes; this one is 31.")])))
    cases.append(ok("inspect_bad_header_base64", op, {"token": f"{H}=.{payload}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               problem("malformed_token", "header", "The header is not strict base64url.")])))
    cases.append(ok("inspect_payload_not_object", op,
                    {"token": f"{H}.{b64u(b'[1,2]')}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", header=header, problems=[
                        problem("malformed_token", "payload", "The payload is not a JSON object.")])))
    cases.append(ok("inspect_signature_not_base64", op, {"token": f"{H}.{payload}.abc+", "now": NOW},
                    report("jwt", header=header,
                           claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               problem("malformed_token", "signature", "The signature is not strict base64url.")])))
    for case_id, token, kind, count in [("inspect_garbage", "hello", "unknown", 1), ("inspect_empty", "", "unknown", 1),
                                        ("inspect_two_segments", "a.b", "jwt", 2),
                                        ("inspect_four_segments", "a.b.c.d", "jwt", 4)]:
        cases.append(ok(case_id, op, {"token": token, "now": NOW}, report(kind, problems=[problem(
            "malformed_token", "token",
            'A JWT has 3 segments separated by dots and a static token starts with "p."; '
            f"this has {count} segment(s).")])))
    # 10,000 levels: over the size cap, and past the parser's 128-level limit; nothing overflows a stack.
    deep = b64u(b"[" * 10000 + b"]" * 10000)
    cases.append(ok("inspect_ten_thousand_levels", op, {"token": f"{H}.{deep}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", header=header, problems=[
                        problem("token_too_large", "token", "The token is longer than verifiers accept."),
                        problem("malformed_token", "payload",
                                "The payload is not valid JSON (recursion limit exceeded at line 1 column 128).")])))
    cases.append(ok("anchor_v10_inspect_static_token", op, {"token": V10, "now": NOW},
                    report("static", static={"owner_kind": "u", "owner_id": WS,
                                             "token_id": "66666666-7777-8888-9999-000000000000",
                                             "region": "gcp-europe-west2",
                                             "api_host": "https://api.europe-west2.gcp.tinybird.co"})))
    cases.append(ok("inspect_local_static_token", op, {"token": V11, "now": NOW},
                    report("static", static={"owner_kind": "u", "owner_id": WS,
                                             "token_id": "66666666-7777-8888-9999-000000000000",
                                             "region": None, "api_host": "http://localhost:7181"})))
    v10_payload = V10.split(".")[1]
    cases.append(ok("inspect_static_token_bad_signature", op, {"token": f"p.{v10_payload}.zo+", "now": NOW},
                    report("static", static={"owner_kind": "u", "owner_id": WS,
                                             "token_id": "66666666-7777-8888-9999-000000000000",
                                             "region": "gcp-europe-west2",
                                             "api_host": "https://api.europe-west2.gcp.tinybird.co"},
                           problems=[problem("malformed_token", "signature",
                                             "The signature is not strict base64url.")])))
    cases.append(ok("inspect_broken_static_token", op, {"token": "p.e30.x", "now": NOW},
                    report("static", problems=[problem(
                        "malformed_token", "payload",
                        'Not a valid static token: the payload needs "u" or "o", "id" and "host".')])))
    for case in cases:  # last key of every report: where each part of the token is
        case["expect"]["ok"]["segments"] = segments(case["input"]["token"], case["expect"]["ok"]["kind"])
    return cases


def claims_rule_cases(header: dict) -> list[dict]:
    """The claims rules inspection shares with create_jwt and verify_jwt: an rps of 0 or less is no limit
    (Tinybird's docs), not a problem; fixed params or a filter Tinybird ignores are reported (create refuses
    them, verify accepts them, as Tinybird does); a Tinybird token inside a claim is reported by its path."""
    op = "inspect_token"
    cases = []

    def claims(scopes, **more) -> dict:
        return {"workspace_id": WS, "name": "n", "exp": NOW + 60, "scopes": scopes, **more}

    def case(case_id, c, scopes, problems=(), **fields):
        cases.append(ok(case_id, op, {"token": pyjwt(c, ADMIN), "now": NOW},
                        report("jwt", header=header, claims=c, workspace_id=c["workspace_id"], name=c["name"],
                               scopes=scopes, expires_at=NOW + 60, expires_in=60, problems=list(problems),
                               **fields)))

    pipe = [{"type": "PIPES:READ", "resource": "p"}]
    for case_id, rps in (("inspect_limits_rps_zero_is_no_limit", 0), ("inspect_limits_rps_negative_is_no_limit", -1)):
        case(case_id, claims(pipe, limits={"rps": rps}), [explained("PIPES:READ", "p", "can read pipe p")],
             limits={"rps": rps})
    on_ds = [{"type": "DATASOURCES:READ", "resource": "events", "fixed_params": {"org_id": "acme"}}]
    case("inspect_fixed_params_on_datasource_ignored", claims(on_ds),
         [explained("DATASOURCES:READ", "events", "can read data source events; Tinybird ignores its fixed params "
                    "(org_id fixed to acme): they apply to PIPES:READ only", fixed_params={"org_id": "acme"})],
         [problem("invalid_fixed_params", "payload", "Tinybird ignores fixed params on a DATASOURCES:READ scope "
                  "(events): they apply to PIPES:READ only, so this token restricts less than it looks.")])
    on_pipe = [{"type": "PIPES:READ", "resource": "p", "filter": "org_id = 'acme'"}]
    case("inspect_filter_on_pipe_ignored", claims(on_pipe),
         [explained("PIPES:READ", "p", "can read pipe p; Tinybird ignores its filter (org_id = 'acme'): filters "
                    "apply to DATASOURCES:READ only", filt="org_id = 'acme'")],
         [problem("filter_not_supported", "payload", "Tinybird ignores an SQL filter on a PIPES:READ scope (p): "
                  "filters apply to DATASOURCES:READ only, so this token restricts less than it looks.")])
    with_secret = claims(pipe, tenant={"auth": f"Bearer {V11}"})
    case("inspect_secret_in_claim", with_secret, [explained("PIPES:READ", "p", "can read pipe p")],
         [problem("secret_in_claim", "payload", "The claim tenant.auth holds a Tinybird token (a static token or a "
                  "JWT): anyone holding this JWT can read it.")])
    return cases

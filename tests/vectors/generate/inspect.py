"""inspect.json: inspect_token."""
from __future__ import annotations

from .common import (
    ADMIN, NOW, V10, V11, WS, H, RefError, b64u, check, header_seg, ok, pyjwt, seg,
    sign_segments,
)
from .reference import I64_MAX, numeric_date, ref_verify_right_key, strict_json_object


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


def refused(code: str, part: str, message: str) -> dict:
    """A problem verify_jwt (right key, at `now`, leeway 0) refuses the token for: `verification: true`."""
    return {"code": code, "part": part, "message": message, "verification": True}


def flagged(code: str, part: str, message: str) -> dict:
    """A problem only Tinybird's claim rules raise (or a static token's): `verification: false`."""
    return {"code": code, "part": part, "message": message, "verification": False}


MISSING_EXP = 'The JWT has no "exp" claim; Tinybird requires one.'
NULL_EXP = 'The JWT\'s "exp" claim is null, which Tinybird\'s verifier reads as no "exp"; it requires one.'
AUD_BOUND = ('The JWT is bound to an audience ("aud"); Tinybird\'s verifier is given no audience, so it refuses a '
             "token bound to one.")


def not_numeric_date(name: str, json_type: str) -> str:
    return f'The "{name}" claim must be a NumericDate, a JSON number of seconds; this one is {json_type}.'


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
                  problems=[refused("token_expired", "payload", f"The token expired at {NOW + 3600}.")])),
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
                           problems=[refused("token_not_yet_valid", "payload",
                                             f"The token is not valid before {NOW + 30}.")])))
    bare = {"hola": "caracola"}
    cases.append(ok("inspect_not_a_tinybird_jwt", op, {"token": pyjwt(bare, "secret"), "now": NOW},
                    report("jwt", header=header, claims=bare, problems=[
                        refused("missing_claim", "payload", MISSING_EXP),
                        flagged("missing_claim", "payload",
                                'Tinybird JWTs carry a "workspace_id" claim; this one has none.'),
                        flagged("missing_claim", "payload", 'Tinybird JWTs carry a "name" claim; this one has none.'),
                        flagged("missing_claim", "payload",
                                'Tinybird JWTs carry a "scopes" claim; this one has none.')])))
    odd = {"workspace_id": WS, "name": "n", "exp": "soon",
           "scopes": [{"type": "TOKENS", "resource": "x"}, {"type": "PIPES:READ", "resource": "p",
                                                              "fixed_params": None}],
           "limits": {"rps": 0}}
    cases.append(ok("inspect_wrong_claim_types", op, {"token": pyjwt(odd, ADMIN), "now": NOW},
                    report("jwt", header=header, claims=odd, workspace_id=WS, name="n",
                           scopes=[explained("PIPES:READ", "p", "can read pipe p")], problems=[
                               refused("invalid_claims", "payload", not_numeric_date("exp", "a string")),
                               flagged("scope_not_allowed", "payload",
                                       "Scope TOKENS is not allowed in a JWT: use PIPES:READ or DATASOURCES:READ.")],
                           limits={"rps": 0})))
    cases += claims_rule_cases(header)
    cases += registered_claim_cases(header)
    # Broken parts are marked, the rest still decoded.
    payload = seg({"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []})
    none_header = header_seg({"alg": "none"})
    cases.append(ok("inspect_alg_none_and_short_signature", op,
                    {"token": f"{none_header}.{payload}.{b64u(b'x' * 31)}", "now": NOW},
                    report("jwt", header={"alg": "none"},
                           claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               refused("algorithm_not_allowed", "header",
                                       'The JWT algorithm is "none"; only HS256 is accepted.'),
                               refused("invalid_signature", "signature",
                                       "An HMAC-SHA256 signature is 32 bytes; this one is 31.")])))
    cases.append(ok("inspect_bad_header_base64", op, {"token": f"{H}=.{payload}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               refused("malformed_token", "header", "The header is not strict base64url.")])))
    cases.append(ok("inspect_payload_not_object", op,
                    {"token": f"{H}.{b64u(b'[1,2]')}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", header=header, problems=[
                        refused("malformed_token", "payload", "The payload is not a JSON object.")])))
    cases.append(ok("inspect_signature_not_base64", op, {"token": f"{H}.{payload}.abc+", "now": NOW},
                    report("jwt", header=header,
                           claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               refused("malformed_token", "signature", "The signature is not strict base64url.")])))
    for case_id, token, kind, count in [("inspect_garbage", "hello", "unknown", 1), ("inspect_empty", "", "unknown", 1),
                                        ("inspect_two_segments", "a.b", "jwt", 2),
                                        ("inspect_four_segments", "a.b.c.d", "jwt", 4)]:
        cases.append(ok(case_id, op, {"token": token, "now": NOW}, report(kind, problems=[refused(
            "malformed_token", "token",
            'A JWT has 3 segments separated by dots and a static token starts with "p."; '
            f"this has {count} segment(s).")])))
    # 10,000 levels: over the size cap, and past the parser's 128-level limit; nothing overflows a stack.
    deep = b64u(b"[" * 10000 + b"]" * 10000)
    cases.append(ok("inspect_ten_thousand_levels", op, {"token": f"{H}.{deep}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", header=header, problems=[
                        refused("token_too_large", "token", "The token is longer than verifiers accept."),
                        refused("malformed_token", "payload",
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
                           problems=[flagged("malformed_token", "signature",
                                             "The signature is not strict base64url.")])))
    cases.append(ok("inspect_broken_static_token", op, {"token": "p.e30.x", "now": NOW},
                    report("static", problems=[flagged(
                        "malformed_token", "payload",
                        'Not a valid static token: the payload needs "u" or "o", "id" and "host".')])))
    for case in cases:  # last key of every report: where each part of the token is
        case["expect"]["ok"]["segments"] = segments(case["input"]["token"], case["expect"]["ok"]["kind"])
        check_against_verify(case)
    return cases


def check_against_verify(case: dict) -> None:
    """The contract's agreement property, against the reference verifier (right key, at `now`, leeway 0):
    verification's problems come first; the first has the code verify_jwt fails with, and there is none
    when it accepts; a static token's problems are never verification's (verify_jwt refuses it whole).
    The shown times are the NumericDate reading (truncated, saturated); a bad one is shown as null."""
    cid, value = case["id"], case["expect"]["ok"]
    flags = [p["verification"] for p in value["problems"]]
    check(flags == sorted(flags, reverse=True), f"{cid}: verification problems must come first")
    if value["kind"] == "static":
        check(not any(flags), f"{cid}: a static token's problems are not verify_jwt's")
        return
    try:
        ref_verify_right_key(case["input"]["token"], case["input"]["now"])
        check(not any(flags), f"{cid}: verify_jwt accepts, yet a problem is marked verification")
    except RefError as e:
        check(bool(flags) and flags[0] and value["problems"][0]["code"] == e.code,
              f"{cid}: verify_jwt fails with {e.code}; the first problem must be that, marked verification")
    claims = value["claims"] or {}

    def shown(name: str):
        try:
            return numeric_date(claims[name])
        except (KeyError, RefError):
            return None

    exp = shown("exp")
    check([value["expires_at"], value["not_before"], value["issued_at"]] == [exp, shown("nbf"), shown("iat")],
          f"{cid}: shown times differ from the NumericDate reading")
    check(value["expires_in"] == (None if exp is None else max(-I64_MAX - 1, min(I64_MAX, exp - case["input"]["now"]))),
          f"{cid}: expires_in")


def registered_claim_cases(header: dict) -> list[dict]:
    """exp / nbf / iat as NumericDates (truncated toward zero, shown so), aud, and the problem order:
    verification's (nbf before exp, as PyJWT) first, Tinybird's claim rules after; iat never a problem."""
    op = "inspect_token"
    cases = []
    pipe = [{"type": "PIPES:READ", "resource": "p"}]
    pipe_explained = [explained("PIPES:READ", "p", "can read pipe p")]

    def case(case_id, text: str, problems=(), now=NOW, **fields):
        claims = strict_json_object(text.encode("utf-8"), core_numbers=True)  # 1e20 is a float in a report
        token = sign_segments(H, b64u(text.encode("utf-8")), ADMIN)
        base = {k: v if isinstance(v := claims.get(k), str) else None for k in ("workspace_id", "name")}
        scopes = pipe_explained if claims.get("scopes") == pipe else []
        cases.append(ok(case_id, op, {"token": token, "now": now},
                        report("jwt", header=header, claims=claims, scopes=scopes, problems=list(problems),
                               **base, **fields)))

    def tb(more: str) -> str:
        return f'{{"workspace_id":"{WS}","name":"n",{more},"scopes":[{{"type":"PIPES:READ","resource":"p"}}]}}'

    case("inspect_float_exp_python_time", tb('"exp":1700000600.25,"nbf":1.6e9,"iat":1699999999.7'),
         expires_at=NOW + 600, expires_in=600, not_before=1600000000, issued_at=NOW - 1)
    case("inspect_float_exp_truncates_to_now", tb('"exp":1700000000.5'), expires_at=NOW, expires_in=0,
         problems=[refused("token_expired", "payload", f"The token expired at {NOW}.")])
    case("inspect_negative_float_iat_truncates_toward_zero", tb('"exp":2000000000,"iat":-0.5'),
         expires_at=2000000000, expires_in=2000000000 - NOW, issued_at=0)
    case("inspect_exp_beyond_i64_saturates", tb('"exp":100000000000000000000'), expires_at=I64_MAX,
         expires_in=I64_MAX - NOW)
    case("inspect_expired_and_not_yet_valid", tb(f'"exp":{NOW - 1},"nbf":{NOW + 100}'), expires_at=NOW - 1,
         expires_in=-1, not_before=NOW + 100,
         problems=[refused("token_not_yet_valid", "payload", f"The token is not valid before {NOW + 100}."),
                   refused("token_expired", "payload", f"The token expired at {NOW - 1}.")])
    case("inspect_exp_null_is_missing", tb('"exp":null'), problems=[refused("missing_claim", "payload", NULL_EXP)])
    case("inspect_exp_numeric_string", tb('"exp":"2000000000"'),
         problems=[refused("invalid_claims", "payload", not_numeric_date("exp", "a string"))])
    case("inspect_nbf_null_and_exp_boolean", tb('"exp":true,"nbf":null'),
         problems=[refused("invalid_claims", "payload", not_numeric_date("nbf", "null")),
                   refused("invalid_claims", "payload", not_numeric_date("exp", "a boolean"))])
    case("inspect_iat_garbage_not_a_problem", tb('"exp":2000000000,"iat":"yesterday"'), expires_at=2000000000,
         expires_in=2000000000 - NOW)
    case("inspect_iat_future_not_a_problem", tb('"exp":2000000000,"iat":1900000000'), expires_at=2000000000,
         expires_in=2000000000 - NOW, issued_at=1900000000)
    case("inspect_aud_bound", tb('"exp":2000000000,"aud":"tinybird"'), expires_at=2000000000,
         expires_in=2000000000 - NOW, problems=[refused("invalid_claims", "payload", AUD_BOUND)])
    case("inspect_aud_falsy_not_a_problem", tb('"exp":2000000000,"aud":[]'), expires_at=2000000000,
         expires_in=2000000000 - NOW)
    # Verification's problems first, in its order; Tinybird's claim rules after.
    case("inspect_verification_problems_first", '{"name":7,"exp":1000,"aud":["a"],"scopes":[]}',
         expires_at=1000, expires_in=1000 - NOW,
         problems=[refused("token_expired", "payload", "The token expired at 1000."),
                   refused("invalid_claims", "payload", AUD_BOUND),
                   flagged("missing_claim", "payload",
                           'Tinybird JWTs carry a "workspace_id" claim; this one has none.'),
                   flagged("invalid_claims", "payload", '"name" must be a string.')])
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
         [flagged("invalid_fixed_params", "payload", "Tinybird ignores fixed params on a DATASOURCES:READ scope "
                  "(events): they apply to PIPES:READ only, so this token restricts less than it looks.")])
    on_pipe = [{"type": "PIPES:READ", "resource": "p", "filter": "org_id = 'acme'"}]
    case("inspect_filter_on_pipe_ignored", claims(on_pipe),
         [explained("PIPES:READ", "p", "can read pipe p; Tinybird ignores its filter (org_id = 'acme'): filters "
                    "apply to DATASOURCES:READ only", filt="org_id = 'acme'")],
         [flagged("filter_not_supported", "payload", "Tinybird ignores an SQL filter on a PIPES:READ scope (p): "
                  "filters apply to DATASOURCES:READ only, so this token restricts less than it looks.")])
    with_secret = claims(pipe, tenant={"auth": f"Bearer {V11}"})
    case("inspect_secret_in_claim", with_secret, [explained("PIPES:READ", "p", "can read pipe p")],
         [flagged("secret_in_claim", "payload", "The claim tenant.auth holds a Tinybird token (a static token or a "
                  "JWT): anyone holding this JWT can read it.")])
    return cases

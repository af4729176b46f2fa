"""jwt_create.json: create_jwt."""
from __future__ import annotations

import jwt

from .common import (
    ADMIN, NOW, TID, V10, V11, V12, V13, V14, V15, V16, V17, V18_PYJWT, WS, check, check_case_against, err, mask, ok,
    pyjwt, secret_in_claim_message, static_token, too_large_message,
)
from .reference import create_claims, ref_create_jwt, tinybird_accepts


def pr(resource: str, fixed_params: dict | None = None) -> dict:
    s = {"type": "PIPES:READ", "resource": resource}
    if fixed_params is not None:
        s["fixed_params"] = fixed_params
    return s


def dr(resource: str, filt: str | None = None) -> dict:
    s = {"type": "DATASOURCES:READ", "resource": resource}
    if filt is not None:
        s["filter"] = filt
    return s


def create_input(scopes, *, key=ADMIN, now=NOW, workspace_id=WS, name="frontend_jwt", ttl=None,
                 expires_at=2000000000, limits=None, extra_claims=None) -> dict:
    inp = {"key": key, "now": now, "workspace_id": workspace_id, "name": name}
    if ttl is not None:
        inp["ttl"] = ttl
    if expires_at is not None:
        inp["expires_at"] = expires_at
    inp["scopes"] = scopes
    if limits is not None:
        inp["limits"] = limits
    if extra_claims is not None:
        inp["extra_claims"] = extra_claims
    return inp


def jwt_create_cases() -> list[dict]:
    op = "create_jwt"
    cases = []
    # (id, input, exp, anchor token or None)
    oks = [
        ("anchor_v15_create_jwt_pipe_fixed_params",
         create_input([pr("requests_per_day", {"org_id": "testing"})]), 2000000000, V15),
        ("anchor_v16_create_jwt_pipe_and_filter_limits",
         create_input([pr("requests_per_day", {"org_id": "testing"}), dr("events", "org_id = 'testing'")],
                      limits={"rps": 10}), 2000000000, V16),
        ("anchor_v17_create_jwt_typed_fixed_params",
         create_input([pr("top_pages", {"user_id": 123, "active": True})]), 2000000000, V17),
        ("anchor_v18_create_jwt_non_ascii_name", create_input([pr("p")], name="usuario_ñ"), 2000000000, V18_PYJWT),
        ("create_jwt_ttl_1h_fixed_params",
         create_input([pr("my_pipe", {"param_name": "value"})], name="my_jwt", ttl="1h", expires_at=None),
         NOW + 3600, None),
        ("create_jwt_ttl_30min_filter",
         create_input([dr("events", "org_id = 'acme'")], ttl="30min", expires_at=None), NOW + 1800, None),
        ("create_jwt_ttl_fraction", create_input([pr("p")], ttl="1.5h", expires_at=None), NOW + 5400, None),
        ("create_jwt_ttl_one_second", create_input([pr("p")], ttl="1", expires_at=None), NOW + 1, None),
        ("create_jwt_ttl_rounds_down", create_input([pr("p")], ttl="1500ms", expires_at=None), NOW + 1, None),
        ("create_jwt_ttl_number_of_seconds", create_input([pr("p")], ttl=3600, expires_at=None), NOW + 3600, None),
        ("create_jwt_ttl_fractional_number", create_input([pr("p")], ttl=1.5, expires_at=None), NOW + 1, None),
        ("create_jwt_expires_one_second_after_now", create_input([pr("p")], expires_at=NOW + 1), NOW + 1, None),
        ("create_jwt_empty_fixed_params_left_out", create_input([pr("p", {})]), 2000000000, None),
        ("create_jwt_datasource_read_no_filter", create_input([dr("events")]), 2000000000, None),
        ("create_jwt_shared_datasource", create_input([dr("analytics.events", "org_id = 1")]), 2000000000, None),
        ("create_jwt_fixed_params_all_types",
         create_input([pr("p", {"s": "x", "n": -7, "f": 1.5, "t": True, "b": False, "e": ""})]), 2000000000, None),
        ("create_jwt_many_scopes",
         create_input([pr("a"), dr("b"), pr("c", {"k": "v"}), dr("d", "x > 1")]), 2000000000, None),
        ("create_jwt_same_resource_twice", create_input([pr("p"), pr("p")]), 2000000000, None),
        ("create_jwt_limits_rps_1", create_input([pr("p")], limits={"rps": 1}), 2000000000, None),
        ("create_jwt_extra_claims",
         create_input([pr("p")], limits={"rps": 5}, extra_claims={"sub": "user_1", "iat": NOW, "tenant": {"id": 7}}),
         2000000000, None),
        ("create_jwt_extra_claims_without_limits", create_input([pr("p")], extra_claims={"sub": "dashboard"}),
         2000000000, None),
        # Falsy `aud`, a NumericDate `nbf` before `exp` and any `iat`: Tinybird's verifier accepts them.
        ("create_jwt_extra_claims_tinybird_accepts",
         create_input([pr("p")], extra_claims={"aud": "", "nbf": NOW + 0.5, "iat": "whenever"}), 2000000000, None),
        ("create_jwt_name_with_space", create_input([pr("p")], name="frontend jwt"), 2000000000, None),
        ("create_jwt_filter_non_ascii", create_input([dr("events", "city = 'Málaga'")]), 2000000000, None),
        ("create_jwt_key_tinybird_local", create_input([pr("p")], key=V11), 2000000000, None),
        ("create_jwt_key_public_token", create_input([pr("p")], key=V13), 2000000000, None),
        ("create_jwt_key_org_token",
         create_input([pr("p")], key=static_token("o", WS, TID, "aws-us-east-1", "abcd")), 2000000000, None),
    ]
    for case_id, inp, exp, anchor in oks:
        claims = create_claims(inp, exp)
        token = pyjwt(claims, inp["key"])
        if anchor is not None:
            check(token == anchor, f"{case_id}: PyJWT bytes differ from the anchor")
        cases.append(ok(case_id, op, inp, {"token": token}))

    base = [pr("my_pipe")]
    errs = [
        ("create_jwt_empty_key", create_input(base, key=""), "invalid_signing_key"),
        ("anchor_v21_create_jwt_key_not_admin_token", create_input(base, key="secret"), "invalid_signing_key"),
        ("create_jwt_key_non_tinybird_payload", create_input(base, key=V12), "invalid_signing_key"),
        ("create_jwt_key_is_a_jwt", create_input(base, key=V15), "invalid_signing_key"),
        ("create_jwt_key_two_segments", create_input(base, key="p.eyJ1IjogIngifQ"), "invalid_signing_key"),
        ("create_jwt_key_bad_base64", create_input(base, key="p.!!!!.abc"), "invalid_signing_key"),
        ("create_jwt_key_wrong_prefix", create_input(base, key="q" + V10[1:]), "invalid_signing_key"),
        ("create_jwt_empty_workspace_id", create_input(base, workspace_id=""), "invalid_claims"),
        ("create_jwt_empty_name", create_input(base, name=""), "invalid_claims"),
        ("create_jwt_ttl_and_expires_at", create_input(base, ttl="1h", expires_at=2000000000), "invalid_argument"),
        ("create_jwt_no_expiry", create_input(base, expires_at=None), "invalid_argument"),
        ("create_jwt_ttl_negative_number", create_input(base, ttl=-5, expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_tiny_number", create_input(base, ttl=1e-7, expires_at=None), "invalid_ttl"),
        ("anchor_v21_create_jwt_expires_in_past", create_input(base, expires_at=1600000000), "invalid_claims"),
        ("create_jwt_expires_at_now", create_input(base, expires_at=NOW), "invalid_claims"),
        ("create_jwt_ttl_unparsable", create_input(base, ttl="abc", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_months", create_input(base, ttl="1mo", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_zero", create_input(base, ttl="0", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_below_one_second", create_input(base, ttl="1ms", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_too_large", create_input(base, ttl="86400000000000", expires_at=None), "invalid_ttl"),
        ("create_jwt_no_scopes", create_input([]), "invalid_claims"),
        ("anchor_v21_create_jwt_append_scope", create_input([{"type": "DATASOURCES:APPEND", "resource": "events"}]),
         "scope_not_allowed"),
        ("create_jwt_admin_scope", create_input([{"type": "ADMIN", "resource": "events"}]), "scope_not_allowed"),
        ("create_jwt_tokens_scope", create_input([pr("p"), {"type": "TOKENS", "resource": "x"}]), "scope_not_allowed"),
        ("create_jwt_lowercase_scope_type", create_input([{"type": "pipes:read", "resource": "p"}]), "invalid_scope"),
        ("create_jwt_unknown_scope_type", create_input([{"type": "PIPES:WRITE", "resource": "p"}]), "invalid_scope"),
        ("create_jwt_empty_resource", create_input([pr("")]), "missing_resource"),
        ("create_jwt_bad_resource_name", create_input([pr("my-pipe")]), "invalid_scope"),
        ("create_jwt_resource_three_parts", create_input([dr("a.b.c")]), "invalid_scope"),
        ("create_jwt_filter_on_pipe",
         create_input([{"type": "PIPES:READ", "resource": "p", "filter": "a = 1"}]), "filter_not_supported"),
        ("create_jwt_empty_filter", create_input([dr("events", "")]), "invalid_scope"),
        ("create_jwt_fixed_params_on_datasource",
         create_input([{"type": "DATASOURCES:READ", "resource": "events", "fixed_params": {"a": "1"}}]),
         "invalid_fixed_params"),
        ("create_jwt_fixed_params_null_value", create_input([pr("p", {"a": None})]), "invalid_fixed_params"),
        ("create_jwt_fixed_params_list_value", create_input([pr("p", {"a": [1, 2]})]), "invalid_fixed_params"),
        ("create_jwt_fixed_params_object_value", create_input([pr("p", {"a": {"b": "c"}})]), "invalid_fixed_params"),
        ("create_jwt_fixed_params_empty_key", create_input([pr("p", {"": "x"})]), "invalid_fixed_params"),
        ("create_jwt_limits_rps_fraction", create_input(base, limits={"rps": 1.5}), "invalid_limits"),
        ("create_jwt_limits_rps_string", create_input(base, limits={"rps": "10"}), "invalid_limits"),
        ("create_jwt_limits_rps_bool", create_input(base, limits={"rps": True}), "invalid_limits"),
        ("create_jwt_limits_rps_null", create_input(base, limits={"rps": None}), "invalid_limits"),
        ("create_jwt_limits_without_rps", create_input(base, limits={}), "invalid_limits"),
    ]
    for reserved in ("workspace_id", "name", "exp", "scopes", "limits"):
        errs.append((f"create_jwt_extra_claim_{reserved}", create_input(base, extra_claims={reserved: "x"}),
                     "invalid_claims"))
    # Extra claims Tinybird's verifier would refuse the token for are refused at mint.
    for case_id, extra in [
        ("create_jwt_extra_claim_aud_bound", {"aud": "dashboard"}),
        ("create_jwt_extra_claim_aud_list", {"aud": ["a", "b"]}),
        ("create_jwt_extra_claim_nbf_string", {"nbf": str(NOW)}),
        ("create_jwt_extra_claim_nbf_null", {"nbf": None}),
        ("create_jwt_extra_claim_nbf_at_exp", {"nbf": 2000000000}),
    ]:
        errs.append((case_id, create_input(base, extra_claims=extra), "invalid_claims"))
    for case_id, inp, code in errs:
        cases.append(err(case_id, op, inp, code))
    for case in cases:
        check_case_against(case, ref_create_jwt)
        if "ok" in case["expect"]:
            # Every minted token is one Tinybird's verifier accepts, just before it expires.
            token = case["expect"]["ok"]["token"]
            exp = jwt.decode(token, options={"verify_signature": False})["exp"]
            check(tinybird_accepts(token, case["input"]["key"].encode("utf-8"), exp - 1),
                  f"{case['id']}: Tinybird's verifier refuses the minted token")
    return cases + minting_rule_cases(base)


def minting_rule_cases(base: list[dict]) -> list[dict]:
    """What create_jwt refuses to sign although each field reads, messages pinned: a Tinybird token in any
    claim (never echoed, the claim named by its path), a token verification would reject for its size, an
    rps Tinybird reads as no limit, a restriction Tinybird ignores; and tokens pasted into the wrong field,
    masked in the message."""
    op = "create_jwt"
    ttl_help = ("Use a number of seconds, or a number and one unit: 30s, 15m, 1h, 1.5h, 7d, 2w, 1y (units ns, us, ms, "
                "s/sec, m/min, h/hour, d/day, w/week, y/year = 52 weeks, singular or plural; no combinations like "
                "1h30m, no signs).")
    rps_message = ("limits.rps is {}: Tinybird reads 0 or less as no rate limit; leave limits out for none, or give "
                   "at least 1.")
    big = create_input(base, extra_claims={"blob": "a" * 12300})
    big_token = pyjwt(create_claims(big, 2000000000), ADMIN)
    table = [
        ("create_jwt_secret_in_name", create_input(base, name=ADMIN), "secret_in_claim",
         secret_in_claim_message("name")),
        ("create_jwt_secret_in_workspace_id", create_input(base, workspace_id=V14), "secret_in_claim",
         secret_in_claim_message("workspace_id")),
        ("create_jwt_secret_in_fixed_param_value", create_input([pr("p", {"plan": "pro", "org_id": ADMIN})]),
         "secret_in_claim", secret_in_claim_message("scopes[0].fixed_params.org_id")),
        ("create_jwt_secret_in_fixed_param_key", create_input([pr("p", {ADMIN: "x"})]), "secret_in_claim",
         secret_in_claim_message(f"scopes[0].fixed_params.{ADMIN}")),
        ("create_jwt_secret_in_filter", create_input([pr("p"), dr("events", f"org_id = '{ADMIN}'")]),
         "secret_in_claim", secret_in_claim_message("scopes[1].filter")),
        ("create_jwt_secret_in_extra_claim_nested",
         create_input(base, extra_claims={"tenant": {"keys": ["x", f"Bearer {V14}"]}}), "secret_in_claim",
         secret_in_claim_message("tenant.keys[1]")),
        ("create_jwt_secret_as_resource", create_input([pr(ADMIN)]), "secret_in_claim",
         "The resource of a JWT scope PIPES:READ holds a Tinybird token (a static token or a JWT): give a pipe or "
         "data source name."),
        ("create_jwt_too_large", big, "token_too_large", too_large_message(len(big_token))),
        ("create_jwt_limits_rps_zero", create_input(base, limits={"rps": 0}), "invalid_limits", rps_message.format(0)),
        ("create_jwt_limits_rps_negative", create_input(base, limits={"rps": -5}), "invalid_limits",
         rps_message.format(-5)),
        ("create_jwt_limits_rps_fraction_message", create_input(base, limits={"rps": 1.5}), "invalid_limits",
         'limits must be {"rps": <integer>}.'),
        ("create_jwt_fixed_params_on_datasource_message",
         create_input([dr("events", "org_id = 'acme'") | {"fixed_params": {"org_id": "acme"}}]),
         "invalid_fixed_params", "Fixed params apply to PIPES:READ scopes only, not DATASOURCES:READ."),
        ("create_jwt_filter_on_pipe_message", create_input([{"type": "PIPES:READ", "resource": "p", "filter": "a = 1"}]),
         "filter_not_supported", "An SQL filter applies to DATASOURCES:READ scopes only, not PIPES:READ."),
        ("mask_create_jwt_admin_token_as_scope_type", create_input([{"type": ADMIN, "resource": "p"}]),
         "invalid_scope", f"Unknown JWT scope {mask(ADMIN)}: use PIPES:READ or DATASOURCES:READ."),
        ("mask_create_jwt_admin_token_as_ttl", create_input(base, ttl=ADMIN, expires_at=None), "invalid_ttl",
         f'Invalid TTL "{mask(ADMIN)}": it does not start with a number. {ttl_help}'),
    ]
    check(len(big_token) > 16384, "create_jwt_too_large: the token is not too large")
    cases = [err(case_id, op, inp, code, message) for case_id, inp, code, message in table]
    for case in cases:
        check_case_against({**case, "expect": {"error": case["expect"]["error"]}}, ref_create_jwt)
    return cases

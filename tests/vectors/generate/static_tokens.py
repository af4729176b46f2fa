"""static_tokens.json: generate_static_token, decode_static_token, verify_static_token."""
from __future__ import annotations

import json

from .common import (
    TID, V10, V11, V12, V13, V15, WS, b64u, b64u_lenient, check, check_case_against, err, first_with, hs256,
    noncanonical, ok, padded, static_from_payload_text, static_token, std_alphabet,
)
from .reference import API_HOSTS, api_host, ref_decode_static, ref_verify_static


def static_value(kind, owner, token_id, region) -> dict:
    return {"owner_kind": kind, "owner_id": owner, "token_id": token_id, "region": region,
            "api_host": api_host(region)}


def static_tokens_cases() -> list[dict]:
    cases = []
    g = "generate_static_token"
    gens = [
        ("anchor_v10_generate_static_token", "u", WS, TID, "gcp-europe-west2", "abcd", V10),
        ("anchor_v11_generate_static_token_local", "u", WS, TID, None, "abcd", V11),
        ("generate_static_token_org", "o", WS, TID, "aws-us-east-1", "abcd", None),
        ("generate_static_token_unicode_secret", "u", WS, TID, "gcp-us-east4", "sécret", None),
        ("generate_static_token_non_ascii_owner", "u", "usuario_ñ", "id-ü", None, "abcd", None),
        ("generate_static_token_quotes_in_id", "u", 'a"b\\c', TID, "gcp-europe-west3", "abcd", None),
        ("generate_static_token_unknown_region", "u", WS, TID, "mars-north-1", "abcd", None),
    ]
    for case_id, kind, owner, token_id, region, secret, anchor in gens:
        token = static_token(kind, owner, token_id, region, secret)
        if anchor is not None:
            check(token == anchor, f"{case_id}: static token differs from the anchor")
        cases.append(ok(case_id, g, {"owner_kind": kind, "owner_id": owner, "token_id": token_id, "region": region,
                                     "secret": secret}, {"token": token}))
    cases.append(err("generate_static_token_empty_secret", g,
                     {"owner_kind": "u", "owner_id": WS, "token_id": TID, "region": None, "secret": ""},
                     "invalid_signing_key"))

    d = "decode_static_token"
    decodes_ok = [
        ("anchor_v13_decode_static_token_public", V13,
         static_value("u", "ef4cc4ae-11d0-45a7-a571-2bd855cdd6d4", "be8128a9-c893-4151-b35c-f92b95ef5220",
                      "gcp-europe-west2")),
        ("anchor_v10_decode_static_token", V10, static_value("u", WS, TID, "gcp-europe-west2")),
        ("anchor_v11_decode_static_token_local", V11, static_value("u", WS, TID, None)),
        ("decode_static_token_org", static_token("o", WS, TID, "aws-us-east-1", "abcd"),
         static_value("o", WS, TID, "aws-us-east-1")),
        ("decode_static_token_non_ascii_owner", static_token("u", "usuario_ñ", "id-ü", None, "abcd"),
         static_value("u", "usuario_ñ", "id-ü", None)),
        ("decode_static_token_key_order_free",
         static_from_payload_text(json.dumps({"host": None, "id": TID, "u": WS})), static_value("u", WS, TID, None)),
        ("decode_static_token_compact_json",
         static_from_payload_text(json.dumps({"u": WS, "id": TID, "host": "aws-eu-west-1"}, separators=(",", ":"))),
         static_value("u", WS, TID, "aws-eu-west-1")),
        ("decode_static_token_unverified_signature", f"{V10.rsplit('.', 1)[0]}.{b64u(bytes(32))}",
         static_value("u", WS, TID, "gcp-europe-west2")),
    ]
    for region in API_HOSTS:
        if region is None or region == "gcp-europe-west2":
            continue
        decodes_ok.append((f"decode_static_token_region_{region.replace('-', '_')}",
                           static_token("u", WS, TID, region, "abcd"), static_value("u", WS, TID, region)))
    for case_id, region in [("decode_static_token_region_unknown", "mars-north-1"),
                            ("decode_static_token_region_empty", ""),
                            ("decode_static_token_region_suffix_not_matched", "gcp-europe-west2-staging"),
                            ("decode_static_token_region_uppercase_not_matched", "GCP-EUROPE-WEST2")]:
        decodes_ok.append((case_id, static_token("u", WS, TID, region, "abcd"), static_value("u", WS, TID, region)))
    for case_id, token, value in decodes_ok:
        cases.append(ok(case_id, d, {"token": token}, value))

    middle10 = V10.split(".")[1]
    sig10 = V10.split(".")[2]
    dash_static = first_with(lambda i: static_token("u", WS, "?" * (i + 1), None, "abcd"),
                             lambda t: "-" in t.split(".")[1] or "_" in t.split(".")[1], "static payload with - or _")
    long_static = first_with(lambda i: static_token("u", WS, "t" * i, None, "abcd"),
                             lambda t: len(t.split(".")[1]) % 4 in (2, 3), "static payload with unused bits")
    lm = long_static.split(".")[1]
    decodes_err = [
        ("anchor_v12_decode_static_token_not_tinybird_payload", V12),
        ("anchor_v12_decode_static_token_long_prefix", f"jajaj{V10}"),
        ("anchor_v12_decode_static_token_underscore_prefix", "p_testing" + V10[1:]),
        ("anchor_v12_decode_static_token_garbage", "asdasd"),
        ("decode_static_token_empty", ""),
        ("decode_static_token_uppercase_prefix", "P" + V10[1:]),
        ("decode_static_token_empty_prefix", V10[1:]),
        ("decode_static_token_two_segments", f"p.{middle10}"),
        ("decode_static_token_four_segments", f"{V10}.{sig10}"),
        ("decode_static_token_jwt", V15),
        ("decode_static_token_payload_padding", f"p.{padded(lm)}.{long_static.split('.')[2]}"),
        ("decode_static_token_payload_noncanonical", f"p.{noncanonical(lm)}.{long_static.split('.')[2]}"),
        ("decode_static_token_payload_standard_alphabet",
         f"p.{std_alphabet(dash_static.split('.')[1])}.{dash_static.split('.')[2]}"),
        ("decode_static_token_payload_whitespace", f"p.{middle10[:8]} {middle10[8:]}.{sig10}"),
        ("decode_static_token_payload_not_json", static_from_payload_text("not json")),
        ("decode_static_token_payload_array", static_from_payload_text(json.dumps([WS, TID, None]))),
        ("decode_static_token_both_owner_kinds",
         static_from_payload_text(json.dumps({"u": WS, "o": WS, "id": TID, "host": None}))),
        ("decode_static_token_no_owner", static_from_payload_text(json.dumps({"id": TID, "host": None}))),
        ("decode_static_token_owner_number", static_from_payload_text(json.dumps({"u": 123, "id": TID, "host": None}))),
        ("decode_static_token_owner_null", static_from_payload_text(json.dumps({"o": None, "id": TID, "host": None}))),
        ("decode_static_token_no_id", static_from_payload_text(json.dumps({"u": WS, "host": None}))),
        ("decode_static_token_id_number", static_from_payload_text(json.dumps({"u": WS, "id": 7, "host": None}))),
        ("decode_static_token_no_host", static_from_payload_text(json.dumps({"u": WS, "id": TID}))),
        ("decode_static_token_host_number", static_from_payload_text(json.dumps({"u": WS, "id": TID, "host": 5}))),
        ("decode_static_token_host_object",
         static_from_payload_text(json.dumps({"u": WS, "id": TID, "host": {"region": "x"}}))),
    ]
    for case_id, token in decodes_err:
        cases.append(err(case_id, d, {"token": token}, "malformed_token"))

    v = "verify_static_token"
    tampered_middle = b64u(json.dumps({"u": WS, "id": TID, "host": "aws-us-east-1"}).encode())
    verifies = [
        ("anchor_v10_verify_static_token", V10, "abcd", static_value("u", WS, TID, "gcp-europe-west2")),
        ("anchor_v11_verify_static_token_local", V11, "abcd", static_value("u", WS, TID, None)),
        ("verify_static_token_org", static_token("o", WS, TID, "aws-us-east-1", "abcd"), "abcd",
         static_value("o", WS, TID, "aws-us-east-1")),
        ("verify_static_token_unicode_secret", static_token("u", WS, TID, "gcp-us-east4", "sécret"), "sécret",
         static_value("u", WS, TID, "gcp-us-east4")),
    ]
    for case_id, token, secret, value in verifies:
        cases.append(ok(case_id, v, {"token": token, "secret": secret}, value))
    verify_errs = [
        ("anchor_v10_verify_static_token_wrong_secret", V10, "abce", "invalid_signature"),
        ("anchor_v13_verify_static_token_unknown_secret", V13, "abcd", "invalid_signature"),
        ("verify_static_token_secret_case", V10, "ABCD", "invalid_signature"),
        ("verify_static_token_tampered_payload", f"p.{tampered_middle}.{sig10}", "abcd", "invalid_signature"),
        ("verify_static_token_truncated_signature", f"p.{middle10}.{b64u(b64u_lenient(sig10)[:31])}", "abcd",
         "invalid_signature"),
        ("verify_static_token_empty_signature", f"p.{middle10}.", "abcd", "invalid_signature"),
        ("verify_static_token_signature_over_prefix",
         f"p.{middle10}.{b64u(hs256(b'abcd', ('p.' + middle10).encode()))}", "abcd", "invalid_signature"),
        ("verify_static_token_empty_secret", V10, "", "invalid_signing_key"),
        ("anchor_v12_verify_static_token_not_tinybird_payload", V12, "secret", "malformed_token"),
        ("verify_static_token_wrong_prefix_valid_signature", "x" + V10[1:], "abcd", "malformed_token"),
        ("verify_static_token_two_segments", f"p.{middle10}", "abcd", "malformed_token"),
    ]
    for case_id, token, secret, code in verify_errs:
        cases.append(err(case_id, v, {"token": token, "secret": secret}, code))

    for case in cases:
        if case["op"] == d:
            check_case_against(case, lambda i: ref_decode_static(i["token"]))
        elif case["op"] == v:
            check_case_against(case, ref_verify_static)
    check(b64u_lenient(V12.split(".")[2]) == hs256(b"secret", V12.split(".")[1].encode()), "V12 signature")
    return cases

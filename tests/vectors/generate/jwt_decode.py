"""jwt_decode.json: decode_jwt."""
from __future__ import annotations

from .common import (
    A1_TOKEN, ADMIN, MAX_TOKEN_BYTES, V10, V15, V18_JS, V19, b64u, check_case_against, err, header_seg, ok, pyjwt,
    sign_segments,
)
from .jwt_verify import CLAIMS, nested_array, sized_token
from .reference import pyjwt_agrees_decode, ref_decode_jwt

DUP_HEADER = b'{"alg":"HS256","alg":"none"}'
DUP_PAYLOAD = b'{"exp":1,"exp":2}'
BOM_PAYLOAD = b'\xef\xbb\xbf{"exp":2000000000}'


def jwt_decode_cases() -> list[dict]:
    op = "decode_jwt"
    std = pyjwt(CLAIMS, ADMIN)
    h, p, s = std.split(".")
    none_h = header_seg({"alg": "none", "typ": "JWT"})
    deep = ('{"n":' + nested_array(200) + "}").encode()

    def raw(payload_text: str) -> str:
        return sign_segments(h, b64u(payload_text.encode("utf-8")), ADMIN)

    oks = [
        ("anchor_v15_decode_jwt", V15),
        ("anchor_v18_decode_jwt_js_raw_utf8", V18_JS),
        ("anchor_v19_decode_jwt_server_order", V19),
        ("rfc7515_a1_decode_jwt", A1_TOKEN),
        ("decode_jwt_standard", std),
        ("decode_jwt_expired", pyjwt({"exp": 1000}, ADMIN)),
        ("decode_jwt_wrong_key", pyjwt(CLAIMS, "not the key")),
        ("decode_jwt_nbf_future", pyjwt({"exp": 2000000000, "nbf": 1999999999}, ADMIN)),
        ("decode_jwt_tampered_signature", f"{h}.{p}.{b64u(bytes(32))}"),
        ("decode_jwt_unicode_raw", sign_segments(h, b64u('{"exp":1,"emoji":"😀"}'.encode()), ADMIN)),
        # The NumericDate reading of verify_jwt, without the clock.
        ("decode_jwt_exp_float", raw('{"exp":1700000600.5}')),
        ("decode_jwt_exp_exponent", raw('{"exp":2e9}')),
        ("decode_jwt_exp_beyond_u64", raw('{"exp":18446744073709551616}')),
        ("decode_jwt_expired_and_not_yet_valid", raw('{"exp":1000,"nbf":1900000000.5}')),
        ("decode_jwt_aud_falsy", raw('{"exp":2000000000,"aud":[]}')),
        ("decode_jwt_iat_garbage", raw('{"exp":2000000000,"iat":"yesterday"}')),
        # The signature segment must be strict base64url; its length and value are not judged.
        ("decode_jwt_signature_31_bytes", f"{h}.{p}.{b64u(bytes(31))}"),
        ("decode_jwt_empty_signature", f"{h}.{p}."),
    ]
    errs = [
        # Every verify_jwt check but the HMAC comparison and the clock (the contract).
        ("decode_jwt_alg_none_unsigned", f"{none_h}.{p}.", "algorithm_not_allowed"),
        ("decode_jwt_alg_rs256", sign_segments(header_seg({"alg": "RS256", "kid": "k"}), p, ADMIN),
         "algorithm_not_allowed"),
        ("decode_jwt_no_alg", sign_segments(header_seg({"typ": "JWT"}), p, ADMIN), "algorithm_not_allowed"),
        ("decode_jwt_alg_hs512", sign_segments(header_seg({"alg": "HS512"}), p, ADMIN), "algorithm_not_allowed"),
        ("decode_jwt_crit", sign_segments(header_seg({"alg": "HS256", "crit": ["exp"]}), p, ADMIN),
         "malformed_token"),
        ("decode_jwt_b64_true", sign_segments(header_seg({"alg": "HS256", "b64": True}), p, ADMIN),
         "malformed_token"),
        ("decode_jwt_static_token", V10, "malformed_token"),
        ("decode_jwt_signature_padding", f"{h}.{p}.{s}=", "malformed_token"),
        ("decode_jwt_signature_bad_char", f"{h}.{p}.{s[:-1]}!", "malformed_token"),
        ("decode_jwt_missing_exp", pyjwt({"sub": "x"}, ADMIN), "missing_claim"),
        ("decode_jwt_empty_claims", pyjwt({}, ADMIN), "missing_claim"),
        ("decode_jwt_exp_null", raw('{"exp":null}'), "missing_claim"),
        ("decode_jwt_exp_string", pyjwt({"exp": "soon"}, ADMIN), "invalid_claims"),
        ("decode_jwt_exp_numeric_string", pyjwt({"exp": "2000000000"}, ADMIN), "invalid_claims"),
        ("decode_jwt_exp_bool", raw('{"exp":true}'), "invalid_claims"),
        ("decode_jwt_nbf_null", raw('{"exp":2000000000,"nbf":null}'), "invalid_claims"),
        ("decode_jwt_nbf_string", raw('{"exp":2000000000,"nbf":"1600000000"}'), "invalid_claims"),
        ("decode_jwt_aud_string", raw('{"exp":2000000000,"aud":"tinybird"}'), "invalid_claims"),
        ("decode_jwt_payload_1e400", raw('{"exp":2000000000,"x":1e400}'), "malformed_token"),
        ("decode_jwt_payload_bom", f"{h}.{b64u(BOM_PAYLOAD)}.{s}", "malformed_token"),
        ("decode_jwt_payload_lone_surrogate_escape", raw('{"exp":2000000000,"s":"\\udc00"}'), "malformed_token"),
        ("decode_jwt_too_large", "a" * (MAX_TOKEN_BYTES + 1), "token_too_large"),
        ("decode_jwt_too_large_signed", sized_token(MAX_TOKEN_BYTES + 1)[0], "token_too_large"),
        ("decode_jwt_empty_token", "", "malformed_token"),
        ("decode_jwt_two_segments", f"{h}.{p}", "malformed_token"),
        ("decode_jwt_four_segments", f"{h}.{p}.{s}.{s}", "malformed_token"),
        ("decode_jwt_header_padding", f"{h}==.{p}.{s}", "malformed_token"),
        ("decode_jwt_header_not_json", f"{b64u(b'hello')}.{p}.{s}", "malformed_token"),
        ("decode_jwt_header_array", f"{b64u(b'[]')}.{p}.{s}", "malformed_token"),
        ("decode_jwt_header_duplicate_keys", f"{b64u(DUP_HEADER)}.{p}.{s}",
         "malformed_token"),
        ("decode_jwt_empty_header", f".{p}.{s}", "malformed_token"),
        ("decode_jwt_payload_not_json", f"{h}.{b64u(b'nope')}.{s}", "malformed_token"),
        ("decode_jwt_payload_array", f"{h}.{b64u(b'[1,2]')}.{s}", "malformed_token"),
        ("decode_jwt_payload_duplicate_keys", f"{h}.{b64u(DUP_PAYLOAD)}.{s}", "malformed_token"),
        ("decode_jwt_payload_standard_alphabet", f"{h}.{p[:10]}+{p[11:]}.{s}", "malformed_token"),
        ("decode_jwt_payload_whitespace", f"{h}.{p[:10]}\n{p[10:]}.{s}", "malformed_token"),
        ("decode_jwt_empty_payload", f"{h}..{s}", "malformed_token"),
        ("decode_jwt_payload_invalid_utf8", f"{h}.{b64u(bytes([0x7b, 0xff, 0x7d]))}.{s}", "malformed_token"),
        ("decode_jwt_payload_deeply_nested", f"{h}.{b64u(deep)}.{s}",
         "malformed_token"),
    ]
    cases = []
    for case_id, token in oks:
        inp = {"token": token}
        case = ok(case_id, op, inp, ref_decode_jwt(inp))
        pyjwt_agrees_decode(case)
        cases.append(case)
    for case_id, token, code in errs:
        case = err(case_id, op, {"token": token}, code)
        check_case_against(case, ref_decode_jwt)
        cases.append(case)
    return cases

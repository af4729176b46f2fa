"""jwt_verify.json: verify_jwt."""
from __future__ import annotations

import hashlib
import hmac
import json

from .common import (
    A1_JWK_K, A1_TOKEN, ADMIN, MAX_TOKEN_BYTES, NOW, V11, V14, V15, V16, V17, V18_JS, V18_PYJWT, V19, V20, WS, Fail, H,
    b64u, b64u_lenient, check, check_case_against, err, first_with, header_seg, load_hmac_vectors, noncanonical, ok,
    padded, pyjwt, seg, sign_segments, std_alphabet,
)
from .jwt_sign import BINARY_KEY, LONG_KEY
from .reference import RefError, pyjwt_agrees_verify, ref_decode_jwt, ref_verify_jwt, tinybird_accepts
from .tinybird import judge

HS = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {"workspace_id": WS, "name": "frontend_jwt", "exp": 2000000000,
          "scopes": [{"type": "PIPES:READ", "resource": "top_pages"}]}
OTHER_KEY = V11


def nested_array(levels: int, inner="x") -> str:
    return "[" * levels + json.dumps(inner) + "]" * levels


def nested_object(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def sized_token(target: int) -> tuple[str, dict]:
    """A validly signed token of exactly `target` bytes (padding claim length searched)."""
    for n in range(target):
        claims = {"exp": 2000000000, "pad": "x" * n}
        token = pyjwt(claims, ADMIN)
        if len(token) == target:
            return token, claims
        if len(token) > target:
            break
    for n in range(target):  # a second filler shifts the base64 phase
        claims = {"exp": 2000000000, "p": "y", "pad": "x" * n}
        token = pyjwt(claims, ADMIN)
        if len(token) == target:
            return token, claims
    raise Fail(f"no token of {target} bytes")


def verify_input(token: str, keys=None, now=NOW, leeway=None, keys_hex=None) -> dict:
    inp = {"token": token}
    if keys_hex is not None:
        inp["keys_hex"] = keys_hex
    else:
        inp["keys"] = [ADMIN] if keys is None else keys
    inp["now"] = now
    if leeway is not None:
        inp["leeway"] = leeway
    return inp


def jwt_verify_cases() -> list[dict]:
    op = "verify_jwt"
    std = pyjwt(CLAIMS, ADMIN)
    h, p, s = std.split(".")
    check(h == H, "PyJWT header segment")
    a1_key = b64u_lenient(A1_JWK_K)
    ok_cases = []  # (id, input)
    err_cases = []  # (id, input, code)

    def signed(claims: dict, key=ADMIN) -> str:
        return pyjwt(claims, key)

    def raw(payload_text: str, key=ADMIN, header=H) -> str:
        return sign_segments(header, b64u(payload_text.encode("utf-8")), key)

    # --- valid tokens
    ok_cases += [
        ("anchor_v15_verify_jwt", verify_input(V15)),
        ("anchor_v16_verify_jwt", verify_input(V16)),
        ("anchor_v17_verify_jwt", verify_input(V17)),
        ("anchor_v18_verify_jwt_pyjwt_escaped", verify_input(V18_PYJWT)),
        ("anchor_v18_verify_jwt_js_raw_utf8", verify_input(V18_JS)),
        ("anchor_v19_verify_jwt_server_order", verify_input(V19)),
        ("anchor_v20_verify_jwt_null_fixed_params", verify_input(V20)),
        ("anchor_v14_verify_jwt_pyjwt_doctest", verify_input(V14, keys=["secret"], now=12312312)),
        ("rfc7515_a1_verify_jwt_before_exp", verify_input(A1_TOKEN, keys_hex=[a1_key.hex()], now=1300819379)),
        ("verify_jwt_standard", verify_input(std)),
        ("verify_jwt_exp_one_second_after_now", verify_input(signed({"exp": NOW + 1}))),
        ("verify_jwt_leeway_exp_edge_valid", verify_input(signed({"exp": NOW - 60 + 1}), leeway=60)),
        ("verify_jwt_nbf_equal_now", verify_input(signed({"exp": 2000000000, "nbf": NOW}))),
        ("verify_jwt_nbf_past", verify_input(signed({"nbf": 1600000000, "exp": 2000000000}))),
        ("verify_jwt_leeway_nbf_edge_valid", verify_input(signed({"exp": 2000000000, "nbf": NOW + 60}), leeway=60)),
        ("verify_jwt_iat_in_future_ignored", verify_input(signed({"exp": 2000000000, "iat": 1900000000}))),
        ("verify_jwt_negative_nbf", verify_input(signed({"exp": 2000000000, "nbf": -5}))),
        ("verify_jwt_key_rotation_second_key", verify_input(std, keys=[OTHER_KEY, ADMIN])),
        ("verify_jwt_key_rotation_first_key", verify_input(std, keys=[ADMIN, OTHER_KEY])),
        ("verify_jwt_same_key_twice_first_index", verify_input(std, keys=[ADMIN, ADMIN])),
        ("verify_jwt_keys_hex_binary", verify_input(signed({"exp": 2000000000, "sub": "bin"}, BINARY_KEY),
                                                    keys_hex=[LONG_KEY.hex(), BINARY_KEY.hex()])),
        ("verify_jwt_keys_hex_non_utf8", verify_input(signed({"exp": 2000000000}, b"\xff\xfe\x80\x00"),
                                                      keys_hex=["fffe8000"])),
        ("verify_jwt_header_without_typ", verify_input(sign_segments(header_seg({"alg": "HS256"}), p, ADMIN))),
        ("verify_jwt_header_extra_fields",
         verify_input(sign_segments(header_seg({"typ": "at+jwt", "kid": "k1", "alg": "HS256", "x5t": None}), p,
                                    ADMIN))),
        ("verify_jwt_unicode_claims_escaped",
         verify_input(signed({"exp": 2000000000, "name": "usuario_ñ", "emoji": "😀", "jp": "東京"}))),
        ("verify_jwt_unicode_claims_raw_utf8",
         verify_input(raw('{"exp":2000000000,"name":"usuario_ñ","emoji":"😀","jp":"東京"}'))),
        ("verify_jwt_json_whitespace", verify_input(raw(' {\n  "exp" : 2000000000 ,\r\n  "a" : [ 1 , 2 ]\t}\n'))),
        ("verify_jwt_escaped_key_names", verify_input(raw('{"\\u0065xp":2000000000,"k\\"q":"\\/"}'))),
        ("verify_jwt_moderate_nesting", verify_input(raw('{"exp":2000000000,"n":' + nested_array(20) + "}"))),
        ("verify_jwt_large_exp", verify_input(signed({"exp": 9007199254740991}))),
        ("verify_jwt_exp_and_nbf_only", verify_input(signed({"nbf": NOW - 10, "exp": NOW + 10}))),
    ]
    exact_token, _ = sized_token(MAX_TOKEN_BYTES)
    ok_cases.append(("verify_jwt_exactly_max_size", verify_input(exact_token)))

    # --- errors, in the README's check order
    err_cases += [
        ("verify_jwt_no_keys", verify_input(std, keys=[]), "invalid_argument"),
        ("verify_jwt_empty_key", verify_input(std, keys=[""]), "invalid_signing_key"),
        ("verify_jwt_empty_key_hex", verify_input(std, keys_hex=[""]), "invalid_signing_key"),
        ("verify_jwt_no_keys_hex", verify_input(std, keys_hex=[]), "invalid_argument"),
        ("verify_jwt_negative_leeway", verify_input(std, leeway=-1), "invalid_argument"),
        ("verify_jwt_no_keys_before_size", verify_input("a" * (MAX_TOKEN_BYTES + 1), keys=[]), "invalid_argument"),
        ("verify_jwt_too_large_garbage", verify_input("a" * (MAX_TOKEN_BYTES + 1)), "token_too_large"),
        ("verify_jwt_too_large_signed", verify_input(sized_token(MAX_TOKEN_BYTES + 1)[0]), "token_too_large"),
        ("verify_jwt_too_large_in_bytes_not_chars", verify_input("é" * (MAX_TOKEN_BYTES // 2 + 1)),
         "token_too_large"),
        ("verify_jwt_empty_token", verify_input(""), "malformed_token"),
        ("verify_jwt_one_segment", verify_input(h), "malformed_token"),
        ("verify_jwt_two_segments", verify_input(f"{h}.{p}"), "malformed_token"),
        ("verify_jwt_four_segments", verify_input(f"{std}.{s}"), "malformed_token"),
        ("verify_jwt_five_segments", verify_input(f"{h}.{p}.{s}.{h}.{p}"), "malformed_token"),
        ("verify_jwt_trailing_dot", verify_input(std + "."), "malformed_token"),
        ("verify_jwt_all_segments_empty", verify_input(".."), "malformed_token"),
        ("verify_jwt_empty_header", verify_input(sign_segments("", p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_bad_char", verify_input(f"{h[:10]}*{h[11:]}.{p}.{s}"), "malformed_token"),
        ("verify_jwt_header_space_inside", verify_input(f"{h[:10]} {h[10:]}.{p}.{s}"), "malformed_token"),
        ("verify_jwt_leading_space", verify_input(" " + std), "malformed_token"),
        ("verify_jwt_header_length_mod4_1", verify_input(f"{h}A.{p}.{s}"), "malformed_token"),
        ("verify_jwt_header_not_json", verify_input(sign_segments(b64u(b"not json"), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_truncated_json",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","typ":"JWT"'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_trailing_garbage",
         verify_input(sign_segments(b64u(b'{"alg":"HS256"}x'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_array", verify_input(sign_segments(b64u(b'["HS256"]'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_string", verify_input(sign_segments(b64u(b'"HS256"'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_null", verify_input(sign_segments(b64u(b"null"), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_invalid_utf8",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","x":"\xff"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_duplicate_alg",
         verify_input(sign_segments(b64u(b'{"alg":"none","alg":"HS256"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_duplicate_same_alg",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","alg":"HS256"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_deeply_nested",
         verify_input(sign_segments(b64u(('{"alg":"HS256","x":' + nested_array(200) + "}").encode()), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_header_nan",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","x":NaN}'), p, ADMIN)), "malformed_token"),
    ]
    # Header base64 strictness needs a header whose encoding has unused bits / - or _.
    kid_header = first_with(lambda i: {"alg": "HS256", "typ": "JWT", "kid": f"k{i}"},
                            lambda hd: len(header_seg(hd)) % 4 == 2, "header with 4 unused bits")
    kh = header_seg(kid_header)
    dash_header = first_with(lambda i: {"alg": "HS256", "kid": "?" * (i + 1)},
                             lambda hd: "_" in header_seg(hd) or "-" in header_seg(hd), "header with - or _")
    ok_cases.append(("verify_jwt_header_with_kid", verify_input(sign_segments(kh, p, ADMIN))))
    err_cases += [
        ("verify_jwt_header_padding", verify_input(sign_segments(padded(kh), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_noncanonical_bits", verify_input(sign_segments(noncanonical(kh), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_header_standard_alphabet",
         verify_input(sign_segments(std_alphabet(header_seg(dash_header)), p, ADMIN)), "malformed_token"),
    ]
    ok_cases.append(("verify_jwt_header_url_alphabet", verify_input(sign_segments(header_seg(dash_header), p, ADMIN))))

    # alg checks (before the signature: a valid HS256 MAC does not help)
    for name, hdr in [("none", {"alg": "none", "typ": "JWT"}), ("none_titlecase", {"alg": "None", "typ": "JWT"}),
                      ("none_uppercase", {"alg": "NONE", "typ": "JWT"}), ("lowercase_hs256", {"alg": "hs256"}),
                      ("empty", {"alg": ""})]:
        err_cases.append((f"verify_jwt_alg_{name}_unsigned", verify_input(f"{header_seg(hdr)}.{p}."),
                          "algorithm_not_allowed"))
        err_cases.append((f"verify_jwt_alg_{name}_with_hs256_mac",
                          verify_input(sign_segments(header_seg(hdr), p, ADMIN)), "algorithm_not_allowed"))
    hs512_h = header_seg({"alg": "HS512", "typ": "JWT"})
    hs512 = f"{hs512_h}.{p}.{b64u(hmac.new(ADMIN.encode(), f'{hs512_h}.{p}'.encode(), hashlib.sha512).digest())}"
    err_cases += [
        ("verify_jwt_alg_hs512", verify_input(hs512), "algorithm_not_allowed"),
        ("verify_jwt_alg_rs256_key_confusion",
         verify_input(sign_segments(header_seg({"alg": "RS256", "typ": "JWT"}), p, ADMIN)), "algorithm_not_allowed"),
        ("verify_jwt_alg_missing", verify_input(sign_segments(header_seg({"typ": "JWT"}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_number", verify_input(sign_segments(header_seg({"alg": 256, "typ": "JWT"}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_null", verify_input(sign_segments(header_seg({"alg": None}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_list", verify_input(sign_segments(header_seg({"alg": ["HS256"]}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_trailing_space", verify_input(sign_segments(header_seg({"alg": "HS256 "}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_empty_header_object", verify_input(sign_segments(header_seg({}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_none_before_crit",
         verify_input(sign_segments(header_seg({"alg": "none", "crit": ["exp"]}), p, ADMIN)), "algorithm_not_allowed"),
        ("verify_jwt_alg_before_bad_signature", verify_input(f"{header_seg({'alg': 'none'})}.{p}.!!"),
         "algorithm_not_allowed"),
        ("verify_jwt_crit", verify_input(sign_segments(header_seg({"alg": "HS256", "typ": "JWT", "crit": ["exp"]}), p,
                                                        ADMIN)), "malformed_token"),
        ("verify_jwt_crit_empty", verify_input(sign_segments(header_seg({"alg": "HS256", "crit": []}), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_b64_false",
         verify_input(sign_segments(header_seg({"alg": "HS256", "b64": False, "crit": ["b64"]}), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_b64_false_without_crit", verify_input(sign_segments(header_seg({"alg": "HS256", "b64": False}),
                                                                         p, ADMIN)), "malformed_token"),
        ("verify_jwt_b64_true", verify_input(sign_segments(header_seg({"alg": "HS256", "b64": True}), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_crit_with_bad_signature",
         verify_input(f"{header_seg({'alg': 'HS256', 'crit': ['exp']})}.{p}.{s}"), "malformed_token"),
    ]

    # signature segment
    dash_sig_token = first_with(lambda i: signed({"exp": 2000000000, "n": i}),
                                lambda t: "-" in t.split(".")[2] or "_" in t.split(".")[2], "signature with - or _")
    dh, dp, ds = dash_sig_token.split(".")
    sig = b64u_lenient(s)
    err_cases += [
        ("verify_jwt_signature_padding", verify_input(f"{h}.{p}.{padded(s)}"), "malformed_token"),
        ("verify_jwt_signature_noncanonical_bits", verify_input(f"{h}.{p}.{noncanonical(s)}"), "malformed_token"),
        ("verify_jwt_signature_standard_alphabet", verify_input(f"{dh}.{dp}.{std_alphabet(ds)}"), "malformed_token"),
        ("verify_jwt_signature_space_inside", verify_input(f"{h}.{p}.{s[:20]} {s[20:]}"), "malformed_token"),
        ("verify_jwt_signature_trailing_newline", verify_input(std + "\n"), "malformed_token"),
        ("verify_jwt_signature_bad_char", verify_input(f"{h}.{p}.{s[:-1]}!"), "malformed_token"),
        ("verify_jwt_signature_length_mod4_1", verify_input(f"{h}.{p}.{s}AA"), "malformed_token"),
        ("verify_jwt_signature_before_payload_checks", verify_input(f"{h}.!!!.{s}!"), "malformed_token"),
        ("verify_jwt_empty_signature", verify_input(f"{h}.{p}."), "invalid_signature"),
        ("verify_jwt_signature_31_bytes", verify_input(f"{h}.{p}.{b64u(sig[:31])}"), "invalid_signature"),
        ("verify_jwt_signature_33_bytes", verify_input(f"{h}.{p}.{b64u(sig + bytes([0]))}"), "invalid_signature"),
        ("verify_jwt_signature_64_bytes", verify_input(f"{h}.{p}.{b64u(sig + sig)}"), "invalid_signature"),
        ("verify_jwt_signature_16_bytes", verify_input(f"{h}.{p}.{b64u(sig[:16])}"), "invalid_signature"),
        ("verify_jwt_signature_zeros", verify_input(f"{h}.{p}.{b64u(bytes(32))}"), "invalid_signature"),
        ("verify_jwt_signature_last_bit_flipped",
         verify_input(f"{h}.{p}.{b64u(sig[:31] + bytes([sig[31] ^ 1]))}"), "invalid_signature"),
        ("verify_jwt_other_key", verify_input(signed(CLAIMS, OTHER_KEY)), "invalid_signature"),
        ("verify_jwt_no_matching_key_in_list", verify_input(std, keys=[OTHER_KEY, "secret"]), "invalid_signature"),
        ("verify_jwt_key_differs_by_case", verify_input(signed(CLAIMS, "Secret"), keys=["secret"]),
         "invalid_signature"),
        ("verify_jwt_tampered_header",
         verify_input(f"{header_seg({'alg': 'HS256', 'typ': 'JWT', 'kid': 'x'})}.{p}.{s}"), "invalid_signature"),
        ("verify_jwt_tampered_payload", verify_input(f"{h}.{seg(dict(CLAIMS, exp=2100000000))}.{s}"),
         "invalid_signature"),
        ("verify_jwt_tampered_payload_garbage", verify_input(f"{h}.!!!not base64!!!.{s}"), "invalid_signature"),
        ("verify_jwt_swapped_signature", verify_input(f"{h}.{p}.{ds}"), "invalid_signature"),
        ("verify_jwt_empty_payload_unsigned", verify_input(f"{h}..{s}"), "invalid_signature"),
        ("verify_jwt_hs256_signature_with_sha512_key_hex",
         verify_input(std, keys_hex=[hashlib.sha512(ADMIN.encode()).hexdigest()]), "invalid_signature"),
        ("rfc7515_a1_verify_jwt_wrong_key", verify_input(A1_TOKEN, keys=[A1_JWK_K], now=1300819379),
         "invalid_signature"),
    ]

    # payload checks (signed over the exact, malformed segment: they come after the signature)
    len_payload = first_with(lambda i: {"exp": 2000000000, "n": "x" * i}, lambda c: len(seg(c)) % 4 == 3,
                             "payload with unused bits")
    lp = seg(len_payload)
    dash_payload = first_with(lambda i: {"exp": 2000000000, "k": "?" * (i + 1)},
                              lambda c: "_" in seg(c) or "-" in seg(c), "payload with - or _")
    err_cases += [
        ("verify_jwt_empty_payload_signed", verify_input(sign_segments(h, "", ADMIN)), "malformed_token"),
        ("verify_jwt_payload_padding", verify_input(sign_segments(h, padded(lp), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_noncanonical_bits", verify_input(sign_segments(h, noncanonical(lp), ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_standard_alphabet",
         verify_input(sign_segments(h, std_alphabet(seg(dash_payload)), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_newline_inside", verify_input(sign_segments(h, f"{p[:12]}\n{p[12:]}", ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_space_inside", verify_input(sign_segments(h, f"{p[:12]} {p[12:]}", ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_length_mod4_1", verify_input(sign_segments(h, p + "A" * ((1 - len(p)) % 4), ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_not_json", verify_input(raw("exp=2000000000")), "malformed_token"),
        ("verify_jwt_payload_trailing_comma", verify_input(raw('{"exp":2000000000,}')), "malformed_token"),
        ("verify_jwt_payload_single_quotes", verify_input(raw("{'exp':2000000000}")), "malformed_token"),
        ("verify_jwt_payload_two_values", verify_input(raw('{"exp":2000000000}{}')), "malformed_token"),
        ("verify_jwt_payload_array", verify_input(raw('[{"exp":2000000000}]')), "malformed_token"),
        ("verify_jwt_payload_number", verify_input(raw("2000000000")), "malformed_token"),
        ("verify_jwt_payload_string", verify_input(raw('"exp"')), "malformed_token"),
        ("verify_jwt_payload_null", verify_input(raw("null")), "malformed_token"),
        ("verify_jwt_payload_duplicate_exp", verify_input(raw('{"exp":1000,"exp":2000000000}')), "malformed_token"),
        ("verify_jwt_payload_duplicate_other_key", verify_input(raw('{"exp":2000000000,"a":1,"a":2}')),
         "malformed_token"),
        ("verify_jwt_payload_invalid_utf8",
         verify_input(sign_segments(h, b64u(b'{"exp":2000000000,"n":"\xc3\x28"}'), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_nan", verify_input(raw('{"exp":2000000000,"x":NaN}')), "malformed_token"),
        ("verify_jwt_payload_deeply_nested_arrays",
         verify_input(raw('{"exp":2000000000,"n":' + nested_array(200) + "}")), "malformed_token"),
        ("verify_jwt_payload_deeply_nested_objects",
         verify_input(raw('{"exp":2000000000,"n":' + nested_object(200) + "}")), "malformed_token"),
        ("verify_jwt_payload_deeply_nested_without_exp", verify_input(raw('{"n":' + nested_array(200) + "}")),
         "malformed_token"),
    ]
    ok_cases.append(("verify_jwt_payload_with_unused_bits", verify_input(sign_segments(h, lp, ADMIN))))

    # claim checks
    err_cases += [
        ("verify_jwt_exp_missing", verify_input(signed({"name": "x"})), "missing_claim"),
        ("verify_jwt_empty_claims", verify_input(signed({})), "missing_claim"),
        ("verify_jwt_exp_missing_nbf_future", verify_input(signed({"nbf": 2000000000})), "missing_claim"),
        ("verify_jwt_exp_string", verify_input(signed({"exp": "2000000000"})), "invalid_claims"),
        ("verify_jwt_exp_float_exponent", verify_input(raw('{"exp":1.5e9}')), "token_expired"),
        ("verify_jwt_exp_bool", verify_input(raw('{"exp":true}')), "invalid_claims"),
        ("verify_jwt_exp_null", verify_input(raw('{"exp":null}')), "missing_claim"),
        ("verify_jwt_exp_object", verify_input(raw('{"exp":{"t":2000000000}}')), "invalid_claims"),
        ("verify_jwt_nbf_string", verify_input(signed({"exp": 2000000000, "nbf": "1600000000"})), "invalid_claims"),
        ("verify_jwt_nbf_null", verify_input(raw('{"exp":2000000000,"nbf":null}')), "invalid_claims"),
        ("verify_jwt_bad_nbf_before_expiry", verify_input(signed({"exp": 1000, "nbf": "x"})), "invalid_claims"),
        ("verify_jwt_expired", verify_input(signed({"exp": NOW - 3600})), "token_expired"),
        ("verify_jwt_exp_equal_now", verify_input(signed({"exp": NOW})), "token_expired"),
        ("verify_jwt_exp_zero", verify_input(signed({"exp": 0})), "token_expired"),
        ("verify_jwt_exp_negative", verify_input(signed({"exp": -1})), "token_expired"),
        ("verify_jwt_exp_i64_min", verify_input(raw('{"exp":-9223372036854775808}')), "token_expired"),
        ("verify_jwt_leeway_exp_edge_expired", verify_input(signed({"exp": NOW - 60}), leeway=60), "token_expired"),
        ("verify_jwt_expired_and_not_yet_valid", verify_input(signed({"exp": NOW - 1, "nbf": NOW + 100})),
         "token_not_yet_valid"),
        ("verify_jwt_nbf_future", verify_input(signed({"exp": 2000000000, "nbf": NOW + 1})), "token_not_yet_valid"),
        ("verify_jwt_leeway_nbf_edge_not_yet_valid",
         verify_input(signed({"exp": 2000000000, "nbf": NOW + 61}), leeway=60), "token_not_yet_valid"),
        ("rfc7515_a1_verify_jwt_at_exp", verify_input(A1_TOKEN, keys_hex=[a1_key.hex()], now=1300819380),
         "token_expired"),
        ("anchor_v20_verify_jwt_expired", verify_input(V20, now=1700003600), "token_expired"),
    ]

    err_cases += numeric_date_cases(ok_cases, raw, signed)
    err_cases += aud_cases(ok_cases, raw)
    err_cases += stricter_cases(ok_cases, raw, h, p)

    cases = []
    stricter = dict(STRICTER)
    for case_id, inp in ok_cases:
        value = ref_verify_jwt(inp)
        case = ok(case_id, op, inp, value)
        pyjwt_agrees_verify(case)
        cases.append(judge(case))
    for case_id, inp, code in err_cases:
        case = err(case_id, op, inp, code)
        check_case_against(case, ref_verify_jwt)
        cases.append(judge(case, stricter.pop(case_id, None)))
    check(not stricter, f"STRICTER names unknown cases {sorted(stricter)}")
    for case in cases:
        check_decode_agrees(case)
    # Spot checks of the hand-built ok values against known claims.
    by_id = {c["id"]: c for c in cases}
    check(by_id["rfc7515_a1_verify_jwt_before_exp"]["expect"]["ok"] ==
          {"header": {"typ": "JWT", "alg": "HS256"},
           "claims": {"iss": "joe", "exp": 1300819380, "http://example.com/is_root": True}, "key_index": 0},
          "RFC 7515 A.1 expectation")
    check(list(by_id["rfc7515_a1_verify_jwt_before_exp"]["expect"]["ok"]["header"]) == ["typ", "alg"],
          "RFC 7515 A.1 header order")
    check(by_id["verify_jwt_key_rotation_second_key"]["expect"]["ok"]["key_index"] == 1, "rotation index")
    check(by_id["anchor_v18_verify_jwt_js_raw_utf8"]["expect"]["ok"]["claims"]["name"] == "usuario_ñ", "V18 JS")
    check(a1_key.hex() == next(v for v in load_hmac_vectors()["rfc4231"] if v["id"] == "rfc7515_a1_hs256")["key_hex"],
          "A.1 key differs from the shared HMAC file")
    return cases


# Cases we refuse and Tinybird's verifier (PyJWT 2.9.0) accepts, each with the contract's table row that
# says why (tinybird.judge fails on a refusal PyJWT accepts that is not listed here, and on a stale entry).
STRICTER = {
    "verify_jwt_four_segments_pyjwt_reads": "segments",
    "verify_jwt_header_padding": "base64",
    "verify_jwt_header_noncanonical_bits": "base64",
    "verify_jwt_header_standard_alphabet": "base64",
    "verify_jwt_signature_padding": "base64",
    "verify_jwt_signature_noncanonical_bits": "base64",
    "verify_jwt_signature_standard_alphabet": "base64",
    "verify_jwt_payload_padding": "base64",
    "verify_jwt_payload_noncanonical_bits": "base64",
    "verify_jwt_payload_standard_alphabet": "base64",
    "verify_jwt_payload_newline_inside": "base64",
    "verify_jwt_payload_space_inside": "base64",
    "verify_jwt_header_nan": "json_text",
    "verify_jwt_payload_nan": "json_text",
    "verify_jwt_payload_bom": "json_text",
    "verify_jwt_header_bom": "json_text",
    "verify_jwt_payload_utf16": "json_text",
    "verify_jwt_payload_lone_surrogate_escape": "json_text",
    "verify_jwt_payload_utf8_encoded_surrogate": "json_text",
    "verify_jwt_payload_infinity": "json_text",
    "verify_jwt_header_duplicate_alg": "duplicate_members",
    "verify_jwt_header_duplicate_same_alg": "duplicate_members",
    "verify_jwt_payload_duplicate_exp": "duplicate_members",
    "verify_jwt_payload_duplicate_other_key": "duplicate_members",
    "verify_jwt_payload_duplicate_nested": "duplicate_members",
    "verify_jwt_payload_1e400_other_claim": "number_range",
    "verify_jwt_exp_400_digit_integer": "number_range",
    "verify_jwt_header_deeply_nested": "nesting",
    "verify_jwt_payload_deeply_nested_arrays": "nesting",
    "verify_jwt_payload_deeply_nested_objects": "nesting",
    "verify_jwt_payload_128_levels": "nesting",
    "verify_jwt_payload_129_levels": "nesting",
    "verify_jwt_too_large_signed": "size",
    "verify_jwt_crit": "crit",
    "verify_jwt_crit_empty": "crit",
    "verify_jwt_b64_true": "b64",
    "verify_jwt_exp_string": "numeric_date_type",
    "verify_jwt_exp_string_spaces": "numeric_date_type",
    "verify_jwt_exp_string_underscores": "numeric_date_type",
    "verify_jwt_nbf_string": "numeric_date_type",
    "verify_jwt_nbf_true": "numeric_date_type",
    "verify_jwt_nbf_false": "numeric_date_type",
}


def numeric_date_cases(ok_cases: list, raw, signed) -> list:
    """exp / nbf as RFC 7519 NumericDates: any JSON number, truncated toward zero (Python's int(), as
    PyJWT reads them), saturated into i64. `now` is NOW = 1700000000."""
    ok_cases += [
        # Were invalid_claims before the contract read exp / nbf as NumericDates.
        ("verify_jwt_exp_float_fraction_zero", verify_input(raw('{"exp":2000000000.0}'))),
        ("verify_jwt_exp_integer_with_exponent", verify_input(raw('{"exp":2e9}'))),
        ("verify_jwt_exp_fraction", verify_input(raw('{"exp":2000000000.5}'))),
        ("verify_jwt_exp_above_i64", verify_input(raw('{"exp":9223372036854775808}'))),
        ("verify_jwt_nbf_float", verify_input(raw('{"exp":2000000000,"nbf":1600000000.0}'))),
        ("verify_jwt_exp_float_python_time", verify_input(signed({"exp": NOW + 600.123456, "name": "n"}))),
        ("verify_jwt_exp_float_truncates_above_now", verify_input(raw('{"exp":1700000001.9}'))),
        ("verify_jwt_exp_exponent_above_now", verify_input(raw('{"exp":1.7000001e9}'))),
        ("verify_jwt_exp_exponent_uppercase", verify_input(raw('{"exp":2E9}'))),
        ("verify_jwt_exp_exponent_plus_sign", verify_input(raw('{"exp":2e+9}'))),
        ("verify_jwt_exp_beyond_u64", verify_input(raw('{"exp":18446744073709551616}'))),
        ("verify_jwt_exp_beyond_u64_decimal", verify_input(raw('{"exp":100000000000000000000}'))),
        ("verify_jwt_exp_1e30_saturates", verify_input(raw('{"exp":1e30}'))),
        ("verify_jwt_exp_u64_max", verify_input(raw('{"exp":18446744073709551615}'))),
        ("verify_jwt_nbf_float_past", verify_input(raw('{"exp":2000000000,"nbf":1600000000.5}'))),
        ("verify_jwt_nbf_float_truncates_to_now", verify_input(raw('{"exp":2000000000,"nbf":1700000000.9}'))),
        ("verify_jwt_nbf_exponent_past", verify_input(raw('{"exp":2000000000,"nbf":1.6e9}'))),
        ("verify_jwt_nbf_minus_1e30", verify_input(raw('{"exp":2000000000,"nbf":-1e30}'))),
        ("verify_jwt_nbf_negative_float", verify_input(raw('{"exp":2000000000,"nbf":-0.5}'))),
        ("verify_jwt_leeway_float_exp_edge_valid", verify_input(raw('{"exp":1699999941.99}'), leeway=60)),
        ("verify_jwt_iat_garbage_ignored", verify_input(raw('{"exp":2000000000,"iat":"yesterday"}'))),
    ]
    return [
        ("verify_jwt_exp_float_half_truncates_to_now", verify_input(raw('{"exp":1700000000.5}')), "token_expired"),
        ("verify_jwt_exp_float_just_below_now", verify_input(raw('{"exp":1699999999.99}')), "token_expired"),
        ("verify_jwt_exp_exponent_equal_now", verify_input(raw('{"exp":1.7e9}')), "token_expired"),
        ("verify_jwt_exp_negative_float", verify_input(raw('{"exp":-0.5}')), "token_expired"),
        ("verify_jwt_exp_negative_fraction", verify_input(raw('{"exp":-1.5}')), "token_expired"),
        ("verify_jwt_exp_minus_1e30", verify_input(raw('{"exp":-1e30}')), "token_expired"),
        ("verify_jwt_exp_below_i64", verify_input(raw('{"exp":-9223372036854775809}')), "token_expired"),
        ("verify_jwt_exp_beyond_u64_negative", verify_input(raw('{"exp":-18446744073709551616}')), "token_expired"),
        ("verify_jwt_exp_false", verify_input(raw('{"exp":false}')), "invalid_claims"),
        ("verify_jwt_exp_string_spaces", verify_input(signed({"exp": " 2000000000 "})), "invalid_claims"),
        ("verify_jwt_exp_string_underscores", verify_input(signed({"exp": "2_000_000_000"})), "invalid_claims"),
        ("verify_jwt_exp_list", verify_input(raw('{"exp":[2000000000]}')), "invalid_claims"),
        ("verify_jwt_nbf_true", verify_input(raw('{"exp":2000000000,"nbf":true}')), "invalid_claims"),
        ("verify_jwt_nbf_false", verify_input(raw('{"exp":2000000000,"nbf":false}')), "invalid_claims"),
        ("verify_jwt_nbf_string_future", verify_input(signed({"exp": 2000000000, "nbf": "1900000000"})),
         "invalid_claims"),
        ("verify_jwt_nbf_object", verify_input(raw('{"exp":2000000000,"nbf":{}}')), "invalid_claims"),
        ("verify_jwt_nbf_float_future", verify_input(raw('{"exp":2000000000,"nbf":1700000001.5}')),
         "token_not_yet_valid"),
        ("verify_jwt_nbf_exponent_future", verify_input(raw('{"exp":2000000000,"nbf":1.8e9}')),
         "token_not_yet_valid"),
        ("verify_jwt_nbf_beyond_i64", verify_input(raw('{"exp":2000000000,"nbf":9223372036854775808}')),
         "token_not_yet_valid"),
        ("verify_jwt_leeway_float_exp_edge_expired", verify_input(raw('{"exp":1699999940.99}'), leeway=60),
         "token_expired"),
        ("verify_jwt_nbf_null_expired", verify_input(raw('{"exp":1000,"nbf":null}')), "invalid_claims"),
        ("verify_jwt_nbf_checked_before_exp_type", verify_input(raw('{"exp":"x","nbf":1900000000}')),
         "token_not_yet_valid"),
        ("verify_jwt_exp_null_before_bad_nbf", verify_input(raw('{"exp":null,"nbf":"x"}')), "missing_claim"),
    ]


def aud_cases(ok_cases: list, raw) -> list:
    """`aud`: Tinybird's verifier names no audience, so PyJWT refuses a truthy one and ignores a falsy one."""
    for name, text in [("null", "null"), ("empty_string", '""'), ("empty_list", "[]"), ("empty_object", "{}"),
                       ("zero", "0"), ("zero_float", "0.0"), ("false", "false")]:
        ok_cases.append((f"verify_jwt_aud_falsy_{name}", verify_input(raw(f'{{"exp":2000000000,"aud":{text}}}'))))
    out = [(f"verify_jwt_aud_{name}", verify_input(raw(f'{{"exp":2000000000,"aud":{text}}}')), "invalid_claims")
           for name, text in [("string", '"tinybird"'), ("list", '["a","b"]'), ("list_of_empty", '[""]'),
                              ("number", "1"), ("true", "true"), ("object", '{"a":1}')]]
    out += [
        ("verify_jwt_aud_after_expiry", verify_input(raw('{"exp":1000,"aud":"x"}')), "token_expired"),
        ("verify_jwt_aud_after_not_yet_valid", verify_input(raw('{"exp":2000000000,"nbf":1900000000,"aud":"x"}')),
         "token_not_yet_valid"),
    ]
    return out


def stricter_cases(ok_cases: list, raw, h: str, p: str) -> list:
    """One token per row of the stricter-by-design table that PyJWT accepts (more rows are covered by the
    existing cases: padding, alphabet, crit, duplicates, deep nesting, size)."""
    def four_segments(i: int) -> str:
        claims = {"exp": 2000000000, "n": "x" * i}
        body = seg(claims)
        cut = 4 * (1 + i % 3)
        return sign_segments(h, f"{body[:cut]}.{body[cut:]}", ADMIN)

    def pyjwt_reads(token: str) -> bool:
        return tinybird_accepts(token, ADMIN.encode(), NOW)

    # 128 and 129 levels: the claims object and 127 / 128 arrays; 127 is the most the core reads. (No ok
    # case at 127: its claims, written into the vector file, would nest deeper than the Rust runner's own
    # JSON parser reads.)
    deep_128 = '{"exp":2000000000,"n":' + nested_array(127) + "}"
    deep_129 = '{"exp":2000000000,"n":' + nested_array(128) + "}"
    utf16 = '{"exp":2000000000}'.encode("utf-16")
    return [
        ("verify_jwt_four_segments_pyjwt_reads",
         verify_input(first_with(four_segments, pyjwt_reads, "4 segments PyJWT reads")), "malformed_token"),
        ("verify_jwt_payload_bom", verify_input(sign_segments(h, b64u(b'\xef\xbb\xbf{"exp":2000000000}'), ADMIN)),
         "malformed_token"),
        ("verify_jwt_header_bom",
         verify_input(sign_segments(b64u(b'\xef\xbb\xbf{"alg":"HS256","typ":"JWT"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_payload_utf16", verify_input(sign_segments(h, b64u(utf16), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_lone_surrogate_escape", verify_input(raw('{"exp":2000000000,"s":"\\ud800"}')),
         "malformed_token"),
        ("verify_jwt_payload_utf8_encoded_surrogate",
         verify_input(sign_segments(h, b64u(b'{"exp":2000000000,"s":"\xed\xa0\x80"}'), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_infinity", verify_input(raw('{"exp":2000000000,"x":-Infinity}')), "malformed_token"),
        ("verify_jwt_exp_nan", verify_input(raw('{"exp":NaN}')), "malformed_token"),
        ("verify_jwt_payload_duplicate_nested", verify_input(raw('{"exp":2000000000,"o":{"a":1,"a":2}}')),
         "malformed_token"),
        ("verify_jwt_payload_1e400_other_claim", verify_input(raw('{"exp":2000000000,"x":1e400}')),
         "malformed_token"),
        ("verify_jwt_exp_1e400", verify_input(raw('{"exp":1e400}')), "malformed_token"),
        ("verify_jwt_exp_400_digit_integer", verify_input(raw('{"exp":1' + "0" * 399 + "}")), "malformed_token"),
        ("verify_jwt_payload_128_levels", verify_input(raw(deep_128)), "malformed_token"),
        ("verify_jwt_payload_129_levels", verify_input(raw(deep_129)), "malformed_token"),
    ]


def check_decode_agrees(case: dict) -> None:
    """The contract's decode rule on every verify case whose signature matched: when verify_jwt fails with
    a code other than the clock's, decode_jwt fails with the same code; when verify accepts, decode gives
    the same header and claims; when verify fails on the clock, decode accepts or fails on a later claim
    check (`invalid_claims`)."""
    expect = case["expect"]
    if expect.get("error") in ("invalid_signature", "invalid_argument", "invalid_signing_key"):
        return
    try:
        got = ref_decode_jwt({"token": case["input"]["token"]})
    except RefError as e:
        # After a clock failure verify stops; decode goes on to the later checks (a bad exp after a
        # future nbf, a truthy aud), which only give invalid_claims.
        clock = expect.get("error") in ("token_expired", "token_not_yet_valid")
        clock_then_claims = clock and e.code == "invalid_claims"
        check(expect.get("error") == e.code or clock_then_claims,
              f"{case['id']}: decode_jwt fails with {e.code}, verify with {expect}")
        return
    if "ok" in expect:
        check(got == {k: expect["ok"][k] for k in ("header", "claims")}, f"{case['id']}: decode differs")
    else:
        check(expect["error"] in ("token_expired", "token_not_yet_valid"),
              f"{case['id']}: decode_jwt accepts what verify refuses with {expect['error']}")

"""jwt_sign.json: sign_jwt."""
from __future__ import annotations

import hashlib
import math

from .common import (
    ADMIN, V14, V15, V18_PYJWT, V19, V20, V22, WS, check, check_case_against, err, ok, pyjwt, secret_in_claim_message,
    too_large_message,
)
from .reference import ref_mint

BINARY_KEY = bytes(range(32))
LONG_KEY = bytes((i * 7 + 3) % 256 for i in range(100))


def float_sweeps() -> list[tuple[str, list[float]]]:
    """Floats whose spelling is easy to get wrong: Python's repr picks the shortest digits that round-trip
    and, of two such, the one nearer the exact value (1658206780088562.25 is written ...562.2), and
    switches to exponents outside 1e-4 <= |f| < 1e16. Only non-integral values: JS reads 1e16 as an
    integer. Bit patterns come from SHA-256 of a counter, so the sweep is the same on every run."""
    import struct

    def pattern(i: int) -> float:
        return struct.unpack("<d", hashlib.sha256(b"float %d" % i).digest()[:8])[0]

    def usable(f: float) -> bool:
        return math.isfinite(f) and f != int(f)

    near_ties = [1658206780088562.2, 1e15 + 0.25, 2 ** 52 - 0.5, 4503599627370495.5, 9007199254740.993]
    decades = [m * 10.0 ** e for e in range(-12, 16) for m in (1.0000000000000002, 1.5, 9.999999999999998)]
    boundaries = [1e-4, 9.999999999999999e-5, 1e-5, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3,
                  5e-324, 2.2250738585072014e-308, 1.7976931348623157e308 / 3e300]
    random_bits = [f for f in (pattern(i) for i in range(600)) if usable(f)]
    groups = [
        ("sign_jwt_floats_ties_and_decades", near_ties + decades),
        ("sign_jwt_floats_boundaries", boundaries + [-f for f in boundaries]),
        ("sign_jwt_floats_bit_patterns_1", random_bits[:200]),
        ("sign_jwt_floats_bit_patterns_2", random_bits[200:400]),
    ]
    return [(cid, [f for f in fs if usable(f)]) for cid, fs in groups]


def jwt_sign_cases() -> list[dict]:
    op = "sign_jwt"
    v15_claims = {"workspace_id": WS, "name": "frontend_jwt", "exp": 2000000000,
                  "scopes": [{"type": "PIPES:READ", "resource": "requests_per_day",
                              "fixed_params": {"org_id": "testing"}}]}
    # (id, claims, key (str) or key bytes (written as key_hex), anchor or None)
    table = [
        ("anchor_v14_sign_jwt_pyjwt_doctest", {"hola": "caracola", "exp": 12312313}, "secret", V14),
        ("anchor_v15_sign_jwt_docs_order", v15_claims, ADMIN, V15),
        ("anchor_v18_sign_jwt_non_ascii_escaped",
         {"workspace_id": WS, "name": "usuario_ñ", "exp": 2000000000,
          "scopes": [{"type": "PIPES:READ", "resource": "p"}]}, ADMIN, V18_PYJWT),
        ("anchor_v19_sign_jwt_server_order",
         {"workspace_id": WS, "exp": 2000000000, "name": "frontend_jwt",
          "scopes": [{"type": "PIPES:READ", "resource": "requests_per_day", "fixed_params": {"org_id": "testing"}}],
          "limits": {"rps": 10}}, ADMIN, V19),
        ("anchor_v20_sign_jwt_server_order_null_fixed_params",
         {"workspace_id": WS, "exp": 1700003600, "name": "my_jwt",
          "scopes": [{"type": "PIPES:READ", "resource": "my_pipe", "fixed_params": None}]}, ADMIN, V20),
        ("anchor_v22_sign_jwt_server_minted",
         {"workspace_id": WS, "exp": 1700003600, "name": "my_jwt",
          "scopes": [{"type": "PIPES:READ", "resource": "my_pipe", "fixed_params": {"param_name": "value"}}]},
         ADMIN, V22),
        ("sign_jwt_empty_claims", {}, "secret", None),
        ("sign_jwt_order_kept", {"z": 1, "a": 2, "m": 3}, "secret", None),
        ("sign_jwt_reverse_order_differs", {"m": 3, "a": 2, "z": 1}, "secret", None),
        ("sign_jwt_all_json_types",
         {"s": "x", "i": -42, "zero": 0, "f": 1.5, "q": 0.25, "t": True, "fa": False, "n": None,
          "arr": [1, "two", [3], {}], "obj": {"nested": {"deep": []}}, "big": 9007199254740991},
         "secret", None),
        ("sign_jwt_bmp_escapes", {"name": "usuario_ñ", "city": "Málaga", "jp": "東京", "euro": "€"}, "secret", None),
        ("sign_jwt_astral_surrogate_pair", {"emoji": "😀", "clef": "𝄞"}, "secret", None),
        ("sign_jwt_control_characters",
         {"ctl": "a\nb\tc\rd\be\ff\u0000g\u001fh\u007fi"}, "secret", None),
        ("sign_jwt_quotes_backslash_slash", {"q": "say \"hi\"", "bs": "C:\\path", "url": "https://x.io/a/b"},
         "secret", None),
        ("sign_jwt_line_separators", {"ls": "a\u2028b\u2029c", "nbsp": "\u00a0", "bom": "\ufeff"}, "secret", None),
        ("sign_jwt_empty_key_name", {"": "empty key", " ": "space"}, "secret", None),
        ("sign_jwt_unicode_key_string", {"exp": 2000000000}, "clave_ñ_🔑", None),
        ("sign_jwt_key_hex_binary", {"exp": 2000000000, "sub": "binary"}, BINARY_KEY, None),
        ("sign_jwt_key_hex_longer_than_block", {"exp": 2000000000}, LONG_KEY, None),
        ("sign_jwt_key_hex_non_utf8", {"exp": 2000000000}, b"\xff\xfe\x80\x00", None),
        ("sign_jwt_long_string_key", {"exp": 2000000000}, "k" * 200, None),
    ]
    cases = []
    for case_id, claims, key, anchor in table:
        token = pyjwt(claims, key)
        if anchor is not None:
            check(token == anchor, f"{case_id}: PyJWT bytes differ from the anchor")
        inp = {"claims": claims}
        if isinstance(key, bytes):
            inp["key_hex"] = key.hex()
        else:
            inp["key"] = key
        cases.append(ok(case_id, op, inp, {"token": token}))
    for case_id, floats in float_sweeps():
        claims = {"exp": 2000000000, "f": floats}
        cases.append(ok(case_id, op, {"claims": claims, "key": "secret"}, {"token": pyjwt(claims, "secret")}))
    cases.append(err("sign_jwt_empty_key", op, {"claims": {"exp": 2000000000}, "key": ""}, "invalid_signing_key"))
    cases.append(err("sign_jwt_empty_key_hex", op, {"claims": {"exp": 2000000000}, "key_hex": ""},
                     "invalid_signing_key"))
    # Minting rules shared with create_jwt: no Tinybird token in any claim, a size verification accepts.
    big = {"exp": 2000000000, "blob": "a" * 12300}
    minted = [
        ("sign_jwt_secret_in_claim_bearer", {"exp": 2000000000, "auth": f"Bearer {V14}"}, "secret_in_claim",
         secret_in_claim_message("auth")),
        ("sign_jwt_secret_in_nested_key", {"exp": 2000000000, "a": [{"k": 1}, {ADMIN: True}]}, "secret_in_claim",
         secret_in_claim_message(f"a[1].{ADMIN}")),
        ("sign_jwt_secret_in_fixed_params", {"exp": 2000000000, "scopes": [
            {"type": "PIPES:READ", "resource": "p", "fixed_params": {"org_id": ADMIN}}]}, "secret_in_claim",
         secret_in_claim_message("scopes[0].fixed_params.org_id")),
        ("sign_jwt_too_large", big, "token_too_large", too_large_message(len(pyjwt(big, "secret")))),
    ]
    for case_id, claims, code, message in minted:
        case = err(case_id, op, {"claims": claims, "key": "secret"}, code, message)
        check_case_against(case, lambda i: ref_mint(i["claims"], i["key"]))
        cases.append(case)
    return cases

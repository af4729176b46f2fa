"""hmac.json: hmac_sha256, hmac_sha256_verify."""
from __future__ import annotations

import hashlib
import hmac

from .common import V10, V12, b64u_lenient, check, err, load_hmac_vectors, ok


def hmac_cases() -> list[dict]:
    cases = []
    mac_op, verify_op = "hmac_sha256", "hmac_sha256_verify"

    def full_mac(key_hex: str, data_hex: str) -> str:
        return hmac.new(bytes.fromhex(key_hex), bytes.fromhex(data_hex), hashlib.sha256).hexdigest()

    def add_vector(prefix: str, key_hex: str, data_hex: str, tag_hex: str, valid: bool) -> None:
        mac = full_mac(key_hex, data_hex)
        if valid:
            check(mac.startswith(tag_hex), f"{prefix}: tag is not a prefix of the MAC")
            cases.append(ok(f"{prefix}_mac", mac_op, {"key_hex": key_hex, "data_hex": data_hex}, {"mac_hex": mac}))
        else:
            check(not mac.startswith(tag_hex), f"{prefix}: invalid tag matches")
        inp = {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": tag_hex}
        if valid and len(tag_hex) == 64:
            cases.append(ok(f"{prefix}_verify", verify_op, inp, True))
        else:
            suffix = "verify_truncated_tag" if valid else "verify_modified_tag"
            cases.append(err(f"{prefix}_{suffix}", verify_op, inp, "invalid_signature"))

    vectors = load_hmac_vectors()
    for v in vectors["rfc4231"]:
        add_vector(f"hmac_{v['id']}", v["key_hex"], v["data_hex"], v["mac_hex"], True)
        if "full_mac_hex_computed" in v:
            check(full_mac(v["key_hex"], v["data_hex"]) == v["full_mac_hex_computed"], f"{v['id']}: full MAC")
    for t in vectors["wycheproof"]["tests"]:
        add_vector(f"hmac_wycheproof_tc{t['tcId']:03d}", t["key_hex"], t["msg_hex"], t["tag_hex"],
                   t["result"] == "valid")

    # Anchors: the static-token signatures of V10 and V12 are HMAC-SHA256 over the middle segment.
    for case_id, token, secret in [("anchor_v10_hmac_static_signature", V10, "abcd"),
                                   ("anchor_v12_hmac_static_signature", V12, "secret")]:
        _, middle, sig = token.split(".")
        key_hex, data_hex = secret.encode().hex(), middle.encode().hex()
        mac = b64u_lenient(sig).hex()
        check(full_mac(key_hex, data_hex) == mac, f"{case_id}: MAC differs")
        cases.append(ok(case_id, mac_op, {"key_hex": key_hex, "data_hex": data_hex}, {"mac_hex": mac}))
        cases.append(ok(f"{case_id}_verify", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": mac},
                        True))

    key_hex, data_hex = "6b6579", "".join(f"{b:02x}" for b in b"The quick brown fox jumps over the lazy dog")
    mac = full_mac(key_hex, data_hex)
    check(mac == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", "fox MAC")
    extra = [
        ok("hmac_empty_key_and_data", mac_op, {"key_hex": "", "data_hex": ""}, {"mac_hex": full_mac("", "")}),
        ok("hmac_quick_brown_fox", mac_op, {"key_hex": key_hex, "data_hex": data_hex}, {"mac_hex": mac}),
        err("hmac_verify_empty_tag", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": ""},
            "invalid_signature"),
        err("hmac_verify_tag_33_bytes", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": mac + "00"},
            "invalid_signature"),
        err("hmac_verify_tag_31_bytes", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": mac[:62]},
            "invalid_signature"),
        err("hmac_verify_tag_zeros", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": "00" * 32},
            "invalid_signature"),
        err("hmac_verify_first_bit_flipped", verify_op,
            {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": f"{int(mac[:2], 16) ^ 0x80:02x}{mac[2:]}"},
            "invalid_signature"),
        err("hmac_verify_other_data", verify_op, {"key_hex": key_hex, "data_hex": data_hex + "2e", "tag_hex": mac},
            "invalid_signature"),
    ]
    return cases + extra

"""bindings/input_policy.json: what the npm and Python packages accept beyond JSON, the same in both.

Not an op of the core's JSON interface but calls of the packages' own functions, so only the JS and
Python suites run these (the Rust runners read the top-level files only). Values JSON has no spelling
for are tagged: ``{"$date": ISO-8601}`` is a JS ``Date`` / an aware Python ``datetime``, ``{"$bytes_hex":
hex}`` a ``Uint8Array`` / ``bytes``. A lone surrogate is written as a JSON ``\\ud800`` escape, which both
``JSON.parse`` and ``json.loads`` read as one. ``{"type_error": true}`` expects the language's own
``TypeError``; ``{"error": code}`` a ``TinybirdTokenError`` with that code.
"""
from __future__ import annotations

from datetime import datetime, timezone

from .common import ADMIN, NOW, WS, pyjwt

EXP = 2000000000
EXP_ISO = datetime.fromtimestamp(EXP, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
NOW_ISO = datetime.fromtimestamp(NOW, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
SCOPES = [{"type": "PIPES:READ", "resource": "top_pages"}]


def created(exp: int, name: str = "frontend_jwt") -> str:
    return pyjwt({"workspace_id": WS, "name": name, "exp": exp, "scopes": SCOPES}, ADMIN)


def create(case_id: str, expect: dict, *, now=NOW, name="frontend_jwt", **expiry) -> dict:
    args = {"key": ADMIN, "now": now, "workspace_id": WS, "name": name, **expiry, "scopes": SCOPES}
    return {"id": case_id, "call": "create_jwt", "args": args, "expect": expect}


def call(case_id: str, name: str, args: dict, expect: dict) -> dict:
    return {"id": case_id, "call": name, "args": args, "expect": expect}


def input_policy_cases() -> list[dict]:
    signed = pyjwt({"exp": EXP}, "secret")
    return [
        # TTL: text as tb writes it, or a number of seconds read as its decimal text.
        create("policy_ttl_text", {"ok": created(NOW + 3600)}, ttl="1h"),
        create("policy_ttl_integer_seconds", {"ok": created(NOW + 3600)}, ttl=3600),
        create("policy_ttl_fractional_seconds", {"ok": created(NOW + 1)}, ttl=1.5),
        create("policy_ttl_negative_number", {"error": "invalid_ttl"}, ttl=-5),
        create("policy_ttl_bool", {"type_error": True}, ttl=True),
        # Expiry and clock: integer Unix seconds or the language's date object.
        create("policy_expires_at_integer", {"ok": created(EXP)}, expires_at=EXP),
        create("policy_expires_at_date", {"ok": created(EXP)}, expires_at={"$date": EXP_ISO}),
        create("policy_now_date", {"ok": created(EXP)}, now={"$date": NOW_ISO}, expires_at=EXP),
        # NumericDate claims given as dates are signed as integer seconds (PyJWT's rule).
        call("policy_sign_exp_date", "sign_jwt", {"key": "secret", "claims": {"exp": {"$date": EXP_ISO}}},
             {"ok": signed}),
        # Keys: text (its UTF-8 bytes) or bytes, the same key either way.
        call("policy_key_bytes", "sign_jwt", {"key": {"$bytes_hex": b"secret".hex()}, "claims": {"exp": EXP}},
             {"ok": signed}),
        # Text that is not Unicode is refused, never replaced.
        create("policy_lone_surrogate_name", {"error": "invalid_argument"}, name="tenant\ud800", expires_at=EXP),
        call("policy_lone_surrogate_claim", "sign_jwt", {"key": "secret", "claims": {"exp": EXP, "x": "\udfff"}},
             {"error": "invalid_argument"}),
        # Leeway: a non-negative number of seconds.
        call("policy_negative_leeway", "verify_jwt", {"token": signed, "key": "secret", "now": NOW, "leeway": -1},
             {"error": "invalid_argument"}),
        call("policy_leeway", "verify_jwt", {"token": signed, "key": "secret", "now": EXP, "leeway": 1},
             {"ok": {"exp": EXP}}),
        # A fractional leeway is refused: rounding it either way would change a verdict against PyJWT's.
        call("policy_fractional_leeway", "verify_jwt", {"token": signed, "key": "secret", "now": EXP,
                                                        "leeway": 0.5}, {"error": "invalid_argument"}),
    ]

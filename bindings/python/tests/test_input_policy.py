"""The README's "Input policy", one test per line: how Python values reach the core (the same forms as
the npm package where the languages allow)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from _support import ADMIN, NOW, WORKSPACE

import tinybird_tokens as tt

SCOPES: list[tt.JwtScope] = [{"type": "PIPES:READ", "resource": "p"}]


def mint(**kwargs: Any) -> str:
    fields: dict[str, Any] = {"workspace_id": WORKSPACE, "name": "n", "scopes": SCOPES, "now": NOW}
    fields.update(kwargs)
    return tt.create_jwt(ADMIN, **fields)


def exp(token: str) -> object:
    return tt.decode_jwt(token)["claims"]["exp"]


def test_ttl_is_text_or_a_number_of_seconds() -> None:
    assert mint(ttl=3600) == mint(ttl="1h") == mint(ttl=3600.0) == mint(ttl=timedelta(hours=1))
    # A float is its decimal text for the core's grammar: 1.5 is "1.5" (1.5 s, exp rounded down).
    assert mint(ttl=1.5) == mint(ttl="1.5")
    assert exp(mint(ttl=1.5)) == NOW + 1
    assert exp(mint(ttl=5400.75)) == NOW + 5400
    assert exp(mint(ttl=1e6)) == NOW + 1_000_000
    # Negative, zero, non-finite or too large: the core's TTL error, as for the same text.
    for bad in (-1, -1.5, 0, 0.0, float("nan"), float("inf"), 10**30, 1e300):
        with pytest.raises(tt.InvalidTTLError):
            mint(ttl=bad)
    for wrong in (True, False, [1], b"1h"):
        with pytest.raises(TypeError):
            mint(ttl=wrong)


def test_expires_at_is_int_seconds_or_a_datetime() -> None:
    at = 2_000_000_000
    aware = datetime.fromtimestamp(at, tz=timezone.utc)
    assert mint(expires_at=aware) == mint(expires_at=at)
    assert mint(expires_at=aware.replace(tzinfo=None)) == mint(expires_at=at)  # naive means UTC
    for wrong in (float(at), True, str(at)):
        with pytest.raises(TypeError):
            mint(expires_at=wrong)


def test_now_is_rounded_down_and_leeway_whole() -> None:
    token = mint(ttl=10)
    assert mint(ttl=10, now=NOW + 0.99) == token
    assert mint(ttl=10, now=datetime.fromtimestamp(NOW, tz=timezone.utc)) == token
    assert tt.verify_jwt(token, ADMIN, now=NOW + 10.5, leeway=1.0)["key_index"] == 0
    assert tt.verify_jwt(token, ADMIN, now=NOW + 10, leeway=timedelta(seconds=1))["key_index"] == 0
    with pytest.raises(tt.InvalidArgumentError):
        tt.verify_jwt(token, ADMIN, now=NOW, leeway=-1)
    for bad in (float("nan"), float("inf"), 1e30):
        with pytest.raises(tt.InvalidArgumentError):
            tt.verify_jwt(token, ADMIN, now=bad)
    for wrong in ({"now": True}, {"leeway": True}, {"now": "1"}):
        with pytest.raises(TypeError):
            tt.verify_jwt(token, ADMIN, **wrong)


def test_numeric_date_claims_from_datetimes() -> None:
    when = datetime.fromtimestamp(NOW, tz=timezone.utc)
    token = tt.sign_jwt({"exp": when, "nbf": when, "iat": when.replace(tzinfo=None), "x": 1}, "k")
    assert tt.decode_jwt(token)["claims"] == {"exp": NOW, "nbf": NOW, "iat": NOW, "x": 1}
    # Only those three claims: another datetime is not JSON.
    with pytest.raises(TypeError):
        tt.sign_jwt({"when": when}, "k")


def test_keys_are_str_or_bytes() -> None:
    token = tt.sign_jwt({"exp": NOW + 60}, "ñ-key")
    assert tt.sign_jwt({"exp": NOW + 60}, "ñ-key".encode()) == token
    assert tt.verify_jwt(token, b"\xc3\xb1-key", now=NOW)["key_index"] == 0
    for wrong in (1, None, bytearray(b"k")):
        with pytest.raises(TypeError):
            tt.sign_jwt({}, wrong)


@pytest.mark.parametrize(
    "call",
    [
        lambda: tt.parse_scope("DATASOURCES:READ:\ud800"),
        lambda: tt.define_token("a\udfff"),
        lambda: tt.decode_jwt("\ud800.a.b"),
        lambda: tt.verify_jwt("a.b.c", "k\ud800"),
        lambda: tt.sign_jwt({"a": "\ud800"}, "k"),
        lambda: tt.sign_jwt({"\ud800": 1}, "k"),
        lambda: tt.SigningKey("\ud800"),
        lambda: tt.hmac_sha256("k", "\ud800"),
        lambda: mint(ttl="1h", name="\ud800"),
        lambda: mint(ttl="1h", extra_claims={"x": ["\udc00"]}),
        lambda: tt.inspect_token("\ud800"),
    ],
)
def test_lone_surrogates_are_invalid_arguments(call: Any) -> None:
    with pytest.raises(tt.InvalidArgumentError) as info:
        call()
    assert info.value.code == "invalid_argument"


def test_json_values_json_cannot_carry() -> None:
    for value in (float("nan"), float("-inf")):
        with pytest.raises(tt.InvalidArgumentError):
            tt.sign_jwt({"a": value}, "k")
    with pytest.raises(OverflowError):
        tt.sign_jwt({"a": 2**64}, "k")


def test_unknown_request_fields_are_the_cores_invalid_argument() -> None:
    request = {"workspace_id": WORKSPACE, "name": "n", "scopes": SCOPES, "ttl": "1h", "unknown": 1}
    with pytest.raises(tt.InvalidArgumentError, match="unknown"):
        tt.create_jwts(ADMIN, [request], now=NOW)  # type: ignore[list-item]

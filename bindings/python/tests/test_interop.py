"""Interoperability with PyJWT (what Tinybird's server mints with): the same JWT bytes, and each side
verifies the other's tokens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import jwt
import pytest
from _support import ADMIN, NOW, WORKSPACE
from _tinybird_verifier import tinybird_decode

import tinybird_tokens as tt

PAYLOADS: list[dict[str, Any]] = [
    {
        "workspace_id": WORKSPACE,
        "name": "frontend_jwt",
        "exp": NOW + 3600,
        "scopes": [
            {
                "type": "PIPES:READ",
                "resource": "top_pages",
                "fixed_params": {"org_id": "acme", "plan": "pro", "n": 3, "f": 1.5, "b": True},
            },
            {"type": "DATASOURCES:READ", "resource": "events", "filter": "org_id = 'acme'"},
        ],
        "limits": {"rps": 10},
    },
    {"exp": NOW + 60, "ñame": 'Zoë 😀 "quoted" \\ \n\t\u2028', "nested": {"a": [None, -1, 0.1]}},
    {"exp": NOW + 60, "floats": [1e16, 1e-5, 123.456, -0.0, 2.5e-7, 1e300], "big": 2**63 - 1},
    {"exp": NOW + 60, "iat": NOW, "nbf": NOW - 5, "sub": "user", "jti": "id-1", "aud": ""},
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("key", [ADMIN, "secret", "k" * 200])
def test_bytes_equal_pyjwt_encode(payload: dict[str, Any], key: str) -> None:
    assert tt.sign_jwt(payload, key) == jwt.encode(payload, key, algorithm="HS256")
    assert tt.sign_jwt(payload, key.encode()) == jwt.encode(
        payload, key.encode(), algorithm="HS256"
    )


def test_create_jwt_bytes_equal_pyjwt_encode_of_the_documented_claims() -> None:
    token = tt.create_jwt(
        ADMIN,
        workspace_id=WORKSPACE,
        name="frontend_jwt",
        ttl="1h",
        scopes=[
            {"type": "PIPES:READ", "resource": "top_pages", "fixed_params": {"org_id": "acme"}},
        ],
        limits={"rps": 10},
        extra_claims={"iat": NOW},
        now=NOW,
    )
    claims = {
        "workspace_id": WORKSPACE,
        "name": "frontend_jwt",
        "exp": NOW + 3600,
        "scopes": [
            {"type": "PIPES:READ", "resource": "top_pages", "fixed_params": {"org_id": "acme"}}
        ],
        "limits": {"rps": 10},
        "iat": NOW,
    }
    assert token == jwt.encode(claims, ADMIN, algorithm="HS256")


def test_datetime_claims_convert_like_pyjwt() -> None:
    exp = datetime(2030, 1, 2, 3, 4, 5, 678_000, tzinfo=timezone(timedelta(hours=2)))
    for value in (exp, exp.replace(tzinfo=None)):
        payload = {"exp": value, "iat": value, "nbf": value, "other": 1}
        assert tt.sign_jwt(payload, "k") == jwt.encode(payload, "k", algorithm="HS256")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pyjwt_verifies_ours(payload: dict[str, Any]) -> None:
    token = tt.sign_jwt(payload, ADMIN)
    decoded = jwt.decode(
        token, ADMIN, algorithms=["HS256"], options={"verify_aud": False, "verify_exp": False}
    )
    assert decoded == payload
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_we_verify_pyjwts(payload: dict[str, Any]) -> None:
    token = jwt.encode(payload, ADMIN, algorithm="HS256")
    verified = tt.verify_jwt(token, ADMIN, now=NOW)
    assert verified["claims"] == payload
    assert list(verified["claims"]) == list(payload)
    assert verified["header"] == {"alg": "HS256", "typ": "JWT"}
    assert tt.decode_jwt(token)["claims"] == payload


def test_an_audience_bound_token_is_refused_as_tinybird_refuses_it() -> None:
    # Tinybird's verifier passes no audience, so PyJWT refuses a token whose `aud` is truthy.
    token = jwt.encode({"exp": NOW + 60, "aud": ["a", "b"]}, ADMIN, algorithm="HS256")
    with pytest.raises(jwt.InvalidAudienceError):
        tinybird_decode(token, ADMIN, now=NOW)
    with pytest.raises(tt.InvalidClaimsError, match="audience"):
        tt.verify_jwt(token, ADMIN, now=NOW)


def test_we_verify_pyjwt_with_extra_headers_and_agree_on_rejections() -> None:
    token = jwt.encode({"exp": NOW + 60}, "k", algorithm="HS256", headers={"kid": "2024"})
    assert tt.verify_jwt(token, "k", now=NOW)["header"] == {
        "alg": "HS256",
        "kid": "2024",
        "typ": "JWT",
    }
    expired = jwt.encode({"exp": NOW - 1}, "k", algorithm="HS256")
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(expired, "k", algorithms=["HS256"])
    with pytest.raises(tt.ExpiredSignatureError):
        tt.verify_jwt(expired, "k", now=NOW)
    hs512 = jwt.encode({"exp": NOW + 60}, "k", algorithm="HS512")
    with pytest.raises(tt.InvalidAlgorithmError):
        tt.verify_jwt(hs512, "k", now=NOW)
    with pytest.raises(tt.InvalidSignatureError):
        tt.verify_jwt(token, "other", now=NOW)

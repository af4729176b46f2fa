"""The Python API beyond the vectors: argument forms (times, TTLs, keys), the key objects, the batch
call and its GIL release, and the shapes returned."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

import pytest
from _support import ADMIN, NOW, WORKSPACE

import tinybird_tokens as tt
from tinybird_tokens import _native, _types, errors

SCOPES: list[tt.JwtScope] = [
    {"type": "PIPES:READ", "resource": "top_pages", "fixed_params": {"org_id": "acme"}}
]


def mint(**kwargs: object) -> str:
    fields: dict[str, object] = {
        "workspace_id": WORKSPACE,
        "name": "frontend_jwt",
        "scopes": SCOPES,
        "now": NOW,
    }
    fields.update(kwargs)
    if "ttl" not in fields and "expires_at" not in fields:
        fields["ttl"] = "1h"
    return tt.create_jwt(ADMIN, **fields)  # type: ignore[arg-type]


def claims(token: str) -> dict[str, object]:
    return tt.decode_jwt(token)["claims"]


def test_public_api_is_curated() -> None:
    assert sorted(tt.__all__) == sorted(set(tt.__all__))
    for name in tt.__all__:
        assert hasattr(tt, name), name
    assert tt.__version__ == _native.__version__
    assert not any(name.startswith("_") and name != "__version__" for name in tt.__all__)
    # Every public type and exception is importable from the package (to annotate, to catch).
    assert set(_types.__all__) | set(errors.__all__) <= set(tt.__all__)
    assert tt.clear_key_cache is _native.clear_key_cache


def test_define_token_is_a_frozen_dataclass_like_tinybird_sdk() -> None:
    token = tt.define_token("app_read")
    assert token == tt.TokenDefinition("app_read")
    assert token.name == token._name == "app_read"
    assert token._type == "token"
    assert repr(token) == "TokenDefinition(name='app_read')"
    assert hash(token) == hash(tt.define_token("app_read"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.name = "other"  # type: ignore[misc]
    with pytest.raises(tt.InvalidTokenNameError):
        tt.TokenDefinition("app-read")


def test_token_definition_loads_on_demand_and_its_annotation_resolves() -> None:
    """A bare import leaves ``dataclasses`` (and ``inspect``) unloaded, and ``define_token``'s return
    annotation still resolves before anything has touched ``TokenDefinition`` (a fresh interpreter,
    since this one has loaded both already)."""
    script = """if True:
        import sys, typing
        import tinybird_tokens as tt
        assert "dataclasses" not in sys.modules, "a bare import loaded dataclasses"
        hints = typing.get_type_hints(tt.define_token)
        assert hints == {"name": str, "return": tt.TokenDefinition}, hints
        assert tt.TokenDefinition.__module__ == "tinybird_tokens"
        assert tt.define_token("app_read") == tt.TokenDefinition("app_read")
        print("ok")
    """
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", "")


def test_ttl_forms_agree() -> None:
    by_text = mint(ttl="1h")
    assert mint(ttl=3600) == by_text
    assert mint(ttl=timedelta(hours=1)) == by_text
    assert mint(ttl=timedelta(hours=1, microseconds=999_999)) == by_text  # rounded down, as tb
    assert claims(by_text)["exp"] == NOW + 3600
    assert tt.parse_ttl("1.5h") == timedelta(hours=1, minutes=30)
    assert tt.parse_ttl("999999999ns") == timedelta(seconds=1)
    assert tt.parse_ttl("86399999999999") == timedelta.max - timedelta(microseconds=999_999)
    for bad in (0, -5, timedelta(milliseconds=500), timedelta(seconds=-1), "0"):
        with pytest.raises(tt.InvalidTTLError):
            mint(ttl=bad)


def test_expires_at_forms_agree() -> None:
    at = 2_000_000_000
    by_int = mint(expires_at=at)
    aware = datetime.fromtimestamp(at, tz=timezone.utc)
    assert mint(expires_at=aware) == by_int
    assert mint(expires_at=aware.astimezone(timezone(timedelta(hours=-5)))) == by_int
    assert mint(expires_at=aware.replace(tzinfo=None)) == by_int  # naive means UTC
    assert mint(expires_at=aware + timedelta(microseconds=999_999)) == by_int
    with pytest.raises(tt.InvalidClaimsError):
        mint(expires_at=NOW)
    with pytest.raises(tt.InvalidArgumentError):  # both: calling wrongly, not a bad claim
        mint(ttl="1h", expires_at=at)


def test_now_forms_and_default_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    dt = datetime.fromtimestamp(NOW, tz=timezone.utc)
    token = mint(now=NOW)
    assert mint(now=dt) == token
    assert mint(now=dt.replace(tzinfo=None)) == token
    assert mint(now=NOW + 0.9) == token  # rounded down
    # `now` defaults to time.time(), looked up at each call, so clock patches apply.
    monkeypatch.setattr(time, "time", lambda: NOW + 0.5)
    fields = {"workspace_id": WORKSPACE, "name": "frontend_jwt", "scopes": SCOPES, "ttl": "1h"}
    assert tt.create_jwt(ADMIN, **fields) == token  # type: ignore[arg-type]
    assert tt.SigningKey(ADMIN).create_jwts([fields]) == [token]  # type: ignore[list-item]
    assert tt.verify_jwt(token, ADMIN)["claims"]["exp"] == NOW + 3600
    assert tt.inspect_token(token)["expires_in"] == 3600
    monkeypatch.setattr(time, "time", lambda: NOW + 3600)
    with pytest.raises(tt.ExpiredSignatureError):
        tt.verify_jwt(token, ADMIN)


def test_leeway_forms() -> None:
    token = mint(ttl=10)
    for leeway in (1, 1.0, timedelta(seconds=1)):
        assert tt.verify_jwt(token, ADMIN, now=NOW + 10, leeway=leeway)["claims"]["exp"] == NOW + 10
    with pytest.raises(tt.ExpiredSignatureError):
        tt.verify_jwt(token, ADMIN, now=NOW + 10, leeway=0)
    # PyJWT accepts this token at leeway 0.5 (exp > now - 0.5): rounding the leeway either way would
    # change some verdict, so a fractional one is refused, as the npm package refuses it.
    for fractional in (0.5, 1.9, timedelta(seconds=1, microseconds=5)):
        with pytest.raises(tt.InvalidArgumentError, match="whole number of seconds"):
            tt.verify_jwt(token, ADMIN, now=NOW + 10, leeway=fractional)
    for negative in (-1, -0.5, timedelta(seconds=-1)):
        with pytest.raises(tt.InvalidArgumentError):
            tt.verify_jwt(token, ADMIN, now=NOW, leeway=negative)


def test_claim_order_and_types_round_trip() -> None:
    payload = {
        "z": 1,
        "a": [1, 2.5, "x", None, True, {"n": -3}],
        "ñ": "😀",
        "big": 2**63,
        "exp": NOW + 60,
    }
    token = tt.sign_jwt(payload, "secret")
    got = tt.verify_jwt(token, "secret", now=NOW)["claims"]
    assert list(got) == list(payload)
    assert got == payload
    assert type(got["a"][1]) is float
    assert type(got["a"][4]) is bool


def test_mappings_subclasses_and_datetimes_in_claims() -> None:
    base = tt.sign_jwt({"a": 1, "exp": 5}, "k")
    assert tt.sign_jwt(OrderedDict([("a", 1), ("exp", 5)]), "k") == base
    assert tt.sign_jwt(MappingProxyType({"a": 1, "exp": 5}), "k") == base
    exp = datetime.fromtimestamp(5, tz=timezone.utc)
    assert tt.sign_jwt({"a": 1, "exp": exp}, "k") == base  # PyJWT's NumericDate conversion
    assert tt.sign_jwt({"a": (1,), "exp": 5}, "k") == tt.sign_jwt({"a": [1], "exp": 5}, "k")


def test_keys_as_str_bytes_and_objects() -> None:
    token = tt.sign_jwt({"exp": NOW + 60}, "secret")
    assert tt.sign_jwt({"exp": NOW + 60}, b"secret") == token
    signing = tt.SigningKey("secret")
    assert signing.sign_jwt({"exp": NOW + 60}) == token
    assert not signing.is_admin_token
    assert tt.SigningKey(ADMIN).is_admin_token
    assert tt.SigningKey(ADMIN.encode()).is_admin_token
    assert tt.SigningKey(ADMIN).workspace_id == WORKSPACE
    assert signing.workspace_id is None
    verifying = signing.verifying_key()
    for key in ("secret", b"secret", signing, verifying, tt.VerifyingKey("secret")):
        assert tt.verify_jwt(token, key, now=NOW)["key_index"] == 0
    assert verifying.verify_jwt(token, now=NOW)["claims"] == {"exp": NOW + 60}
    # Rotation: the first key that matches is reported.
    assert tt.verify_jwt(token, ["old", b"secret"], now=NOW)["key_index"] == 1
    assert tt.verify_jwt(token, ("old", verifying), now=NOW)["key_index"] == 1
    for none in ([], ()):
        with pytest.raises(tt.InvalidArgumentError):
            tt.verify_jwt(token, none, now=NOW)
    for key in (signing, "secret", b"\xff"):
        with pytest.raises(tt.InvalidSigningKeyError, match="workspace admin token") as info:
            tt.create_jwt(key, workspace_id=WORKSPACE, name="n", scopes=SCOPES, ttl="1h", now=NOW)
        assert "::" not in info.value.message  # the core's message, not a Rust API hint
    with pytest.raises(tt.InvalidSigningKeyError, match="workspace admin token"):
        signing.create_jwts([], now=NOW)


def test_key_cache_never_confuses_keys() -> None:
    tt.clear_key_cache()
    token = tt.sign_jwt({"exp": NOW + 60}, "k0")
    for i in range(20):  # more keys than the cache holds
        key = f"k{i}"
        assert tt.sign_jwt({"exp": NOW + 60}, key) == tt.SigningKey(key).sign_jwt({"exp": NOW + 60})
    for i in range(1, 20):
        with pytest.raises(tt.InvalidSignatureError):
            tt.verify_jwt(token, f"k{i}", now=NOW)
    assert tt.verify_jwt(token, "".join(["k", "0"]), now=NOW)["key_index"] == 0
    tt.clear_key_cache()


def test_key_objects_are_redacted_and_not_picklable() -> None:
    import copy
    import pickle

    for key in (tt.SigningKey(ADMIN), tt.SigningKey("s3cr3t"), tt.VerifyingKey("s3cr3t")):
        for text in (repr(key), str(key)):
            assert "s3cr3t" not in text
            assert ADMIN not in text
            assert "redacted" in text
        with pytest.raises(TypeError):
            pickle.dumps(key)
        with pytest.raises(TypeError):
            copy.deepcopy(key)
        assert not hasattr(key, "key")
        assert not hasattr(key, "secret")


def test_batch_matches_single_calls() -> None:
    key = tt.SigningKey(ADMIN)
    requests: list[tt.JwtRequest] = [
        {
            "workspace_id": WORKSPACE,
            "name": f"tenant_{i}",
            "ttl": "1h" if i % 3 == 0 else (3600 if i % 3 == 1 else timedelta(hours=1)),
            "scopes": [
                {"type": "PIPES:READ", "resource": "top_pages", "fixed_params": {"org_id": f"o{i}"}}
            ],
            "limits": {"rps": 10},
        }
        for i in range(50)
    ]
    tokens = key.create_jwts(requests, now=NOW)
    assert tokens == tt.create_jwts(ADMIN, iter(requests), now=NOW)
    assert tokens == [key.create_jwt(**r, now=NOW) for r in requests]  # type: ignore[misc]
    assert tt.SigningKey(ADMIN).create_jwts([], now=NOW) == []


def test_batch_reports_the_failing_request() -> None:
    good: tt.JwtRequest = {"workspace_id": WORKSPACE, "name": "a", "scopes": SCOPES, "ttl": "1h"}
    bad: tt.JwtRequest = {"workspace_id": WORKSPACE, "name": "", "scopes": SCOPES, "ttl": "1h"}
    with pytest.raises(tt.InvalidClaimsError) as info:
        tt.SigningKey(ADMIN).create_jwts([good, good, bad], now=NOW)
    if sys.version_info >= (3, 11):
        assert info.value.__notes__ == ["in request 2 of the batch"]
    with pytest.raises(TypeError):
        tt.SigningKey(ADMIN).create_jwts([good, "nope"], now=NOW)  # type: ignore[list-item]


def test_large_batches_behave_like_one_pass() -> None:
    """The batch works through requests in chunks; neither its tokens nor which error it raises
    depend on that: a request the conversion rejects anywhere wins over one the core refuses to sign
    earlier, and the iterable is read to the end either way."""
    key = tt.SigningKey(ADMIN)
    requests: list[tt.JwtRequest] = [
        {"workspace_id": WORKSPACE, "name": f"t{i}", "scopes": SCOPES, "ttl": "1h"}
        for i in range(1000)
    ]
    tokens = key.create_jwts(requests, now=NOW)
    assert tokens == [key.create_jwt(**r, now=NOW) for r in requests]  # type: ignore[misc]

    read: list[int] = []

    def reading(items: list[object]) -> Iterator[object]:
        for i, item in enumerate(items):
            read.append(i)
            yield item

    unsignable: list[object] = list(requests)
    unsignable[3] = {**requests[3], "name": ""}
    with pytest.raises(tt.InvalidClaimsError) as signing:
        key.create_jwts(reading(unsignable), now=NOW)  # type: ignore[arg-type]
    assert len(read) == 1000
    mistyped = list(unsignable)
    mistyped[900] = {**requests[900], "name": 5}
    with pytest.raises(TypeError) as conversion:
        key.create_jwts(mistyped, now=NOW)  # type: ignore[arg-type]
    if sys.version_info >= (3, 11):
        assert signing.value.__notes__ == ["in request 3 of the batch"]
        assert conversion.value.__notes__ == ["in request 900 of the batch"]


def test_batch_releases_the_gil_while_signing() -> None:
    key = tt.SigningKey(ADMIN)
    request: tt.JwtRequest = {
        "workspace_id": WORKSPACE,
        "name": "tenant",
        "scopes": SCOPES,
        "ttl": "1h",
    }
    requests = [request] * 60_000
    window: dict[str, float] = {}
    ticks: list[float] = []

    def worker() -> None:
        window["start"] = time.perf_counter()
        key.create_jwts(requests, now=NOW)
        window["end"] = time.perf_counter()

    old = sys.getswitchinterval()
    # With a long switch interval, this thread can run during the batch call only if the call itself
    # releases the GIL.
    sys.setswitchinterval(5.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        while thread.is_alive():
            ticks.append(time.perf_counter())
            time.sleep(0)
        thread.join()
    finally:
        sys.setswitchinterval(old)
    inside = [t for t in ticks if window["start"] < t < window["end"]]
    assert inside, "no other thread ran while create_jwts was signing"


def test_scopes_and_datafiles() -> None:
    assert tt.parse_scope("DATASOURCES:READ:events") == {
        "type": "DATASOURCES:READ",
        "resource": "events",
        "filter": None,
    }
    classic = tt.parse_scope("DATASOURCES:READ:events:org_id = 'a:b'", mode="classic")
    assert classic["filter"] == "org_id = 'a:b'"
    assert tt.format_scope(classic, mode="classic") == "DATASOURCES:READ:events:org_id = 'a:b'"
    with pytest.raises(tt.FilterNotSupportedError):
        tt.format_scope(classic)
    with pytest.raises(tt.InvalidScopeError):
        tt.format_scope({"type": "NOPE"})
    assert tt.scopes_allow(["DATASOURCES:READ:events"], "read_datasource", "events_quarantine")
    assert tt.scopes_allow(("ADMIN",), "deploy")
    app_read = tt.define_token("app_read")
    lines = tt.render_token_lines(
        [
            {"token": app_read, "scope": "READ"},
            {"name": "ingest", "permission": "APPEND"},
            (app_read, "APPEND"),
            ("legacy", "READ"),
        ],
        kind="datasource",
    )
    assert (
        lines
        == "TOKEN app_read READ\nTOKEN ingest APPEND\nTOKEN app_read APPEND\nTOKEN legacy READ"
    )
    parsed = tt.parse_datafile_tokens("SCHEMA >\n    a String\n\n" + lines, kind="datasource")
    assert [(t["name"], t["permission"], t["line"]) for t in parsed] == [
        ("app_read", "READ", 4),
        ("ingest", "APPEND", 5),
        ("app_read", "APPEND", 6),
        ("legacy", "READ", 7),
    ]
    plan = tt.plan_tokens([{"kind": "datasource", "name": "events", "text": lines}])
    assert plan[0] == {
        "name": "app_read",
        "scopes": ["DATASOURCES:READ:events", "DATASOURCES:APPEND:events"],
    }
    diff = tt.diff_token_plans(plan, [])
    assert diff["delete"] == ["app_read", "ingest", "legacy"]
    assert tt.parse_fixed_params("org_id=acme,plan=pro") == {"org_id": "acme", "plan": "pro"}


def test_static_and_local_tokens() -> None:
    info = tt.verify_static_token(ADMIN, "abcd")
    assert info == tt.decode_static_token(ADMIN)
    assert info["owner_id"] == WORKSPACE
    assert info["region"] == "gcp-europe-west2"
    assert info["api_host"] == "https://api.europe-west2.gcp.tinybird.co"
    again = tt.generate_static_token(
        b"abcd", owner_id=info["owner_id"], token_id=info["token_id"], region=info["region"]
    )
    assert again == ADMIN
    local = tt.generate_local_tokens()
    assert set(local) == {"workspace_token", "user_token"}
    for token in local.values():
        assert tt.verify_static_token(token, tt.LOCAL_SECRET)["api_host"] == "http://localhost:7181"
    # Fresh randomness (os.urandom) at each call, both tokens signed with Tinybird Local's secret.
    again = tt.generate_local_tokens()
    assert again["workspace_token"] != local["workspace_token"]
    assert again["user_token"] != local["user_token"]
    for token in again.values():
        tt.verify_static_token(token, tt.LOCAL_SECRET)
    workspace = tt.decode_static_token(local["workspace_token"])["owner_id"]
    assert tt.SigningKey(local["workspace_token"]).workspace_id == workspace


def test_inspect_never_raises() -> None:
    for token in ("", "x", "a.b.c", "p.x.y", mint(), "ü" * 100, "." * 5000):
        report = tt.inspect_token(token, now=NOW)
        assert report["kind"] in ("jwt", "static", "unknown")
    report = tt.inspect_token(mint(), now=NOW)
    assert report["problems"] == []
    assert report["expires_in"] == 3600
    assert report["scopes"][0]["fixed_params"] == {"org_id": "acme"}


def test_inspect_segments_are_utf8_byte_spans() -> None:
    token = mint()
    report = tt.inspect_token(token, now=NOW)
    assert [s["part"] for s in report["segments"]] == ["header", "payload", "signature"]
    assert [token[s["start"] : s["end"]] for s in report["segments"]] == token.split(".")
    assert [s["part"] for s in tt.inspect_token(ADMIN, now=NOW)["segments"]] == [
        "prefix",
        "payload",
        "signature",
    ]
    odd = "é.x"
    spans = [(s["start"], s["end"]) for s in tt.inspect_token(odd, now=NOW)["segments"]]
    assert spans[0] == (0, len("é".encode()))


def test_hmac_primitive() -> None:
    import hashlib
    import hmac

    mac = tt.hmac_sha256(b"key", b"data")
    assert mac == hmac.new(b"key", b"data", hashlib.sha256).digest()
    assert tt.hmac_sha256("key", "data") == mac
    tt.verify_hmac_sha256(b"key", b"data", mac)
    with pytest.raises(tt.InvalidSignatureError):
        tt.verify_hmac_sha256(b"key", b"data", mac[:16])


def test_render_token_lines_shapes_match_the_npm_package() -> None:
    # {name, permissions}: a line each; {name} alone on a pipe: READ; pairs and SDK references.
    assert tt.render_token_lines(
        [{"name": "legacy", "permissions": ["READ", "APPEND"]}], kind="datasource"
    ) == ("TOKEN legacy READ\nTOKEN legacy APPEND")
    assert tt.render_token_lines([{"name": "app"}, ("other", "READ")], kind="pipe") == (
        "TOKEN app READ\nTOKEN other READ"
    )
    with pytest.raises(tt.InvalidPermissionError):
        tt.render_token_lines([{"name": "app"}], kind="datasource")

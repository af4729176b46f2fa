"""The error model: every core code reaches Python as its class with the same ``code``; input errors are
``ValueError``s; JWT errors carry PyJWT's names; wrong argument types are ``TypeError``s; no message or
repr leaks a key or a signature; no input makes the extension panic."""

from __future__ import annotations

import contextlib
import pickle
import random
from typing import Any, Callable

import pytest
from _support import ADMIN, NOW, WORKSPACE

import tinybird_tokens as tt
from tinybird_tokens import _native, errors
from tinybird_tokens.errors import _CLASS_BY_CODE

SECRET = "s3cr3t-admin-like-key-0123456789"
TOKEN = tt.sign_jwt({"exp": NOW + 60, "nbf": NOW - 60}, SECRET)
SIGNATURE = TOKEN.rsplit(".", 1)[1]
SCOPES: list[tt.JwtScope] = [{"type": "PIPES:READ", "resource": "p"}]


def _create(**kwargs: Any) -> str:
    fields: dict[str, Any] = {
        "workspace_id": WORKSPACE,
        "name": "n",
        "scopes": SCOPES,
        "ttl": "1h",
        "now": NOW,
    }
    fields.update(kwargs)
    return tt.create_jwt(ADMIN, **fields)


# One call per core code that raises it.
TRIGGERS: dict[str, Callable[[], object]] = {
    "invalid_token_name": lambda: tt.define_token("1a"),
    "invalid_scope": lambda: tt.parse_scope("NOPE"),
    "scope_not_allowed": lambda: tt.parse_scope("ADMIN_USER"),
    "missing_resource": lambda: tt.parse_scope("DATASOURCES:READ"),
    "unexpected_resource": lambda: tt.parse_scope("TOKENS:events"),
    "filter_not_supported": lambda: tt.parse_scope("DATASOURCES:READ:e:a = 1"),
    "invalid_permission": lambda: tt.render_token_lines([("a", "WRITE")], kind="datasource"),
    "datafile_syntax": lambda: tt.parse_datafile_tokens("\nTOKEN a", kind="datasource"),
    "invalid_ttl": lambda: tt.parse_ttl("1mo"),
    "invalid_fixed_params": lambda: tt.parse_fixed_params("a"),
    "invalid_limits": lambda: _create(limits={"rps": 0}),
    "invalid_claims": lambda: _create(name=""),
    "invalid_signing_key": lambda: tt.sign_jwt({}, ""),
    "malformed_token": lambda: tt.decode_jwt("x"),
    "algorithm_not_allowed": lambda: tt.verify_jwt(
        "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.", SECRET, now=NOW
    ),
    "invalid_signature": lambda: tt.verify_jwt(TOKEN, "other", now=NOW),
    "token_expired": lambda: tt.verify_jwt(TOKEN, SECRET, now=NOW + 60),
    "token_not_yet_valid": lambda: tt.verify_jwt(TOKEN, SECRET, now=NOW - 61),
    "missing_claim": lambda: tt.verify_jwt(tt.sign_jwt({"a": 1}, SECRET), SECRET, now=NOW),
    "token_too_large": lambda: tt.decode_jwt("a" * (tt.MAX_TOKEN_BYTES + 1)),
    "secret_in_claim": lambda: _create(name=ADMIN),
    "invalid_argument": lambda: tt.verify_jwt(TOKEN, [], now=NOW),
    "project_check_failed": lambda: _create(
        project=tt.Project.from_resources([{"kind": "pipe", "name": "q", "pipe_type": "endpoint"}])
    ),
}

INPUT_ERRORS = {
    "invalid_token_name",
    "invalid_scope",
    "scope_not_allowed",
    "missing_resource",
    "unexpected_resource",
    "filter_not_supported",
    "invalid_permission",
    "datafile_syntax",
    "invalid_ttl",
    "invalid_fixed_params",
    "invalid_limits",
    "invalid_claims",
    "invalid_signing_key",
    "secret_in_claim",
    "invalid_argument",
    "project_check_failed",
}

PYJWT_NAMES = {
    "malformed_token": "DecodeError",
    "invalid_signature": "InvalidSignatureError",
    "token_expired": "ExpiredSignatureError",
    "token_not_yet_valid": "ImmatureSignatureError",
    "algorithm_not_allowed": "InvalidAlgorithmError",
    "missing_claim": "MissingRequiredClaimError",
}


def test_the_table_covers_every_core_code_once() -> None:
    assert set(_CLASS_BY_CODE) == set(_native.ERROR_CODES)
    assert set(TRIGGERS) == set(_native.ERROR_CODES)
    for code, cls in _CLASS_BY_CODE.items():
        assert cls.code == code
        assert cls.__name__ in errors.__all__
        assert cls.__name__ in tt.__all__
        assert getattr(tt, cls.__name__) is cls


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_every_code_is_reachable_with_its_class(code: str) -> None:
    with pytest.raises(tt.TinybirdTokenError) as info:
        TRIGGERS[code]()
    err = info.value
    assert err.code == code
    assert type(err) is _CLASS_BY_CODE[code]
    assert err.message
    assert str(err).endswith(err.message)
    assert isinstance(err, ValueError) == (code in INPUT_ERRORS)
    if code in PYJWT_NAMES:
        assert type(err).__name__ == PYJWT_NAMES[code]
        assert isinstance(err, tt.InvalidTokenError)
    # Errors survive pickling (e.g. across multiprocessing) with their fields.
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert (again.code, again.message, again.line, again.input) == (
        err.code,
        err.message,
        err.line,
        err.input,
    )


# Each class's parent: the family tree shared with the npm package (JWT classes with PyJWT's names).
PARENTS = {
    "InvalidTokenNameError": "TinybirdTokenError",
    "ScopeError": "TinybirdTokenError",
    "InvalidScopeError": "ScopeError",
    "ScopeNotAllowedError": "ScopeError",
    "MissingResourceError": "ScopeError",
    "UnexpectedResourceError": "ScopeError",
    "FilterNotSupportedError": "ScopeError",
    "DatafileError": "TinybirdTokenError",
    "InvalidPermissionError": "DatafileError",
    "DatafileSyntaxError": "DatafileError",
    "InvalidTTLError": "TinybirdTokenError",
    "InvalidFixedParamsError": "TinybirdTokenError",
    "InvalidLimitsError": "TinybirdTokenError",
    "InvalidSigningKeyError": "TinybirdTokenError",
    "SecretInClaimError": "TinybirdTokenError",
    "ProjectCheckFailedError": "TinybirdTokenError",
    "InvalidArgumentError": "TinybirdTokenError",
    "InvalidTokenError": "TinybirdTokenError",
    "DecodeError": "InvalidTokenError",
    "InvalidSignatureError": "DecodeError",
    "TokenTooLargeError": "DecodeError",
    "InvalidAlgorithmError": "InvalidTokenError",
    "ExpiredSignatureError": "InvalidTokenError",
    "ImmatureSignatureError": "InvalidTokenError",
    "MissingRequiredClaimError": "InvalidTokenError",
    "InvalidClaimsError": "InvalidTokenError",
}
FAMILIES = {"ScopeError", "DatafileError", "InvalidTokenError"}


def test_family_tree() -> None:
    assert set(PARENTS) | {"TinybirdTokenError"} == set(errors.__all__)
    assert tt.TinybirdTokenError.__bases__ == (Exception,)
    for name, parent in PARENTS.items():
        cls = getattr(tt, name)
        assert cls.__bases__[0] is getattr(tt, parent), name
    for name in FAMILIES:
        family = getattr(tt, name)
        assert family.code == ""
        assert family not in _CLASS_BY_CODE.values()
    assert issubclass(tt.ScopeError, ValueError)
    assert issubclass(tt.DatafileError, ValueError)
    assert not issubclass(tt.InvalidTokenError, ValueError)
    # InvalidScopeError is one leaf of the scope family, no longer its base.
    assert not issubclass(tt.ScopeNotAllowedError, tt.InvalidScopeError)


def test_structured_fields() -> None:
    with pytest.raises(tt.DatafileSyntaxError) as syntax:
        tt.parse_datafile_tokens("# c\nTOKEN a", kind="datasource")
    assert syntax.value.line == 2
    assert str(syntax.value) == f"line 2: {syntax.value.message}"
    with pytest.raises(tt.MissingRequiredClaimError) as missing:
        tt.verify_jwt(tt.sign_jwt({"a": 1}, SECRET), SECRET, now=NOW)
    assert missing.value.claim == "exp"
    with pytest.raises(tt.InvalidScopeError) as scope:
        tt.parse_scope("NOPE:x")
    assert scope.value.input == "NOPE:x"
    assert repr(scope.value).startswith("InvalidScopeError(code='invalid_scope', message=")


@pytest.mark.parametrize(
    "call",
    [
        lambda: tt.define_token(1),  # type: ignore[arg-type]
        lambda: tt.parse_scope(None),  # type: ignore[arg-type]
        lambda: tt.parse_scope("ADMIN", mode=1),  # type: ignore[arg-type]
        lambda: tt.format_scope("ADMIN"),  # type: ignore[arg-type]
        lambda: tt.scopes_allow("ADMIN", "deploy"),  # type: ignore[arg-type]
        lambda: tt.scopes_allow([1], "deploy"),  # type: ignore[list-item]
        lambda: tt.render_token_lines([object()], kind="pipe"),
        lambda: tt.parse_datafile_tokens(b"TOKEN a READ", kind="pipe"),  # type: ignore[arg-type]
        lambda: tt.plan_tokens("files"),  # type: ignore[arg-type]
        lambda: tt.parse_ttl(3600),  # type: ignore[arg-type]
        lambda: tt.sign_jwt([("exp", 1)], SECRET),  # type: ignore[arg-type]
        lambda: tt.sign_jwt({"exp": object()}, SECRET),
        lambda: tt.sign_jwt({1: "a"}, SECRET),  # type: ignore[dict-item]
        lambda: tt.sign_jwt({"a": {2: "b"}}, SECRET),
        lambda: tt.sign_jwt({"a": {"b"}}, SECRET),
        lambda: tt.sign_jwt({"a": b"bytes"}, SECRET),
        lambda: tt.sign_jwt({}, 123),  # type: ignore[arg-type]
        lambda: tt.sign_jwt({}, None),  # type: ignore[arg-type]
        lambda: tt.verify_jwt(b"a.b.c", SECRET),  # type: ignore[arg-type]
        lambda: tt.verify_jwt(TOKEN, 1),  # type: ignore[arg-type]
        lambda: tt.verify_jwt(TOKEN, [SECRET, 1]),  # type: ignore[list-item]
        lambda: tt.verify_jwt(TOKEN, SECRET, now="now"),  # type: ignore[arg-type]
        lambda: tt.verify_jwt(TOKEN, SECRET, now=True),  # type: ignore[arg-type]
        lambda: tt.verify_jwt(TOKEN, SECRET, leeway="5"),  # type: ignore[arg-type]
        lambda: _create(workspace_id=5),
        lambda: _create(name=None),
        lambda: _create(scopes={"type": "PIPES:READ"}),
        lambda: _create(ttl=True),
        lambda: _create(ttl=object()),
        lambda: _create(ttl=None, expires_at=1.5e9),
        lambda: _create(ttl=None, expires_at=True),
        lambda: _create(limits=[10]),
        lambda: _create(extra_claims="x"),
        lambda: tt.create_jwt(ADMIN, workspace_id=WORKSPACE),  # type: ignore[call-arg]
        lambda: tt.create_jwts(ADMIN, "requests"),  # type: ignore[arg-type]
        lambda: tt.SigningKey(123),  # type: ignore[arg-type]
        lambda: tt.VerifyingKey(None),  # type: ignore[arg-type]
        lambda: tt.verify_static_token(ADMIN, 1),  # type: ignore[arg-type]
        lambda: tt.verify_hmac_sha256(b"k", b"d", "tag"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_are_type_errors(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_values_json_cannot_carry() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        tt.sign_jwt({"a": float("nan")}, SECRET)
    with pytest.raises(OverflowError):
        tt.sign_jwt({"a": 2**64}, SECRET)
    deep: list[Any] = []
    cursor = deep
    for _ in range(200):
        cursor.append([])
        cursor = cursor[0]
    with pytest.raises(ValueError, match="nested deeper"):
        tt.sign_jwt({"a": deep}, SECRET)
    cyclic: dict[str, Any] = {}
    cyclic["self"] = cyclic
    with pytest.raises(ValueError, match="nested deeper"):
        tt.sign_jwt(cyclic, SECRET)


def _texts(err: BaseException) -> list[str]:
    texts = [str(err), repr(err), *map(str, err.args)]
    if isinstance(err, tt.TinybirdTokenError):
        texts += [err.message, str(err.input)]
    return texts


def test_no_secret_or_signature_in_errors() -> None:
    failures: list[BaseException] = []
    for call in (
        lambda: tt.verify_jwt(TOKEN, "wrong-" + SECRET, now=NOW),
        lambda: tt.verify_jwt(TOKEN, SECRET, now=NOW + 3600),
        lambda: tt.verify_jwt(TOKEN[:-2], SECRET, now=NOW),
        lambda: tt.verify_jwt(TOKEN + "x", [SECRET, ADMIN], now=NOW),
        lambda: tt.create_jwt(
            SECRET, workspace_id=WORKSPACE, name="n", scopes=SCOPES, ttl="1h", now=NOW
        ),
        lambda: tt.verify_static_token(ADMIN, SECRET),
        lambda: tt.verify_static_token(ADMIN[:-3] + "abc", "abcd"),
        lambda: tt.SigningKey(SECRET).create_jwt(
            workspace_id=WORKSPACE, name="n", scopes=SCOPES, ttl="1h", now=NOW
        ),
    ):
        with pytest.raises(tt.TinybirdTokenError) as info:
            call()
        failures.append(info.value)
    for err in failures:
        for text in _texts(err):
            assert SECRET not in text
            assert ADMIN not in text
            assert SIGNATURE not in text
            assert ADMIN.rsplit(".", 1)[1] not in text


def test_fuzzed_inputs_never_panic() -> None:
    """Random and mutated inputs end in a package error or a TypeError / ValueError, never in pyo3's
    PanicException (a BaseException) or a crash."""
    rng = random.Random(20240601)
    alphabet = "pP.:_-=,'\" \n\t#aAzZ09eyJ{}[]\\é😀\x00"
    seeds = [TOKEN, ADMIN, "DATASOURCES:READ:events:a = 1", "TOKEN app READ", "1.5 hours", "a=1"]

    def text() -> str:
        if rng.random() < 0.5:
            s = list(rng.choice(seeds))
            for _ in range(rng.randint(1, 4)):
                pos = rng.randrange(len(s) + 1)
                s[pos:pos] = rng.choice(alphabet)
            return "".join(s)
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))

    def value(depth: int = 0) -> Any:
        r = rng.random()
        if depth > 3 or r < 0.4:
            return rng.choice([text(), rng.randint(-(2**63), 2**63 - 1), 1.5, True, None, -0.0])
        if r < 0.7:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        return {text(): value(depth + 1) for _ in range(rng.randint(0, 3))}

    calls: list[Callable[[], object]] = [
        lambda: tt.parse_scope(text(), mode=rng.choice(["forward", "classic", text()])),
        lambda: tt.scopes_allow([text()], text(), rng.choice([None, text()])),
        lambda: tt.parse_datafile_tokens(text(), kind=rng.choice(["datasource", "pipe"])),
        lambda: tt.parse_ttl(text()),
        lambda: tt.parse_fixed_params(text()),
        lambda: tt.decode_jwt(text()),
        lambda: tt.verify_jwt(text(), [text() or "k"], now=rng.randint(-(2**63), 2**63 - 1)),
        lambda: tt.inspect_token(text(), now=rng.randint(-(2**63), 2**63 - 1)),
        lambda: tt.decode_static_token(text()),
        lambda: tt.sign_jwt({text(): value()}, text() or "k"),
        lambda: tt.create_jwt(
            ADMIN,
            workspace_id=text(),
            name=text(),
            scopes=[value()],
            ttl=rng.choice([text(), rng.randint(-(2**63), 2**63 - 1)]),
            limits=rng.choice([None, {"rps": value()}]),
            extra_claims=rng.choice([None, {text(): value()}]),
            now=rng.randint(-(2**63), 2**63 - 1),
        ),
        lambda: tt.plan_tokens([{"kind": text(), "name": text(), "text": text()}]),
        lambda: tt.diff_token_plans(value(), value()),
    ]
    for _ in range(4000):
        call = rng.choice(calls)
        with contextlib.suppress(tt.TinybirdTokenError, TypeError, ValueError):
            call()


def test_time_errors_carry_what_was_verified() -> None:
    """Expired / not-yet-valid tokens had a good signature: the error says which key matched and
    carries the authentic header and claims (as the npm package's errors do)."""
    header = tt.decode_jwt(TOKEN)["header"]
    for now, cls in ((NOW + 60, tt.ExpiredSignatureError), (NOW - 61, tt.ImmatureSignatureError)):
        with pytest.raises(cls) as info:
            tt.verify_jwt(TOKEN, ["other", SECRET], now=now)
        err = info.value
        assert err.key_index == 1
        assert err.header == header
        assert err.claims == {"exp": NOW + 60, "nbf": NOW - 60}
        again = pickle.loads(pickle.dumps(err))
        assert (again.key_index, again.header, again.claims) == (1, header, err.claims)
    # Raised by hand (or by another error path), the attributes exist and are None.
    assert tt.ExpiredSignatureError("m").claims is None
    with pytest.raises(tt.InvalidSignatureError) as bad:
        tt.verify_jwt(TOKEN, "other", now=NOW)
    assert not hasattr(bad.value, "claims")

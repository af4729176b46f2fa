"""The conformance vectors (``tests/vectors/*.json``, contract in ``tests/vectors/README.md``) through
the installed package's public API: the same outputs, error codes, messages and lines as the Rust
suite. Each op maps to the idiomatic Python call; the adapters below only reshape the result (e.g. a
``timedelta`` back to ``{"seconds": ...}``) so it can be compared with the vector."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable

import pytest
from _support import REPO

import tinybird_tokens as tt
from tinybird_tokens import _native
from tinybird_tokens.errors import _CLASS_BY_CODE, TinybirdTokenError

VECTORS = Path(os.environ.get("TINYBIRD_TOKENS_VECTORS", REPO / "tests" / "vectors"))


def _load() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(VECTORS.glob("*.json")):
        # json.loads keeps object order, which decides JWT bytes.
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            cases.append({**case, "file": path.name})
    return cases


CASES = _load()


def _key(i: dict[str, Any], name: str) -> str | bytes:
    return i[name] if name in i else bytes.fromhex(i[f"{name}_hex"])


def _keys(i: dict[str, Any]) -> list[str] | list[bytes]:
    return i["keys"] if "keys" in i else [bytes.fromhex(k) for k in i["keys_hex"]]


def _parse_scope(i: dict[str, Any]) -> Any:
    mode = i.get("mode", "forward")
    parsed = tt.parse_scope(i["scope"], mode=mode)
    # The README asks runners to check that formatting the parsed scope gives the scope back.
    assert tt.format_scope(parsed, mode=mode) == i["scope"]
    return parsed


def _project(i: Any) -> tt.Project:
    """The vector's project (its ``files`` / ``resources``) in the JSON form, which the core judges
    as given (``Project.from_dict``)."""
    if isinstance(i, dict):
        i = {k: i[k] for k in ("files", "resources") if k in i}
    return tt.Project.from_dict(i)


def _create_jwt(i: dict[str, Any]) -> Any:
    fields = {k: v for k, v in i.items() if k not in ("key", "now", "project")}
    project = None if i.get("project") is None else _project(i["project"])
    token = tt.create_jwt(i["key"], now=i["now"], project=project, **fields)
    # The prepared-key method and the batch call give the same bytes.
    key = tt.SigningKey(i["key"])
    assert key.create_jwt(now=i["now"], project=project, **fields) == token
    assert key.create_jwts([fields], now=i["now"], project=project) == [token]
    return {"token": token}


def _read_project(i: dict[str, Any]) -> Any:
    project = _project(i)
    return {"resources": project.resources, "findings": project.findings}


def _sign_jwt(i: dict[str, Any]) -> Any:
    token = tt.sign_jwt(i["claims"], _key(i, "key"))
    assert tt.SigningKey(_key(i, "key")).sign_jwt(i["claims"]) == token
    return {"token": token}


def _verify_jwt(i: dict[str, Any]) -> Any:
    return tt.verify_jwt(i["token"], _keys(i), now=i["now"], leeway=i.get("leeway", 0))


def _hmac_verify(i: dict[str, Any]) -> Any:
    tt.verify_hmac_sha256(
        bytes.fromhex(i["key_hex"]), bytes.fromhex(i["data_hex"]), bytes.fromhex(i["tag_hex"])
    )
    return True


OPS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "define_token": lambda i: {"name": tt.define_token(i["name"]).name},
    "parse_scope": _parse_scope,
    "format_scope": lambda i: tt.format_scope(
        {k: i[k] for k in ("type", "resource", "filter")}, mode=i.get("mode", "forward")
    ),
    "scopes_allow": lambda i: tt.scopes_allow(
        i["scopes"], i["action"], i["resource"], mode=i.get("mode", "forward")
    ),
    "render_token_lines": lambda i: tt.render_token_lines(i["tokens"], kind=i["kind"]),
    "parse_datafile_tokens": lambda i: tt.parse_datafile_tokens(i["text"], kind=i["kind"]),
    "plan_tokens": lambda i: tt.plan_tokens(i["files"]),
    "diff_token_plans": lambda i: tt.diff_token_plans(i["old"], i["new"]),
    "parse_ttl": lambda i: {"seconds": tt.parse_ttl(i["ttl"]) // timedelta(seconds=1)},
    "parse_fixed_params": lambda i: [list(kv) for kv in tt.parse_fixed_params(i["text"]).items()],
    "create_jwt": _create_jwt,
    "sign_jwt": _sign_jwt,
    "verify_jwt": _verify_jwt,
    "decode_jwt": lambda i: tt.decode_jwt(i["token"]),
    "inspect_token": lambda i: tt.inspect_token(i["token"], now=i["now"]),
    "decode_static_token": lambda i: tt.decode_static_token(i["token"]),
    "verify_static_token": lambda i: tt.verify_static_token(i["token"], _key(i, "secret")),
    "generate_static_token": lambda i: {
        "token": tt.generate_static_token(
            _key(i, "secret"),
            owner_kind=i["owner_kind"],
            owner_id=i["owner_id"],
            token_id=i["token_id"],
            region=i["region"],
        )
    },
    "hmac_sha256": lambda i: {
        "mac_hex": tt.hmac_sha256(bytes.fromhex(i["key_hex"]), bytes.fromhex(i["data_hex"])).hex()
    },
    "hmac_sha256_verify": _hmac_verify,
    "read_project": _read_project,
    "lint_project": lambda i: _project(i).lint(),
    "check_jwt": lambda i: tt.check_jwt(project=_project(i), now=i["now"], **i.get("request", {})),
    "check_static_token": lambda i: tt.check_static_token(
        project=_project(i),
        mode=i.get("mode", "forward"),
        **{k: i[k] for k in ("scopes",) if k in i},
    ),
}

# Arguments that are required parameters of the Python function: a vector without one is a call
# Python itself refuses (``TypeError``, before the package runs), where the JSON interface answers
# ``invalid_argument``.
REQUIRED: dict[str, tuple[str, ...]] = {
    "check_jwt": ("request",),
    "check_static_token": ("scopes",),
}


def test_vectors_are_present_and_known() -> None:
    assert CASES, f"no conformance vectors in {VECTORS}"
    assert len(CASES) >= 250, f"only {len(CASES)} vectors in {VECTORS}"
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate vector ids"
    assert {c["op"] for c in CASES} <= set(OPS), "a vector uses an op this runner does not map"
    for case in CASES:
        if "error" in case["expect"]:
            assert case["expect"]["error"] in _native.ERROR_CODES, case["id"]


def _same(got: Any, want: Any) -> bool:
    """Equality that also tells ``1`` from ``1.0`` and ``True``, and compares key order."""
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and list(got) == list(want)
            and all(_same(got[k], want[k]) for k in want)
        )
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(_same(g, w) for g, w in zip(got, want))
        )
    return type(got) is type(want) and got == want


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vector(case: dict[str, Any]) -> None:
    run = OPS[case["op"]]
    expect = case["expect"]
    missing = [k for k in REQUIRED.get(case["op"], ()) if k not in case["input"]]
    if missing:
        assert expect.get("error") == "invalid_argument", case["id"]
        with pytest.raises(TypeError, match="missing"):
            run(case["input"])
        return
    if "ok" in expect:
        got = run(case["input"])
        assert _same(got, expect["ok"]), f"{case['file']}: got {got!r}, want {expect['ok']!r}"
        return
    with pytest.raises(TinybirdTokenError) as info:
        run(case["input"])
    err = info.value
    assert err.code == expect["error"], f"{err.code}: {err.message}"
    assert type(err) is _CLASS_BY_CODE[expect["error"]]
    if "message" in expect:
        assert err.message == expect["message"]
    if "line" in expect:
        assert err.line == expect["line"]
    if isinstance(err, tt.ProjectCheckFailedError):
        # The findings behind the refusal are on the error, the errors among them listed in the message.
        errors = [f for f in err.findings if f["severity"] == "error"]
        assert errors, case["id"]
        assert all(f"error[{f['code']}]: {f['message']}" in err.message for f in errors)


def test_idiomatic_project_constructors_read_as_the_json_form() -> None:
    """``Project(files=(path, text) pairs, resources=specs)`` reads every well-formed vector project as
    ``Project.from_dict`` does."""
    cases = [c for c in CASES if c["op"] == "read_project" and "ok" in c["expect"]]
    assert len(cases) >= 10
    for case in cases:
        i = case["input"]
        files = {f["path"]: f["text"] for f in i.get("files", [])}
        project = tt.Project(files=files if "files" in i else None, resources=i.get("resources"))
        want = _project(i)
        assert project.resources == want.resources, case["id"]
        assert project.findings == want.findings, case["id"]

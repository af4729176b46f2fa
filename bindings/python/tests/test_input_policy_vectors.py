"""The packages' shared input policy (``tests/vectors/bindings/input_policy.json``): calls of the public
API with values JSON has no spelling for (dates, bytes, lone surrogates), the same cases the npm
package's suite runs, with the same results."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable

import pytest
from _support import REPO

import tinybird_tokens as tt

DOC = json.loads((REPO / "tests" / "vectors" / "bindings" / "input_policy.json").read_text("ascii"))
CASES: list[dict[str, Any]] = DOC["cases"]


def _value(v: Any) -> Any:
    """Untags ``{"$date"}`` / ``{"$bytes_hex"}`` into this language's types, recursively."""
    if isinstance(v, dict):
        if "$date" in v:
            return datetime.fromisoformat(v["$date"].replace("Z", "+00:00"))
        if "$bytes_hex" in v:
            return bytes.fromhex(v["$bytes_hex"])
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _create_jwt(a: dict[str, Any]) -> Any:
    fields = {k: v for k, v in a.items() if k not in ("key", "now")}
    return tt.create_jwt(a["key"], now=a["now"], **fields)


def _verify_jwt(a: dict[str, Any]) -> Any:
    verified = tt.verify_jwt(a["token"], a["key"], now=a["now"], leeway=a["leeway"])
    return {"exp": verified["claims"]["exp"]}


CALLS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "create_jwt": _create_jwt,
    "sign_jwt": lambda a: tt.sign_jwt(a["claims"], a["key"]),
    "verify_jwt": _verify_jwt,
}


def test_cases_are_loaded() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_input_policy(case: dict[str, Any]) -> None:
    run = CALLS[case["call"]]
    args = _value(case["args"])
    expect = case["expect"]
    if "ok" in expect:
        assert run(args) == expect["ok"]
    elif expect.get("type_error"):
        with pytest.raises(TypeError):
            run(args)
    else:
        with pytest.raises(tt.TinybirdTokenError) as info:
            run(args)
        assert info.value.code == expect["error"]

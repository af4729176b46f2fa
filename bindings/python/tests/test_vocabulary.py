"""The type-level mirrors of the core's word lists (the ``Literal`` types of ``tinybird_tokens``) equal
``tests/vectors/bindings/vocabulary.json``, which the Rust suite checks against the core's enums: a
scope type, action, error or finding code added to the core cannot be missed here."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from typing import Any, Optional, get_args, get_type_hints

from _support import REPO

import tinybird_tokens as tt
from tinybird_tokens import _types
from tinybird_tokens.errors import _CLASS_BY_CODE

VOCABULARY: dict[str, list[str]] = json.loads(
    (REPO / "tests" / "vectors" / "bindings" / "vocabulary.json").read_text("ascii")
)


def _members(literal: Any) -> list[str]:
    return sorted(get_args(literal))


def test_literals_equal_the_core_word_lists() -> None:
    assert _members(tt.Action) == VOCABULARY["actions"]
    assert _members(tt.TokenKind) == sorted(VOCABULARY["token_kinds"])
    assert _members(tt.TokenPart) == VOCABULARY["token_parts"]
    assert _members(tt.ScopeMode) == VOCABULARY["scope_modes"]
    assert _members(tt.ResourceKind) == VOCABULARY["resource_kinds"]
    jwt_scope_type = get_type_hints(_types._JwtScopeRequired)["type"]
    assert _members(jwt_scope_type) == VOCABULARY["jwt_scope_types"]
    assert _members(tt.FindingCode) == VOCABULARY["finding_codes"]
    assert _members(tt.PipeType) == VOCABULARY["pipe_types"]
    assert _members(tt.Severity) == VOCABULARY["severities"]
    finding = get_type_hints(tt.Finding)
    assert finding["code"] == tt.FindingCode
    assert finding["severity"] == tt.Severity


def test_error_classes_cover_the_core_codes() -> None:
    assert sorted(_CLASS_BY_CODE) == VOCABULARY["error_codes"]


def test_typed_shapes_resolve_at_run_time() -> None:
    """Tools that read the package's types at run time (``typing.get_type_hints``, pydantic) can, on
    every supported Python: no annotation needs a newer interpreter than 3.9 to evaluate."""
    shapes = [
        getattr(tt, name) for name in tt.__all__ if hasattr(getattr(tt, name), "__required_keys__")
    ]
    assert len(shapes) >= 20
    for shape in shapes:
        assert get_type_hints(shape), shape
    for verified in (tt.ExpiredSignatureError, tt.ImmatureSignatureError):
        assert get_type_hints(verified)["key_index"] == Optional[int]


def _public_routines() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function of the package, and every public method (``__init__`` included, inherited
    ones too, a property by its getter) of every public class."""
    for name in tt.__all__:
        value = getattr(tt, name)
        if inspect.isroutine(value):
            yield name, value
        elif isinstance(value, type):
            for member_name in dir(value):
                if member_name.startswith("_") and member_name != "__init__":
                    continue
                member = getattr(value, member_name)
                if isinstance(member, property) and member.fget is not None:
                    member = member.fget
                if inspect.isroutine(member):
                    yield f"{name}.{member_name}", member


def test_every_signature_resolves_at_run_time() -> None:
    """``typing.get_type_hints`` evaluates each public signature on the running interpreter (3.9 and
    up): an ``X | None`` or a name imported only for type checkers fails here."""
    resolved = {}
    for qualname, routine in _public_routines():
        try:
            resolved[qualname] = get_type_hints(routine)
        except Exception as error:  # reported with the routine's name
            raise AssertionError(f"{qualname}: {error!r}") from error
    # The Python-level signatures (native ones carry no annotations) are among those checked.
    assert resolved["define_token"]["return"] is tt.TokenDefinition
    assert resolved["TinybirdTokenError.__init__"]["line"] == Optional[int]
    assert resolved["ProjectCheckFailedError.__init__"]["input"] == Optional[str]
    assert resolved["MissingRequiredClaimError.claim"]["return"] == Optional[str]
    assert resolved["render_token_lines"]["kind"] == tt.ResourceKind
    annotated = [name for name, hints in resolved.items() if hints]
    assert len(annotated) >= 10, annotated

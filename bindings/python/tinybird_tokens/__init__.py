"""Tinybird's token model, offline: scopes, TOKEN lines of datafiles, HS256 JWTs and static tokens.

One Rust core (``tinybird-tokens``) shared with the npm package and the ``tbtoken`` CLI, so every
surface gives the same bytes and the same error codes. JWTs are byte-equal to PyJWT's
``jwt.encode(claims, admin_token, algorithm="HS256")``, which is how Tinybird mints them.

Times: ``now`` defaults to ``time.time()`` (read in Python at each call, so freezegun and time-machine
work); ``datetime`` arguments may be aware or naive, naive meaning UTC (as in PyJWT).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Union

# The package itself, by name: `define_token`'s return annotation reads `TokenDefinition` through it,
# so `typing.get_type_hints` goes through the module's `__getattr__` and loads the class on demand.
import tinybird_tokens

from . import _native, _types, errors
from ._native import (
    LOCAL_SECRET,
    MAX_TOKEN_BYTES,
    Project,
    SigningKey,
    VerifyingKey,
    check_jwt,
    check_static_token,
    clear_key_cache,
    create_jwt,
    create_jwts,
    decode_jwt,
    decode_static_token,
    diff_token_plans,
    generate_local_tokens,
    generate_static_token,
    hmac_sha256,
    inspect_token,
    parse_datafile_tokens,
    parse_fixed_params,
    parse_scope,
    plan_tokens,
    scopes_allow,
    sign_jwt,
    verify_hmac_sha256,
    verify_jwt,
    verify_static_token,
)

# Every public type and exception, each listed once: in `_types.__all__` and `errors.__all__`.
from ._types import *  # noqa: F403
from ._types import PipeTokenName, ResourceKind, ScopeMode, TokenLine, TokenLines, TokenReference
from .errors import *  # noqa: F403

if TYPE_CHECKING:
    from ._token_definition import TokenDefinition

__version__: str = _native.__version__

__all__ = [
    "LOCAL_SECRET",
    "MAX_TOKEN_BYTES",
    "Project",
    "SigningKey",
    "TokenDefinition",
    "VerifyingKey",
    "__version__",
    "check_jwt",
    "check_static_token",
    "clear_key_cache",
    "create_jwt",
    "create_jwts",
    "decode_jwt",
    "decode_static_token",
    "define_token",
    "diff_token_plans",
    "format_scope",
    "generate_local_tokens",
    "generate_static_token",
    "hmac_sha256",
    "inspect_token",
    "parse_datafile_tokens",
    "parse_fixed_params",
    "parse_scope",
    "parse_ttl",
    "plan_tokens",
    "render_token_lines",
    "scopes_allow",
    "sign_jwt",
    "verify_hmac_sha256",
    "verify_jwt",
    "verify_static_token",
]
__all__ += _types.__all__
__all__ += errors.__all__


def _token_definition_class() -> type[TokenDefinition]:
    # TokenDefinition is a dataclass, and importing `dataclasses` (with `inspect`, `ast`, `dis`) was a
    # third of a fresh `import tinybird_tokens`; it is loaded when first needed
    # (bench/python/RESULTS.md, "Cold start"), then kept in the module's namespace.
    from ._token_definition import TokenDefinition

    globals()["TokenDefinition"] = TokenDefinition
    return TokenDefinition


def __getattr__(name: str) -> Any:
    if name == "TokenDefinition":
        return _token_definition_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "TokenDefinition"})


def define_token(name: str) -> tinybird_tokens.TokenDefinition:
    """Defines a named token; the name must match ``^[A-Za-z_][A-Za-z0-9_]*$``.

    >>> define_token("app_read")
    TokenDefinition(name='app_read')

    Raises:
        InvalidTokenNameError: with the SDKs' message, e.g. for ``"app-read"``.
    """
    return _token_definition_class()(name)


def format_scope(scope: Mapping[str, Any], *, mode: ScopeMode = "forward") -> str:
    """Formats a scope given as ``{"type", "resource", "filter"}`` (what :func:`parse_scope`
    returns), checking it with the same rules.

    >>> format_scope({"type": "DATASOURCES:READ", "resource": "events", "filter": None})
    'DATASOURCES:READ:events'
    """
    if not isinstance(scope, Mapping):
        raise TypeError(f"scope must be a mapping, not {type(scope).__name__}")
    scope_type = scope.get("type")
    if not isinstance(scope_type, str):
        raise TypeError('scope["type"] must be a str')
    return _native.format_scope(scope_type, scope.get("resource"), scope.get("filter"), mode=mode)


def parse_ttl(ttl: str) -> timedelta:
    """Parses a TTL exactly as ``tb token create jwt --ttl`` does (``"1h"``, ``"30min"``,
    ``"1.5 hours"``, ``"90"`` seconds; a year is 52 weeks).

    >>> parse_ttl("1.5h")
    datetime.timedelta(seconds=5400)

    Raises:
        InvalidTTLError: for anything ``tb`` would reject (``"1h30m"``, ``"1mo"``, ``"-1h"``, ...).
    """
    return timedelta(microseconds=_native.parse_ttl_micros(ttl))


TokenEntry = Union[TokenLine, TokenLines, PipeTokenName, TokenReference, Sequence[Any]]


def render_token_lines(tokens: Iterable[TokenEntry], *, kind: ResourceKind) -> str:
    """Renders the TOKEN lines of a ``.datasource`` (``kind="datasource"``) or ``.pipe`` file.

    Each entry is ``{"name": ..., "permission": ...}``, ``{"name": ..., "permissions": [...]}`` (a line
    each), ``{"name": ...}`` alone on a pipe (READ, the only permission a pipe token has), tinybird-sdk's
    ``{"token": define_token(...), "scope": ...}``, or a ``(token_or_name, permission)`` pair (the npm
    package takes the same shapes, with a two-element array for the pair). Lines are joined by ``\\n``,
    in order, duplicates kept, with no trailing newline.

    >>> app_read = define_token("app_read")
    >>> print(render_token_lines([{"token": app_read, "scope": "READ"}], kind="datasource"))
    TOKEN app_read READ

    Raises:
        InvalidTokenNameError: for a bad name.
        InvalidPermissionError: for a permission other than ``READ`` / ``APPEND`` (``READ`` only on
            pipes).
    """
    return _native.render_token_lines(kind, [_token_entry(entry) for entry in tokens])


def _token_entry(entry: Any) -> Mapping[str, Any]:
    """One entry in the core's shapes: SDK objects and pairs become ``{name, permission}``."""
    if isinstance(entry, Mapping):
        if "token" in entry:
            return {"name": _token_name(entry["token"]), "permission": entry.get("scope")}
        return entry
    if isinstance(entry, (tuple, list)) and len(entry) == 2:
        return {"name": _token_name(entry[0]), "permission": entry[1]}
    raise TypeError(
        "each token must be {'name', 'permission'}, {'name', 'permissions'}, {'token', 'scope'} or a "
        f"(token, permission) pair, not {type(entry).__name__}"
    )


def _token_name(token: Any) -> Any:
    # Our TokenDefinition and tinybird-sdk's both carry `_name`.
    return getattr(token, "_name", token)

"""Exceptions raised by :mod:`tinybird_tokens`.

Every exception carries ``code``, the stable snake_case code shared with the Rust core, the npm package
and the CLI (``"invalid_scope"``, ``"token_expired"``, ...), and ``message``, the text for people. Check
either the class or the code::

    try:
        claims = verify_jwt(token, admin_token)["claims"]
    except ExpiredSignatureError:
        ...
    except InvalidTokenError as e:  # any other reason to reject the token
        log.info("rejected token: %s", e.code)

The tree (``[family]``: a base class with no code of its own; the npm package has the same tree)::

    TinybirdTokenError                          (base of everything below)
    ├── InvalidTokenNameError  + ValueError     invalid_token_name
    ├── ScopeError             + ValueError     [family]
    │   ├── InvalidScopeError                   invalid_scope
    │   ├── ScopeNotAllowedError                scope_not_allowed
    │   ├── MissingResourceError                missing_resource
    │   ├── UnexpectedResourceError             unexpected_resource
    │   └── FilterNotSupportedError             filter_not_supported
    ├── DatafileError          + ValueError     [family]
    │   ├── InvalidPermissionError              invalid_permission
    │   └── DatafileSyntaxError                 datafile_syntax          (has .line)
    ├── InvalidTTLError        + ValueError     invalid_ttl
    ├── InvalidFixedParamsError + ValueError    invalid_fixed_params
    ├── InvalidLimitsError     + ValueError     invalid_limits
    ├── InvalidSigningKeyError + ValueError     invalid_signing_key
    ├── SecretInClaimError     + ValueError     secret_in_claim
    ├── ProjectCheckFailedError + ValueError    project_check_failed     (has .findings)
    ├── InvalidArgumentError   + ValueError     invalid_argument
    └── InvalidTokenError                       [family] (PyJWT's name: the token is rejected)
        ├── DecodeError                         malformed_token
        │   ├── InvalidSignatureError           invalid_signature
        │   └── TokenTooLargeError              token_too_large
        ├── InvalidAlgorithmError               algorithm_not_allowed
        ├── ExpiredSignatureError               token_expired            (has .key_index, .header, .claims)
        ├── ImmatureSignatureError              token_not_yet_valid      (has .key_index, .header, .claims)
        ├── MissingRequiredClaimError           missing_claim            (has .claim)
        └── InvalidClaimsError     + ValueError invalid_claims

The JWT classes have PyJWT's names and shape, so ``except InvalidTokenError`` rejects every bad token
as it does with PyJWT. Calling a function with an argument of the wrong Python type raises ``TypeError``
(as Python and PyJWT do); an argument of the right type that the interface cannot take (a negative
leeway, no key, a ``str`` with a lone surrogate, a NaN) raises :class:`InvalidArgumentError`. No message
or attribute ever contains a key, an admin token or a signature.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Optional

# At run time too, so that `typing.get_type_hints` resolves `ProjectCheckFailedError.__init__`
# (the package imports `_types` anyway).
from ._types import Finding

__all__ = [
    "DatafileError",
    "DatafileSyntaxError",
    "DecodeError",
    "ExpiredSignatureError",
    "FilterNotSupportedError",
    "ImmatureSignatureError",
    "InvalidAlgorithmError",
    "InvalidArgumentError",
    "InvalidClaimsError",
    "InvalidFixedParamsError",
    "InvalidLimitsError",
    "InvalidPermissionError",
    "InvalidScopeError",
    "InvalidSignatureError",
    "InvalidSigningKeyError",
    "InvalidTTLError",
    "InvalidTokenError",
    "InvalidTokenNameError",
    "MissingRequiredClaimError",
    "MissingResourceError",
    "ProjectCheckFailedError",
    "ScopeError",
    "ScopeNotAllowedError",
    "SecretInClaimError",
    "TinybirdTokenError",
    "TokenTooLargeError",
    "UnexpectedResourceError",
]


class TinybirdTokenError(Exception):
    """Base class of every error of the package.

    Attributes:
        code: the stable snake_case code (identical in Rust, JS, Python, the CLI and the vectors).
        message: the message for people, without the line prefix.
        line: the 1-based datafile line, for errors about a ``.datasource`` / ``.pipe`` file.
        input: the offending input when there is one (a scope, a TTL, a claim name; never a secret).
    """

    code: ClassVar[str] = ""

    def __init__(
        self, message: str, *, line: Optional[int] = None, input: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.input = input

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message,), self.__dict__)


class InvalidTokenNameError(TinybirdTokenError, ValueError):
    """A token name does not match ``^[A-Za-z_][A-Za-z0-9_]*$``."""

    code = "invalid_token_name"


class ScopeError(TinybirdTokenError, ValueError):
    """Base of the errors about a scope or an action on one (no code of its own)."""


class InvalidScopeError(ScopeError):
    """A scope is empty, padded, of an unknown type, or names a resource badly."""

    code = "invalid_scope"


class ScopeNotAllowedError(ScopeError):
    """A known scope type that is not allowed here (internal, Classic-only in Forward, not a JWT
    scope)."""

    code = "scope_not_allowed"


class MissingResourceError(ScopeError):
    """A scope or action needs a resource and has none."""

    code = "missing_resource"


class UnexpectedResourceError(ScopeError):
    """A scope or action that takes no resource was given one."""

    code = "unexpected_resource"


class FilterNotSupportedError(ScopeError):
    """An SQL filter on a scope that cannot carry one."""

    code = "filter_not_supported"


class DatafileError(TinybirdTokenError, ValueError):
    """Base of the errors about the TOKEN lines of a ``.datasource`` / ``.pipe`` file (no code of its
    own)."""


class InvalidPermissionError(DatafileError):
    """A TOKEN permission other than READ / APPEND, or APPEND on a pipe."""

    code = "invalid_permission"


class DatafileSyntaxError(DatafileError):
    """A TOKEN line with the wrong number of arguments or an unclosed quote (see ``line``)."""

    code = "datafile_syntax"


class InvalidTTLError(TinybirdTokenError, ValueError):
    """A TTL that ``tb`` would reject, or one that expires at once."""

    code = "invalid_ttl"


class InvalidFixedParamsError(TinybirdTokenError, ValueError):
    """Fixed params that are malformed, repeated, mistyped or on a scope that cannot take them."""

    code = "invalid_fixed_params"


class InvalidLimitsError(TinybirdTokenError, ValueError):
    """``limits`` is not ``{"rps": <integer>}``, or (when creating) ``rps`` is 0 or less, which Tinybird
    reads as no limit: leave ``limits`` out instead."""

    code = "invalid_limits"


class InvalidSigningKeyError(TinybirdTokenError, ValueError):
    """An empty key, or not the workspace admin token where one is needed."""

    code = "invalid_signing_key"


class SecretInClaimError(TinybirdTokenError, ValueError):
    """A Tinybird static token or JWT inside a JWT claim (name, workspace id, resource, fixed param,
    filter, extra claim) or a static token's name: anyone who can read it would hold the token. The message names the claim's path, never
    its value."""

    code = "secret_in_claim"


class ProjectCheckFailedError(TinybirdTokenError, ValueError):
    """A token request that the project check finds an error in (``create_jwt(..., project=...)``):
    the message lists the errors, ``findings`` holds every finding of the check (errors and warnings,
    as :func:`tinybird_tokens.check_jwt` returns them)."""

    code = "project_check_failed"

    def __init__(
        self,
        message: str,
        *,
        line: Optional[int] = None,
        input: Optional[str] = None,
        findings: Iterable[Finding] = (),
    ) -> None:
        super().__init__(message, line=line, input=input)
        self.findings: list[Finding] = list(findings)


class InvalidArgumentError(TinybirdTokenError, ValueError):
    """A function was called wrongly: an argument of the right type that it cannot take (a negative
    leeway, no key to verify with, a ``str`` with a lone surrogate, a float JSON cannot carry)."""

    code = "invalid_argument"


class InvalidTokenError(TinybirdTokenError):
    """Base of the errors that reject a token (PyJWT's ``InvalidTokenError``; no code of its own)."""


class DecodeError(InvalidTokenError):
    """The token is not well-formed: segments, base64url, JSON or header parameters."""

    code = "malformed_token"


class InvalidSignatureError(DecodeError):
    """The signature matches none of the keys."""

    code = "invalid_signature"


class TokenTooLargeError(DecodeError):
    """The token is longer than verifiers accept (16 KiB)."""

    code = "token_too_large"


class InvalidAlgorithmError(InvalidTokenError):
    """The JWT's ``alg`` is missing or is not HS256."""

    code = "algorithm_not_allowed"


class _Verified:
    """What was verified before a time check failed: the signature matched key ``key_index``, so
    ``header`` and ``claims`` are authentic, only outside their validity window (e.g. to refresh the
    token). ``None`` on an instance not raised by this package."""

    key_index: Optional[int] = None
    header: Optional[dict[str, Any]] = None
    claims: Optional[dict[str, Any]] = None


class ExpiredSignatureError(InvalidTokenError, _Verified):
    """The JWT's ``exp`` is not after now (minus leeway); see ``key_index``, ``header``, ``claims``."""

    code = "token_expired"


class ImmatureSignatureError(InvalidTokenError, _Verified):
    """The JWT's ``nbf`` is after now (plus leeway); see ``key_index``, ``header``, ``claims``."""

    code = "token_not_yet_valid"


class MissingRequiredClaimError(InvalidTokenError):
    """The JWT lacks a required claim (``exp``); ``claim`` names it."""

    code = "missing_claim"

    @property
    def claim(self) -> Optional[str]:
        """The missing claim's name."""
        return self.input


class InvalidClaimsError(InvalidTokenError, ValueError):
    """JWT claims that are missing, empty, reserved or of the wrong type: when creating a token (a
    ``ValueError``) or in a token being verified (an ``InvalidTokenError``)."""

    code = "invalid_claims"


def _by_code() -> dict[str, type[TinybirdTokenError]]:
    table: dict[str, type[TinybirdTokenError]] = {}
    pending: list[type[TinybirdTokenError]] = [TinybirdTokenError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__ == __name__ and cls.code:
            assert cls.code not in table, f"two classes for {cls.code}"
            table[cls.code] = cls
    return table


# The one table from core code to class; the native module raises through it.
_CLASS_BY_CODE: dict[str, type[TinybirdTokenError]] = _by_code()

"""Typed shapes of the plain dicts the package takes and returns (for type checkers; at run time they
are ordinary ``dict`` / ``list`` / ``str``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, Optional, Protocol, TypedDict, Union

__all__ = [
    "Action",
    "DatafileSource",
    "DatafileToken",
    "DecodedToken",
    "Finding",
    "FindingCode",
    "FixedParamValue",
    "Inspection",
    "InspectionProblem",
    "InspectionScope",
    "InspectionSegment",
    "JwtLimits",
    "JwtRequest",
    "JwtScope",
    "LocalTokens",
    "PipeTokenName",
    "PipeType",
    "PlannedToken",
    "ProjectData",
    "ProjectFile",
    "ProjectParam",
    "ProjectResource",
    "ProjectToken",
    "ResourceKind",
    "ResourceParam",
    "ResourceSpec",
    "ResourceToken",
    "ScopeInfo",
    "ScopeMode",
    "SdkResource",
    "Severity",
    "StaticTokenInfo",
    "TokenKind",
    "TokenLine",
    "TokenLines",
    "TokenPart",
    "TokenPlanDiff",
    "TokenPlanUpdate",
    "TokenReference",
    "VerifiedToken",
]

ScopeMode = Literal["forward", "classic"]
"""``forward`` (Tinybird Forward: no SQL filters, no Classic-only scopes) or ``classic``."""

ResourceKind = Literal["datasource", "pipe"]
"""The kind of datafile a TOKEN line is in."""

Action = Literal[
    "read_datasource",
    "append_datasource",
    "drop_datasource",
    "create_datasource",
    "read_pipe",
    "drop_pipe",
    "create_pipe",
    "manage_tokens",
    "deploy",
    "read_org_datasources",
]
"""What :func:`tinybird_tokens.scopes_allow` is asked about."""

TokenKind = Literal["jwt", "static", "unknown"]

TokenPart = Literal["token", "prefix", "header", "payload", "signature", "extra"]
"""A part of a token, as :func:`tinybird_tokens.inspect_token` names it: ``prefix`` is a static
token's ``p``, ``payload`` the JWT claims or the static token's payload, ``extra`` a segment after the
third, ``token`` the whole token."""

FixedParamValue = Union[str, int, float, bool]
"""A fixed param's value (``PIPES:READ`` scopes of JWTs)."""


class ScopeInfo(TypedDict):
    """A parsed static-token scope."""

    type: str
    resource: Optional[str]
    filter: Optional[str]


class TokenLine(TypedDict):
    """One TOKEN line to render: a token name and its permission (``READ`` / ``APPEND``)."""

    name: str
    permission: str


class TokenLines(TypedDict):
    """Several TOKEN lines for one token, one per permission."""

    name: str
    permissions: Sequence[str]


class PipeTokenName(TypedDict):
    """A token on a pipe by name alone: READ, the only permission a pipe token has."""

    name: str


class TokenReference(TypedDict):
    """tinybird-sdk's form of a token attached to a resource: ``{"token": define_token(...),
    "scope": "READ"}``."""

    token: Any
    scope: str


class DatafileToken(TypedDict):
    """A TOKEN line read from a datafile, with its 1-based line."""

    name: str
    permission: str
    line: int


class DatafileSource(TypedDict):
    """One datafile of a project, for :func:`tinybird_tokens.plan_tokens`."""

    kind: ResourceKind
    name: str
    text: str


class PlannedToken(TypedDict):
    """A resource-scoped token of a project and the scopes its TOKEN lines give it."""

    name: str
    scopes: list[str]


class TokenPlanUpdate(TypedDict):
    """A token present in both plans whose scopes changed."""

    name: str
    added: list[str]
    removed: list[str]


class TokenPlanDiff(TypedDict):
    """What a deployment would create, update and delete."""

    create: list[PlannedToken]
    update: list[TokenPlanUpdate]
    delete: list[str]


class _JwtScopeRequired(TypedDict):
    type: Literal["PIPES:READ", "DATASOURCES:READ"]
    resource: str


class JwtScope(_JwtScopeRequired, total=False):
    """One scope of a JWT: ``fixed_params`` on ``PIPES:READ``, ``filter`` on ``DATASOURCES:READ``."""

    fixed_params: dict[str, FixedParamValue]
    filter: str


class JwtLimits(TypedDict):
    """``limits`` of a JWT: requests per second, at least 1."""

    rps: int


_Ttl = Union[str, int, float, timedelta]
"""A JWT's time to live: ``tb``'s TTL text (``"1h"``), a number of seconds, or a ``timedelta``."""

_ExpiresAt = Union[int, datetime]
"""A JWT's expiry: Unix seconds, or a ``datetime`` (naive means UTC)."""

_Scopes = Union[list[JwtScope], tuple[JwtScope, ...]]


class _JwtRequestRequired(TypedDict):
    workspace_id: str
    name: str
    scopes: _Scopes


class JwtRequest(_JwtRequestRequired, total=False):
    """The keyword arguments of :func:`tinybird_tokens.create_jwt` (but ``now``), and one request of
    :func:`tinybird_tokens.create_jwts`. ``None`` means not given."""

    ttl: Optional[_Ttl]
    expires_at: Optional[_ExpiresAt]
    limits: Optional[JwtLimits]
    extra_claims: Optional[Mapping[str, Any]]


class VerifiedToken(TypedDict):
    """A verified JWT: its header, its claims and the index of the key that matched."""

    header: dict[str, Any]
    claims: dict[str, Any]
    key_index: int


class DecodedToken(TypedDict):
    """A JWT read without verification."""

    header: dict[str, Any]
    claims: dict[str, Any]


class StaticTokenInfo(TypedDict):
    """What a static token (``p.…``) says: owner, token id, region and that region's API host."""

    owner_kind: Literal["u", "o"]
    owner_id: str
    token_id: str
    region: Optional[str]
    api_host: str


class LocalTokens(TypedDict):
    """Tinybird Local tokens, as ``tb local generate-tokens --output json`` prints them."""

    workspace_token: str
    user_token: str


class InspectionScope(TypedDict):
    """A JWT scope, explained."""

    type: str
    resource: str
    fixed_params: Optional[dict[str, Any]]
    filter: Optional[str]
    summary: str


class InspectionProblem(TypedDict):
    """Something wrong with an inspected token: the code verification would raise, and where.

    ``verification`` is true when ``verify_jwt`` (right key, at ``now``, no leeway) refuses the token
    for this problem; these come first, in its order, so the first one has the code it raises. False
    for Tinybird's claim rules, which it does not judge, and for static tokens."""

    code: str
    part: TokenPart
    message: str
    verification: bool


class InspectionSegment(TypedDict):
    """One dot-separated segment of the token: its part and its span as UTF-8 byte offsets (``end``
    exclusive), e.g. to highlight it."""

    part: TokenPart
    start: int
    end: int


class Inspection(TypedDict):
    """:func:`tinybird_tokens.inspect_token`'s report."""

    kind: TokenKind
    header: Optional[dict[str, Any]]
    claims: Optional[dict[str, Any]]
    workspace_id: Optional[str]
    name: Optional[str]
    scopes: list[InspectionScope]
    limits: Optional[JwtLimits]
    expires_at: Optional[int]
    expires_in: Optional[int]
    not_before: Optional[int]
    issued_at: Optional[int]
    static: Optional[StaticTokenInfo]
    problems: list[InspectionProblem]
    segments: list[InspectionSegment]


# Projects: what Project reads, and the findings of its checks (see tests/vectors/README.md, "Projects").

Severity = Literal["error", "warning"]
"""``error``: the token or project would not do what it says (``create_jwt`` refuses); ``warning``:
worth a look, or not checkable offline."""

PipeType = Literal["endpoint", "materialized", "copy", "sink", "plain"]
"""A pipe's kind: its ``TYPE`` line (none is ``plain``). Only an ``endpoint`` can be read with a JWT."""

FindingCode = Literal[
    "datafile_syntax",
    "invalid_permission",
    "near_miss_token",
    "empty_token_name",
    "duplicate_token",
    "duplicate_resource",
    "invalid_resource_name",
    "unreadable_template",
    "conflicting_param_type",
    "unknown_resource",
    "unchecked_resource",
    "wrong_resource_kind",
    "pipe_not_endpoint",
    "unknown_fixed_param",
    "fixed_param_type",
    "ignored_claim",
]
"""What a :class:`Finding` is about (the table in the README's "Checking tokens against your
project")."""


class Finding(TypedDict):
    """One thing a project read, lint or request check found. ``path`` and ``line`` (1-based) locate
    it in a datafile; ``scope`` is the 0-based index of the request scope it is about; ``suggestion``
    is the did-you-mean (a name of the project), ``None`` when none is close."""

    code: FindingCode
    severity: Severity
    message: str
    path: Optional[str]
    line: Optional[int]
    scope: Optional[int]
    suggestion: Optional[str]


class ProjectParam(TypedDict):
    """A pipe's template parameter and its declared type (``"Int32"``, ``"Array(String)"``), ``None``
    when no type function gives one."""

    name: str
    type: Optional[str]


class ProjectToken(TypedDict):
    """A token attached to a resource; ``line`` is its TOKEN line (``None`` for a resource spec)."""

    name: str
    permission: Literal["READ", "APPEND"]
    line: Optional[int]


class ProjectResource(TypedDict):
    """A data source or pipe of a :class:`tinybird_tokens.Project`."""

    kind: ResourceKind
    name: str
    path: Optional[str]
    pipe_type: Optional[PipeType]
    params: list[ProjectParam]
    tokens: list[ProjectToken]


class ProjectFile(TypedDict):
    """A datafile in the JSON form of a project."""

    path: str
    text: str


class _ResourceParamRequired(TypedDict):
    name: str


class ResourceParam(_ResourceParamRequired, total=False):
    """A declared parameter of a resource spec: its Tinybird type name (``"String"``, ``"Int32"``)."""

    type: Optional[str]
    required: bool


class _ResourceTokenName(TypedDict):
    name: str


class ResourceToken(_ResourceTokenName, total=False):
    """A token of a resource spec: ``name`` with ``permission``, or ``permissions`` (one token per
    permission), or neither on a pipe (READ), the shapes of the SDKs' inline tokens."""

    permission: str
    permissions: list[str]


class _ResourceSpecRequired(TypedDict):
    kind: ResourceKind
    name: str


class ResourceSpec(_ResourceSpecRequired, total=False):
    """A data source or pipe described by hand, as tinybird-sdk objects are converted: without
    ``params`` and ``sql`` a pipe's parameters are unknown (fixed params are then not checked as
    errors); ``sql`` texts are read as templates. A token may also be tinybird-sdk's
    ``{"token": define_token(...), "scope": "READ"}``."""

    pipe_type: Optional[PipeType]
    params: Sequence[ResourceParam]
    sql: Sequence[str]
    tokens: Sequence[Union[ResourceToken, TokenReference]]


class ProjectData(TypedDict, total=False):
    """A project in the JSON form ``tbtoken``, the npm package and the conformance vectors share
    (:meth:`tinybird_tokens.Project.from_dict`)."""

    files: Sequence[ProjectFile]
    resources: Sequence[ResourceSpec]


class SdkResource(Protocol):
    """A tinybird-sdk resource: what ``define_datasource``, ``define_pipe``, ``define_endpoint``,
    ``define_materialized_view``, ``define_copy_pipe`` and ``define_sink_pipe`` return."""

    @property
    def _type(self) -> str: ...

    @property
    def _name(self) -> str: ...

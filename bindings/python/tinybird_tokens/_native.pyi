"""The compiled core (``crates/tinybird-tokens-py``). Checked against the extension with
``python -m mypy.stubtest tinybird_tokens._native``."""

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Literal, TypeVar, final

from typing_extensions import Unpack

from ._types import (
    Action,
    DatafileSource,
    DatafileToken,
    DecodedToken,
    Finding,
    Inspection,
    JwtRequest,
    LocalTokens,
    PlannedToken,
    ProjectData,
    ProjectFile,
    ProjectResource,
    ResourceKind,
    ResourceSpec,
    ScopeInfo,
    ScopeMode,
    SdkResource,
    StaticTokenInfo,
    TokenPlanDiff,
    VerifiedToken,
)

__all__ = [
    "ERROR_CODES",
    "LOCAL_SECRET",
    "MAX_TOKEN_BYTES",
    "Project",
    "SigningKey",
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
    "parse_ttl_micros",
    "plan_tokens",
    "render_token_lines",
    "scopes_allow",
    "sign_jwt",
    "verify_hmac_sha256",
    "verify_jwt",
    "verify_static_token",
]

__version__: Final[str]
ERROR_CODES: Final[tuple[str, ...]]
MAX_TOKEN_BYTES: Final[int]
LOCAL_SECRET: Final[str]

_Key = str | bytes
_Time = int | float | datetime
_Seconds = int | float | timedelta

@final
class SigningKey:
    def __new__(cls, key: _Key) -> SigningKey: ...
    @property
    def is_admin_token(self) -> bool: ...
    @property
    def workspace_id(self) -> str | None: ...
    def verifying_key(self) -> VerifyingKey: ...
    def sign_jwt(self, claims: Mapping[str, Any]) -> str: ...
    def create_jwt(
        self,
        *,
        now: _Time | None = None,
        project: Project | None = None,
        **request: Unpack[JwtRequest],
    ) -> str: ...
    def create_jwts(
        self,
        requests: Iterable[JwtRequest],
        *,
        now: _Time | None = None,
        project: Project | None = None,
    ) -> list[str]: ...

@final
class VerifyingKey:
    def __new__(cls, key: _Key) -> VerifyingKey: ...
    def verify_jwt(
        self, token: str, *, now: _Time | None = None, leeway: _Seconds | None = 0
    ) -> VerifiedToken: ...

_AnyKey = str | bytes | SigningKey | VerifyingKey

_Path = TypeVar("_Path", bound=str | os.PathLike[str])
_Files = Mapping[_Path, str] | Iterable[tuple[_Path, str] | ProjectFile]
_Resources = Iterable[ResourceSpec | SdkResource]

@final
class Project:
    def __new__(
        cls, *, files: _Files[_Path] | None = None, resources: _Resources | None = None
    ) -> Project: ...
    @classmethod
    def from_files(cls, files: _Files[_Path]) -> Project: ...
    @classmethod
    def from_resources(cls, resources: _Resources) -> Project: ...
    @classmethod
    def from_dict(cls, data: ProjectData) -> Project: ...
    @property
    def resources(self) -> list[ProjectResource]: ...
    @property
    def findings(self) -> list[Finding]: ...
    def lint(self) -> list[Finding]: ...

def check_jwt(
    *, project: Project, now: _Time | None = None, **request: Unpack[JwtRequest]
) -> list[Finding]: ...
def check_static_token(
    scopes: list[str] | tuple[str, ...], project: Project, *, mode: ScopeMode | None = "forward"
) -> list[Finding]: ...
def define_token(name: str) -> str: ...
def parse_scope(scope: str, *, mode: ScopeMode | None = "forward") -> ScopeInfo: ...
def format_scope(
    scope_type: str,
    resource: str | None = None,
    filter: str | None = None,
    *,
    mode: ScopeMode | None = "forward",
) -> str: ...
def scopes_allow(
    scopes: list[str] | tuple[str, ...],
    action: Action,
    resource: str | None = None,
    *,
    mode: ScopeMode | None = "forward",
) -> bool: ...
def render_token_lines(kind: str, tokens: Sequence[Mapping[str, Any]]) -> str: ...
def parse_datafile_tokens(text: str, *, kind: ResourceKind) -> list[DatafileToken]: ...
def plan_tokens(
    files: list[DatafileSource] | tuple[DatafileSource, ...],
) -> list[PlannedToken]: ...
def diff_token_plans(
    old: list[PlannedToken] | tuple[PlannedToken, ...],
    new: list[PlannedToken] | tuple[PlannedToken, ...],
) -> TokenPlanDiff: ...
def parse_ttl_micros(ttl: str) -> int: ...
def parse_fixed_params(text: str) -> dict[str, str]: ...
def create_jwt(
    key: str | bytes | SigningKey,
    *,
    now: _Time | None = None,
    project: Project | None = None,
    **request: Unpack[JwtRequest],
) -> str: ...
def create_jwts(
    key: str | bytes | SigningKey,
    requests: Iterable[JwtRequest],
    *,
    now: _Time | None = None,
    project: Project | None = None,
) -> list[str]: ...
def sign_jwt(claims: Mapping[str, Any], key: str | bytes | SigningKey) -> str: ...
def verify_jwt(
    token: str,
    key_or_keys: _AnyKey | list[_AnyKey] | tuple[_AnyKey, ...],
    *,
    now: _Time | None = None,
    leeway: _Seconds | None = 0,
) -> VerifiedToken: ...
def decode_jwt(token: str) -> DecodedToken: ...
def inspect_token(token: str, *, now: _Time | None = None) -> Inspection: ...
def decode_static_token(token: str) -> StaticTokenInfo: ...
def verify_static_token(token: str, secret: _Key) -> StaticTokenInfo: ...
def generate_static_token(
    secret: _Key,
    *,
    owner_id: str,
    token_id: str,
    region: str | None = None,
    owner_kind: Literal["u", "o"] | None = "u",
) -> str: ...
def generate_local_tokens() -> LocalTokens: ...
def hmac_sha256(key: _Key, data: _Key) -> bytes: ...
def verify_hmac_sha256(key: _Key, data: _Key, tag: bytes) -> None: ...
def clear_key_cache() -> None: ...

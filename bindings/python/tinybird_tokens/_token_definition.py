"""``TokenDefinition``, in a module of its own so that ``import tinybird_tokens`` does not import
``dataclasses`` (and ``inspect`` with it): the package loads it on first use (see ``__getattr__`` in
``__init__.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import _native


@dataclass(frozen=True)
class TokenDefinition:
    """A named token that data sources and pipes reference (what ``define_token`` returns).

    It carries only the name; scopes come from the resources that reference it. ``_name`` and
    ``_type`` mirror tinybird-sdk's ``TokenDefinition`` so code written for it keeps working.
    Constructing one checks the name like :func:`define_token`.
    """

    name: str

    def __post_init__(self) -> None:
        _native.define_token(self.name)

    @property
    def _name(self) -> str:
        return self.name

    @property
    def _type(self) -> Literal["token"]:
        return "token"


# Public under the package's name, as when it was defined in __init__.py.
TokenDefinition.__module__ = "tinybird_tokens"

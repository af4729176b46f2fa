"""Tinybird's verifier, written once for the tests that compare with it: PyJWT 2.9.0 called as
Tinybird's server calls it (README: "Verification compared with Tinybird's verifier"), with its clock
pinned to the test's `now`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from unittest import mock

import jwt.api_jwt


class PinnedClock(dt.datetime):
    """A `datetime` whose `now` is the test's, put in place of PyJWT's own (no real clock is read)."""

    pinned: ClassVar[float] = 0.0

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> PinnedClock:
        return cls.fromtimestamp(cls.pinned, tz)


@contextmanager
def pyjwt_clock(now: float) -> Iterator[None]:
    """PyJWT reads `datetime.now` in `jwt.api_jwt`; pin it to `now`."""
    PinnedClock.pinned = now
    with mock.patch.object(jwt.api_jwt, "datetime", PinnedClock):
        yield


def tinybird_decode(token: str, key: str, now: float, leeway: float = 0) -> dict[str, Any]:
    """Tinybird's call, ``jwt.decode(token, key, algorithms=["HS256"], options={"verify_iat": False,
    "require": ["exp"]}, leeway=leeway)``, at `now`; through ``decode_complete`` (``jwt.decode`` returns
    its ``"payload"``), so the header is PyJWT's reading too. Raises whatever PyJWT raises: any exception
    is a refusal (Tinybird answers 403 or 500)."""
    with pyjwt_clock(now):
        return jwt.api_jwt.decode_complete(
            token,
            key,
            algorithms=["HS256"],
            options={"verify_iat": False, "require": ["exp"]},
            leeway=leeway,
        )

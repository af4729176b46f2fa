"""Constants shared by the tests (the tests directory is on ``sys.path`` under pytest)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# The admin token of the reference vectors (secret "abcd"), used as the HS256 key of Tinybird JWTs.
ADMIN = (
    "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4"
    "ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWC"
    "I3y13XRpsyJjWJMh8"
)
WORKSPACE = "11111111-2222-3333-4444-555555555555"
NOW = 1_700_000_000
# The oldest Python tinybird-sdk supports (its `requires-python`): on older interpreters the tests that
# compare with it cannot run (conftest.py, test_docs.py); everything else runs on every version.
TINYBIRD_SDK_PYTHON = (3, 11)

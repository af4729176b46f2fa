"""The tests import ``tinybird_tokens`` as installed (the wheel that ``scripts/test-python.sh`` builds into
its virtualenv), never from the source tree."""

from __future__ import annotations

from pathlib import Path

import pytest

import tinybird_tokens


@pytest.fixture(autouse=True, scope="session")
def _installed_package() -> None:
    path = Path(tinybird_tokens.__file__).resolve()
    assert "site-packages" in path.parts, f"tinybird_tokens imported from {path}, not an install"

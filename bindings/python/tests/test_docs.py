"""The documentation runs: the README's examples, the package's docstring examples, and the typed usage
example (``examples/usage.py``, also checked by ``mypy --strict``)."""

from __future__ import annotations

import doctest
import runpy

import pytest
from _support import REPO

import tinybird_tokens
from tinybird_tokens import errors

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_readme_examples() -> None:
    readme = REPO / "bindings" / "python" / "README.md"
    result = doctest.testfile(str(readme), module_relative=False, optionflags=FLAGS, verbose=False)
    assert result.attempted >= 30
    assert result.failed == 0


def test_repository_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python example of the repository's README, with a generated workspace admin token."""
    admin = tinybird_tokens.generate_local_tokens()["workspace_token"]
    monkeypatch.setenv("TINYBIRD_ADMIN_TOKEN", admin)
    result = doctest.testfile(
        str(REPO / "README.md"), module_relative=False, optionflags=FLAGS, verbose=False
    )
    assert result.attempted >= 4
    assert result.failed == 0


def test_docstring_examples() -> None:
    for module in (tinybird_tokens, errors):
        result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
        assert result.failed == 0
    assert doctest.testmod(tinybird_tokens, optionflags=FLAGS).attempted >= 5


def test_usage_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(REPO / "bindings" / "python" / "examples" / "usage.py"), run_name="__main__")
    assert capsys.readouterr().out == (
        "rejected: token_expired\ncan read pipe top_pages with org_id fixed to acme\n"
    )

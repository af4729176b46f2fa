"""The documentation runs: the README's examples, the package's docstring examples, and the typed usage
example (``examples/usage.py``, also checked by ``mypy --strict``)."""

from __future__ import annotations

import doctest
import runpy
import sys

import pytest
from _support import REPO, TINYBIRD_SDK_PYTHON

import tinybird_tokens
from tinybird_tokens import errors

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
SDK_SECTION = "### From tinybird-sdk resources\n"


def _readme_for_this_python(text: str) -> str:
    """The README as this interpreter can run it: without the tinybird-sdk section where tinybird-sdk
    does not install (it ends at the next second-level heading; nothing after it uses its names)."""
    if sys.version_info >= TINYBIRD_SDK_PYTHON:
        return text
    start = text.index(SDK_SECTION)
    end = text.index("\n## ", start)
    return text[:start] + text[end:]


def test_readme_examples() -> None:
    readme = REPO / "bindings" / "python" / "README.md"
    text = _readme_for_this_python(readme.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(
        text, {"__name__": "README"}, readme.name, str(readme), 0
    )
    runner = doctest.DocTestRunner(optionflags=FLAGS, verbose=False)
    runner.run(test)
    result = runner.summarize(verbose=False)
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

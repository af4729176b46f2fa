"""The tests import ``tinybird_tokens`` as installed (the wheel that ``scripts/test-python.sh`` builds into
its virtualenv), never from the source tree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from _differential_report import DifferentialReport
from _support import TINYBIRD_SDK_PYTHON

import tinybird_tokens


@pytest.fixture(autouse=True, scope="session")
def _installed_package() -> None:
    path = Path(tinybird_tokens.__file__).resolve()
    assert "site-packages" in path.parts, f"tinybird_tokens imported from {path}, not an install"


# The interop tests with tinybird-sdk need an interpreter tinybird-sdk supports; where it does, they are
# required (they fail, never skip, without it).
collect_ignore = ["test_tinybird_sdk.py"] if sys.version_info < TINYBIRD_SDK_PYTHON else []


# The differential test against PyJWT (test_differential.py): its size and seed, and its summary.
DIFFERENTIAL_CASES = 5000
DIFFERENTIAL_SEED = 12
DIFFERENTIAL_REPORT = pytest.StashKey[DifferentialReport]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("differential", "the differential test against PyJWT")
    group.addoption(
        "--cases",
        type=int,
        default=DIFFERENTIAL_CASES,
        help=f"generated tokens to compare (default {DIFFERENTIAL_CASES}; long mode: 1000000, about 8 minutes)",
    )
    group.addoption(
        "--seed",
        type=int,
        default=DIFFERENTIAL_SEED,
        help=f"seed of the token generator (default {DIFFERENTIAL_SEED})",
    )


@pytest.fixture(scope="session")
def differential_report(request: pytest.FixtureRequest) -> DifferentialReport:
    report = DifferentialReport(seed=request.config.getoption("--seed"))
    request.config.stash[DIFFERENTIAL_REPORT] = report
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    report = terminalreporter.config.stash.get(DIFFERENTIAL_REPORT, None)
    if report is not None:
        terminalreporter.section("differential test")
        for line in report.summary_lines():
            terminalreporter.write_line(line)

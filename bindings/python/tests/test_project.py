"""``Project`` and the checks against it through the public API: the Python forms a project is built
from, what it exposes, and ``create_jwt(..., project=...)`` refusing what the core's check finds an
error in. The findings themselves are the conformance vectors' (``projects.json``); these tests are
about the Python surface."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
from _support import ADMIN, NOW, REPO, WORKSPACE

import tinybird_tokens as tt

EXAMPLE = REPO / "examples" / "project"

TOP_PAGES = """NODE n
SQL >
    %
    SELECT * FROM events WHERE org_id = {{ String(org_id, required=True) }} LIMIT {{ Int32(limit, 10) }}

TYPE endpoint
TOKEN dashboard READ
"""
EVENTS = "SCHEMA >\n    `org_id` String\n\nTOKEN ingest APPEND\n"


def _example() -> tt.Project:
    """The repository's example project, read from disk the way the README shows."""
    return tt.Project.from_files({p: p.read_text() for p in EXAMPLE.rglob("*") if p.is_file()})


def _request(resource: str = "top_pages", **fixed_params: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {"type": "PIPES:READ", "resource": resource}
    if fixed_params:
        scope["fixed_params"] = fixed_params
    return {"workspace_id": WORKSPACE, "name": "tenant", "ttl": "1h", "scopes": [scope], "now": NOW}


def test_files_as_a_mapping_pairs_or_the_json_form_read_the_same() -> None:
    forms: list[Any] = [
        {"endpoints/top_pages.pipe": TOP_PAGES, "events.datasource": EVENTS},
        [("endpoints/top_pages.pipe", TOP_PAGES), ["events.datasource", EVENTS]],
        (f for f in [(Path("endpoints/top_pages.pipe"), TOP_PAGES), ("events.datasource", EVENTS)]),
        [{"path": "endpoints/top_pages.pipe", "text": TOP_PAGES}, ("events.datasource", EVENTS)],
    ]
    projects = [tt.Project.from_files(f) for f in forms]
    projects.append(tt.Project(files=forms[0]))
    projects.append(
        tt.Project.from_dict(
            {
                "files": [
                    {"path": "endpoints/top_pages.pipe", "text": TOP_PAGES},
                    {"path": "events.datasource", "text": EVENTS},
                ]
            }
        )
    )
    want = [
        {
            "kind": "pipe",
            "name": "top_pages",
            "path": "endpoints/top_pages.pipe",
            "pipe_type": "endpoint",
            "params": [{"name": "org_id", "type": "String"}, {"name": "limit", "type": "Int32"}],
            "tokens": [{"name": "dashboard", "permission": "READ", "line": 7}],
        },
        {
            "kind": "datasource",
            "name": "events",
            "path": "events.datasource",
            "pipe_type": None,
            "params": [],
            "tokens": [{"name": "ingest", "permission": "APPEND", "line": 4}],
        },
    ]
    for project in projects:
        assert project.resources == want
        assert project.findings == []
        assert project.lint() == []
    assert repr(projects[0]) == "<Project: 1 data source, 1 pipe, 0 findings>"


def test_the_example_project_from_disk() -> None:
    project = _example()
    names = sorted((r["kind"], r["name"]) for r in project.resources)
    assert names == [
        ("datasource", "orgs"),
        ("datasource", "page_views"),
        ("pipe", "org_usage"),
        ("pipe", "top_pages"),
    ]
    assert project.lint() == []
    assert repr(project) == "<Project: 2 data sources, 2 pipes, 0 findings>"
    # Paths are shown as given (os.fspath of the Path keys).
    paths = {r["name"]: r["path"] for r in project.resources}
    assert paths["top_pages"] == str(EXAMPLE / "endpoints" / "top_pages.pipe")


def test_reading_and_lint_findings_carry_file_and_line() -> None:
    project = tt.Project.from_files(
        {"a/top_pages.pipe": "TOKNE app READ\n", "b/top_pages.pipe": "TYPE endpoint\n"}
    )
    assert [(f["code"], f["severity"], f["path"], f["line"]) for f in project.findings] == [
        ("near_miss_token", "error", "a/top_pages.pipe", 1)
    ]
    assert [(f["code"], f["path"]) for f in project.lint()] == [
        ("near_miss_token", "a/top_pages.pipe"),
        ("duplicate_resource", "b/top_pages.pipe"),
    ]
    assert repr(project) == "<Project: 0 data sources, 2 pipes, 1 finding>"
    finding = project.findings[0]
    assert list(finding) == ["code", "severity", "message", "path", "line", "scope", "suggestion"]


def test_a_project_is_immutable_and_reused() -> None:
    project = _example()
    with pytest.raises(AttributeError):
        project.resources = []  # type: ignore[misc]
    # The properties are fresh lists: changing one does not change the project.
    project.resources.clear()
    assert len(project.resources) == 4
    for _ in range(3):
        assert tt.check_jwt(project=project, **_request(org_id="acme")) == []


def test_wrong_python_types_are_type_errors() -> None:
    bad_files: list[Any] = [
        "a.pipe",
        b"x",
        3,
        [("a.pipe",)],
        [("a.pipe", b"bytes")],
        [(b"a.pipe", "")],
    ]
    for files in bad_files:
        with pytest.raises(TypeError):
            tt.Project.from_files(files)
    for resources in ({"kind": "pipe", "name": "a"}, "ab", [object()], [3]):
        with pytest.raises(TypeError):
            tt.Project.from_resources(resources)
    with pytest.raises(TypeError, match=r"project must be a tinybird_tokens\.Project"):
        tt.check_jwt(project={"files": []}, **_request())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"project must be a tinybird_tokens\.Project"):
        tt.create_jwt(ADMIN, project="x", **_request())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tt.check_static_token("PIPES:READ:x", _example())  # type: ignore[arg-type]


def test_malformed_json_forms_are_the_cores_invalid_argument() -> None:
    for data in (
        {},
        {"files": {"a.pipe": ""}},
        {"resources": [{"kind": "table", "name": "a"}]},
        ["x"],
    ):
        with pytest.raises(tt.InvalidArgumentError):
            tt.Project.from_dict(data)  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidArgumentError):
        tt.Project()
    with pytest.raises(tt.InvalidArgumentError, match="permission"):
        # ({"name"} alone on a pipe is READ, as the SDKs write it; both spellings at once is malformed.)
        tt.Project.from_resources(
            [
                {
                    "kind": "pipe",
                    "name": "a",
                    "tokens": [{"name": "t", "permission": "READ", "permissions": ["READ"]}],
                }
            ]
        )


def test_check_jwt_finds_what_the_api_would_not_say() -> None:
    project = _example()
    assert tt.check_jwt(project=project, **_request(org_id="acme")) == []
    [typo] = tt.check_jwt(project=project, **_request("top_pagez"))
    assert (typo["code"], typo["severity"], typo["scope"], typo["suggestion"]) == (
        "unknown_resource",
        "error",
        0,
        "top_pages",
    )
    [param] = tt.check_jwt(project=project, **_request(orgid="acme"))
    assert param["code"] == "unknown_fixed_param"
    assert "org_id" in param["message"]
    # A request that breaks create_jwt's own rules is that error, before any finding.
    with pytest.raises(tt.InvalidTTLError):
        tt.check_jwt(project=project, **{**_request(), "ttl": "soon"})


def test_check_static_token() -> None:
    project = _example()
    assert tt.check_static_token(["DATASOURCES:APPEND:page_views", "TOKENS"], project) == []
    [wrong] = tt.check_static_token(("TOKENS", "PIPES:READ:orgs"), project)
    assert (wrong["code"], wrong["scope"]) == ("wrong_resource_kind", 1)
    [dropped] = tt.check_static_token(["PIPES:DROP:top_pagez"], project, mode="classic")
    assert dropped["suggestion"] == "top_pages"
    with pytest.raises(tt.ScopeNotAllowedError):
        tt.check_static_token(["PIPES:DROP:top_pages"], project)
    with pytest.raises(tt.InvalidArgumentError):
        tt.check_static_token([], project, mode="next")  # type: ignore[arg-type]


def test_create_jwt_refuses_what_the_check_finds_an_error_in() -> None:
    project = _example()
    request = _request(orgid="acme")
    key = tt.SigningKey(ADMIN)
    calls = [
        lambda: tt.create_jwt(ADMIN, project=project, **request),
        lambda: key.create_jwt(project=project, **request),
    ]
    for call in calls:
        with pytest.raises(tt.ProjectCheckFailedError) as info:
            call()
        err = info.value
        assert isinstance(err, tt.TinybirdTokenError)
        assert isinstance(err, ValueError)
        assert err.code == "project_check_failed"
        assert [f["code"] for f in err.findings] == ["unknown_fixed_param"]
        assert err.findings == tt.check_jwt(project=project, **request)
        assert err.message.startswith("The request does not match the project (1 error):\n- ")
    # Without the project, the same request mints (nothing checks it).
    assert tt.create_jwt(ADMIN, **request).count(".") == 2


def test_warnings_do_not_refuse_and_the_token_is_unchanged() -> None:
    project = _example()
    request = _request(org_id="acme")
    request["extra_claims"] = {"role": "admin"}
    [warning] = tt.check_jwt(project=project, **request)
    assert (warning["code"], warning["severity"]) == ("ignored_claim", "warning")
    assert tt.create_jwt(ADMIN, project=project, **request) == tt.create_jwt(ADMIN, **request)
    assert tt.create_jwt(ADMIN, project=None, **request) == tt.create_jwt(ADMIN, **request)


def test_create_jwts_checks_every_request_of_the_batch() -> None:
    project = _example()
    good = {k: v for k, v in _request(org_id="acme").items() if k != "now"}
    bad = {k: v for k, v in _request("top_pagez").items() if k != "now"}
    tokens = tt.create_jwts(ADMIN, [good, good], now=NOW, project=project)
    assert tokens == [tt.create_jwt(ADMIN, now=NOW, **good)] * 2
    with pytest.raises(tt.ProjectCheckFailedError) as info:
        tt.SigningKey(ADMIN).create_jwts([good, bad], now=NOW, project=project)
    assert info.value.findings[0]["suggestion"] == "top_pages"
    if sys.version_info >= (3, 11):
        assert "in request 1 of the batch" in info.value.__notes__


def test_project_check_failed_error_pickles_with_its_findings() -> None:
    project = _example()
    with pytest.raises(tt.ProjectCheckFailedError) as info:
        tt.create_jwt(ADMIN, project=project, **_request("page_views"))
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is tt.ProjectCheckFailedError
    assert copy.findings == info.value.findings
    assert copy.findings[0]["code"] == "wrong_resource_kind"
    assert tt.ProjectCheckFailedError("m").findings == []


def test_secrets_in_project_inputs_are_not_shown() -> None:
    """An admin token pasted as a resource name or fixed param never appears in a finding or error."""
    project = _example()
    findings = tt.check_jwt(project=project, **_request(org_id="acme", limit=ADMIN))
    assert findings
    assert all(ADMIN not in str(f) for f in findings)
    odd = tt.Project.from_files({f"{ADMIN}.pipe": "TYPE endpoint\n"})
    [name] = odd.findings
    assert name["code"] == "invalid_resource_name"
    assert ADMIN not in name["message"]
    assert ADMIN not in repr(odd)
    with pytest.raises(tt.TinybirdTokenError) as info:
        tt.create_jwt(ADMIN, project=project, **_request(ADMIN))
    assert ADMIN not in str(info.value)
    assert ADMIN not in str(getattr(info.value, "findings", ""))

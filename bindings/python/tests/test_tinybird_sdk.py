"""Interoperability with tinybird-sdk, the official Python SDK: the TOKEN lines it generates for a data
source and an endpoint equal ours, its ``define_token`` agrees with ours on names and messages, and its
resource objects (every ``define_*`` kind) make a ``Project`` that reads as their generated datafiles."""

from __future__ import annotations

from typing import Any

import pytest
from _support import NOW, WORKSPACE

import tinybird_tokens as tt

# tinybird-sdk (Python >= 3.11) pins an old `tinybird` CLI and its dependencies, so the test script
# installs it without them: only its pure-Python schema and generator modules are used here. It is
# required: without it these tests fail, they are never skipped.


def _token_lines(content: str) -> str:
    return "\n".join(line for line in content.split("\n") if line.startswith("TOKEN "))


def test_tinybird_sdk_datasource_token_lines_equal_ours() -> None:
    from tinybird_sdk import define_datasource, engine, t
    from tinybird_sdk import define_token as sdk_define_token
    from tinybird_sdk.generator.datasource import generate_datasource

    app_read = sdk_define_token("app_read")
    ingest = tt.define_token("ingest")  # ours, accepted by the SDK through `_name`
    tokens = [
        {"token": app_read, "scope": "READ"},
        {"token": ingest, "scope": "APPEND"},
        {"token": app_read, "scope": "APPEND"},
    ]
    ds = define_datasource(
        "events",
        {
            "schema": {"timestamp": t.date_time(), "org_id": t.string()},
            "engine": engine.merge_tree({"sorting_key": ["timestamp"]}),
            "tokens": [*tokens, {"name": "legacy", "permissions": ["READ", "APPEND"]}],
        },
    )
    content = generate_datasource(ds).content
    ours = tt.render_token_lines(
        [*tokens, ("legacy", "READ"), {"name": "legacy", "permission": "APPEND"}],
        kind="datasource",
    )
    assert _token_lines(content) == ours
    assert content.endswith("\n\n" + ours)
    parsed = tt.parse_datafile_tokens(content, kind="datasource")
    assert [(p["name"], p["permission"]) for p in parsed] == [
        ("app_read", "READ"),
        ("ingest", "APPEND"),
        ("app_read", "APPEND"),
        ("legacy", "READ"),
        ("legacy", "APPEND"),
    ]


def test_tinybird_sdk_endpoint_token_lines_equal_ours() -> None:
    from tinybird_sdk import define_endpoint, node, t
    from tinybird_sdk import define_token as sdk_define_token
    from tinybird_sdk.generator.pipe import generate_pipe

    app_read = sdk_define_token("app_read")
    endpoint = define_endpoint(
        "top_pages",
        {
            "nodes": [
                node({"name": "n", "sql": "SELECT org_id, count() AS c FROM events GROUP BY 1"})
            ],
            "output": {"org_id": t.string(), "c": t.uint64()},
            "tokens": [{"token": app_read, "scope": "READ"}, {"name": "inline_tok"}],
        },
    )
    content = generate_pipe(endpoint).content
    ours = tt.render_token_lines([(app_read, "READ"), ("inline_tok", "READ")], kind="pipe")
    assert _token_lines(content) == ours
    plan = tt.plan_tokens([{"kind": "pipe", "name": "top_pages", "text": content}])
    assert plan == [
        {"name": "app_read", "scopes": ["PIPES:READ:top_pages"]},
        {"name": "inline_tok", "scopes": ["PIPES:READ:top_pages"]},
    ]
    # What the SDK would send as "APPEND" on a pipe, we reject with tb's message.
    with pytest.raises(tt.InvalidPermissionError, match="Only READ is allowed for pipes"):
        tt.render_token_lines([(app_read, "APPEND")], kind="pipe")


def test_tinybird_sdk_define_token_agrees_on_names() -> None:
    from tinybird_sdk import define_token as sdk_define_token

    for name in ("app_read", "_x", "A1", "1a", "a-b", "", "a b", "é"):
        try:
            expected: str | None = sdk_define_token(name)._name
        except ValueError as e:
            expected = None
            message = str(e)
        if expected is None:
            with pytest.raises(tt.InvalidTokenNameError) as info:
                tt.define_token(name)
            assert info.value.message == message
        else:
            assert tt.define_token(name)._name == expected


def _sdk_resources() -> list[Any]:
    """One resource of each tinybird-sdk kind, with params, SQL and both token forms."""
    from tinybird_sdk import (
        define_copy_pipe,
        define_datasource,
        define_endpoint,
        define_kafka_connection,
        define_materialized_view,
        define_pipe,
        define_sink_pipe,
        node,
        p,
        t,
    )
    from tinybird_sdk import define_token as sdk_define_token

    app_read = sdk_define_token("app_read")
    events = define_datasource(
        "events",
        {
            "schema": {"org_id": t.string(), "n": t.int32()},
            "tokens": [
                {"token": app_read, "scope": "READ"},
                {"name": "ingest", "permissions": ["APPEND", "READ"]},
            ],
        },
    )
    daily = define_datasource("daily", {"schema": {"org_id": t.string(), "n": t.int32()}})
    sql = "SELECT org_id, n FROM events WHERE org_id = {{ String(org_id) }} AND n > {{ Int32(min_n, 0) }}"
    top = define_endpoint(
        "top",
        {
            "params": {
                "org_id": p.string(),
                "since": p.date_time().optional(),
                "ids": p.array(p.int32()),
            },
            "nodes": [node({"name": "n", "sql": sql})],
            "output": {"org_id": t.string(), "n": t.int32()},
            "tokens": [{"token": app_read, "scope": "READ"}, {"name": "inline_tok"}],
        },
    )
    plain = define_pipe("plain", {"nodes": [node({"name": "n", "sql": "SELECT 1"})]})
    hidden = define_pipe(
        "hidden",
        {
            "nodes": [node({"name": "n", "sql": "SELECT org_id, n FROM events"})],
            "output": {"org_id": t.string(), "n": t.int32()},
            "endpoint": {"enabled": False},
        },
    )
    mv = define_materialized_view(
        "mv",
        {
            "datasource": daily,
            "nodes": [node({"name": "n", "sql": "SELECT org_id, n FROM events"})],
        },
    )
    copy = define_copy_pipe(
        "copy_daily",
        {"datasource": daily, "nodes": [node({"name": "n", "sql": "SELECT * FROM events"})]},
    )
    kafka = define_kafka_connection("kafka", {"bootstrap_servers": "kafka:9092"})
    sink = define_sink_pipe(
        "export",
        {
            "nodes": [node({"name": "n", "sql": "SELECT * FROM events"})],
            "sink": {"connection": kafka, "topic": "t", "schedule": "@on-demand"},
        },
    )
    return [events, daily, top, plain, hidden, mv, copy, kafka, sink]


def test_tinybird_sdk_resources_make_a_project() -> None:
    project = tt.Project.from_resources(_sdk_resources())
    got = {r["name"]: r for r in project.resources}
    assert list(got) == ["events", "daily", "top", "plain", "hidden", "mv", "copy_daily", "export"]
    assert [(r["kind"], r["pipe_type"]) for r in got.values()] == [
        ("datasource", None),
        ("datasource", None),
        ("pipe", "endpoint"),
        ("pipe", "plain"),
        ("pipe", "plain"),
        ("pipe", "materialized"),
        ("pipe", "copy"),
        ("pipe", "sink"),
    ]
    assert [(t["name"], t["permission"]) for t in got["events"]["tokens"]] == [
        ("app_read", "READ"),
        ("ingest", "APPEND"),
        ("ingest", "READ"),
    ]
    assert [(t["name"], t["permission"]) for t in got["top"]["tokens"]] == [
        ("app_read", "READ"),
        ("inline_tok", "READ"),
    ]
    # Declared params with their Tinybird types, then the SQL's own (the SDK keeps no array element type).
    assert got["top"]["params"] == [
        {"name": "org_id", "type": "String"},
        {"name": "since", "type": "DateTime"},
        {"name": "ids", "type": "Array"},
        {"name": "min_n", "type": "Int32"},
    ]
    assert project.lint() == []


def test_checks_against_a_tinybird_sdk_project() -> None:
    from tinybird_sdk import define_project

    resources = _sdk_resources()
    project = tt.Project.from_resources(resources)

    def codes(resource: str, **fixed_params: Any) -> list[str]:
        scope: dict[str, Any] = {"type": "PIPES:READ", "resource": resource}
        if fixed_params:
            scope["fixed_params"] = fixed_params
        findings = tt.check_jwt(
            project=project, workspace_id=WORKSPACE, name="t", ttl="1h", scopes=[scope], now=NOW
        )
        return [f["code"] for f in findings]

    assert codes("top", org_id="acme", since="2024-01-01 00:00:00", ids="1,2", min_n=3) == []
    assert codes("top", orgid="acme") == ["unknown_fixed_param"]
    assert codes("top", since="yesterday") == ["fixed_param_type"]
    assert codes("top", min_n="x") == ["fixed_param_type"]
    for not_endpoint in ("plain", "hidden", "mv", "copy_daily", "export"):
        assert codes(not_endpoint) == ["pipe_not_endpoint"], not_endpoint
    assert codes("events") == ["wrong_resource_kind"]
    assert codes("kafka") == ["unknown_resource"]  # a connection is no resource of a token
    # A define_project(...) result stands for its data sources and pipes.
    defined = define_project(
        {
            "datasources": {"events": resources[0], "daily": resources[1]},
            "pipes": {"top": resources[2]},
        }
    )
    assert [r["name"] for r in tt.Project.from_resources(defined).resources] == [
        "events",
        "daily",
        "top",
    ]


def test_tinybird_sdk_objects_read_as_their_generated_datafiles() -> None:
    """The spec we build from an SDK object and the datafile tinybird-sdk generates from it give the
    same resource: kind, pipe type, tokens and parameter names."""
    from tinybird_sdk.generator.datasource import generate_datasource
    from tinybird_sdk.generator.pipe import generate_pipe

    resources = [r for r in _sdk_resources() if r._type != "connection"]
    files = {
        f"{r._name}.{r._type}": (
            generate_datasource(r) if r._type == "datasource" else generate_pipe(r)
        ).content
        for r in resources
    }
    from_files = tt.Project.from_files(files).resources
    from_sdk = tt.Project.from_resources(resources).resources
    assert len(from_files) == len(from_sdk) == 8

    def shape(r: tt.ProjectResource) -> Any:
        tokens = [(t["name"], t["permission"]) for t in r["tokens"]]
        return r["kind"], r["name"], r["pipe_type"], tokens

    assert [shape(r) for r in from_files] == [shape(r) for r in from_sdk]
    # The generated file only has the params its SQL uses; the SDK object also has declared ones.
    for a, b in zip(from_files, from_sdk):
        assert {p["name"] for p in a["params"]} <= {p["name"] for p in b["params"]}


def test_resource_spec_dicts_take_tinybird_sdk_token_references() -> None:
    from tinybird_sdk import define_token as sdk_define_token

    spec: tt.ResourceSpec = {
        "kind": "pipe",
        "name": "top",
        "pipe_type": "endpoint",
        "params": [{"name": "org_id", "type": "String", "required": True}],
        "tokens": [
            {"token": sdk_define_token("a"), "scope": "READ"},
            {"token": tt.define_token("b"), "scope": "READ"},
            {"name": "c", "permission": "READ"},
        ],
    }
    [top] = tt.Project.from_resources([spec]).resources
    assert [t["name"] for t in top["tokens"]] == ["a", "b", "c"]
    assert top["params"] == [{"name": "org_id", "type": "String"}]

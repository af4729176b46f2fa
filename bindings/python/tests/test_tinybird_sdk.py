"""Interoperability with tinybird-sdk, the official Python SDK: the TOKEN lines it generates for a data
source and an endpoint equal ours, and its ``define_token`` agrees with ours on names and messages."""

from __future__ import annotations

import pytest

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

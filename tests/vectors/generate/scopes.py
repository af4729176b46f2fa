"""scopes.json: parse_scope, and format_scope (parts back to the string; bad parts fail as in parsing)."""
from __future__ import annotations

from .common import ADMIN, V14, check, check_case_against, err, mask, ok
from .reference import format_scope, ref_parse_scope, ref_scope_from_parts


def scope(t: str, r: str | None = None, f: str | None = None) -> dict:
    return {"type": t, "resource": r, "filter": f}


def scopes_cases() -> list[dict]:
    op = "parse_scope"
    both = ("forward", "classic")
    # (id, scope, modes, expected parsed value)
    oks = [
        ("anchor_v28_parse_scope_tokens", "TOKENS", both, scope("TOKENS")),
        ("anchor_v28_parse_scope_read_all", "WORKSPACE:READ_ALL", both, scope("WORKSPACE:READ_ALL")),
        ("anchor_v28_parse_scope_filter_classic", "DATASOURCES:READ:ds:a > 1", ("classic",),
         scope("DATASOURCES:READ", "ds", "a > 1")),
        ("anchor_v28_parse_scope_pipe_read", "PIPES:READ:p", both, scope("PIPES:READ", "p")),
        ("anchor_v29_parse_scope_datasource_read", "DATASOURCES:READ:test", both, scope("DATASOURCES:READ", "test")),
        ("anchor_v29_parse_scope_filter_and", "DATASOURCES:READ:test:columna > 1 and columnb == 2", ("classic",),
         scope("DATASOURCES:READ", "test", "columna > 1 and columnb == 2")),
        ("anchor_v29_parse_scope_filter_with_colon", "DATASOURCES:READ:test:columna > 'foo:bar'", ("classic",),
         scope("DATASOURCES:READ", "test", "columna > 'foo:bar'")),
        ("anchor_v29_parse_scope_pipe_read_test_pipe", "PIPES:READ:test_pipe", both, scope("PIPES:READ", "test_pipe")),
        ("anchor_v29_parse_scope_datasources_create", "DATASOURCES:CREATE", ("classic",), scope("DATASOURCES:CREATE")),
        ("anchor_v29_parse_scope_pipes_create", "PIPES:CREATE", ("classic",), scope("PIPES:CREATE")),
        ("parse_scope_admin", "ADMIN", both, scope("ADMIN")),
        ("parse_scope_workspace_deploy", "WORKSPACE:DEPLOY", both, scope("WORKSPACE:DEPLOY")),
        ("parse_scope_org_datasources_read", "ORG_DATASOURCES:READ", both, scope("ORG_DATASOURCES:READ")),
        ("parse_scope_datasources_append", "DATASOURCES:APPEND:events", both, scope("DATASOURCES:APPEND", "events")),
        ("parse_scope_shared_datasource", "DATASOURCES:READ:analytics.events", both,
         scope("DATASOURCES:READ", "analytics.events")),
        ("parse_scope_resource_underscore_digits", "DATASOURCES:READ:_events_2", both,
         scope("DATASOURCES:READ", "_events_2")),
        ("parse_scope_datasources_create_with_resource", "DATASOURCES:CREATE:events", ("classic",),
         scope("DATASOURCES:CREATE", "events")),
        ("parse_scope_pipes_create_with_resource", "PIPES:CREATE:my_pipe", ("classic",),
         scope("PIPES:CREATE", "my_pipe")),
        ("parse_scope_datasources_drop", "DATASOURCES:DROP:events", ("classic",), scope("DATASOURCES:DROP", "events")),
        ("parse_scope_pipes_drop", "PIPES:DROP:my_pipe", ("classic",), scope("PIPES:DROP", "my_pipe")),
        ("parse_scope_pipe_read_filter_classic", "PIPES:READ:my_pipe:org_id = 'acme'", ("classic",),
         scope("PIPES:READ", "my_pipe", "org_id = 'acme'")),
        ("parse_scope_filter_untrimmed", "DATASOURCES:READ:events: org_id = 1", ("classic",),
         scope("DATASOURCES:READ", "events", " org_id = 1")),
        ("parse_scope_filter_trailing_colon", "DATASOURCES:READ:events:a::", ("classic",),
         scope("DATASOURCES:READ", "events", "a::")),
        ("parse_scope_filter_shared_datasource", "DATASOURCES:READ:ws.events:x = 1", ("classic",),
         scope("DATASOURCES:READ", "ws.events", "x = 1")),
        ("parse_scope_filter_non_ascii", "DATASOURCES:READ:events:city = 'Málaga'", ("classic",),
         scope("DATASOURCES:READ", "events", "city = 'Málaga'")),
    ]
    errs = [
        ("parse_scope_empty", "", both, "invalid_scope"),
        ("parse_scope_leading_space", " TOKENS", both, "invalid_scope"),
        ("parse_scope_trailing_space", "TOKENS ", both, "invalid_scope"),
        ("parse_scope_trailing_newline", "TOKENS\n", both, "invalid_scope"),
        ("parse_scope_filter_trailing_space", "DATASOURCES:READ:events:a > 1 ", ("classic",), "invalid_scope"),
        ("parse_scope_padded_internal", " ADMIN_USER", both, "invalid_scope"),
        ("anchor_v29_parse_scope_nonvalid", "NONVALID", both, "invalid_scope"),
        ("anchor_v29_parse_scope_read_without_prefix", "READ:test_pipe", both, "invalid_scope"),
        ("parse_scope_lowercase_type", "tokens", both, "invalid_scope"),
        ("parse_scope_lowercase_two_segment", "datasources:read:events", both, "invalid_scope"),
        ("parse_scope_prefix_only", "DATASOURCES", both, "invalid_scope"),
        ("parse_scope_unknown_action", "DATASOURCES:WRITE:events", both, "invalid_scope"),
        ("parse_scope_unknown_workspace_action", "WORKSPACE:READ", both, "invalid_scope"),
        ("parse_scope_colon_only", ":", both, "invalid_scope"),
        ("anchor_v29_parse_scope_admin_user_resource", "ADMIN_USER:test", both, "scope_not_allowed"),
        ("parse_scope_admin_user", "ADMIN_USER", both, "scope_not_allowed"),
        ("parse_scope_auth", "AUTH", both, "scope_not_allowed"),
        ("parse_scope_datasources_create_forward", "DATASOURCES:CREATE", ("forward",), "scope_not_allowed"),
        ("parse_scope_pipes_create_forward", "PIPES:CREATE", ("forward",), "scope_not_allowed"),
        ("parse_scope_datasources_drop_forward", "DATASOURCES:DROP:events", ("forward",), "scope_not_allowed"),
        ("parse_scope_pipes_drop_forward", "PIPES:DROP:my_pipe", ("forward",), "scope_not_allowed"),
        ("parse_scope_drop_forward_bad_resource", "DATASOURCES:DROP:a-b", ("forward",), "scope_not_allowed"),
        ("parse_scope_tokens_with_resource", "TOKENS:events", both, "unexpected_resource"),
        ("parse_scope_admin_with_resource", "ADMIN:x", both, "unexpected_resource"),
        ("parse_scope_read_all_with_resource", "WORKSPACE:READ_ALL:events", both, "unexpected_resource"),
        ("parse_scope_tokens_bad_resource", "TOKENS:a-b", both, "unexpected_resource"),
        ("parse_scope_read_no_resource", "DATASOURCES:READ", both, "missing_resource"),
        ("parse_scope_read_empty_resource", "DATASOURCES:READ:", both, "missing_resource"),
        ("parse_scope_append_no_resource", "DATASOURCES:APPEND", both, "missing_resource"),
        ("parse_scope_pipe_read_no_resource", "PIPES:READ", both, "missing_resource"),
        ("anchor_v29_parse_scope_drop_requires_resource", "DATASOURCES:DROP", ("classic",), "missing_resource"),
        ("parse_scope_pipes_drop_requires_resource", "PIPES:DROP", ("classic",), "missing_resource"),
        ("parse_scope_empty_resource_with_filter", "DATASOURCES:READ::a > 1", ("classic",), "missing_resource"),
        ("parse_scope_resource_hyphen", "DATASOURCES:READ:my-events", both, "invalid_scope"),
        ("parse_scope_resource_leading_digit", "DATASOURCES:READ:1events", both, "invalid_scope"),
        ("parse_scope_resource_two_dots", "DATASOURCES:READ:a.b.c", both, "invalid_scope"),
        ("parse_scope_resource_leading_dot", "DATASOURCES:READ:.events", both, "invalid_scope"),
        ("parse_scope_resource_trailing_dot", "DATASOURCES:READ:events.", both, "invalid_scope"),
        ("parse_scope_resource_space", "PIPES:READ:my pipe", both, "invalid_scope"),
        ("parse_scope_resource_non_ascii", "PIPES:READ:señal", both, "invalid_scope"),
        ("parse_scope_bad_resource_before_filter", "DATASOURCES:READ:a-b:x > 1", ("forward",), "invalid_scope"),
        ("anchor_v28_parse_scope_filter_forward", "DATASOURCES:READ:ds:a > 1", ("forward",), "filter_not_supported"),
        ("anchor_v29_parse_scope_filter_forward", "DATASOURCES:READ:test:columna > 'foo:bar'", ("forward",),
         "filter_not_supported"),
        ("parse_scope_pipe_filter_forward", "PIPES:READ:my_pipe:a = 1", ("forward",), "filter_not_supported"),
        ("parse_scope_append_filter", "DATASOURCES:APPEND:events:a > 1", both, "filter_not_supported"),
        ("parse_scope_drop_filter", "DATASOURCES:DROP:events:a > 1", ("classic",), "filter_not_supported"),
        ("parse_scope_create_filter", "DATASOURCES:CREATE:events:a > 1", ("classic",), "filter_not_supported"),
        ("parse_scope_empty_filter_forward", "DATASOURCES:READ:events:", ("forward",), "filter_not_supported"),
        ("parse_scope_empty_filter_classic", "DATASOURCES:READ:events:", ("classic",), "invalid_scope"),
        ("parse_scope_pipe_empty_filter_classic", "PIPES:READ:my_pipe:", ("classic",), "invalid_scope"),
    ]
    cases = []
    for case_id, text, modes, value in oks:
        check(format_scope(value) == text, f"{case_id}: formatting does not give the scope back")
        for mode in modes:
            cid = f"{case_id}_{mode}" if len(modes) > 1 else case_id
            cases.append(ok(cid, op, {"scope": text, "mode": mode}, value))
    for case_id, text, modes, code in errs:
        for mode in modes:
            cid = f"{case_id}_{mode}" if len(modes) > 1 else case_id
            cases.append(err(cid, op, {"scope": text, "mode": mode}, code))
    for case in cases:
        check_case_against(case, lambda i: ref_parse_scope(i["scope"], i["mode"]))
    # Tokens pasted as a scope or a resource: the message keeps a six-character prefix, never the token.
    known = ("DATASOURCES:READ, DATASOURCES:APPEND, PIPES:READ, TOKENS, ADMIN, WORKSPACE:READ_ALL, WORKSPACE:DEPLOY, "
             "ORG_DATASOURCES:READ")
    resource_rule = ("A data source or pipe name starts with a letter or underscore and contains only alphanumeric "
                     "characters and underscores (a shared data source: workspace.datasource).")
    masked = [
        err("mask_parse_scope_admin_token_as_scope", op, {"scope": ADMIN, "mode": "forward"}, "invalid_scope",
            f"Unknown scope {mask(ADMIN)}. Known scopes: {known}."),
        err("mask_parse_scope_admin_token_as_resource", op,
            {"scope": f"DATASOURCES:READ:{ADMIN}", "mode": "forward"}, "invalid_scope",
            f'Invalid resource name: "{mask(ADMIN)}". {resource_rule}'),
        err("mask_parse_scope_jwt_as_resource", op, {"scope": f"PIPES:READ:{V14}", "mode": "classic"},
            "invalid_scope", f'Invalid resource name: "{mask(V14)}". {resource_rule}'),
    ]
    for case in masked:
        check_case_against({**case, "expect": {"error": case["expect"]["error"]}},
                           lambda i: ref_parse_scope(i["scope"], i["mode"]))
    return cases + masked + format_scope_cases(oks)


def format_scope_cases(parse_oks) -> list[dict]:
    """format_scope: the parts of every valid scope give its string back; bad parts fail like parsing."""
    op = "format_scope"
    cases = []
    for case_id, text, modes, value in parse_oks:
        mode = modes[0]
        cases.append(ok(case_id.replace("parse_scope", "format_scope"), op, {**value, "mode": mode}, text))
    errs = [
        ("format_scope_unknown_type", scope("NOPE", "x"), "forward", "invalid_scope"),
        ("format_scope_lowercase_type", scope("pipes:read", "x"), "forward", "invalid_scope"),
        ("format_scope_colon_in_resource", scope("PIPES:READ", "a:b"), "classic", "invalid_scope"),
        ("format_scope_empty_resource", scope("PIPES:READ", ""), "forward", "missing_resource"),
        ("format_scope_no_resource", scope("DATASOURCES:APPEND"), "forward", "missing_resource"),
        ("format_scope_resource_on_tokens", scope("TOKENS", "x"), "forward", "unexpected_resource"),
        ("format_scope_filter_forward", scope("DATASOURCES:READ", "events", "a > 1"), "forward",
         "filter_not_supported"),
        ("format_scope_empty_filter_classic", scope("DATASOURCES:READ", "events", ""), "classic", "invalid_scope"),
        ("format_scope_classic_only_in_forward", scope("PIPES:DROP", "p"), "forward", "scope_not_allowed"),
        ("format_scope_internal", scope("AUTH"), "classic", "scope_not_allowed"),
    ]
    for case_id, value, mode, code in errs:
        cases.append(err(case_id, op, {**value, "mode": mode}, code))
    cases.append(err("mask_format_scope_admin_token_as_type", op, {**scope(ADMIN), "mode": "forward"},
                     "invalid_scope", f"Unknown scope {mask(ADMIN)}."))
    for case in cases:
        check_case_against({**case, "expect": {k: v for k, v in case["expect"].items() if k != "message"}},
                           lambda i: format_scope(ref_scope_from_parts(
                               i["type"], i["resource"], i["filter"], i["mode"])))
    return cases

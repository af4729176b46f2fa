"""allows.json: scopes_allow."""
from __future__ import annotations

from .common import check_case_against, err, ok
from .reference import ref_scopes_allow


def allows_cases() -> list[dict]:
    op = "scopes_allow"
    F, C = "forward", "classic"
    # (id, scopes, mode, action, resource, expected)
    table = [
        ("allow_admin_reads_datasource", ["ADMIN"], F, "read_datasource", "events", True),
        ("allow_admin_appends", ["ADMIN"], F, "append_datasource", "events", True),
        ("allow_admin_reads_pipe", ["ADMIN"], F, "read_pipe", "top_pages", True),
        ("allow_admin_manages_tokens", ["ADMIN"], F, "manage_tokens", None, True),
        ("allow_admin_deploys", ["ADMIN"], F, "deploy", None, True),
        ("allow_admin_reads_org_datasources", ["ADMIN"], F, "read_org_datasources", None, True),
        ("allow_admin_drops_datasource_classic", ["ADMIN"], C, "drop_datasource", "events", True),
        ("allow_admin_drops_datasource_forward", ["ADMIN"], F, "drop_datasource", "events", True),
        ("allow_admin_creates_pipe", ["ADMIN"], C, "create_pipe", None, True),
        ("allow_read_reads_datasource", ["DATASOURCES:READ:events"], F, "read_datasource", "events", True),
        ("allow_read_reads_quarantine", ["DATASOURCES:READ:events"], F, "read_datasource", "events_quarantine",
         True),
        ("allow_read_not_other_datasource", ["DATASOURCES:READ:events"], F, "read_datasource", "sessions", False),
        ("allow_read_not_prefix_datasource", ["DATASOURCES:READ:events"], F, "read_datasource", "events_2", False),
        ("allow_read_not_double_quarantine", ["DATASOURCES:READ:events"], F, "read_datasource",
         "events_quarantine_quarantine", False),
        ("allow_quarantine_scope_not_base", ["DATASOURCES:READ:events_quarantine"], F, "read_datasource", "events",
         False),
        ("allow_read_case_sensitive", ["DATASOURCES:READ:events"], F, "read_datasource", "Events", False),
        ("allow_read_not_pipe_same_name", ["DATASOURCES:READ:events"], F, "read_pipe", "events", False),
        ("allow_read_not_append", ["DATASOURCES:READ:events"], F, "append_datasource", "events", False),
        ("allow_read_filter_still_reads", ["DATASOURCES:READ:events:org_id = 'acme'"], C, "read_datasource",
         "events", True),
        ("allow_read_filter_quarantine", ["DATASOURCES:READ:events:org_id = 'acme'"], C, "read_datasource",
         "events_quarantine", True),
        ("allow_read_shared_datasource", ["DATASOURCES:READ:ws.events"], F, "read_datasource", "ws.events", True),
        ("allow_read_shared_quarantine", ["DATASOURCES:READ:ws.events"], F, "read_datasource", "ws.events_quarantine",
         True),
        ("allow_read_shared_not_local", ["DATASOURCES:READ:ws.events"], F, "read_datasource", "events", False),
        ("allow_read_all_datasource", ["WORKSPACE:READ_ALL"], F, "read_datasource", "anything", True),
        ("allow_read_all_pipe", ["WORKSPACE:READ_ALL"], F, "read_pipe", "any_pipe", True),
        ("allow_read_all_not_append", ["WORKSPACE:READ_ALL"], F, "append_datasource", "events", False),
        ("allow_read_all_not_tokens", ["WORKSPACE:READ_ALL"], F, "manage_tokens", None, False),
        ("allow_append_appends", ["DATASOURCES:APPEND:events"], F, "append_datasource", "events", True),
        ("allow_append_not_other", ["DATASOURCES:APPEND:events"], F, "append_datasource", "sessions", False),
        ("allow_append_not_quarantine", ["DATASOURCES:APPEND:events"], F, "append_datasource", "events_quarantine",
         False),
        ("allow_append_not_read", ["DATASOURCES:APPEND:events"], F, "read_datasource", "events", False),
        ("allow_create_creates", ["DATASOURCES:CREATE"], C, "create_datasource", None, True),
        ("allow_create_appends_anywhere", ["DATASOURCES:CREATE"], C, "append_datasource", "anything", True),
        ("allow_create_not_read", ["DATASOURCES:CREATE"], C, "read_datasource", "events", False),
        ("allow_create_not_pipes", ["DATASOURCES:CREATE"], C, "create_pipe", None, False),
        ("allow_drop_drops", ["DATASOURCES:DROP:events"], C, "drop_datasource", "events", True),
        ("allow_drop_not_other", ["DATASOURCES:DROP:events"], C, "drop_datasource", "sessions", False),
        ("allow_drop_not_read", ["DATASOURCES:DROP:events"], C, "read_datasource", "events", False),
        ("allow_pipe_read_reads", ["PIPES:READ:top_pages"], F, "read_pipe", "top_pages", True),
        ("allow_pipe_read_not_other", ["PIPES:READ:top_pages"], F, "read_pipe", "other_pipe", False),
        ("allow_pipe_read_no_quarantine", ["PIPES:READ:top_pages"], F, "read_pipe", "top_pages_quarantine", False),
        ("allow_pipe_read_not_datasource", ["PIPES:READ:top_pages"], F, "read_datasource", "top_pages", False),
        ("allow_pipe_read_filter_classic", ["PIPES:READ:top_pages:a = 1"], C, "read_pipe", "top_pages", True),
        ("allow_pipes_create_creates", ["PIPES:CREATE"], C, "create_pipe", None, True),
        ("allow_pipes_create_not_datasource", ["PIPES:CREATE"], C, "create_datasource", None, False),
        ("allow_pipes_drop_drops", ["PIPES:DROP:top_pages"], C, "drop_pipe", "top_pages", True),
        ("allow_pipes_drop_not_datasource", ["PIPES:DROP:top_pages"], C, "drop_datasource", "top_pages", False),
        ("allow_tokens_manage", ["TOKENS"], F, "manage_tokens", None, True),
        ("allow_tokens_not_deploy", ["TOKENS"], F, "deploy", None, False),
        ("allow_tokens_not_read", ["TOKENS"], F, "read_datasource", "events", False),
        ("allow_deploy_deploys", ["WORKSPACE:DEPLOY"], F, "deploy", None, True),
        ("allow_deploy_not_tokens", ["WORKSPACE:DEPLOY"], F, "manage_tokens", None, False),
        ("allow_org_read", ["ORG_DATASOURCES:READ"], F, "read_org_datasources", None, True),
        ("allow_org_read_not_workspace_datasource", ["ORG_DATASOURCES:READ"], F, "read_datasource", "events", False),
        ("allow_no_scopes", [], F, "read_datasource", "events", False),
        ("allow_no_scopes_tokens", [], F, "manage_tokens", None, False),
        ("allow_any_of_several", ["PIPES:READ:top_pages", "DATASOURCES:READ:events"], F, "read_datasource", "events",
         True),
        ("allow_none_of_several", ["PIPES:READ:top_pages", "DATASOURCES:APPEND:events"], F, "read_datasource",
         "events", False),
    ]
    cases = [ok(i, op, {"scopes": s, "mode": m, "action": a, "resource": r}, v) for i, s, m, a, r, v in table]
    errors = [
        ("allow_read_without_resource", ["ADMIN"], F, "read_datasource", None, "missing_resource"),
        ("allow_drop_pipe_without_resource", ["ADMIN"], C, "drop_pipe", None, "missing_resource"),
        ("allow_tokens_with_resource", ["ADMIN"], F, "manage_tokens", "events", "unexpected_resource"),
        ("allow_create_with_resource", ["ADMIN"], C, "create_datasource", "events", "unexpected_resource"),
        ("allow_unknown_scope", ["NONVALID"], F, "read_datasource", "events", "invalid_scope"),
        ("allow_bad_scope_after_admin", ["ADMIN", "DATASOURCES:READ:bad-name"], F, "read_datasource", "events",
         "invalid_scope"),
        ("allow_classic_scope_in_forward", ["DATASOURCES:CREATE"], F, "create_datasource", None, "scope_not_allowed"),
        ("allow_filter_in_forward", ["DATASOURCES:READ:events:a > 1"], F, "read_datasource", "events",
         "filter_not_supported"),
        ("allow_scope_missing_resource", ["PIPES:READ"], F, "read_pipe", "top_pages", "missing_resource"),
        ("allow_scope_unexpected_resource", ["TOKENS:x"], F, "manage_tokens", None, "unexpected_resource"),
    ]
    cases += [err(i, op, {"scopes": s, "mode": m, "action": a, "resource": r}, c) for i, s, m, a, r, c in errors]
    for case in cases:
        check_case_against(case, ref_scopes_allow)
    return cases

"""datafiles.json: render_token_lines, parse_datafile_tokens."""
from __future__ import annotations

from .common import ADMIN, V14, check_case_against, err, ok
from .reference import (
    MSG_TWO_PARAMS, msg_arg_count, msg_bad_permission, msg_pipe_append, name_message, ref_parse_datafile, ref_render,
    render_permission_message,
)

DATASOURCE_FILE = """DESCRIPTION >
    Events from the web, with "quotes" and it's apostrophe

SCHEMA >
    `timestamp` DateTime `json:$.timestamp`,
    `org_id` String `json:$.org_id`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "timestamp"

TOKEN app_read READ
TOKEN ingest APPEND
"""

PIPE_FILE = """DESCRIPTION >
    Top pages

NODE top_pages_node
SQL >
    %
    SELECT pathname, count() AS hits
    FROM events
    WHERE org_id = {{ String(org_id, 'acme') }}
    -- TOKEN not_a_token READ
    GROUP BY pathname

TYPE endpoint

TOKEN app_read READ
TOKEN "dashboard token" READ
"""


def tok(name: str, permission: str, line: int) -> dict:
    return {"name": name, "permission": permission, "line": line}


def datafiles_cases() -> list[dict]:
    cases = []
    # render_token_lines
    r = "render_token_lines"

    def entries(*pairs):
        return [{"name": n, "permission": p} for n, p in pairs]

    renders_ok = [
        ("anchor_v04_render_datasource_tokens", "datasource",
         entries(("app_read", "READ"), ("ingest", "APPEND"), ("legacy", "READ"), ("legacy", "APPEND")),
         "TOKEN app_read READ\nTOKEN ingest APPEND\nTOKEN legacy READ\nTOKEN legacy APPEND"),
        ("anchor_v05_render_pipe_tokens_read_only", "pipe", entries(("app_read", "READ"), ("inline_pipe_tok", "READ")),
         "TOKEN app_read READ\nTOKEN inline_pipe_tok READ"),
        ("render_empty_list", "datasource", [], ""),
        ("render_empty_list_pipe", "pipe", [], ""),
        ("render_single_datasource_append", "datasource", entries(("ingest", "APPEND")), "TOKEN ingest APPEND"),
        ("render_duplicates_kept", "pipe", entries(("app_read", "READ"), ("app_read", "READ")),
         "TOKEN app_read READ\nTOKEN app_read READ"),
        ("render_order_kept", "datasource", entries(("zeta", "READ"), ("alpha", "APPEND"), ("_mid", "READ")),
         "TOKEN zeta READ\nTOKEN alpha APPEND\nTOKEN _mid READ"),
        # The shapes every binding accepts besides {name, permission}: several permissions at once, and a
        # bare {name} on a pipe, where READ is the only permission.
        ("render_permissions_list", "datasource", [{"name": "legacy", "permissions": ["READ", "APPEND"]}],
         "TOKEN legacy READ\nTOKEN legacy APPEND"),
        ("render_pipe_name_only_is_read", "pipe", [{"name": "app_read"}, {"name": "other", "permission": "READ"}],
         "TOKEN app_read READ\nTOKEN other READ"),
    ]
    for case_id, kind, tokens, text in renders_ok:
        cases.append(ok(case_id, r, {"kind": kind, "tokens": tokens}, text))
    renders_err = [
        ("anchor_v05_render_pipe_append", "pipe",
         entries(("app_read", "READ"), ("inline_pipe_tok", "READ"), ("app_read", "APPEND")),
         "invalid_permission", msg_pipe_append("app_read")),
        ("render_datasource_lowercase_permission", "datasource", entries(("app_read", "read")),
         "invalid_permission", render_permission_message("datasource", "read", "app_read")),
        ("render_datasource_unknown_permission", "datasource", entries(("app_read", "READ"), ("writer", "WRITE")),
         "invalid_permission", render_permission_message("datasource", "WRITE", "writer")),
        ("render_datasource_empty_permission", "datasource", entries(("app_read", "")),
         "invalid_permission", render_permission_message("datasource", "", "app_read")),
        ("render_pipe_unknown_permission", "pipe", entries(("app_read", "DELETE")),
         "invalid_permission", render_permission_message("pipe", "DELETE", "app_read")),
        ("render_pipe_lowercase_read", "pipe", entries(("app_read", "read")),
         "invalid_permission", render_permission_message("pipe", "read", "app_read")),
        ("render_invalid_name_hyphen", "datasource", entries(("app-read", "READ")),
         "invalid_token_name", name_message("app-read")),
        ("render_invalid_name_empty", "pipe", entries(("", "READ")), "invalid_token_name", name_message("")),
        ("render_invalid_name_space", "datasource", entries(("ok_name", "READ"), ("app read", "READ")),
         "invalid_token_name", name_message("app read")),
        ("render_datasource_name_only", "datasource", [{"name": "app_read"}],
         "invalid_permission", "A data source token needs a permission: READ or APPEND."),
        ("render_pipe_permissions_list_append", "pipe", [{"name": "app_read", "permissions": ["READ", "APPEND"]}],
         "invalid_permission", msg_pipe_append("app_read")),
    ]
    renders_err += [
        ("mask_render_admin_token_as_name", "pipe", entries((ADMIN, "READ")), "invalid_token_name",
         name_message(ADMIN)),
        ("mask_render_jwt_as_permission", "datasource", entries(("app_read", V14)), "invalid_permission",
         render_permission_message("datasource", V14, "app_read")),
    ]
    for case_id, kind, tokens, code, message in renders_err:
        cases.append(err(case_id, r, {"kind": kind, "tokens": tokens}, code, message))

    # parse_datafile_tokens
    p = "parse_datafile_tokens"
    parses_ok = [
        ("anchor_v06_parse_double_quoted_name", "datasource", 'TOKEN "app read" READ', [tok("app read", "READ", 1)]),
        ("anchor_v06_parse_single_quoted_lowercase_append", "datasource", "TOKEN 'app read' append",
         [tok("app read", "APPEND", 1)]),
        ("anchor_v06_parse_lowercase_command", "datasource", "token x read", [tok("x", "READ", 1)]),
        ("anchor_v06_parse_hyphen_name", "datasource", "TOKEN app-read READ", [tok("app-read", "READ", 1)]),
        ("parse_full_datasource_file", "datasource", DATASOURCE_FILE,
         [tok("app_read", "READ", 11), tok("ingest", "APPEND", 12)]),
        ("parse_full_pipe_file", "pipe", PIPE_FILE,
         [tok("app_read", "READ", 15), tok("dashboard token", "READ", 16)]),
        ("parse_empty_text", "datasource", "", []),
        ("parse_no_tokens", "pipe", "NODE n\nSQL >\n    SELECT 1\n", []),
        ("parse_comments_ignored", "datasource", "# TOKEN a READ\n#TOKEN b READ\nTOKEN c READ",
         [tok("c", "READ", 3)]),
        ("parse_indented_ignored", "datasource", "  TOKEN a READ\n\tTOKEN b READ\nTOKEN c APPEND",
         [tok("c", "APPEND", 3)]),
        ("parse_indented_bad_line_ignored", "pipe", "SQL >\n    TOKEN a b c\n    TOKEN 'x\nTOKEN ok READ",
         [tok("ok", "READ", 4)]),
        ("parse_crlf_lines", "datasource", "TOKEN a READ\r\nTOKEN b append\r\n",
         [tok("a", "READ", 1), tok("b", "APPEND", 2)]),
        ("parse_crlf_quoted", "datasource", "TOKEN \"a b\" READ\r\n", [tok("a b", "READ", 1)]),
        ("parse_mixed_case_command_and_permission", "datasource", "Token x Read\ntOkEn y ApPeNd",
         [tok("x", "READ", 1), tok("y", "APPEND", 2)]),
        ("parse_empty_quoted_name", "datasource", 'TOKEN "" READ', [tok("", "READ", 1)]),
        ("parse_numeric_name", "pipe", "TOKEN 123 READ", [tok("123", "READ", 1)]),
        ("parse_extra_whitespace", "datasource", "TOKEN   app_read \t READ   ", [tok("app_read", "READ", 1)]),
        ("parse_tab_separated", "datasource", "TOKEN\tapp_read\tAPPEND", [tok("app_read", "APPEND", 1)]),
        ("parse_quoted_permission", "pipe", "TOKEN \"x\" 'read'", [tok("x", "READ", 1)]),
        ("parse_duplicates_kept", "pipe", "TOKEN a READ\nTOKEN a READ", [tok("a", "READ", 1), tok("a", "READ", 2)]),
        ("parse_tokens_command_not_token", "datasource", "TOKENS a READ\nTOKENX b READ", []),
        ("parse_blank_and_whitespace_lines", "datasource", "\n   \n\nTOKEN a READ\n\n", [tok("a", "READ", 4)]),
        ("parse_non_ascii_name", "pipe", "TOKEN señal READ", [tok("señal", "READ", 1)]),
        ("parse_pipe_lowercase_read", "pipe", "TOKEN x read", [tok("x", "READ", 1)]),
    ]
    for case_id, kind, text, value in parses_ok:
        cases.append(ok(case_id, p, {"kind": kind, "text": text}, value))
    parses_err = [
        ("anchor_v07_parse_one_argument", "datasource", "TOKEN app_read", "datafile_syntax", MSG_TWO_PARAMS, 1),
        ("anchor_v07_parse_three_arguments", "datasource", "TOKEN a b c", "datafile_syntax", msg_arg_count(3), 1),
        ("anchor_v07_parse_unknown_permission", "datasource", "TOKEN app_read WRITE", "invalid_permission",
         msg_bad_permission("WRITE"), 1),
        ("anchor_v08_parse_pipe_append", "pipe", "TOKEN app_read APPEND", "invalid_permission",
         msg_pipe_append("app_read"), 1),
        ("parse_no_arguments", "datasource", "TOKEN", "datafile_syntax", MSG_TWO_PARAMS, 1),
        ("parse_unclosed_double_quote", "datasource", 'TOKEN "app read READ', "datafile_syntax",
         "No closing quotation", 1),
        ("parse_unclosed_single_quote", "pipe", "NODE n\nTOKEN 'x READ", "datafile_syntax", "No closing quotation", 2),
        ("parse_trailing_comment_counts_as_arguments", "datasource", "TOKEN x READ # comment", "datafile_syntax",
         msg_arg_count(4), 1),
        ("parse_quoted_three_arguments", "datasource", "TOKEN \"a b\" READ extra", "datafile_syntax",
         msg_arg_count(3), 1),
        ("parse_quoted_one_argument", "datasource", 'TOKEN "a b"', "datafile_syntax", MSG_TWO_PARAMS, 1),
        ("parse_error_line_number", "datasource", DATASOURCE_FILE + "TOKEN broken\n", "datafile_syntax",
         MSG_TWO_PARAMS, 13),
        ("parse_lowercase_unknown_permission", "datasource", "TOKEN x write", "invalid_permission",
         msg_bad_permission("write"), 1),
        ("parse_empty_permission", "datasource", 'TOKEN x ""', "invalid_permission", msg_bad_permission(""), 1),
        ("parse_pipe_unknown_permission_first", "pipe", "TOKEN x WRITE", "invalid_permission",
         msg_bad_permission("WRITE"), 1),
        ("parse_pipe_lowercase_append", "pipe", "TOKEN ok READ\ntoken 'app read' append", "invalid_permission",
         msg_pipe_append("app read"), 2),
        ("parse_crlf_error_line", "pipe", "NODE n\r\n\r\nTOKEN a APPEND\r\n", "invalid_permission",
         msg_pipe_append("a"), 3),
    ]
    parses_err += [
        ("mask_parse_jwt_as_permission", "datasource", f"TOKEN app {V14}", "invalid_permission",
         msg_bad_permission(V14), 1),
        ("mask_parse_admin_token_name_append_on_pipe", "pipe", f"TOKEN {ADMIN} APPEND", "invalid_permission",
         msg_pipe_append(ADMIN), 1),
    ]
    for case_id, kind, text, code, message, line in parses_err:
        cases.append(err(case_id, p, {"kind": kind, "text": text}, code, message, line))

    for case in cases:
        if case["op"] == r:
            check_case_against(case, ref_render)
        else:
            check_case_against(case, lambda i: ref_parse_datafile(i["kind"], i["text"]))
    return cases

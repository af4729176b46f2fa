"""projects.json: read_project, lint_project, check_jwt, check_static_token and create_jwt with a project.

Expectations are written by hand from the rules in tests/vectors/README.md ("Projects"); the message helpers
below are those rules' wording. The example project is read from examples/project, so the vectors follow it."""
from __future__ import annotations

from pathlib import Path

from .common import ADMIN, NOW, WS, err, ok, pyjwt
from .reference import MSG_TWO_PARAMS, msg_bad_permission, msg_pipe_append

EXAMPLE_DIR = Path(__file__).resolve().parents[3] / "examples" / "project"

FINDING_CODES = [
    "datafile_syntax", "invalid_permission", "near_miss_token", "empty_token_name", "duplicate_token",
    "duplicate_resource", "invalid_resource_name", "unreadable_template", "conflicting_param_type",
    "unknown_resource", "unchecked_resource", "wrong_resource_kind", "pipe_not_endpoint", "unknown_fixed_param",
    "fixed_param_type", "ignored_claim",
]
PIPE_TYPES = ["copy", "endpoint", "materialized", "plain", "sink"]
SEVERITIES = ["error", "warning"]


def example_files() -> list[dict]:
    files = []
    for path in sorted(EXAMPLE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".datasource", ".pipe"):
            files.append({"path": path.relative_to(EXAMPLE_DIR).as_posix(), "text": path.read_text("utf-8")})
    return files


def finding(code, severity, message, path=None, line=None, scope=None, suggestion=None) -> dict:
    assert code in FINDING_CODES, code
    return {"code": code, "severity": severity, "message": message, "path": path, "line": line, "scope": scope,
            "suggestion": suggestion}


def sort_findings(fs: list[dict]) -> list[dict]:
    """By path, line, scope (null first in each), then code and message."""
    def key(f):
        return ((f["path"] is not None, f["path"] or ""), (f["line"] is not None, f["line"] or 0),
                (f["scope"] is not None, f["scope"] or 0), f["code"], f["message"])
    return sorted(fs, key=key)


KIND_WORDS = {"datasource": "data source", "pipe": "pipe"}


# --- messages -------------------------------------------------------------------------------------------------
def m_unknown(scope_type, kind, name):
    return f"{scope_type} names {KIND_WORDS[kind]} {name}, which the project does not define."


def m_wrong_kind(scope_type, name, actual, wanted):
    if wanted == "pipe":
        hint = "use DATASOURCES:READ to read a data source." if scope_type == "PIPES:READ" else "only pipes take it."
    else:
        hint = "use PIPES:READ to read a pipe." if scope_type == "DATASOURCES:READ" else "only data sources take it."
    return f"{scope_type} names {name}, which is a {KIND_WORDS[actual]}, not a {KIND_WORDS[wanted]}: {hint}"


def m_unchecked(scope_type, name):
    what = "a shared data source of another workspace" if "." in name else "a resource id"
    return f"{scope_type} names {name}, {what}, which cannot be checked offline."


def m_not_endpoint(name, pipe_type):
    what = "a pipe without TYPE endpoint" if pipe_type == "plain" else f"a {pipe_type} pipe"
    return f"PIPES:READ names {name}, {what}: a JWT reads endpoints only, so this scope reads nothing."


def m_unknown_param(key, pipe, params):
    listed = f"its parameters: {', '.join(params)}" if params else "it has no parameters"
    return f"Fixed param {key} is not a parameter of pipe {pipe}, so it restricts nothing; {listed}."


def m_unchecked_param(key, pipe):
    return f"Fixed param {key} could not be checked: the parameters of pipe {pipe} could not all be read."


WHY = {
    "range": "outside the type's range", "int": "not an integer", "float": "not a number",
    "bool": "not true, false, 1 or 0", "date": "not a YYYY-MM-DD date",
    "datetime": "not a YYYY-MM-DD HH:MM:SS date and time",
    "datetime64": "not a YYYY-MM-DD HH:MM:SS[.fraction] date and time",
}


def m_param_type(key, pipe, declared, value, why, item=None):
    what = f"its item {item}" if item is not None else value
    return f"Fixed param {key} of pipe {pipe} is declared {declared}, and {what} is {WHY[why]}."


def m_extra_claim(key):
    return f"Extra claim {key} is carried in the token but Tinybird does not read it."


def m_near_miss(head):
    return f'"{head}" is not a directive, so this line is not read as a TOKEN line: write TOKEN <name> <READ|APPEND>.'


M_INDENTED = "An indented TOKEN line outside any block is not read: TOKEN lines start at the beginning of the line."
M_BOM = ("A UTF-8 byte order mark precedes TOKEN on line 1, so the line is not read as a TOKEN line: save the file "
         "without the BOM.")
M_EMPTY = "A TOKEN line with an empty token name."
M_INCLUDE = "An INCLUDE is not followed, so the pipe's parameters may be incomplete."


def m_dup_token(name, kind, resource, permission):
    return f'Token "{name}" is attached to {KIND_WORDS[kind]} {resource} with {permission} more than once.'


def m_dup_resource(name, first, second):
    return f"Resource name {name} is defined twice: {first} and {second}."


def m_bad_stem(stem):
    return (f'The file name gives the resource name "{stem}", which is not valid: use letters, digits and '
            f"underscores, not starting with a digit.")


def m_bad_spec_name(name):
    return f'Resource name "{name}" is not valid: use letters, digits and underscores, not starting with a digit.'


def m_unreadable(resource, why):
    return f"The template of {resource} has {why}, so its parameters may be incomplete."


def m_conflict(param, resource, first, second):
    return f"Parameter {param} of {resource} is declared {first} and also {second}; {first} is used."


def m_check_failed(lines: list[str]) -> str:
    n = len(lines)
    return f"The request does not match the project ({n} error{'' if n == 1 else 's'}):\n" + "\n".join(
        f"- {line}" for line in lines)


def shown(f: dict) -> str:
    """A finding as Display writes it."""
    loc = ""
    if f["path"] is not None:
        loc = f"{f['path']}:{f['line']}: " if f["line"] is not None else f"{f['path']}: "
    elif f["line"] is not None:
        loc = f"line {f['line']}: "
    text = f"{loc}{f['severity']}[{f['code']}]: {f['message']}"
    if f["suggestion"] is not None:
        text += f" (did you mean {f['suggestion']}?)"
    return text


# --- files ----------------------------------------------------------------------------------------------------
def pipe_text(sql_lines: list[str], pipe_type: str | None = "endpoint", tokens: list[str] = ()) -> str:
    body = "NODE n\nSQL >\n" + "".join(f"    {line}\n" for line in sql_lines)
    if pipe_type is not None:
        body += f"\nTYPE {pipe_type}\n"
    if tokens:
        body += "\n" + "".join(f"{t}\n" for t in tokens)
    return body


TYPES_PIPE = pipe_text([
    "%",
    "SELECT 1 WHERE a = {{ Int8(i8, 0) }} AND b = {{ UInt8(u8) }} AND c = {{ Int64(i64) }}",
    "AND d = {{ UInt64(u64) }} AND e = {{ Int256(i256) }} AND f = {{ UInt256(u256) }} AND g = {{ Integer(n) }}",
    "AND h = {{ Float64(f) }} AND i = {{ Boolean(flag) }} AND j = {{ Date(day) }} AND k = {{ DateTime(at) }}",
    "AND l = {{ DateTime64(at64) }} AND m IN {{ Array(ids, 'Int32') }} AND o = {{ String(s) }}",
])
TYPES_PARAMS = [("i8", "Int8"), ("u8", "UInt8"), ("i64", "Int64"), ("u64", "UInt64"), ("i256", "Int256"),
                ("u256", "UInt256"), ("n", "Integer"), ("f", "Float64"), ("flag", "Boolean"), ("day", "Date"),
                ("at", "DateTime"), ("at64", "DateTime64"), ("ids", "Array(Int32)"), ("s", "String")]

EXTRA_FILES = [
    {"path": "pipes/mv_daily.pipe", "text": pipe_text(["SELECT 1"], "materialized") + "DATASOURCE daily\n"},
    {"path": "pipes/plain_nodes.pipe", "text": pipe_text(["%", "SELECT {{ x }}"], None)},
    {"path": "pipes/copy_orgs.pipe", "text": pipe_text(["SELECT 1"], "COPY")},
    {"path": "pipes/broken.pipe", "text": pipe_text(["%", "SELECT {{ String(org_id) }} {{ days"])},
    {"path": "endpoints/types.pipe", "text": TYPES_PIPE},
]


def jwt_request(scopes: list[dict], **extra) -> dict:
    return {"workspace_id": WS, "name": "tenant", "expires_at": NOW + 3600, "scopes": scopes, **extra}


def pipes_read(resource: str, fixed=None) -> dict:
    scope = {"type": "PIPES:READ", "resource": resource}
    if fixed is not None:
        scope["fixed_params"] = fixed
    return scope


def check_jwt_cases() -> list[dict]:
    files = example_files() + EXTRA_FILES
    top_params = ["org_id", "days", "limit"]

    def case(cid, scopes, findings, **extra):
        return ok(cid, "check_jwt", {"files": files, "request": jwt_request(scopes, **extra), "now": NOW},
                  sort_findings(findings))

    types_ok = {"i8": "-128", "u8": 255, "i64": "-9223372036854775808", "u64": "18446744073709551615",
                "i256": "-123456789012345678901234567890", "u256": "123456789012345678901234567890", "n": -5,
                "f": "-1.5e3", "flag": "FALSE", "day": "2024-02-29", "at": "2024-01-01 23:59:59",
                "at64": "2024-01-01T10:00:00.123456", "ids": "1, 2,3", "s": "any text, even 'quoted', 1,2"}
    types_bad = [("i8", "128", "range"), ("u8", -1, "range"), ("u64", "18446744073709551616", "range"),
                 ("u256", "-1", "int"), ("n", 1.5, "int"), ("f", "1,5", "float"), ("flag", "yes", "bool"),
                 ("day", "2023-02-29", "date"), ("at", "2024-01-01 24:00:00", "datetime"),
                 ("at64", "2024-01-01 10:00:00.1234567890", "datetime64"), ("ids", "1,x", "int"),
                 ("i64", True, "int"), ("i8", "99999999999999999999999999999999999999999", "range")]
    declared = dict(TYPES_PARAMS)

    def shown_value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    cases = [
        case("project_jwt_good_request", [pipes_read("top_pages", {"org_id": "acme", "days": "30"})], []),
        case("project_jwt_good_json_values", [pipes_read("top_pages", {"org_id": "acme", "days": 7, "limit": 10}),
                                              {"type": "DATASOURCES:READ", "resource": "page_views",
                                               "filter": "org_id = 'acme'"}], []),
        case("project_jwt_typo_resource", [pipes_read("top_pagez", {"org_id": "acme"})],
             [finding("unknown_resource", "error", m_unknown("PIPES:READ", "pipe", "top_pagez"), scope=0,
                      suggestion="top_pages")]),
        case("project_jwt_case_mismatch_resource", [pipes_read("Top_Pages")],
             [finding("unknown_resource", "error", m_unknown("PIPES:READ", "pipe", "Top_Pages"), scope=0,
                      suggestion="top_pages")]),
        case("project_jwt_unknown_resource_no_suggestion", [pipes_read("billing_report")],
             [finding("unknown_resource", "error", m_unknown("PIPES:READ", "pipe", "billing_report"), scope=0)]),
        case("project_jwt_pipes_read_on_datasource", [pipes_read("page_views")],
             [finding("wrong_resource_kind", "error", m_wrong_kind("PIPES:READ", "page_views", "datasource", "pipe"),
                      scope=0)]),
        case("project_jwt_datasources_read_on_pipe", [{"type": "DATASOURCES:READ", "resource": "top_pages"}],
             [finding("wrong_resource_kind", "error",
                      m_wrong_kind("DATASOURCES:READ", "top_pages", "pipe", "datasource"), scope=0)]),
        case("project_jwt_fixed_param_typo", [pipes_read("top_pages", {"orgid": "acme"})],
             [finding("unknown_fixed_param", "error", m_unknown_param("orgid", "top_pages", top_params), scope=0,
                      suggestion="org_id")]),
        case("project_jwt_fixed_param_on_pipe_without_params", [pipes_read("mv_daily", {"org_id": "acme"})],
             [finding("pipe_not_endpoint", "error", m_not_endpoint("mv_daily", "materialized"), scope=0),
              finding("unknown_fixed_param", "error", m_unknown_param("org_id", "mv_daily", []), scope=0)]),
        case("project_jwt_fixed_param_not_int", [pipes_read("top_pages", {"org_id": "acme", "days": "abc"})],
             [finding("fixed_param_type", "error", m_param_type("days", "top_pages", "Int32", "abc", "int"),
                      scope=0)]),
        case("project_jwt_materialized_pipe", [pipes_read("mv_daily")],
             [finding("pipe_not_endpoint", "error", m_not_endpoint("mv_daily", "materialized"), scope=0)]),
        case("project_jwt_copy_pipe_classic_spelling", [pipes_read("copy_orgs")],
             [finding("pipe_not_endpoint", "error", m_not_endpoint("copy_orgs", "copy"), scope=0)]),
        case("project_jwt_plain_pipe", [pipes_read("plain_nodes", {"x": "1"})],
             [finding("pipe_not_endpoint", "error", m_not_endpoint("plain_nodes", "plain"), scope=0)]),
        case("project_jwt_resource_id", [pipes_read("t_0123456789abcdef0123456789abcdef")],
             [finding("unchecked_resource", "warning",
                      m_unchecked("PIPES:READ", "t_0123456789abcdef0123456789abcdef"), scope=0)]),
        case("project_jwt_shared_datasource", [{"type": "DATASOURCES:READ", "resource": "other_ws.events"}],
             [finding("unchecked_resource", "warning", m_unchecked("DATASOURCES:READ", "other_ws.events"),
                      scope=0)]),
        case("project_jwt_unreadable_params_warn", [pipes_read("broken", {"org_id": "a", "tenant": "b"})],
             [finding("unknown_fixed_param", "warning", m_unchecked_param("tenant", "broken"), scope=0)]),
        case("project_jwt_extra_claims", [pipes_read("top_pages", {"org_id": "acme"})],
             [finding("ignored_claim", "warning", m_extra_claim("role"))],
             extra_claims={"nbf": NOW, "role": "admin", "iat": NOW}),
        case("project_jwt_several_scopes",
             [pipes_read("top_pages", {"org_id": "acme"}), pipes_read("org_usage", {"orgid": "acme"}),
              {"type": "DATASOURCES:READ", "resource": "orgz"}],
             [finding("unknown_fixed_param", "error", m_unknown_param("orgid", "org_usage", ["org_id", "start"]),
                      scope=1, suggestion="org_id"),
              finding("unknown_resource", "error", m_unknown("DATASOURCES:READ", "datasource", "orgz"), scope=2,
                      suggestion="orgs")]),
        case("project_jwt_param_types_ok", [pipes_read("types", types_ok)], []),
    ]
    for n, (key, value, why) in enumerate(types_bad):
        item = "x" if key == "ids" else None
        cases.append(case(f"project_jwt_param_type_bad_{n}_{key}", [pipes_read("types", {key: value})],
                          [finding("fixed_param_type", "error",
                                   m_param_type(key, "types", declared[key], shown_value(value), why, item),
                                   scope=0)]))
    cases += [
        err("project_jwt_request_rule_first", "check_jwt",
            {"files": files, "request": {**jwt_request([pipes_read("top_pagez")]), "expires_at": NOW}, "now": NOW},
            "invalid_claims"),
        err("project_jwt_needs_request", "check_jwt", {"files": files, "now": NOW}, "invalid_argument"),
        err("project_jwt_needs_project", "check_jwt", {"request": jwt_request([pipes_read("x")]), "now": NOW},
            "invalid_argument"),
    ]
    return cases


def check_static_cases() -> list[dict]:
    files = example_files()

    def case(cid, scopes, findings, mode=None):
        inp = {"files": files, "scopes": scopes}
        if mode:
            inp["mode"] = mode
        return ok(cid, "check_static_token", inp, sort_findings(findings))

    return [
        case("project_static_good", ["DATASOURCES:READ:page_views", "DATASOURCES:APPEND:page_views",
                                     "PIPES:READ:top_pages", "TOKENS", "WORKSPACE:READ_ALL"], []),
        case("project_static_append_on_pipe", ["DATASOURCES:APPEND:top_pages"],
             [finding("wrong_resource_kind", "error",
                      m_wrong_kind("DATASOURCES:APPEND", "top_pages", "pipe", "datasource"), scope=0)]),
        case("project_static_read_pipe_on_datasource", ["PIPES:READ:orgs"],
             [finding("wrong_resource_kind", "error", m_wrong_kind("PIPES:READ", "orgs", "datasource", "pipe"),
                      scope=0)]),
        case("project_static_typo", ["PIPES:READ:top_pages", "DATASOURCES:READ:page_view"],
             [finding("unknown_resource", "error", m_unknown("DATASOURCES:READ", "datasource", "page_view"),
                      scope=1, suggestion="page_views")]),
        case("project_static_classic", ["PIPES:DROP:orgs", "DATASOURCES:CREATE", "DATASOURCES:DROP:t_00112233aabb",
                                        "DATASOURCES:READ:orgs:plan = 'pro'"],
             [finding("wrong_resource_kind", "error", m_wrong_kind("PIPES:DROP", "orgs", "datasource", "pipe"),
                      scope=0),
              finding("unchecked_resource", "warning", m_unchecked("DATASOURCES:DROP", "t_00112233aabb"), scope=2)],
             mode="classic"),
        err("project_static_bad_scope", "check_static_token", {"files": files, "scopes": ["PIPES:READ:a b"]},
            "invalid_scope"),
        err("project_static_needs_scopes", "check_static_token", {"files": files}, "invalid_argument"),
    ]


def lint_cases() -> list[dict]:
    def case(cid, files, findings, resources=None):
        inp = {"files": files}
        if resources is not None:
            inp["resources"] = resources
        return ok(cid, "lint_project", inp, sort_findings(findings))

    ds = "SCHEMA >\n    `a` String\n\n"
    p = "a.datasource"
    cases = [
        case("project_lint_example_clean", example_files(), []),
        case("project_lint_near_miss_transposed", [{"path": p, "text": ds + "TOKNE x READ\n"}],
             [finding("near_miss_token", "error", m_near_miss("TOKNE"), p, 4, suggestion="TOKEN")]),
        case("project_lint_near_miss_colon", [{"path": p, "text": ds + "TOKEN: x READ\n"}],
             [finding("near_miss_token", "error", m_near_miss("TOKEN:"), p, 4, suggestion="TOKEN")]),
        case("project_lint_near_miss_plural", [{"path": p, "text": ds + "TOKENS x READ\n"}],
             [finding("near_miss_token", "error", m_near_miss("TOKENS"), p, 4, suggestion="TOKEN")]),
        case("project_lint_near_miss_lowercase", [{"path": p, "text": ds + "tokne x READ\n"}],
             [finding("near_miss_token", "error", m_near_miss("tokne"), p, 4, suggestion="TOKEN")]),
        case("project_lint_indented_token", [{"path": "b.pipe", "text": pipe_text(["SELECT 1"]) + "  TOKEN x READ\n"}],
             [finding("near_miss_token", "error", M_INDENTED, "b.pipe", 6)]),
        case("project_lint_indented_token_in_sql_is_sql",
             [{"path": "b.pipe", "text": "NODE n\nSQL >\n    SELECT 1\n\n    TOKEN x READ\n"}], []),
        case("project_lint_bom", [{"path": p, "text": "\ufeffTOKEN bom READ\n" + ds}],
             [finding("near_miss_token", "error", M_BOM, p, 1)]),
        case("project_lint_bom_before_other_directive", [{"path": p, "text": "\ufeff" + ds + "TOKEN t READ\n"}], []),
        case("project_lint_empty_token_name", [{"path": p, "text": ds + 'TOKEN "" READ\n'}],
             [finding("empty_token_name", "error", M_EMPTY, p, 4)]),
        case("project_lint_token_twice", [{"path": p, "text": ds + "TOKEN t READ\nTOKEN t APPEND\ntoken t read\n"}],
             [finding("duplicate_token", "warning", m_dup_token("t", "datasource", "a", "READ"), p, 6)]),
        case("project_lint_token_errors",
             [{"path": "b.pipe", "text": "TOKEN only_name\nTOKEN x APPEND\nTOKEN y WRITE\nTOKEN 'open READ\n"}],
             [finding("datafile_syntax", "error", MSG_TWO_PARAMS, "b.pipe", 1),
              finding("invalid_permission", "error", msg_pipe_append("x"), "b.pipe", 2),
              finding("invalid_permission", "error", msg_bad_permission("WRITE"), "b.pipe", 3),
              finding("datafile_syntax", "error", "No closing quotation", "b.pipe", 4)]),
        case("project_lint_duplicate_across_folders",
             [{"path": "datasources/events.datasource", "text": ds},
              {"path": "legacy/sub/events.datasource", "text": ds}],
             [finding("duplicate_resource", "error",
                      m_dup_resource("events", "datasources/events.datasource", "legacy/sub/events.datasource"),
                      "legacy/sub/events.datasource")]),
        case("project_lint_pipe_and_datasource_same_name",
             [{"path": "events.datasource", "text": ds}, {"path": "events.pipe", "text": pipe_text(["SELECT 1"])}],
             [finding("duplicate_resource", "error", m_dup_resource("events", "events.datasource", "events.pipe"),
                      "events.pipe")]),
        case("project_lint_bad_file_stem", [{"path": "datasources/my-ds.datasource", "text": ds + "TOKEN t READ\n"}],
             [finding("invalid_resource_name", "error", m_bad_stem("my-ds"), "datasources/my-ds.datasource")]),
        case("project_lint_unreadable_template",
             [{"path": "b.pipe", "text": pipe_text(["%", "SELECT {{ String(a) }}", "WHERE {% if b x"])}],
             [finding("unreadable_template", "warning", m_unreadable("b", "a tag that does not close"), "b.pipe", 5)]),
        case("project_lint_unclosed_string_in_tag",
             [{"path": "b.pipe", "text": pipe_text(["%", "SELECT {{ String(a, 'x) }}"])}],
             [finding("unreadable_template", "warning", m_unreadable("b", "a string that does not close"),
                      "b.pipe", 4)]),
        case("project_lint_include",
             [{"path": "b.pipe", "text": 'INCLUDE "../includes/x.incl"\n\n' + pipe_text(["%", "SELECT {{ a }}"])},
              {"path": "includes/x.incl", "text": "NODE x\nSQL >\n    TOKNE\n"}],
             [finding("unreadable_template", "warning", M_INCLUDE, "b.pipe", 1)]),
        case("project_lint_conflicting_param_type",
             [{"path": "b.pipe", "text": pipe_text(["%", "SELECT {{ Int32(days) }}", "LIMIT {{ String(days) }}"])}],
             [finding("conflicting_param_type", "warning", m_conflict("days", "b", "Int32", "String"), "b.pipe", 5)]),
        case("project_lint_specs",
             [{"path": "events.datasource", "text": ds}],
             [finding("duplicate_resource", "error",
                      m_dup_resource("events", "events.datasource", "the pipe spec events")),
              finding("invalid_resource_name", "error", m_bad_spec_name("top pages")),
              finding("invalid_permission", "error", msg_pipe_append("app")),
              finding("empty_token_name", "error", "A token of top pages has an empty name."),
              finding("duplicate_token", "warning", m_dup_token("app", "pipe", "top pages", "READ"))],
             resources=[{"kind": "pipe", "name": "events"},
                        {"kind": "pipe", "name": "top pages",
                         "tokens": [{"name": "app", "permission": "READ"}, {"name": "app", "permission": "APPEND"},
                                    {"name": "", "permission": "READ"}, {"name": "app", "permission": "READ"}]}]),
        err("project_lint_files_not_a_list", "lint_project", {"files": {"a.pipe": ""}}, "invalid_argument"),
        err("project_lint_file_without_text", "lint_project", {"files": [{"path": "a.pipe"}]}, "invalid_argument"),
    ]
    return cases


def resource(kind, name, path=None, pipe_type=None, params=(), tokens=()):
    return {"kind": kind, "name": name, "path": path, "pipe_type": pipe_type,
            "params": [{"name": n, "type": t} for n, t in params],
            "tokens": [{"name": n, "permission": p, "line": line} for n, p, line in tokens]}


def read_cases() -> list[dict]:
    def case(cid, files, resources, findings=(), specs=None):
        inp = {"files": files} if files is not None else {}
        if specs is not None:
            inp["resources"] = specs
        return ok(cid, "read_project", inp, {"resources": resources, "findings": sort_findings(list(findings))})

    def one_pipe(cid, sql_lines, params, pipe_type="endpoint", type_line="endpoint"):
        return case(cid, [{"path": "p.pipe", "text": pipe_text(sql_lines, type_line)}],
                    [resource("pipe", "p", "p.pipe", pipe_type, params)])

    cases = [
        case("project_read_example", example_files(), [
            resource("datasource", "orgs", "datasources/orgs.datasource", tokens=[("billing", "READ", 14)]),
            resource("datasource", "page_views", "datasources/page_views.datasource",
                     tokens=[("tracker", "APPEND", 15), ("dashboard", "READ", 16)]),
            resource("pipe", "org_usage", "endpoints/org_usage.pipe", "endpoint",
                     [("org_id", "String"), ("start", "DateTime")],
                     [("billing", "READ", 16), ("dashboard", "READ", 17)]),
            resource("pipe", "top_pages", "endpoints/top_pages.pipe", "endpoint",
                     [("org_id", "String"), ("days", "Int32"), ("limit", "Int32")], [("dashboard", "READ", 17)]),
        ]),
        one_pipe("project_read_type_functions", ["%", "SELECT {{String(s, 'x', description='d', required=False)}}",
                                                 "{{ Int(i) }} {{ Integer(j) }} {{ UInt128(k) }} {{ Float32(f) }}",
                                                 "{{ Date(d) }} {{ DateTime64(t, '2024-01-01 00:00:00.000') }}"],
                 [("s", "String"), ("i", "Int"), ("j", "Integer"), ("k", "UInt128"), ("f", "Float32"), ("d", "Date"),
                  ("t", "DateTime64")]),
        one_pipe("project_read_arrays", ["%", "SELECT {{ Array(ids, 'UInt64', default='1,2') }}",
                                         "{{ Array(names, 'String') }} {{ Array(raw) }}"],
                 [("ids", "Array(UInt64)"), ("names", "Array(String)"), ("raw", "Array")]),
        one_pipe("project_read_bare_and_conditions",
                 ["%", "SELECT {{ bare }} {% if defined(country) and not region %} x",
                  "{% elif mode == 'top' or (limit > 10) %} y {% else %} z {% end %}",
                  "{% if not defined(only_here) %}{% end %}"],
                 [("bare", None), ("country", None), ("region", None), ("mode", None), ("limit", None),
                  ("only_here", None)]),
        one_pipe("project_read_column_functions",
                 ["%", "SELECT {{ column(sort_by, 'ts') }}, {{ columns(cols, 'a,b') }} FROM {{ symbol(tbl) }}",
                  "WHERE x = {{ String(s, description=\"a 'quoted' }} text\") }}"],
                 [("sort_by", None), ("cols", None), ("tbl", None), ("s", "String")]),
        one_pipe("project_read_bindings_excluded",
                 ["%", "{% set cols = 'a,b' %}{% for c in split_to_array(list_param) %}{{ c }}{% end %}",
                  "SELECT {{ columns(cols) }} {{ [x.upper() for x in tags] }} {# {{ commented }} #}",
                  "{% if not defined(lim) %}{% set lim = 10 %}{% end %} LIMIT {{ Int32(lim, 5) }} {{ None }}"],
                 [("list_param", None), ("tags", None), ("lim", "Int32")]),
        # The shape of the docs' parameterized endpoint (templating-language page), and of its conditional
        # filters (template-functions page).
        one_pipe("project_read_docs_shaped_endpoint",
                 ["%", "SELECT pathname, count() AS views", "FROM page_views",
                  "WHERE timestamp >= {{DateTime(start_date)}}", "  AND timestamp < {{DateTime(end_date)}}",
                  "  AND country = {{String(country, 'US')}}",
                  "  {% if defined(browser) %} AND browser = {{ String(browser) }} {% end %}",
                  "GROUP BY pathname", "ORDER BY views DESC", "LIMIT {{Int32(limit, 10)}}"],
                 [("start_date", "DateTime"), ("end_date", "DateTime"), ("country", "String"),
                  ("browser", "String"), ("limit", "Int32")]),
        one_pipe("project_read_non_template_sql_has_no_params", ["SELECT '{{ not_a_param }}'"], []),
        one_pipe("project_read_type_spellings_upper", ["SELECT 1"], [], "endpoint", "ENDPOINT"),
        one_pipe("project_read_type_materialized", ["SELECT 1"], [], "materialized", "materialized"),
        one_pipe("project_read_type_classic_materialized", ["SELECT 1"], [], "materialized", "MATERIALIZED"),
        one_pipe("project_read_type_copy", ["SELECT 1"], [], "copy", "Copy"),
        one_pipe("project_read_type_sink", ["SELECT 1"], [], "sink", "sink"),
        one_pipe("project_read_no_type_is_plain", ["SELECT 1"], [], "plain", None),
        case("project_read_other_extensions_ignored",
             [{"path": "connections/kafka.connection", "text": "TYPE kafka\n"},
              {"path": "includes/x.incl", "text": "TOKNE x\n"}, {"path": "README.md", "text": "TOKEN x READ\n"},
              {"path": "ds\\windows.datasource", "text": "TOKEN w APPEND\n"}],
             [resource("datasource", "windows", "ds\\windows.datasource", tokens=[("w", "APPEND", 1)])]),
        case("project_read_findings_per_file",
             [{"path": "a.datasource", "text": "TOKNE x READ\nTOKEN ok READ\n"}],
             [resource("datasource", "a", "a.datasource", tokens=[("ok", "READ", 2)])],
             [finding("near_miss_token", "error", m_near_miss("TOKNE"), "a.datasource", 1, suggestion="TOKEN")]),
        case("project_read_specs", None, [
            resource("datasource", "events", tokens=[("ingest", "APPEND", None), ("app_read", "READ", None)]),
            resource("pipe", "top_pages", pipe_type="endpoint",
                     params=[("org_id", "String"), ("days", "Int32"), ("limit", None)],
                     tokens=[("app_read", "READ", None)]),
            resource("pipe", "daily_mv", pipe_type="materialized"),
            resource("pipe", "untyped"),
        ], specs=[
            {"kind": "datasource", "name": "events",
             "tokens": [{"name": "ingest", "permission": "APPEND"}, {"name": "app_read", "permission": "READ"}]},
            {"kind": "pipe", "name": "top_pages", "pipe_type": "endpoint",
             "params": [{"name": "org_id", "type": "String", "required": True}, {"name": "days", "type": "Int32"}],
             "sql": ["SELECT * FROM events WHERE org_id = {{ String(org_id) }} LIMIT {{ limit }}"],
             "tokens": [{"name": "app_read", "permission": "READ"}]},
            {"kind": "pipe", "name": "daily_mv", "pipe_type": "materialized", "params": [], "sql": ["SELECT 1"]},
            {"kind": "pipe", "name": "untyped", "pipe_type": None},
        ]),
        case("project_read_files_then_specs", [{"path": "a.pipe", "text": pipe_text(["%", "SELECT {{ x }}"])}],
             [resource("pipe", "a", "a.pipe", "endpoint", [("x", None)]), resource("datasource", "b")],
             specs=[{"kind": "datasource", "name": "b"}]),
        # The SDKs' inline token shapes, read as render_token_lines reads them.
        case("project_read_spec_token_shapes", None, [
            resource("datasource", "events", tokens=[("both", "READ", None), ("both", "APPEND", None)]),
            resource("pipe", "top_pages", pipe_type="endpoint", tokens=[("reader", "READ", None)]),
        ], specs=[
            {"kind": "datasource", "name": "events", "tokens": [{"name": "both", "permissions": ["READ", "APPEND"]}]},
            {"kind": "pipe", "name": "top_pages", "pipe_type": "endpoint", "tokens": [{"name": "reader"}]},
        ]),
        err("project_read_datasource_token_needs_permission", "read_project",
            {"resources": [{"kind": "datasource", "name": "a", "tokens": [{"name": "t"}]}]}, "invalid_permission"),
        err("project_read_token_permission_and_permissions", "read_project",
            {"resources": [{"kind": "datasource", "name": "a",
                            "tokens": [{"name": "t", "permission": "READ", "permissions": ["READ"]}]}]},
            "invalid_argument"),
        err("project_read_needs_files_or_resources", "read_project", {}, "invalid_argument"),
        err("project_read_bad_pipe_type", "read_project",
            {"resources": [{"kind": "pipe", "name": "a", "pipe_type": "ENDPOINT"}]}, "invalid_argument"),
        err("project_read_bad_kind", "read_project", {"resources": [{"kind": "table", "name": "a"}]},
            "invalid_argument"),
        err("project_read_bad_permission", "read_project",
            {"resources": [{"kind": "datasource", "name": "a", "tokens": [{"name": "t", "permission": "read"}]}]},
            "invalid_argument"),
    ]
    return cases


def create_cases() -> list[dict]:
    files = example_files()
    base = {"key": ADMIN, "now": NOW, "workspace_id": WS, "name": "tenant", "expires_at": NOW + 3600}
    bad = finding("unknown_fixed_param", "error", m_unknown_param("orgid", "top_pages", ["org_id", "days", "limit"]),
                  scope=0, suggestion="org_id")
    warn = finding("unchecked_resource", "warning", m_unchecked("DATASOURCES:READ", "ws.shared"), scope=1)
    good_scopes = [pipes_read("top_pages", {"org_id": "acme"})]
    claims = {"workspace_id": WS, "name": "tenant", "exp": NOW + 3600, "scopes": good_scopes}
    warn_scopes = good_scopes + [{"type": "DATASOURCES:READ", "resource": "ws.shared"}]
    warn_claims = {**claims, "scopes": warn_scopes}
    return [
        err("project_create_jwt_refused", "create_jwt",
            {**base, "scopes": [pipes_read("top_pages", {"orgid": "acme"}), warn_scopes[1]],
             "project": {"files": files}},
            "project_check_failed", m_check_failed([shown(bad)])),
        err("project_create_jwt_refused_two", "create_jwt",
            {**base, "scopes": [pipes_read("top_pagez"), pipes_read("page_views")], "project": {"files": files}},
            "project_check_failed", m_check_failed([
                shown(finding("unknown_resource", "error", m_unknown("PIPES:READ", "pipe", "top_pagez"), scope=0,
                              suggestion="top_pages")),
                shown(finding("wrong_resource_kind", "error",
                              m_wrong_kind("PIPES:READ", "page_views", "datasource", "pipe"), scope=1))])),
        ok("project_create_jwt_checked_ok", "create_jwt", {**base, "scopes": good_scopes, "project": {"files": files}},
           {"token": pyjwt(claims, ADMIN)}),
        ok("project_create_jwt_warnings_mint", "create_jwt",
           {**base, "scopes": warn_scopes, "project": {"files": files}}, {"token": pyjwt(warn_claims, ADMIN)}),
        ok("project_create_jwt_null_project", "create_jwt", {**base, "scopes": [pipes_read("anything")],
                                                             "project": None},
           {"token": pyjwt({**claims, "scopes": [pipes_read("anything")]}, ADMIN)}),
        err("project_create_jwt_bad_project", "create_jwt", {**base, "scopes": good_scopes, "project": ["x"]},
            "invalid_argument"),
    ]


def projects_cases() -> list[dict]:
    return read_cases() + lint_cases() + check_jwt_cases() + check_static_cases() + create_cases()


def finding_codes_used(cases: list[dict]) -> set[str]:
    """Every finding code in an ok value (lists of findings, or read_project's findings)."""
    used = set()

    def walk(v):
        if isinstance(v, dict):
            if "code" in v and "severity" in v:
                used.add(v["code"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for case in cases:
        walk(case["expect"].get("ok"))
    return used

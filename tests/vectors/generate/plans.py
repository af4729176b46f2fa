"""plans.json: plan_tokens, diff_token_plans."""
from __future__ import annotations

from .common import check_case_against, err, ok
from .datafiles import DATASOURCE_FILE, PIPE_FILE
from .reference import msg_arg_count, msg_bad_permission, msg_pipe_append, ref_diff, ref_plan


def dfile(kind: str, name: str, text: str) -> dict:
    return {"kind": kind, "name": name, "text": text}


def plan(*pairs) -> list[dict]:
    return [{"name": n, "scopes": s} for n, s in pairs]


def plans_cases() -> list[dict]:
    cases = []
    op = "plan_tokens"
    plans_ok = [
        ("plan_datasource_and_pipe",
         [dfile("datasource", "events", DATASOURCE_FILE), dfile("pipe", "top_pages", PIPE_FILE)],
         plan(("app_read", ["DATASOURCES:READ:events", "PIPES:READ:top_pages"]),
              ("dashboard token", ["PIPES:READ:top_pages"]),
              ("ingest", ["DATASOURCES:APPEND:events"]))),
        ("plan_empty_files", [], []),
        ("plan_files_without_tokens", [dfile("pipe", "p", "NODE n\nSQL >\n    SELECT 1"), dfile("datasource", "d", "")],
         []),
        ("plan_sorted_by_bytes",
         [dfile("datasource", "events", "TOKEN beta READ\nTOKEN alpha READ\nTOKEN _under READ\nTOKEN Alpha READ")],
         plan(("Alpha", ["DATASOURCES:READ:events"]), ("_under", ["DATASOURCES:READ:events"]),
              ("alpha", ["DATASOURCES:READ:events"]), ("beta", ["DATASOURCES:READ:events"]))),
        ("plan_first_seen_scope_order",
         [dfile("pipe", "top_pages", "TOKEN t READ"), dfile("datasource", "events", "TOKEN t APPEND\nTOKEN t READ")],
         plan(("t", ["PIPES:READ:top_pages", "DATASOURCES:APPEND:events", "DATASOURCES:READ:events"]))),
        ("plan_duplicates_dropped",
         [dfile("datasource", "events", "TOKEN t READ\nTOKEN t read"), dfile("datasource", "events", "TOKEN t READ")],
         plan(("t", ["DATASOURCES:READ:events"]))),
        ("plan_same_name_datasource_and_pipe",
         [dfile("datasource", "events", "TOKEN t READ"), dfile("pipe", "events", "TOKEN t READ")],
         plan(("t", ["DATASOURCES:READ:events", "PIPES:READ:events"]))),
        ("plan_quoted_names",
         [dfile("pipe", "p", "TOKEN \"read token\" READ\nTOKEN 'app-read' READ")],
         plan(("app-read", ["PIPES:READ:p"]), ("read token", ["PIPES:READ:p"]))),
        ("plan_sorted_non_ascii_last",
         [dfile("pipe", "p", "TOKEN ñu READ\nTOKEN zz READ\nTOKEN Zz READ")],
         plan(("Zz", ["PIPES:READ:p"]), ("zz", ["PIPES:READ:p"]), ("ñu", ["PIPES:READ:p"]))),
    ]
    for case_id, files, value in plans_ok:
        cases.append(ok(case_id, op, {"files": files}, value))
    plans_err = [
        ("plan_error_in_second_file",
         [dfile("datasource", "events", "TOKEN a READ"), dfile("pipe", "p", "NODE n\n\nTOKEN a b c")],
         "datafile_syntax", msg_arg_count(3), 3),
        ("plan_pipe_append", [dfile("pipe", "top_pages", "TOKEN app_read APPEND")], "invalid_permission",
         msg_pipe_append("app_read"), 1),
        ("plan_bad_permission", [dfile("datasource", "events", "\nTOKEN a DELETE")], "invalid_permission",
         msg_bad_permission("DELETE"), 2),
        ("plan_unclosed_quote", [dfile("datasource", "events", "TOKEN \"a READ")], "datafile_syntax",
         "No closing quotation", 1),
    ]
    for case_id, files, code, message, line in plans_err:
        cases.append(err(case_id, op, {"files": files}, code, message, line))

    d = "diff_token_plans"
    empty = {"create": [], "update": [], "delete": []}
    old_plan = plan(("app_read", ["DATASOURCES:READ:events", "PIPES:READ:top_pages"]),
                    ("ingest", ["DATASOURCES:APPEND:events"]))
    diffs = [
        ("diff_identical", old_plan, old_plan, empty),
        ("diff_both_empty", [], [], empty),
        ("diff_create_all", [], old_plan, {"create": old_plan, "update": [], "delete": []}),
        ("diff_delete_all", old_plan, [], {"create": [], "update": [], "delete": ["app_read", "ingest"]}),
        ("diff_reordered_scopes_no_update", old_plan,
         plan(("app_read", ["PIPES:READ:top_pages", "DATASOURCES:READ:events"]),
              ("ingest", ["DATASOURCES:APPEND:events"])), empty),
        ("diff_update_added_removed",
         plan(("t", ["PIPES:READ:a", "PIPES:READ:b", "PIPES:READ:c", "PIPES:READ:e"])),
         plan(("t", ["PIPES:READ:d", "PIPES:READ:c", "PIPES:READ:f", "PIPES:READ:b"])),
         {"create": [], "update": [{"name": "t", "added": ["PIPES:READ:d", "PIPES:READ:f"],
                                    "removed": ["PIPES:READ:a", "PIPES:READ:e"]}],
          "delete": []}),
        ("diff_update_only_added", plan(("t", ["DATASOURCES:READ:a"])),
         plan(("t", ["DATASOURCES:READ:a", "DATASOURCES:READ:b"])),
         {"create": [], "update": [{"name": "t", "added": ["DATASOURCES:READ:b"], "removed": []}], "delete": []}),
        ("diff_mixed_sorted",
         plan(("zeta", ["PIPES:READ:p"]), ("app_read", ["DATASOURCES:READ:events"]), ("old_b", ["PIPES:READ:b"]),
              ("old_a", ["PIPES:READ:a"])),
         plan(("new_b", ["PIPES:READ:b"]), ("app_read", ["DATASOURCES:READ:sessions"]), ("zeta", ["PIPES:READ:p"]),
              ("Upper", ["PIPES:READ:u"]), ("new_a", ["PIPES:READ:a"])),
         {"create": plan(("Upper", ["PIPES:READ:u"]), ("new_a", ["PIPES:READ:a"]), ("new_b", ["PIPES:READ:b"])),
          "update": [{"name": "app_read", "added": ["DATASOURCES:READ:sessions"],
                      "removed": ["DATASOURCES:READ:events"]}],
          "delete": ["old_a", "old_b"]}),
        ("diff_rename_is_create_and_delete", plan(("old_name", ["PIPES:READ:p"])), plan(("new_name", ["PIPES:READ:p"])),
         {"create": plan(("new_name", ["PIPES:READ:p"])), "update": [], "delete": ["old_name"]}),
        ("diff_update_sorted_by_bytes",
         plan(("b", ["PIPES:READ:x1"]), ("B", ["PIPES:READ:x1"]), ("_", ["PIPES:READ:x1"])),
         plan(("b", ["PIPES:READ:x2"]), ("B", ["PIPES:READ:x2"]), ("_", ["PIPES:READ:x2"])),
         {"create": [], "update": [{"name": "B", "added": ["PIPES:READ:x2"], "removed": ["PIPES:READ:x1"]},
                                   {"name": "_", "added": ["PIPES:READ:x2"], "removed": ["PIPES:READ:x1"]},
                                   {"name": "b", "added": ["PIPES:READ:x2"], "removed": ["PIPES:READ:x1"]}],
          "delete": []}),
    ]
    for case_id, old, new, value in diffs:
        cases.append(ok(case_id, d, {"old": old, "new": new}, value))
    cases.append(err("diff_unknown_scope_in_plan", d, {"old": plan(("t", ["NOPE:x"])), "new": []}, "invalid_scope"))
    cases.append(err("diff_classic_scope_in_plan", d,
                     {"old": [], "new": plan(("t", ["DATASOURCES:DROP:x"]))}, "scope_not_allowed"))

    for case in cases:
        check_case_against(case, ref_plan if case["op"] == op else ref_diff)
    return cases

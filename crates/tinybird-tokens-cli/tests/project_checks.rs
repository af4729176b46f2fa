//! The project checks in `tbtoken`: token requests checked against the project's datafiles before
//! anything is minted, `token lint`, and `ls` / `plan` refusing a misread project. One test per
//! behaviour of issue 11's "Why" that is about the project.

mod common;

use std::path::Path;

use common::*;
use tinybird_tokens::{decode_jwt, Json};

/// `--token ADMIN --workspace-id WS --now NOW --cwd DIR token create jwt x --ttl 1h <rest>`.
fn jwt_in(dir: &Path, rest: &str) -> Run {
    let mut args = vec!["--cwd".to_owned(), dir.display().to_string()];
    args.extend(argv(&format!(
        "--token {ADMIN} --now {NOW} token create jwt x --workspace-id {WS} --ttl 1h {rest}"
    )));
    tb(args).run()
}

/// `token create jwt` in `examples/project`.
fn jwt(rest: &str) -> Run {
    jwt_in(&example(), rest)
}

/// A project in a fresh directory: `(path, text)` pairs, parents created.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The `findings` of a JSON `project_check_failed` error.
fn error_findings(run: &Run) -> Vec<Json> {
    run.assert_json_error(1, "project_check_failed");
    let json = Json::parse(run.stderr.trim_end()).unwrap();
    array(json.get("error").and_then(|e| e.get("findings")))
}

/// A JSON array's items.
fn array(value: Option<&Json>) -> Vec<Json> {
    match value {
        Some(Json::Array(items)) => items.clone(),
        other => panic!("not an array: {other:?}"),
    }
}

/// `(code, severity, suggestion)` of a finding.
fn summary(f: &Json) -> (String, String, Option<String>) {
    let s = |k: &str| f.get(k).and_then(Json::as_str).map(str::to_owned);
    (s("code").unwrap(), s("severity").unwrap(), s("suggestion"))
}

fn run_in(dir: &Path, line: &str) -> Run {
    tb(argv(line)).current_dir(dir).run()
}

// --- create jwt against examples/project --------------------------------------------------------

#[test]
fn a_mistyped_pipe_is_refused_with_a_did_you_mean() {
    let run = jwt("--scope PIPES:READ --resource top_pagez --fixed-params org_id=acme");
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr
            .contains("--scope #1: error[unknown_resource]: PIPES:READ names pipe top_pagez")
            && run.stderr.contains("(did you mean top_pages?)")
            && run.stderr.contains("--ignore-findings"),
        "{}",
        run.stderr
    );
    let run = jwt("--scope PIPES:READ --resource top_pagez --output json");
    let findings = error_findings(&run);
    assert_eq!(
        findings.iter().map(summary).collect::<Vec<_>>(),
        [(
            "unknown_resource".into(),
            "error".into(),
            Some("top_pages".into())
        )]
    );
    assert_eq!(findings[0].get("scope").and_then(Json::as_i64), Some(0));
}

#[test]
fn a_data_source_under_pipes_read_is_refused() {
    let run = jwt("--scope PIPES:READ --resource page_views");
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains("error[wrong_resource_kind]")
            && run.stderr.contains("use DATASOURCES:READ"),
        "{}",
        run.stderr
    );
    // The right scope for it mints.
    jwt("--scope DATASOURCES:READ --resource page_views").ok();
}

#[test]
fn an_unknown_fixed_param_is_refused_listing_the_pipes_parameters() {
    let run = jwt("--scope PIPES:READ --resource top_pages --fixed-params orgid=acme");
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains("error[unknown_fixed_param]")
            && run.stderr.contains("its parameters: org_id, days, limit")
            && run.stderr.contains("(did you mean org_id?)"),
        "{}",
        run.stderr
    );
    let run =
        jwt("--scope PIPES:READ --resource top_pages --fixed-params orgid=acme --output json");
    assert_eq!(
        error_findings(&run).iter().map(summary).collect::<Vec<_>>(),
        [(
            "unknown_fixed_param".into(),
            "error".into(),
            Some("org_id".into())
        )]
    );
}

#[test]
fn a_fixed_param_of_the_wrong_type_is_refused() {
    let run = jwt("--scope PIPES:READ --resource top_pages --fixed-params org_id=acme,days=abc");
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains("error[fixed_param_type]")
            && run.stderr.contains("declared Int32")
            && !run.stderr.contains("unknown_fixed_param"),
        "{}",
        run.stderr
    );
    jwt("--scope PIPES:READ --resource top_pages --fixed-params org_id=acme,days=30").ok();
}

#[test]
fn the_right_request_mints_without_a_finding() {
    let run = jwt("--scope PIPES:READ --resource top_pages --fixed-params org_id=acme");
    run.ok();
    assert!(
        !run.stderr.contains("error[") && !run.stderr.contains("warning["),
        "{}",
        run.stderr
    );
    let claims = decode_jwt(run.stdout.trim_end()).unwrap().claims();
    assert_eq!(
        claims.get("scopes").unwrap().to_compact_string(),
        r#"[{"type":"PIPES:READ","resource":"top_pages","fixed_params":{"org_id":"acme"}}]"#
    );
    // JSON output has no findings key when there are none.
    let run =
        jwt("--scope PIPES:READ --resource top_pages --fixed-params org_id=acme --output json");
    assert!(run.ok().json().get("findings").is_none(), "{}", run.stdout);
}

#[test]
fn ignore_findings_mints_loudly() {
    let run =
        jwt("--scope PIPES:READ --resource top_pages --fixed-params orgid=acme --ignore-findings");
    run.ok();
    let claims = decode_jwt(run.stdout.trim_end()).unwrap().claims();
    assert!(
        claims.to_compact_string().contains(r#""orgid":"acme""#),
        "{claims}"
    );
    assert!(
        run.stderr
            .contains("--scope #1: error[unknown_fixed_param]"),
        "{}",
        run.stderr
    );
    let last = run.stderr.trim_end().lines().last().unwrap();
    assert_eq!(
        last,
        "warning: minted despite 1 error finding (--ignore-findings)."
    );
    // JSON mode: the token, and the findings it was minted despite.
    let run = jwt(
        "--scope PIPES:READ --resource top_pages --fixed-params orgid=acme --ignore-findings --output json",
    );
    let json = run.ok().json();
    assert!(!str_field(&json, "token").is_empty());
    let findings = array(json.get("findings"));
    assert_eq!(summary(&findings[0]).0, "unknown_fixed_param");
}

#[test]
fn warnings_are_printed_and_minting_goes_on() {
    // A resource id cannot be checked offline: a warning, not a refusal.
    let run = jwt("--scope PIPES:READ --resource t_0123456789abcdef");
    run.ok();
    assert!(
        run.stderr
            .contains("--scope #1: warning[unchecked_resource]"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("despite"), "{}", run.stderr);
}

#[test]
fn the_project_is_found_from_a_subdirectory() {
    // The project root is the directory of the nearest .tinyb: all four datafiles are checked.
    let run = jwt_in(
        &example().join("endpoints"),
        "--scope DATASOURCES:READ --resource orgz",
    );
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains("(did you mean orgs?)"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_datafiles_nothing_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let run = jwt_in(dir.path(), "--scope PIPES:READ --resource anything");
    run.ok();
    assert!(
        run.stderr.contains("not checked against a project"),
        "{}",
        run.stderr
    );
    let run = jwt_in(
        dir.path(),
        "--scope PIPES:READ --resource anything --output json",
    );
    assert_eq!(run.ok().stderr, "");
}

#[test]
fn request_errors_come_first_in_the_clis_words() {
    // In a project, a request the core refuses on its own keeps its code and the CLI's wording.
    let run = jwt_in(
        &example(),
        "--scope PIPES:READ --resource top_pages --fixed-params org_id=acme --limit-rps 0",
    );
    run.assert_error(1, "invalid_limits");
    assert!(run.stderr.contains("omit --limit-rps"), "{}", run.stderr);
}

#[test]
fn a_pipe_that_is_not_an_endpoint_is_refused() {
    let dir = project(&[(
        "mat.pipe",
        "NODE n\nSQL >\n    SELECT 1\n\nTYPE materialized\nDATASOURCE out\n",
    )]);
    let run = jwt_in(dir.path(), "--scope PIPES:READ --resource mat");
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains("error[pipe_not_endpoint]"),
        "{}",
        run.stderr
    );
}

// --- create static --------------------------------------------------------------------------------

#[test]
fn static_scopes_are_checked_against_the_project() {
    let cwd = example().display().to_string();
    let run = tb(argv(&format!(
        "--cwd {cwd} token create static reader --scope DATASOURCES:READ --resource page_viewz"
    )))
    .run();
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains("error[unknown_resource]")
            && run.stderr.contains("(did you mean page_views?)"),
        "{}",
        run.stderr
    );
    let run = tb(argv(&format!(
        "--cwd {cwd} token create static reader --scope PIPES:READ --resource page_views --output json"
    )))
    .run();
    assert_eq!(summary(&error_findings(&run)[0]).0, "wrong_resource_kind");
    let run = tb(argv(&format!(
        "--cwd {cwd} token create static reader --scope DATASOURCES:READ --resource page_viewz --ignore-findings"
    )))
    .run();
    run.ok();
    assert!(
        run.stdout.contains("DATASOURCES:READ:page_viewz")
            && run
                .stderr
                .contains("warning: accepted despite 1 error finding (--ignore-findings)."),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    tb(argv(&format!(
        "--cwd {cwd} token create static reader --scope DATASOURCES:READ --resource page_views --scope TOKENS"
    )))
    .run()
    .ok();
}

// --- datafile mistakes: lint, ls, plan --------------------------------------------------------------

/// A valid data source with one token, next to which each broken file is put.
const GOOD: (&str, &str) = (
    "events.datasource",
    "SCHEMA >\n    `a` String\n\nTOKEN app READ\n",
);

/// Each near miss the issue lists, as a file and the line the finding must point at.
const NEAR_MISSES: &[(&str, &str, &str)] = &[
    ("typo.datasource", "TOKNE x READ\n", "typo.datasource:1:"),
    (
        "colon.datasource",
        "SCHEMA >\n    `a` String\n\nTOKEN: x READ\n",
        "colon.datasource:4:",
    ),
    (
        "plural.datasource",
        "TOKENS x READ\n",
        "plural.datasource:1:",
    ),
    (
        "indented.pipe",
        "NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n  TOKEN x READ\n",
        "indented.pipe:6:",
    ),
    (
        "bom.datasource",
        "\u{feff}TOKEN x READ\n",
        "bom.datasource:1:",
    ),
];

#[test]
fn near_miss_token_lines_are_lint_errors_with_file_and_line() {
    for (name, text, at) in NEAR_MISSES {
        let dir = project(&[GOOD, (name, text)]);
        let run = run_in(dir.path(), "token lint");
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stdout.contains(&format!("{at} error[near_miss_token]")),
            "{name}: {}",
            run.stdout
        );
    }
}

#[test]
fn ls_refuses_a_project_with_near_misses() {
    for (name, text, at) in NEAR_MISSES {
        let dir = project(&[GOOD, (name, text)]);
        let run = run_in(dir.path(), "token ls");
        run.assert_error(1, "project_check_failed");
        assert!(
            run.stderr.contains(&format!("{at} error[near_miss_token]")),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn plan_refuses_instead_of_proposing_a_delete() {
    let repo = tempfile::tempdir().unwrap();
    write_files(
        &repo.path().join("old"),
        &[
            GOOD,
            (
                "top.pipe",
                "NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\nTOKEN x READ\n",
            ),
        ],
    );
    for (name, text, at) in NEAR_MISSES {
        let new = repo.path().join("new");
        let _ = std::fs::remove_dir_all(&new);
        // The same project, with token x written wrong in one more file.
        write_files(
            &new,
            &[
                GOOD,
                (
                    "top.pipe",
                    "NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\nTOKEN x READ\n",
                ),
                (name, text),
            ],
        );
        let run = run_in(repo.path(), "token plan old new");
        run.assert_error(1, "project_check_failed");
        assert!(
            run.stderr
                .contains(&format!("new/{at} error[near_miss_token]"))
                && !run.stderr.contains("delete"),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn plan_checks_the_old_project_too() {
    let repo = tempfile::tempdir().unwrap();
    write_files(
        &repo.path().join("old"),
        &[GOOD, ("typo.datasource", "TOKNE x READ\n")],
    );
    write_files(&repo.path().join("new"), &[GOOD]);
    let run = run_in(repo.path(), "token plan old new --output json");
    let findings = error_findings(&run);
    assert_eq!(
        findings[0].get("path").and_then(Json::as_str),
        Some("old/typo.datasource")
    );
}

#[test]
fn a_resource_defined_twice_is_an_error() {
    for files in [
        [
            ("sub/a.datasource", "TOKEN t READ\n"),
            ("a.datasource", "TOKEN u READ\n"),
        ],
        [
            ("a.pipe", "TOKEN t READ\n"),
            ("a.datasource", "TOKEN u READ\n"),
        ],
    ] {
        let dir = project(&files);
        let run = run_in(dir.path(), "token lint --output json");
        assert_eq!(run.code, 1, "{}", run.stderr);
        let json = run.json();
        let findings = array(json.get("findings"));
        assert_eq!(
            findings.iter().map(summary).collect::<Vec<_>>(),
            [("duplicate_resource".into(), "error".into(), None)],
            "{files:?}"
        );
        let run = run_in(dir.path(), "token ls");
        run.assert_error(1, "project_check_failed");
        assert!(run.stderr.contains("defined twice"), "{}", run.stderr);
    }
}

#[test]
fn scopes_by_name_refuses_a_misread_project() {
    let dir = project(&[GOOD, ("typo.datasource", "TOKNE app READ\n")]);
    run_in(dir.path(), "token scopes app").assert_error(1, "project_check_failed");
}

// --- token lint -------------------------------------------------------------------------------------

#[test]
fn the_example_projects_are_lint_clean() {
    for name in ["project", "project-next"] {
        let dir = repo().join("examples").join(name);
        let run = tb(["--cwd", &dir.display().to_string(), "token", "lint"]).run();
        assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
        assert!(
            run.stderr.contains("No findings in 4 datafile(s)"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn lint_defaults_to_the_project_root_and_takes_a_dir() {
    // From a subdirectory: the .tinyb's directory, all four files.
    let run = run_in(&example().join("endpoints"), "token lint --output json");
    assert_eq!(
        run.ok().json().to_compact_string(),
        r#"{"files":4,"errors":0,"warnings":0,"findings":[]}"#
    );
    // An explicit DIR, relative to --cwd.
    let run = tb([
        "--cwd",
        &repo().display().to_string(),
        "token",
        "lint",
        "examples/project",
    ])
    .run();
    run.ok();
}

#[test]
fn lint_exit_codes_and_json_shape() {
    // A warning alone still exits 1.
    let dir = project(&[("a.datasource", "TOKEN t READ\nTOKEN t READ\n")]);
    let run = run_in(dir.path(), "token lint");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "a.datasource:2: warning[duplicate_token]: Token \"t\" is attached to data source a with READ more than once.\n"
    );
    // ... and does not stop `token ls`.
    run_in(dir.path(), "token ls").ok();
    // JSON: counts and every finding with all its fields.
    let dir = project(&[GOOD, ("typo.datasource", "TOKNE x READ\n")]);
    let run = run_in(dir.path(), "token lint --output json");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.json().to_compact_string(),
        r#"{"files":2,"errors":1,"warnings":0,"findings":[{"code":"near_miss_token","severity":"error","message":"\"TOKNE\" is not a directive, so this line is not read as a TOKEN line: write TOKEN <name> <READ|APPEND>.","path":"typo.datasource","line":1,"scope":null,"suggestion":"TOKEN"}]}"#
    );
    // No datafiles: nothing was checked, which is not a pass.
    let empty = tempfile::tempdir().unwrap();
    run_in(empty.path(), "token lint").assert_error(2, "usage_error");
    run_in(empty.path(), "token lint --output json").assert_json_error(2, "usage_error");
}

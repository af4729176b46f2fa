//! `token ls` and `token plan` over the example project, a changed copy and broken datafiles.

mod common;

use std::path::Path;

use common::*;

fn cwd(dir: &Path) -> String {
    dir.display().to_string()
}

#[test]
fn ls_human_and_json() {
    let run = tb(["--cwd", &cwd(&example()), "token", "ls"]).run();
    assert_eq!(
        run.ok().stdout,
        "TOKEN      SCOPES\n\
         billing    DATASOURCES:READ:orgs\n           PIPES:READ:org_usage\n\
         dashboard  DATASOURCES:READ:page_views\n           PIPES:READ:org_usage\n           PIPES:READ:top_pages\n\
         tracker    DATASOURCES:APPEND:page_views\n"
    );
    let run = tb(["token", "ls", "--match", "dash", "--output", "json"])
        .current_dir(&example())
        .run();
    assert_eq!(
        run.ok().json().to_compact_string(),
        r#"{"tokens":[{"name":"dashboard","scopes":["DATASOURCES:READ:page_views","PIPES:READ:org_usage","PIPES:READ:top_pages"]}]}"#
    );
    let run = tb(["token", "ls", "--match", "nothing", "--output", "json"])
        .current_dir(&example())
        .run();
    assert_eq!(run.ok().json().to_compact_string(), r#"{"tokens":[]}"#);
}

#[test]
fn ls_skips_hidden_dirs_node_modules_and_target() {
    let dir = tempfile::tempdir().unwrap();
    for skipped in [".git", "node_modules", "target", ".hidden/deeper"] {
        let d = dir.path().join(skipped);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("x.pipe"), "TOKEN skipped READ\n").unwrap();
    }
    std::fs::create_dir_all(dir.path().join("pipes/nested")).unwrap();
    std::fs::write(
        dir.path().join("pipes/nested/kept.pipe"),
        "TOKEN kept READ\n",
    )
    .unwrap();
    let run = tb(["token", "ls", "--output", "json"])
        .current_dir(dir.path())
        .run();
    assert_eq!(
        run.ok().json().to_compact_string(),
        r#"{"tokens":[{"name":"kept","scopes":["PIPES:READ:kept"]}]}"#
    );
}

#[test]
fn datafile_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.datasource"), "TOKEN a READ\n").unwrap();
    std::fs::write(
        dir.path().join("bad.pipe"),
        "NODE n\nSQL >\n    SELECT 1\n\nTOKEN a APPEND\n",
    )
    .unwrap();
    let run = tb(["token", "ls"]).current_dir(dir.path()).run();
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr.contains(
            "bad.pipe:5: error[invalid_permission]: Invalid permission APPEND for token a"
        ),
        "{}",
        run.stderr
    );
    std::fs::write(dir.path().join("bad.pipe"), "TOKEN a\n").unwrap();
    let run = tb(["token", "ls", "--output", "json"])
        .current_dir(dir.path())
        .run();
    run.assert_json_error(1, "project_check_failed");
    assert!(
        run.stderr.contains(r#""code":"datafile_syntax""#),
        "{}",
        run.stderr
    );
    // A file name that is not a valid resource name.
    std::fs::remove_file(dir.path().join("bad.pipe")).unwrap();
    std::fs::write(dir.path().join("my-pipe.pipe"), "TOKEN a READ\n").unwrap();
    let run = tb(["token", "ls"]).current_dir(dir.path()).run();
    run.assert_error(1, "project_check_failed");
    assert!(
        run.stderr
            .contains("my-pipe.pipe: error[invalid_resource_name]"),
        "{}",
        run.stderr
    );
}

#[test]
fn plan_between_the_example_and_its_next_version() {
    let repo = repo();
    let run = tb([
        "--cwd",
        &cwd(&repo),
        "token",
        "plan",
        "examples/project",
        "examples/project-next",
    ])
    .run();
    assert_eq!(
        run.ok().stdout,
        "CHANGE  TOKEN      SCOPES\n\
         create  embed      + PIPES:READ:top_pages\n\
         update  dashboard  - DATASOURCES:READ:page_views\n\
         delete  billing    - DATASOURCES:READ:orgs\n                   - PIPES:READ:org_usage\n"
    );
    let run = tb(argv(
        "token plan examples/project examples/project-next --output json",
    ))
    .current_dir(&repo)
    .run();
    assert_eq!(
        run.ok().json().to_compact_string(),
        r#"{"create":[{"name":"embed","scopes":["PIPES:READ:top_pages"]}],"update":[{"name":"dashboard","added":[],"removed":["DATASOURCES:READ:page_views"]}],"delete":["billing"]}"#
    );
}

#[test]
fn plan_without_changes_and_with_a_missing_dir() {
    let repo = repo();
    let run = tb(["token", "plan", "examples/project", "examples/project"])
        .current_dir(&repo)
        .run();
    assert_eq!(run.ok().stdout, "");
    assert!(run.stderr.contains("No changes"), "{}", run.stderr);
    let run = tb(argv(
        "token plan examples/project examples/project --output json",
    ))
    .current_dir(&repo)
    .run();
    assert_eq!(
        run.ok().json().to_compact_string(),
        r#"{"create":[],"update":[],"delete":[]}"#
    );
    tb(["token", "plan", "examples/project", "nope"])
        .current_dir(&repo)
        .run()
        .assert_error(2, "usage_error");
}

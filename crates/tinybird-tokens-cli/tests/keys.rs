//! Where the signing key and workspace id come from: --token, then $TINYBIRD_ADMIN_TOKEN, then (last
//! resorts) $TB_TOKEN and the nearest .tinyb (searched upwards from --cwd or the working directory),
//! and the errors when there is none. Warnings and disagreements: key_sources.rs.

mod common;

use common::*;
use tinybird_tokens::Json;

/// The anchors' admin token, in a `.tinyb` with the anchors' workspace id.
fn tinyb_fields() -> String {
    format!(
        r#"{{"host": "https://api.europe-west2.gcp.tinybird.co", "id": "{WS}", "name": "ws", "token": "{ADMIN}"}}"#
    )
}

/// `token create jwt x` with a fixed scope and expiry, JSON output, then `extra` (see `argv`).
fn jwt_args(extra: &str) -> Vec<String> {
    let scope = "--scope PIPES:READ --resource p";
    argv(&format!(
        "token create jwt x --expires-at 2000000000 {scope} --now {NOW} --output json {extra}"
    ))
}

/// The workspace id a JWT was minted for.
fn workspace_of(run: &Run) -> String {
    let json = run.ok().json();
    json.get("claims")
        .unwrap()
        .get("workspace_id")
        .and_then(Json::as_str)
        .unwrap()
        .to_owned()
}

#[test]
fn tinyb_is_found_in_a_parent_directory() {
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(dir.path(), &tinyb_fields());
    let deep = dir.path().join("a/b/c");
    std::fs::create_dir_all(&deep).unwrap();
    let run = tb(jwt_args("")).current_dir(&deep).run();
    assert_eq!(workspace_of(&run), WS);
    // --cwd changes where the search starts, whatever the process directory.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut args = vec!["--cwd".to_owned(), deep.display().to_string()];
    args.extend(jwt_args(""));
    let run = tb(args).current_dir(elsewhere.path()).run();
    assert_eq!(workspace_of(&run), WS);
}

#[test]
fn the_nearest_tinyb_wins() {
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(dir.path(), &tinyb_fields());
    let inner = dir.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    // The example project's .tinyb token belongs to the example workspace.
    let example_token = std::fs::read_to_string(example().join(".tinyb")).unwrap();
    std::fs::write(inner.join(".tinyb"), example_token).unwrap();
    assert_eq!(
        workspace_of(&tb(jwt_args("")).current_dir(&inner).run()),
        EXAMPLE_WS
    );
}

#[test]
fn flag_beats_env_beats_tinyb() {
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(
        dir.path(),
        &format!(r#"{{"id": "{WS}", "token": "not-an-admin-token"}}"#),
    );
    // .tinyb's key is rejected by the core...
    let run = tb(jwt_args("")).current_dir(dir.path()).run();
    run.assert_json_error(1, "invalid_signing_key");
    // ...TB_TOKEN takes precedence over it...
    let run = tb(jwt_args(""))
        .current_dir(dir.path())
        .env("TB_TOKEN", ADMIN)
        .run();
    assert_eq!(workspace_of(&run), WS);
    // ...and --token over TB_TOKEN.
    let mut args = vec!["--token".to_owned(), ADMIN.to_owned()];
    args.extend(jwt_args(""));
    let run = tb(args)
        .current_dir(dir.path())
        .env("TB_TOKEN", "wrong")
        .run();
    assert_eq!(workspace_of(&run), WS);
}

#[test]
fn workspace_id_flag_beats_tinyb_id() {
    // A .tinyb naming another workspace is overridden by a flag that agrees with the key.
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(dir.path(), r#"{"id": "other"}"#);
    let run = tb(jwt_args(&format!("--token {ADMIN} --workspace-id {WS}")))
        .current_dir(dir.path())
        .run();
    assert_eq!(workspace_of(&run), WS);
}

#[test]
fn no_key_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let run = tb(jwt_args(&format!("--workspace-id {WS}")))
        .current_dir(dir.path())
        .run();
    run.assert_json_error(2, "usage_error");
    assert!(
        run.stderr.contains("TB_TOKEN") && run.stderr.contains("--token"),
        "{}",
        run.stderr
    );
    // A .tinyb without a token says so.
    write_tinyb(dir.path(), &format!(r#"{{"id": "{WS}"}}"#));
    let run = tb(jwt_args("")).current_dir(dir.path()).run();
    run.assert_json_error(2, "usage_error");
    assert!(run.stderr.contains("has none"), "{}", run.stderr);
}

#[test]
fn no_workspace_id() {
    // A JWT always has one (the admin token's owner, at worst: key_sources.rs); a generated static
    // token needs --workspace-id or a .tinyb id.
    let dir = tempfile::tempdir().unwrap();
    let args = "token create static t --scope TOKENS --secret abcd --output json";
    let run = tb(argv(args)).current_dir(dir.path()).run();
    run.assert_json_error(2, "usage_error");
    assert!(run.stderr.contains("--workspace-id"), "{}", run.stderr);
    write_tinyb(dir.path(), &format!(r#"{{"token": "{ADMIN}"}}"#));
    let run = tb(argv(args)).current_dir(dir.path()).run();
    run.assert_json_error(2, "usage_error");
    assert!(run.stderr.contains(r#"has no \"id\""#), "{}", run.stderr);
}

#[test]
fn empty_tb_token_counts_as_unset() {
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(dir.path(), &tinyb_fields());
    let run = tb(jwt_args(""))
        .current_dir(dir.path())
        .env("TB_TOKEN", "")
        .run();
    assert_eq!(workspace_of(&run), WS);
}

#[test]
fn a_broken_tinyb_is_reported_without_its_content() {
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(dir.path(), r#"{"token": "p.secret-value", "#);
    let run = tb(jwt_args("")).current_dir(dir.path()).run();
    run.assert_json_error(1, "io_error");
    assert!(!run.stderr.contains("secret-value"), "{}", run.stderr);
    write_tinyb(dir.path(), r#"{"token": 42}"#);
    let run = tb(jwt_args("")).current_dir(dir.path()).run();
    run.assert_json_error(1, "io_error");
}

#[test]
fn cwd_must_be_a_directory() {
    let run = tb(["--cwd", "/definitely/not/here", "token", "ls"]).run();
    run.assert_error(2, "usage_error");
}

//! The key's sources and what they probably hold (issue 11, item 4): --token, then
//! $TINYBIRD_ADMIN_TOKEN, then as warned last resorts $TB_TOKEN and the .tinyb `token`; the workspace
//! id from --workspace-id, the .tinyb `id` or the key's owner, refused when they disagree. No message
//! ever shows the key.

mod common;

use common::*;
use tinybird_tokens::{generate_static_token, Json, OwnerKind, StaticToken};

/// A Local-style admin token (secret abcd) owned by `owner`.
fn admin_token_of(owner: &str) -> String {
    let token = StaticToken {
        owner_kind: OwnerKind::User,
        owner_id: owner.to_owned(),
        token_id: "99999999-8888-4777-8666-555555555555".to_owned(),
        region: None,
    };
    generate_static_token(&token, b"abcd").unwrap()
}

/// `token create jwt` with a fixed scope (a pipe of the example project, which checks it) and
/// expiry, then `extra`.
fn jwt(extra: &str) -> Vec<String> {
    argv(&format!(
        "token create jwt x --expires-at 2000000000 --scope PIPES:READ --resource top_pages --now {NOW} {extra}"
    ))
}

fn workspace_of(run: &Run) -> String {
    let json = run.ok().json();
    str_field(json.get("claims").unwrap(), "workspace_id").to_owned()
}

/// The parts every last-resort warning has: what the key probably is, why it matters, where the
/// right one is.
fn assert_last_resort_warning(stderr: &str) {
    for part in [
        "warning:",
        "\"Admin <email>\"",
        "tb login",
        "Workspace admin token",
        "403",
        "Tokens → \"Workspace admin token\"",
        "tb token copy \"Workspace admin token\"",
        "workspace_admin_token",
        "TINYBIRD_ADMIN_TOKEN",
    ] {
        assert!(stderr.contains(part), "missing {part:?} in {stderr}");
    }
}

#[test]
fn tinybird_admin_token_comes_before_the_last_resorts_and_is_not_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let other = admin_token_of("other-ws");
    write_tinyb(dir.path(), &format!(r#"{{"token": "{other}"}}"#));
    let run = tb(jwt(""))
        .current_dir(dir.path())
        .env("TINYBIRD_ADMIN_TOKEN", ADMIN)
        .env("TB_TOKEN", &other)
        .run();
    assert_eq!(run.ok().stdout.matches('.').count(), 2, "a JWT");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let run = tb(jwt("--output json"))
        .current_dir(dir.path())
        .env("TINYBIRD_ADMIN_TOKEN", ADMIN)
        .env("TB_TOKEN", &other)
        .run();
    assert_eq!(workspace_of(&run), WS);
    // --token still comes first.
    let mut args = vec!["--token".to_owned(), other.clone()];
    args.extend(jwt("--output json"));
    let run = tb(args)
        .current_dir(dir.path())
        .env("TINYBIRD_ADMIN_TOKEN", ADMIN)
        .run();
    assert_eq!(workspace_of(&run), "other-ws");
}

#[test]
fn tb_token_and_tinyb_are_last_resorts_with_a_warning_that_never_shows_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let run = tb(jwt(""))
        .current_dir(dir.path())
        .env("TB_TOKEN", ADMIN)
        .run();
    run.ok();
    assert_last_resort_warning(&run.stderr);
    assert!(run.stderr.contains("$TB_TOKEN"), "{}", run.stderr);
    assert!(!run.stderr.contains(ADMIN), "{}", run.stderr);

    write_tinyb(
        dir.path(),
        &format!(r#"{{"id": "{WS}", "token": "{ADMIN}"}}"#),
    );
    let run = tb(jwt("")).current_dir(dir.path()).run();
    run.ok();
    assert_last_resort_warning(&run.stderr);
    assert!(run.stderr.contains(".tinyb"), "{}", run.stderr);
    assert!(!run.stderr.contains(ADMIN), "{}", run.stderr);
    // JSON mode keeps stderr for the error object: the source and the warning are in the output.
    let run = tb(jwt("--output json")).current_dir(dir.path()).run();
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let json = run.json();
    assert_eq!(str_field(&json, "key_source"), ".tinyb");
    let Some(Json::Array(warnings)) = json.get("warnings") else {
        panic!("no warnings in {json}")
    };
    assert_last_resort_warning(warnings[0].as_str().unwrap());
    assert!(!run
        .stdout
        .replace(str_field(&json, "token"), "")
        .contains(ADMIN));
    // A first-choice key has no warning in JSON either.
    let run = tb(jwt(&format!("--output json --token {ADMIN}")))
        .current_dir(dir.path())
        .run();
    let json = run.ok().json();
    assert_eq!(str_field(&json, "key_source"), "--token");
    assert!(json.get("warnings").is_none(), "{json}");
}

#[test]
fn verify_with_a_last_resort_key_warns_and_names_the_source() {
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(
        dir.path(),
        &format!(r#"{{"id": "{WS}", "token": "{ADMIN}"}}"#),
    );
    let token = tb(jwt(""))
        .current_dir(dir.path())
        .run()
        .ok()
        .stdout
        .trim()
        .to_owned();
    let run = tb(argv(&format!("token verify {token} --now {NOW}")))
        .current_dir(dir.path())
        .run();
    run.ok();
    assert_last_resort_warning(&run.stderr);
    assert!(run.stdout.contains(".tinyb)"), "{}", run.stdout);
    let run = tb(argv(&format!(
        "token verify {token} --now {NOW} --output json"
    )))
    .current_dir(dir.path())
    .run();
    assert_eq!(str_field(&run.ok().json(), "key_source"), ".tinyb");
}

#[test]
fn the_workspace_id_falls_back_to_the_keys_owner() {
    // --token and no .tinyb: the key's own workspace.
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["--token".to_owned(), ADMIN.to_owned()];
    args.extend(jwt("--output json"));
    assert_eq!(workspace_of(&tb(args).current_dir(dir.path()).run()), WS);
    // A .tinyb with a token and no id: the same.
    write_tinyb(dir.path(), &format!(r#"{{"token": "{ADMIN}"}}"#));
    assert_eq!(
        workspace_of(&tb(jwt("--output json")).current_dir(dir.path()).run()),
        WS
    );
}

#[test]
fn disagreeing_sources_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    // --workspace-id against the key's owner.
    let mut args = vec!["--token".to_owned(), ADMIN.to_owned()];
    args.extend(jwt("--workspace-id ws-b"));
    let run = tb(args).current_dir(dir.path()).run();
    run.assert_error(2, "workspace_mismatch");
    for part in ["--workspace-id", "ws-b", "--token", WS] {
        assert!(
            run.stderr.contains(part),
            "missing {part:?}: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(ADMIN), "{}", run.stderr);

    // --token for workspace A inside a project whose .tinyb names workspace B (audit §4 #2).
    write_tinyb(dir.path(), &format!(r#"{{"id": "{EXAMPLE_WS}"}}"#));
    let mut args = vec!["--token".to_owned(), ADMIN.to_owned()];
    args.extend(jwt("--output json"));
    let run = tb(args).current_dir(dir.path()).run();
    run.assert_json_error(2, "workspace_mismatch");
    for part in [".tinyb", EXAMPLE_WS, WS] {
        assert!(
            run.stderr.contains(part),
            "missing {part:?}: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(ADMIN), "{}", run.stderr);

    // The .tinyb's own token owned by someone else than its id: probably the user's own token.
    let user_token = admin_token_of("some-user-id");
    write_tinyb(
        dir.path(),
        &format!(r#"{{"id": "{EXAMPLE_WS}", "token": "{user_token}"}}"#),
    );
    let run = tb(jwt("")).current_dir(dir.path()).run();
    run.assert_error(2, "workspace_mismatch");
    assert!(
        run.stderr.contains("some-user-id") && run.stderr.contains("probably your personal"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&user_token), "{}", run.stderr);
}

#[test]
fn a_p_key_that_does_not_decode_is_told_so() {
    // Audit §3 #5: `p.wrongkey` does start with "p.".
    let dir = tempfile::tempdir().unwrap();
    for key in ["p.wrongkey", "p.bm90LWpzb24.c2ln"] {
        let mut args = vec!["--token".to_owned(), key.to_owned()];
        args.extend(jwt(&format!("--workspace-id {WS}")));
        let run = tb(args).current_dir(dir.path()).run();
        run.assert_error(1, "invalid_signing_key");
        assert!(
            run.stderr.contains("does not decode as a static token")
                && !run.stderr.contains("starting with \"p.\"")
                && !run.stderr.contains(key),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn help_documents_the_order() {
    let run = tb(["--help"]).run();
    let help = run.ok().stdout.as_str();
    let order = [
        "--token",
        "$TINYBIRD_ADMIN_TOKEN",
        "last resorts",
        "$TB_TOKEN",
        ".tinyb",
    ];
    let after_help = &help[help
        .find("The signing key is the Workspace admin token")
        .expect(help)..];
    let mut at = 0;
    for part in order {
        let found = after_help[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} after {at} in {after_help}"));
        at += found;
    }
}

#[test]
fn the_example_projects_env_holds_its_workspace_admin_token() {
    let env = std::fs::read_to_string(example().join(".env")).unwrap();
    let key = env
        .lines()
        .find_map(|l| l.strip_prefix("TINYBIRD_ADMIN_TOKEN="))
        .expect("TINYBIRD_ADMIN_TOKEN= line");
    let decoded = tinybird_tokens::verify_static_token(key, b"abcd").unwrap();
    assert_eq!(decoded.owner_id, EXAMPLE_WS);
    assert_eq!(decoded.region, None);
    // Signing with it in the example project: no warning, the project's workspace.
    let run = tb(jwt("--output json"))
        .current_dir(&example())
        .env("TINYBIRD_ADMIN_TOKEN", key)
        .run();
    assert_eq!(workspace_of(&run), EXAMPLE_WS);
    assert_eq!(run.stderr, "");
    let json = run.json();
    let token = str_field(&json, "token");
    // ...and verifying with it there names it as the source.
    let run = tb(argv(&format!(
        "token verify {token} --now {NOW} --output json"
    )))
    .current_dir(&example())
    .env("TINYBIRD_ADMIN_TOKEN", key)
    .run();
    assert_eq!(
        str_field(&run.ok().json(), "key_source"),
        "TINYBIRD_ADMIN_TOKEN"
    );
}

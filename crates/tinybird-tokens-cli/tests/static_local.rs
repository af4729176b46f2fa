//! `token create static` (scopes, the request tb would send, token generation) and
//! `local generate-tokens`.

mod common;

use common::*;
use tinybird_tokens::{verify_static_token, Json, LOCAL_SECRET};

/// Anchors V11: owner WS, token id TID, host null, secret abcd.
const V11: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6IG51bGx9.76LCwlURDDLDKt-NgEiIdRF_nuaOTSquFlk7v1GojHE";
const TID: &str = "66666666-7777-8888-9999-000000000000";

#[test]
fn canonical_scopes_and_an_encoded_request() {
    let dir = tempfile::tempdir().unwrap();
    let run = tb(argv(concat!(
        r#"token create static "my static" --scope DATASOURCES:READ --resource ds --filter "a > 1""#,
        " --scope PIPES:READ --resource p --classic --output json",
    )))
    .current_dir(dir.path())
    .run();
    let json = run.ok().json();
    assert_eq!(
        json.to_compact_string(),
        r#"{"name":"my static","mode":"classic","scopes":["DATASOURCES:READ:ds:a > 1","PIPES:READ:p"],"request":"POST /v0/tokens?name=my+static&origin=C&scope=DATASOURCES%3AREAD%3Ads%3Aa+%3E+1&scope=PIPES%3AREAD%3Ap","token":null}"#
    );
    let run = tb(argv(
        "token create static ops --scope TOKENS --scope PIPES:READ:top_pages",
    ))
    .current_dir(dir.path())
    .run();
    assert_eq!(
        run.ok().stdout,
        "Scopes (forward):\n  TOKENS\n  PIPES:READ:top_pages\nRequest:\n  POST /v0/tokens?name=ops&origin=C&scope=TOKENS&scope=PIPES%3AREAD%3Atop_pages\n"
    );
}

#[test]
fn scope_errors_are_the_cores() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"--scope DATASOURCES:READ --resource ds --filter "a > 1""#,
            "filter_not_supported",
        ),
        (
            "--scope DATASOURCES:DROP --resource ds",
            "scope_not_allowed",
        ),
        ("--scope tokens", "invalid_scope"),
        ("--scope TOKENS --resource x", "unexpected_resource"),
        ("--scope DATASOURCES:APPEND", "missing_resource"),
        ("--scope ADMIN_USER", "scope_not_allowed"),
        (
            r#"--scope DATASOURCES:READ --filter "a = 1""#,
            "missing_resource",
        ),
        (
            r#"--classic --scope DATASOURCES:APPEND --resource ds --filter "a = 1""#,
            "filter_not_supported",
        ),
    ];
    for (rest, code) in cases {
        tb(argv(&format!("token create static t {rest}")))
            .current_dir(dir.path())
            .run()
            .assert_error(1, code);
    }
    for rest in [
        "--resource ds --scope DATASOURCES:READ",
        "--scope DATASOURCES:READ --resource a --resource b",
        "--scope DATASOURCES:READ:events --resource b",
        "--scope PIPES:READ --resource p --fixed-params a=1",
        "",
    ] {
        let run = tb(argv(&format!("token create static t {rest}")))
            .current_dir(dir.path())
            .run();
        assert_eq!(run.code, 2, "{rest:?}: {}", run.stderr);
    }
}

#[test]
fn generates_a_token_with_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let owner = format!("--secret abcd --workspace-id {WS} --token-id {TID}");
    let run = tb(argv(&format!(
        "token create static t --scope TOKENS {owner} --output json"
    )))
    .current_dir(dir.path())
    .run();
    assert_eq!(str_field(&run.ok().json(), "token"), V11);
    // With a region.
    let run = tb(argv(&format!(
        "token create static t --scope TOKENS {owner} --region gcp-europe-west2 --output json"
    )))
    .current_dir(dir.path())
    .run();
    assert_eq!(str_field(&run.ok().json(), "token"), ADMIN);
    // A secret but no owner.
    tb(argv("token create static t --scope TOKENS --secret abcd"))
        .current_dir(dir.path())
        .run()
        .assert_error(2, "usage_error");
}

#[test]
fn a_local_project_signs_with_locals_secret() {
    let run = tb(argv("token create static ops --scope TOKENS --output json"))
        .current_dir(&example())
        .run();
    let token = str_field(&run.ok().json(), "token").to_owned();
    let decoded = verify_static_token(&token, LOCAL_SECRET.as_bytes()).unwrap();
    assert_eq!(decoded.owner_id, EXAMPLE_WS);
    assert_eq!(decoded.region, None);
    assert_eq!(decoded.token_id.len(), 36, "a fresh uuid4");
    // A cloud project does not.
    let dir = tempfile::tempdir().unwrap();
    write_tinyb(
        dir.path(),
        &format!(r#"{{"host": "https://api.tinybird.co", "id": "{WS}", "token": "{ADMIN}"}}"#),
    );
    let run = tb(argv("token create static ops --scope TOKENS --output json"))
        .current_dir(dir.path())
        .run();
    assert_eq!(run.ok().json().get("token"), Some(&Json::Null));
}

#[test]
fn the_example_tinyb_is_what_tb_local_writes() {
    let text = std::fs::read_to_string(example().join(".tinyb")).unwrap();
    let json = Json::parse(&text).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["host", "id", "name", "token"], "sorted keys");
    assert!(
        text.starts_with("{\n    \"host\": \"http://localhost:7181\",\n"),
        "indent 4"
    );
    let token = verify_static_token(str_field(&json, "token"), LOCAL_SECRET.as_bytes()).unwrap();
    assert_eq!(token.owner_id, str_field(&json, "id"));
}

#[test]
fn local_generate_tokens() {
    let run = tb(["local", "generate-tokens"]).run();
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    let ws = lines[0].strip_prefix("Workspace token: ").unwrap();
    let user = lines[1].strip_prefix("User token: ").unwrap();
    for token in [ws, user] {
        assert_eq!(
            verify_static_token(token, LOCAL_SECRET.as_bytes())
                .unwrap()
                .region,
            None
        );
    }
    let json = tb(["local", "generate-tokens", "--output", "json"])
        .run()
        .ok()
        .json();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["workspace_token", "user_token"]);
    assert_ne!(str_field(&json, "workspace_token"), ws, "fresh every time");
}

#[test]
fn a_static_token_signed_offline_says_tinybird_never_registered_it() {
    // Audit §4 "wrong results" 6: the printed token is not one Tinybird knows.
    let run = tb(argv(
        "token create static my_static --scope PIPES:READ:top_pages",
    ))
    .current_dir(&example())
    .run();
    run.ok();
    assert!(run.stdout.contains("Token:\n  p.eyJ"), "{}", run.stdout);
    assert!(
        run.stdout.contains("never registered") && run.stdout.contains("not authenticate"),
        "{}",
        run.stdout
    );
}

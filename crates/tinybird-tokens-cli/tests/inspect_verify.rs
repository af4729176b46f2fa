//! `token inspect`, `token verify` and `token scopes`: reports, exit statuses, stdin, rotation.

mod common;

use common::*;
use tinybird_tokens::{inspect_token, sign_jwt, Json, SigningKey};

/// V16 (anchors §7): two scopes, a filter, limits; exp 2000000000.
const V16: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoiZnJvbnRlbmRfand0IiwiZXhwIjoyMDAwMDAwMDAwLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJyZXF1ZXN0c19wZXJfZGF5IiwiZml4ZWRfcGFyYW1zIjp7Im9yZ19pZCI6InRlc3RpbmcifX0seyJ0eXBlIjoiREFUQVNPVVJDRVM6UkVBRCIsInJlc291cmNlIjoiZXZlbnRzIiwiZmlsdGVyIjoib3JnX2lkID0gJ3Rlc3RpbmcnIn1dLCJsaW1pdHMiOnsicnBzIjoxMH19.TbGbuvYCx-KhOA-JkXXPW93l1AGSWzFapplMFHRRFJc";
const EXP: i64 = 2_000_000_000;

#[test]
fn inspect_human_report() {
    let run = tb(["token", "inspect", V16, "--now", &(EXP - 3599).to_string()]).run();
    run.ok();
    for line in [
        "Kind        JWT\n",
        "Name        frontend_jwt\n",
        "Workspace   11111111-2222-3333-4444-555555555555\n",
        "Expires     2033-05-18T03:33:20Z (expires in 59 min)\n",
        "Rate limit  10 requests per second\n",
        "Scopes      can read pipe requests_per_day with org_id fixed to testing\n",
        "            can read data source events where org_id = 'testing'\n",
        "\"fixed_params\": {",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    assert!(
        run.stderr.contains("not checked"),
        "inspect says it did not verify"
    );
}

#[test]
fn inspect_expired_lists_the_problem_and_exits_1() {
    let run = tb(argv(&format!(
        "token inspect {V16} --now {}",
        EXP + 3 * 86_400 + 7
    )))
    .run();
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("(expired 3 days ago)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Problems    token_expired (payload)"),
        "{}",
        run.stdout
    );
}

#[test]
fn inspect_json_is_the_cores_report() {
    for now in [EXP - 10, EXP + 10] {
        let run = tb(argv(&format!(
            "token inspect {V16} --output json --now {now}"
        )))
        .run();
        assert_eq!(run.code, if now < EXP { 0 } else { 1 });
        assert_eq!(run.json(), report_json(V16, now));
    }
}

#[test]
fn inspect_static_and_garbage() {
    let run = tb(["token", "inspect", ADMIN]).run();
    run.ok();
    assert!(
        run.stdout.contains("Kind        static token\n"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("Owner       11111111-2222-3333-4444-555555555555 (workspace or user)"));
    assert!(run.stdout.contains("Region      gcp-europe-west2\n"));
    assert!(run
        .stdout
        .contains("API host    https://api.europe-west2.gcp.tinybird.co\n"));
    let run = tb(["token", "inspect", "not-a-token", "--output", "json"]).run();
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!(str_field(&json, "kind"), "unknown");
    let Some(Json::Array(problems)) = json.get("problems") else {
        panic!("no problems list: {json}")
    };
    assert_eq!(str_field(&problems[0], "code"), "malformed_token");
}

#[test]
fn tokens_from_stdin() {
    let now = (EXP - 60).to_string();
    for (args, input) in [
        (vec!["token", "inspect", "-"], format!("{V16}\n")),
        (vec!["token", "inspect"], format!("{V16}\r\n")),
        (vec!["token", "inspect"], V16.to_owned()),
    ] {
        let mut args = args.clone();
        args.extend(["--now", &now]);
        let run = tb(args).stdin(&input).run();
        run.ok();
        assert!(run.stdout.contains("Name        frontend_jwt"));
    }
    // Only the line ending is removed: a stray space is the token's problem, reported.
    let run = tb(["token", "inspect", "--now", &now])
        .stdin(&format!("{V16} \n"))
        .run();
    assert_eq!(run.code, 1);
    // Nothing at all on stdin is a usage error.
    tb(["token", "inspect"])
        .run()
        .assert_error(2, "usage_error");
}

#[test]
fn verify_valid_with_rotation() {
    let now = (EXP - 60).to_string();
    let run = tb(argv(&format!(
        "--token the-old-admin-token --token {ADMIN} token verify {V16} --now {now} --output json"
    )))
    .run();
    let json = run.ok().json();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "valid",
            "key_index",
            "key_source",
            "exp",
            "expires_at",
            "header",
            "claims"
        ]
    );
    assert_eq!(json.get("key_index"), Some(&Json::Int(1)));
    assert_eq!(str_field(&json, "key_source"), "--token");
    assert_eq!(json.get("exp"), Some(&Json::Int(EXP)));
    assert_eq!(json.get("claims"), inspect_token(V16, 0).claims.as_ref());

    let run = tb(["--token", ADMIN, "token", "verify", V16, "--now", &now]).run();
    run.ok();
    assert!(
        run.stdout
            .starts_with("Valid       signature matches key 0 (--token #1)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Expires     2033-05-18T03:33:20Z (expires in 1 min)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\"name\": \"frontend_jwt\""));
}

#[test]
fn verify_rejections() {
    let at = |now: i64| now.to_string();
    // Expired, then accepted with leeway.
    tb(["--token", ADMIN, "token", "verify", V16, "--now", &at(EXP)])
        .run()
        .assert_error(1, "token_expired");
    tb(argv(&format!(
        "--token {ADMIN} token verify {V16} --now {} --leeway 10",
        EXP + 5
    )))
    .run()
    .ok();
    // Wrong key: the message says which keys were tried, never their value.
    let run = tb(argv(&format!(
        "--token wrong-key-value token verify {V16} --now {}",
        EXP - 1
    )))
    .run();
    run.assert_error(1, "invalid_signature");
    assert!(
        run.stderr.contains("--token") && !run.stderr.contains("wrong-key-value"),
        "{}",
        run.stderr
    );
    // A tampered payload, a static token without --secret, garbage, an empty key.
    let tampered = V16.replacen(".eyJ3", ".eyJ4", 1);
    tb(argv(&format!(
        "--token {ADMIN} token verify {tampered} --now {}",
        EXP - 1
    )))
    .run()
    .assert_error(1, "invalid_signature");
    // A static token needs --secret (see messages.rs), not a JWT key: a usage error.
    tb(["--token", ADMIN, "token", "verify", ADMIN])
        .run()
        .assert_error(2, "usage_error");
    tb(["--token", ADMIN, "token", "verify", "a.b"])
        .run()
        .assert_error(1, "malformed_token");
    tb(["--token", "", "token", "verify", V16])
        .run()
        .assert_error(1, "invalid_signing_key");
    tb(argv(&format!(
        "--token {ADMIN} token verify {V16} --now {EXP} --output json"
    )))
    .run()
    .assert_json_error(1, "token_expired");
}

#[test]
fn verify_with_the_example_project_key() {
    let created = tb(argv(
        "token create jwt app --ttl 10m --scope PIPES:READ --resource top_pages",
    ))
    .current_dir(&example())
    .run();
    let jwt = created.ok().stdout.trim_end().to_owned();
    let run = tb([
        "--cwd",
        &example().display().to_string(),
        "token",
        "verify",
        &jwt,
        "--output",
        "json",
    ])
    .run();
    assert_eq!(str_field(&run.ok().json(), "key_source"), ".tinyb");
    // Outside the project there is no key.
    let dir = tempfile::tempdir().unwrap();
    tb(["token", "verify", &jwt])
        .current_dir(dir.path())
        .run()
        .assert_error(2, "usage_error");
}

#[test]
fn scopes_table_and_json() {
    let run = tb(["token", "scopes", V16]).run();
    run.ok();
    assert_eq!(
        run.stdout,
        "TYPE              RESOURCE          FIXED PARAMS / FILTER\n\
         PIPES:READ        requests_per_day  org_id=testing\n\
         DATASOURCES:READ  events            org_id = 'testing'\n"
    );
    let run = tb(["token", "scopes", "-", "--output", "json"])
        .stdin(V16)
        .run();
    let json = run.ok().json();
    assert_eq!(json.get("scopes"), report_json(V16, 0).get("scopes"));
    tb(["token", "scopes", ADMIN])
        .run()
        .assert_error(2, "usage_error");
    tb(["token", "scopes", "x.y.z"])
        .run()
        .assert_error(1, "malformed_token");
}

/// Fixed params on DATASOURCES:READ and a filter on PIPES:READ: Tinybird ignores them, so `token
/// scopes` marks them and warns; `rps: 0` is no rate limit, not a problem.
#[test]
fn scopes_mark_what_tinybird_ignores() {
    let claims = Json::parse(
        r#"{"workspace_id":"w","name":"n","exp":2000000000,"scopes":[
            {"type":"DATASOURCES:READ","resource":"events","fixed_params":{"org_id":"acme"}},
            {"type":"PIPES:READ","resource":"top","filter":"org_id = 'acme'"}],"limits":{"rps":0}}"#,
    )
    .unwrap();
    let token = sign_jwt(&claims, &SigningKey::from_admin_token(ADMIN).unwrap()).unwrap();
    let run = tb(["token", "scopes", &token]).run();
    run.ok();
    assert_eq!(
        run.stdout,
        "TYPE              RESOURCE  FIXED PARAMS / FILTER\n\
         DATASOURCES:READ  events    org_id=acme (IGNORED by Tinybird: fixed params apply to PIPES:READ only)\n\
         PIPES:READ        top       org_id = 'acme' (IGNORED by Tinybird: filters apply to DATASOURCES:READ only)\n"
    );
    assert!(
        run.stderr
            .contains("warning[invalid_fixed_params]: Tinybird ignores fixed params")
            && run
                .stderr
                .contains("warning[filter_not_supported]: Tinybird ignores an SQL filter"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("invalid_limits"), "{}", run.stderr);
    let run = tb(["token", "inspect", &token, "--now", "0"]).run();
    assert!(
        run.stdout
            .contains("Rate limit  none (rps 0: Tinybird reads 0 or less as no limit)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "Scopes      can read data source events; Tinybird ignores its fixed params (org_id fixed to acme): they apply to PIPES:READ only\n"
        ),
        "{}",
        run.stdout
    );
    // Verification accepts the token, as Tinybird does.
    tb(["--token", ADMIN, "token", "verify", &token, "--now", "0"])
        .run()
        .ok();
}

/// The core's inspection report as the JSON model, the form `--output json` prints.
fn report_json(token: &str, now: i64) -> Json {
    Json::from_serialize(&inspect_token(token, now)).unwrap()
}

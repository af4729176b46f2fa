//! `create jwt`, `verify` and `inspect` read claims with one rule (audit §4 "wrong results" 3 and 4):
//! nothing is minted that `verify` would refuse, and `inspect` finds no problem where `verify` finds none.

mod common;

use common::*;

/// `tbtoken --token ADMIN --now NOW token create jwt big --workspace-id WS <rest>`.
fn create(rest: &str) -> Run {
    tb(argv(&format!(
        "--token {ADMIN} --now {NOW} token create jwt big --workspace-id {WS} {rest}"
    )))
    .run()
}

#[test]
fn create_refuses_a_token_that_verify_would_reject_for_its_size() {
    let long = "x".repeat(13_000);
    let run = create(&format!(
        "--ttl 1h --scope PIPES:READ --resource p --fixed-params k={long}"
    ));
    run.assert_error(1, "token_too_large");
    assert!(run.stdout.is_empty(), "nothing minted: {}", run.stdout);
    assert!(run.stderr.contains("16384"), "{}", run.stderr);
    // Just under the cap still mints, and verify accepts what was minted.
    let fits = create(&format!(
        "--ttl 1h --scope PIPES:READ --resource p --fixed-params k={}",
        "x".repeat(11_000)
    ));
    let token = fits.ok().stdout.trim().to_owned();
    tb(argv(&format!(
        "--token {ADMIN} --now {NOW} token verify {token}"
    )))
    .run()
    .ok();
}

#[test]
fn inspect_and_verify_agree_that_rps_zero_is_no_limit() {
    // Signed directly (not through `create jwt`, which refuses rps 0 and says to omit the limit).
    let claims = format!(
        r#"{{"workspace_id":"{WS}","name":"n","exp":{},"scopes":[{{"type":"PIPES:READ","resource":"p"}}],"limits":{{"rps":0}}}}"#,
        NOW.parse::<i64>().unwrap() + 3600
    );
    let token = tinybird_tokens::sign_jwt(
        &tinybird_tokens::Json::parse(&claims).unwrap(),
        &tinybird_tokens::SigningKey::from_secret(ADMIN.as_bytes()).unwrap(),
    )
    .unwrap();
    tb(argv(&format!(
        "--token {ADMIN} --now {NOW} token verify {token}"
    )))
    .run()
    .ok();
    let inspected = tb(argv(&format!("--now {NOW} token inspect {token}"))).run();
    inspected.ok();
    assert!(
        !inspected.stdout.contains("invalid_limits"),
        "{}",
        inspected.stdout
    );
}

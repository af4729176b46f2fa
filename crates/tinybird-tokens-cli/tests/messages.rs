//! The CLI's messages (issue 11, item 7; audit §3): each case is a command a user typed and the
//! message it should get. Every test here failed on `main` before this change.

mod common;

use common::*;
use tinybird_tokens::Json;

/// A JWT for workspace WS signed with ADMIN, `exp` = NOW + 3600 (2023-11-14T23:13:20Z).
fn a_jwt() -> String {
    let dir = tempfile::tempdir().unwrap();
    let run = tb(argv(&format!(
        "--token {ADMIN} --now {NOW} token create jwt app --ttl 1h --scope PIPES:READ --resource top_pages"
    )))
    .current_dir(dir.path())
    .run();
    run.ok().stdout.trim_end().to_owned()
}

/// `tbtoken --token ADMIN --now NOW <line>` in an empty directory.
fn run(line: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    tb(argv(&format!("--token {ADMIN} --now {NOW} {line}")))
        .current_dir(dir.path())
        .run()
}

/// The message of a JSON-mode error.
fn json_message(run: &Run) -> String {
    let json = Json::parse(run.stderr.trim_end()).unwrap();
    str_field(json.get("error").unwrap(), "message").to_owned()
}

#[test]
fn json_usage_errors_keep_clap_s_whole_text() {
    // Audit §3 #1: the names of the missing arguments were dropped.
    let run = run("--output json token create jwt x --scope PIPES:READ --resource p");
    run.assert_json_error(2, "usage_error");
    let message = json_message(&run);
    assert!(
        message.contains("required arguments were not provided") && message.contains("--ttl"),
        "{message}"
    );
    // ...and clap's tips.
    let run = run_in_json("token create jwt x --ttl 1h --scop PIPES:READ --resource p");
    assert!(
        json_message(&run).contains("a similar argument exists"),
        "{}",
        run.stderr
    );
    let run = run_in_json("token create jwt --ttl 1h --scope PIPES:READ --resource p");
    assert!(json_message(&run).contains("<NAME>"), "{}", run.stderr);
}

fn run_in_json(line: &str) -> Run {
    let run = run(&format!("--output json {line}"));
    run.assert_json_error(2, "usage_error");
    run
}

#[test]
fn scopes_of_a_project_token_by_name() {
    // Audit §3 #2: `billing` is a token the project's own `token ls` lists.
    let cwd = format!("--cwd {}", example().display());
    let run = tb(argv(&format!("{cwd} token scopes billing"))).run();
    assert_eq!(
        run.ok().stdout,
        "TYPE              RESOURCE   FIXED PARAMS / FILTER\nDATASOURCES:READ  orgs\nPIPES:READ        org_usage\n"
    );
    let run = tb(argv(&format!("{cwd} token scopes billing --output json"))).run();
    assert_eq!(
        run.ok().json().to_compact_string(),
        r#"{"name":"billing","source":"project","scopes":["DATASOURCES:READ:orgs","PIPES:READ:org_usage"]}"#
    );
    // From a subdirectory: the project is the directory of the nearest .tinyb.
    let sub = example().join("endpoints");
    tb(argv("token scopes billing"))
        .current_dir(&sub)
        .run()
        .ok();
    // Not a token of the project: what `scopes` takes, and where to look.
    let run = tb(argv(&format!("{cwd} token scopes bill"))).run();
    run.assert_error(2, "usage_error");
    assert!(
        run.stderr.contains("takes a JWT")
            && run.stderr.contains("tbtoken token ls --match \"bill\""),
        "{}",
        run.stderr
    );
}

#[test]
fn grouped_scopes_get_advice_about_the_first_scope() {
    // Audit §3 #3: tb-style grouping.
    let r = run("token create jwt x --ttl 1h --scope PIPES:READ --scope PIPES:READ --resource a --resource b");
    r.assert_error(2, "usage_error");
    assert!(
        r.stderr
            .contains("--scope #1 (PIPES:READ) has no --resource right after it")
            && !r.stderr.contains("repeat --scope for each resource"),
        "{}",
        r.stderr
    );
    // A scope that takes no resource is not blamed.
    let r =
        run("token create static t --scope TOKENS --scope PIPES:READ --resource a --resource b");
    assert!(
        r.stderr.contains("repeat --scope for each resource"),
        "{}",
        r.stderr
    );
}

#[test]
fn negative_values_reach_our_own_checks() {
    // Audit §3 #4: clap took `-1` for an option and suggested `-- -1`.
    let scope = "--scope PIPES:READ --resource p";
    for (line, code) in [
        (
            format!("token create jwt x --ttl -1h {scope}"),
            "invalid_ttl",
        ),
        (
            format!("token create jwt x --ttl 1h --limit-rps -1 {scope}"),
            "invalid_limits",
        ),
        (
            format!("token create jwt x --expires-at -1 {scope}"),
            "invalid_claims",
        ),
        (
            format!("token verify --leeway -5 {}", a_jwt()),
            "invalid_argument",
        ),
    ] {
        let r = run(&line);
        r.assert_error(1, code);
        assert!(!r.stderr.contains("-- -1"), "{line}: {}", r.stderr);
    }
    // A forgotten --ttl value is still clap's error, not a TTL of "--scope".
    let r = run(&format!("token create jwt x --ttl {scope}"));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a value is required for '--ttl <TTL>'"),
        "{}",
        r.stderr
    );
}

#[test]
fn static_tokens_are_verified_with_a_secret() {
    // Audit §3 #6: inspect pointed to verify, and verify said malformed_token.
    let dir = tempfile::tempdir().unwrap();
    let v11 = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6IG51bGx9.76LCwlURDDLDKt-NgEiIdRF_nuaOTSquFlk7v1GojHE";
    let verify = |extra: &str| {
        tb(argv(&format!("token verify {v11} {extra}")))
            .current_dir(dir.path())
            .run()
    };
    let r = verify("--secret abcd");
    assert!(r.ok().stdout.starts_with("Valid       static token signature matches --secret\nOwner       11111111-2222-3333-4444-555555555555\n"), "{}", r.stdout);
    let json = verify("--secret abcd --output json").ok().json();
    assert_eq!(str_field(&json, "kind"), "static");
    assert_eq!(str_field(json.get("token").unwrap(), "owner_id"), WS);
    verify("--secret wrong").assert_error(1, "invalid_signature");
    let r = verify("");
    r.assert_error(2, "usage_error");
    assert!(
        r.stderr.contains("only Tinybird can verify it") && r.stderr.contains("--secret"),
        "{}",
        r.stderr
    );
    // In a Tinybird Local project, Local's secret is the default.
    tb(argv(&format!("token verify {v11}")))
        .current_dir(&example())
        .run()
        .ok();
    // inspect points to the command that can check it.
    let r = tb(argv(&format!("token inspect {v11}")))
        .current_dir(dir.path())
        .run();
    assert!(
        r.ok().stderr.contains("token verify TOKEN --secret SECRET"),
        "{}",
        r.stderr
    );
}

#[test]
fn dates_for_people_numbers_for_json() {
    // Audit §3 #9: `expired at 1700000000 (now is 1796189313)`.
    let jwt = a_jwt();
    let r = tb(argv(&format!(
        "--token {ADMIN} --now 1796189313 token verify {jwt}"
    )))
    .run();
    r.assert_error(1, "token_expired");
    assert!(
        r.stderr
            .contains("expired at 2023-11-14T23:13:20Z (3 years ago)")
            && !r.stderr.contains("1700003600"),
        "{}",
        r.stderr
    );
    // A float `exp` (Python's `time.time() + ttl`) is read as verification reads it, truncated.
    let float_exp = tinybird_tokens::sign_jwt(
        &tinybird_tokens::Json::parse(r#"{"exp":1700003600.75}"#).unwrap(),
        &tinybird_tokens::SigningKey::from_bytes(ADMIN.as_bytes()).unwrap(),
    )
    .unwrap();
    let r = tb(argv(&format!(
        "--token {ADMIN} --now 1796189313 token verify {float_exp}"
    )))
    .run();
    r.assert_error(1, "token_expired");
    assert!(
        r.stderr
            .contains("expired at 2023-11-14T23:13:20Z (3 years ago)"),
        "{}",
        r.stderr
    );
    let r = tb(argv(&format!(
        "--token {ADMIN} --now 1796189313 --output json token verify {jwt}"
    )))
    .run();
    r.assert_json_error(1, "token_expired");
    assert!(json_message(&r).contains("1700003600"), "{}", r.stderr);
    // A past --expires-at.
    let r = run("token create jwt x --expires-at 2023-01-01 --scope PIPES:READ --resource p");
    r.assert_error(1, "invalid_claims");
    assert!(
        r.stderr.contains("2023-01-01T00:00:00Z (") && r.stderr.contains("ago)"),
        "{}",
        r.stderr
    );
}

#[test]
fn did_you_mean_for_scopes() {
    // Audit §3 #10.
    for (line, hint) in [
        (
            "token create static t --scope tokens",
            "Did you mean --scope TOKENS?",
        ),
        (
            "token create static t --scope datasources:read:events",
            "Did you mean --scope DATASOURCES:READ:events?",
        ),
        (
            "token create jwt x --ttl 1h --scope pipes:read --resource p",
            "Did you mean --scope PIPES:READ?",
        ),
        (
            "token create jwt x --ttl 1h --scope DATASOURCE:READ --resource p",
            "Did you mean --scope DATASOURCES:READ?",
        ),
    ] {
        let r = run(line);
        r.assert_error(1, "invalid_scope");
        assert!(r.stderr.contains(hint), "{line}: {}", r.stderr);
    }
    // Nothing close, no guess.
    let r = run("token create static t --scope nonsense");
    assert!(!r.stderr.contains("Did you mean"), "{}", r.stderr);
}

#[test]
fn a_whole_scope_in_create_jwt() {
    let r = run("token create jwt x --ttl 1h --scope PIPES:READ:top_pages --fixed-params org_id=acme --output json");
    assert_eq!(
        r.ok()
            .json()
            .get("claims")
            .unwrap()
            .get("scopes")
            .unwrap()
            .to_compact_string(),
        r#"[{"type":"PIPES:READ","resource":"top_pages","fixed_params":{"org_id":"acme"}}]"#
    );
    let r = run("token create jwt x --ttl 1h --scope DATASOURCES:READ:events --output json");
    assert_eq!(
        r.ok()
            .json()
            .get("claims")
            .unwrap()
            .get("scopes")
            .unwrap()
            .to_compact_string(),
        r#"[{"type":"DATASOURCES:READ","resource":"events"}]"#
    );
    let r = run("token create jwt x --ttl 1h --scope PIPES:READ:top_pages --resource other");
    r.assert_error(2, "usage_error");
    assert!(
        r.stderr.contains("already includes its resource"),
        "{}",
        r.stderr
    );
}

#[test]
fn expires_at_takes_iso_dates() {
    for (when, exp) in [
        ("2030-01-01", 1_893_456_000),
        ("2030-01-01T00:00:00Z", 1_893_456_000),
        ("2030-01-01T02:00:00+02:00", 1_893_456_000),
        ("1893456000", 1_893_456_000),
    ] {
        let r = run(&format!(
            "token create jwt x --expires-at {when} --scope PIPES:READ --resource p --output json"
        ));
        assert_eq!(r.ok().json().get("exp"), Some(&Json::Int(exp)), "{when}");
    }
    let r = run("token create jwt x --expires-at 2030-13-01 --scope PIPES:READ --resource p");
    r.assert_error(2, "usage_error");
    assert!(
        r.stderr.contains("Unix seconds") && r.stderr.contains("ISO 8601"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_bearer_prefix_is_dropped_with_a_note() {
    let jwt = a_jwt();
    let bearer = format!("Bearer {jwt}");
    for cmd in ["verify", "inspect", "scopes"] {
        let r = tb(["--token", ADMIN, "--now", NOW, "token", cmd, &bearer]).run();
        r.ok();
        assert!(
            r.stderr.contains("\"Bearer \" prefix"),
            "{cmd}: {}",
            r.stderr
        );
    }
    let r = tb(["--now", NOW, "token", "inspect", "-"])
        .stdin(&format!("bearer {jwt}\n"))
        .run();
    assert!(r.ok().stdout.contains("Kind        JWT"), "{}", r.stdout);
}

#[test]
fn limit_rps_zero_says_to_omit_it() {
    let r = run("token create jwt x --ttl 1h --limit-rps 0 --scope PIPES:READ --resource p");
    r.assert_error(1, "invalid_limits");
    assert!(
        r.stderr.contains("omit --limit-rps for no limit"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_trailing_comma_in_fixed_params() {
    let r =
        run(r#"token create jwt x --ttl 1h --scope PIPES:READ --resource p --fixed-params "a=1,""#);
    r.assert_error(1, "invalid_fixed_params");
    assert!(r.stderr.contains("trailing comma"), "{}", r.stderr);
}

#[test]
fn commands_that_need_the_api_name_the_tb_command() {
    for (line, to_run) in [
        (
            "token rm my_static_token --yes",
            "tb token rm my_static_token --yes",
        ),
        ("token copy dashboard", "tb token copy dashboard"),
        ("token refresh dashboard", "tb token refresh dashboard"),
        ("--cloud token ls", "tb --cloud"),
        ("--local token ls", "tb --local"),
        ("token ls --branch=dev", "tb --branch"),
    ] {
        let r = run(line);
        r.assert_error(2, "needs_api");
        assert!(
            r.stderr.contains(to_run) && !r.stderr.contains("similar"),
            "{line}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains(ADMIN));
        run(&format!("{line} --output json")).assert_json_error(2, "needs_api");
    }
    // A pasted token is not repeated.
    let r = run(&format!("token rm {ADMIN}"));
    assert!(r.stderr.contains("tb token rm TOKEN_NAME"), "{}", r.stderr);
}

#[test]
fn classic_only_scopes_name_the_flag() {
    let r = run("token create static t --scope DATASOURCES:DROP --resource x");
    r.assert_error(1, "scope_not_allowed");
    assert!(
        r.stderr.contains("--classic") && !r.stderr.contains("Classic mode"),
        "{}",
        r.stderr
    );
}

#[test]
fn options_tb_would_pair_with_another_scope_are_warned_about() {
    // Audit §4 "same command, different pipe": k=v follows the second scope; tb gives it to the first.
    let line = format!(
        "--token {ADMIN} --now {NOW} token create jwt x --workspace-id {WS} --ttl 1h --scope PIPES:READ --resource a --scope PIPES:READ --resource b --fixed-params k=v"
    );
    let run = tb(argv(&line)).run();
    run.ok();
    assert!(
        run.stderr
            .contains("--fixed-params #1 belongs here to --scope #2 (PIPES:READ)")
            && run
                .stderr
                .contains("would give it to --scope #1 (PIPES:READ)"),
        "{}",
        run.stderr
    );
    let run = tb(argv(&format!("{line} --output json"))).run();
    let json = run.ok().json();
    assert!(json.get("warnings").is_some(), "{json}");
    // Written in an order both rules read alike: no warning.
    let run = tb(argv(&format!(
        "--token {ADMIN} --now {NOW} token create jwt x --workspace-id {WS} --ttl 1h --scope PIPES:READ --resource a --fixed-params k=v --scope PIPES:READ --resource b"
    )))
    .run();
    run.ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

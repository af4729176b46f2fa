//! `tbtoken token create jwt`: bytes, JSON shape, scope grouping by position, and every usage error.

mod common;

use common::*;
use tinybird_tokens::Json;

const V15: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoiZnJvbnRlbmRfand0IiwiZXhwIjoyMDAwMDAwMDAwLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJyZXF1ZXN0c19wZXJfZGF5IiwiZml4ZWRfcGFyYW1zIjp7Im9yZ19pZCI6InRlc3RpbmcifX1dfQ.6jeHBjgLjH3qVpoeBRnTxOXTYm2o38BzAr3i2nXUdQc";
const V16: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoiZnJvbnRlbmRfand0IiwiZXhwIjoyMDAwMDAwMDAwLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJyZXF1ZXN0c19wZXJfZGF5IiwiZml4ZWRfcGFyYW1zIjp7Im9yZ19pZCI6InRlc3RpbmcifX0seyJ0eXBlIjoiREFUQVNPVVJDRVM6UkVBRCIsInJlc291cmNlIjoiZXZlbnRzIiwiZmlsdGVyIjoib3JnX2lkID0gJ3Rlc3RpbmcnIn1dLCJsaW1pdHMiOnsicnBzIjoxMH19.TbGbuvYCx-KhOA-JkXXPW93l1AGSWzFapplMFHRRFJc";

/// `tbtoken --token ADMIN --now NOW token create jwt frontend_jwt --workspace-id WS <rest>` (see `argv`).
fn create(rest: &str) -> Run {
    tb(argv(&format!(
        "--token {ADMIN} --now {NOW} token create jwt frontend_jwt --workspace-id {WS} {rest}"
    )))
    .run()
}

/// A command line with `--output json` appended.
fn json(rest: &str) -> String {
    format!("{rest} --output json")
}

#[test]
fn anchor_v15_bytes_on_stdout_alone() {
    let run = create(
        "--expires-at 2000000000 --scope PIPES:READ --resource requests_per_day --fixed-params org_id=testing",
    );
    run.ok();
    assert_eq!(run.stdout, format!("{V15}\n"));
    assert!(
        run.stderr.contains("2033-05-18T03:33:20Z"),
        "{}",
        run.stderr
    );
}

#[test]
fn anchor_v16_documented_mixed_example_keeps_the_filter() {
    // tb pairs the first --filter with the first scope and silently drops it; here it stays with
    // DATASOURCES:READ, the --scope written before it.
    let run = create(concat!(
        "--expires-at 2000000000 --scope PIPES:READ --resource requests_per_day --fixed-params org_id=testing",
        r#" --scope DATASOURCES:READ --resource events --filter "org_id = 'testing'" --limit-rps 10"#,
    ));
    run.ok();
    assert_eq!(run.stdout, format!("{V16}\n"));
}

#[test]
fn options_after_their_scope_in_any_order_and_equals_form() {
    let run = create(concat!(
        r#"--scope=DATASOURCES:READ "--filter=org_id = 'testing'" --resource=events --expires-at=2000000000"#,
        " --limit-rps=10 --scope PIPES:READ --fixed-params org_id=testing --resource requests_per_day",
        " --output json",
    ));
    let json = run.ok().json();
    let scopes = json.get("claims").unwrap().get("scopes").unwrap();
    assert_eq!(
        scopes.to_compact_string(),
        r#"[{"type":"DATASOURCES:READ","resource":"events","filter":"org_id = 'testing'"},{"type":"PIPES:READ","resource":"requests_per_day","fixed_params":{"org_id":"testing"}}]"#
    );
}

#[test]
fn json_shape_with_ttl() {
    let run = create("--ttl 1h --scope PIPES:READ --resource my_pipe --fixed-params param_name=value --output json");
    let json = run.ok().json();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["token", "claims", "exp", "expires_at", "key_source"]);
    assert_eq!(json.get("exp"), Some(&Json::Int(1_700_003_600)));
    assert_eq!(str_field(&json, "expires_at"), "2023-11-14T23:13:20Z");
    assert_eq!(
        json.get("claims").unwrap().to_compact_string(),
        r#"{"workspace_id":"11111111-2222-3333-4444-555555555555","name":"frontend_jwt","exp":1700003600,"scopes":[{"type":"PIPES:READ","resource":"my_pipe","fixed_params":{"param_name":"value"}}]}"#
    );
    assert!(str_field(&json, "token").starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
    assert_eq!(run.stderr, "", "JSON mode keeps stderr for errors");
}

#[test]
fn ttl_values_like_tb() {
    for (ttl, exp) in [
        ("1h", 1_700_003_600),
        ("1 h", 1_700_003_600),
        ("1d", 1_700_086_400),
        ("2weeks", 1_701_209_600),
        ("1y", 1_731_449_600),
        ("1.5h", 1_700_005_400),
        ("10", 1_700_000_010),
    ] {
        let run = create(&format!(
            r#"--ttl "{ttl}" --scope PIPES:READ --resource p --output json"#
        ));
        assert_eq!(run.ok().json().get("exp"), Some(&Json::Int(exp)), "{ttl}");
    }
}

#[test]
fn core_errors_keep_core_codes() {
    let cases = [
        ("--ttl 1mo --scope PIPES:READ --resource p", "invalid_ttl"),
        ("--ttl 1h30m --scope PIPES:READ --resource p", "invalid_ttl"),
        ("--ttl 0 --scope PIPES:READ --resource p", "invalid_ttl"),
        (
            "--expires-at 1600000000 --scope PIPES:READ --resource p",
            "invalid_claims",
        ),
        (
            "--scope DATASOURCES:APPEND --resource events",
            "scope_not_allowed",
        ),
        ("--scope pipes:read --resource p", "invalid_scope"),
        ("--scope PIPES:READ", "missing_resource"),
        ("--scope PIPES:READ --resource my-pipe", "invalid_scope"),
        (
            "--scope PIPES:READ --resource p --fixed-params a=1,a=2",
            "invalid_fixed_params",
        ),
        (
            "--scope PIPES:READ --resource p --fixed-params a",
            "invalid_fixed_params",
        ),
        (
            r#"--scope DATASOURCES:READ --resource e --filter """#,
            "invalid_scope",
        ),
        (
            "--scope PIPES:READ --resource p --limit-rps 0",
            "invalid_limits",
        ),
    ];
    for (rest, code) in cases {
        let args = if rest.contains("--ttl") || rest.contains("--expires-at") {
            rest.to_owned()
        } else {
            format!("--ttl 1h {rest}")
        };
        create(&args).assert_error(1, code);
        create(&json(&args)).assert_json_error(1, code);
    }
}

#[test]
fn misplaced_followers_are_the_cores_errors() {
    // --fixed-params after DATASOURCES:READ, --filter after PIPES:READ.
    create(concat!(
        "--ttl 1h --scope PIPES:READ --resource p",
        " --scope DATASOURCES:READ --resource e --fixed-params org_id=acme",
    ))
    .assert_error(1, "invalid_fixed_params");
    create(concat!(
        "--ttl 1h --scope DATASOURCES:READ --resource e",
        r#" --scope PIPES:READ --resource p --filter "org_id = 'acme'""#,
    ))
    .assert_error(1, "filter_not_supported");
}

#[test]
fn usage_errors_exit_2() {
    let cases = [
        // an orphan --resource, before any --scope
        "--ttl 1h --resource p --scope PIPES:READ",
        // an orphan --fixed-params and --filter
        "--ttl 1h --fixed-params a=1 --scope PIPES:READ --resource p",
        r#"--ttl 1h --filter "a = 1" --scope DATASOURCES:READ --resource e"#,
        // two --resource for one scope
        "--ttl 1h --scope PIPES:READ --resource a --resource b",
        // two --fixed-params / --filter for one scope
        "--ttl 1h --scope PIPES:READ --resource a --fixed-params a=1 --fixed-params b=2",
        r#"--ttl 1h --scope DATASOURCES:READ --resource e --filter "a = 1" --filter "b = 2""#,
        // missing --ttl / --expires-at, and both
        "--scope PIPES:READ --resource p",
        "--ttl 1h --expires-at 2000000000 --scope PIPES:READ --resource p",
        // no --scope at all, a --limit-rps that is not a number (-1 is invalid_limits: messages.rs)
        "--ttl 1h",
        "--ttl 1h --scope PIPES:READ --resource p --limit-rps ten",
    ];
    for rest in cases {
        let run = create(rest);
        assert_eq!(run.code, 2, "{rest:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        create(&json(rest)).assert_json_error(2, "usage_error");
    }
    // The grouping errors say what to do.
    let run = create("--ttl 1h --resource p --scope PIPES:READ");
    assert!(run.stderr.contains("before any --scope"), "{}", run.stderr);
    let run = create("--ttl 1h --scope PIPES:READ --resource a --resource b");
    assert!(
        run.stderr.contains("repeat --scope for each resource"),
        "{}",
        run.stderr
    );
}

#[test]
fn several_signing_keys_is_a_usage_error() {
    let keys = format!("--token {ADMIN} --token {ADMIN}");
    let run = tb(argv(&format!(
        "{keys} token create jwt x --workspace-id {WS} --ttl 1h --scope PIPES:READ --resource p"
    )))
    .run();
    run.assert_error(2, "usage_error");
}

#[test]
fn a_key_that_is_not_an_admin_token() {
    let run = tb(argv(&format!(
        "--token secret token create jwt x --workspace-id {WS} --ttl 1h --scope PIPES:READ --resource p"
    )))
    .run();
    run.assert_error(1, "invalid_signing_key");
    assert!(
        !run.stderr.contains("secret\""),
        "the key is never echoed: {}",
        run.stderr
    );
}

#[test]
fn signs_with_the_example_projects_tinyb() {
    let run = tb(argv(
        "token create jwt frontend_jwt --ttl 1h --scope PIPES:READ",
    ))
    .current_dir(&example())
    .run();
    run.assert_error(1, "missing_resource");
    let run = tb(argv(concat!(
        "token create jwt frontend_jwt --ttl 1h --scope PIPES:READ --resource top_pages",
        " --fixed-params org_id=acme --output json",
    )))
    .current_dir(&example().join("endpoints"))
    .run();
    let json = run.ok().json();
    assert_eq!(
        json.get("claims")
            .unwrap()
            .get("workspace_id")
            .and_then(Json::as_str),
        Some(EXAMPLE_WS)
    );
}

#[test]
fn usage_errors_never_echo_a_key() {
    // clap echoes unexpected arguments; a token typed in the wrong place is masked.
    for json in [false, true] {
        let mut args = argv(concat!(
            "--token p.the-admin-token token create jwt x p.misplaced-admin-token",
            " --ttl 1h --scope PIPES:READ --resource p",
        ));
        if json {
            args.extend(argv("--output json"));
        }
        let run = tb(args).run();
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("<redacted>"), "{}", run.stderr);
        assert!(!run.stderr.contains("admin-token"), "{}", run.stderr);
    }
}

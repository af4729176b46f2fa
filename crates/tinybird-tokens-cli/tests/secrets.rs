//! The example project's admin token pasted into every option that an error repeats: it never reaches
//! stdout or stderr (human and `--output json`), the messages show its masked prefix (`p.eyJ1…`)
//! instead, and a claim or a static token name carrying it is refused with `secret_in_claim`.

mod common;

use common::*;
use tinybird_tokens::{contains_secret, Json};

/// The admin token of `examples/project/.tinyb`.
fn project_admin() -> String {
    let text = std::fs::read_to_string(example().join(".tinyb")).unwrap();
    let tinyb = Json::parse(&text).unwrap();
    tinyb
        .get("token")
        .and_then(Json::as_str)
        .unwrap()
        .to_owned()
}

/// Runs the command `line` (split as `argv` does, `$ADMIN` replaced) in the example project, with
/// its admin token as the key.
fn run_with(admin: &str, line: &str, json: bool) -> Run {
    let mut args: Vec<String> = vec!["--token".into(), admin.into()];
    args.extend(argv(line).iter().map(|a| a.replace("$ADMIN", admin)));
    if json {
        args.extend(["--output".into(), "json".into()]);
    }
    tb(args).current_dir(&example()).run()
}

/// Asserts nothing of the token is shown, anywhere.
fn assert_not_shown(run: &Run, admin: &str, what: &str) {
    let signature = admin.rsplit('.').next().unwrap();
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains(admin),
            "{what}: {stream} shows the token: {text}"
        );
        assert!(
            !text.contains(signature),
            "{what}: {stream} shows the signature: {text}"
        );
        assert!(
            !contains_secret(text),
            "{what}: {stream} holds a token: {text}"
        );
    }
}

#[test]
fn a_pasted_admin_token_is_masked_or_refused_never_shown() {
    let admin = project_admin();
    // (what, command line, exit status, code, whether the message repeats the input masked)
    let cases = [
        (
            "--ttl",
            "token create jwt n --ttl $ADMIN --scope PIPES:READ --resource top_pages",
            1,
            "invalid_ttl",
            true,
        ),
        (
            "--scope",
            "token create jwt n --ttl 1h --scope $ADMIN --resource top_pages",
            1,
            "invalid_scope",
            true,
        ),
        (
            "--resource",
            "token create jwt n --ttl 1h --scope PIPES:READ --resource $ADMIN",
            1,
            "secret_in_claim",
            false,
        ),
        (
            "--fixed-params",
            "token create jwt n --ttl 1h --scope PIPES:READ --resource top_pages --fixed-params org_id=$ADMIN",
            1,
            "secret_in_claim",
            false,
        ),
        (
            "--fixed-params malformed",
            "token create jwt n --ttl 1h --scope PIPES:READ --resource top_pages --fixed-params org_id=$ADMIN=x",
            1,
            "invalid_fixed_params",
            true,
        ),
        (
            "--filter",
            "token create jwt n --ttl 1h --scope DATASOURCES:READ --resource page_views --filter \"org_id = '$ADMIN'\"",
            1,
            "secret_in_claim",
            false,
        ),
        (
            "the JWT name",
            "token create jwt $ADMIN --ttl 1h --scope PIPES:READ --resource top_pages",
            1,
            "secret_in_claim",
            false,
        ),
        (
            "create static --scope",
            "token create static n --scope $ADMIN",
            1,
            "invalid_scope",
            true,
        ),
        (
            "a static token name",
            "token create static $ADMIN --scope TOKENS",
            1,
            "secret_in_claim",
            false,
        ),
        ("--cwd", "--cwd $ADMIN token ls", 2, "usage_error", true),
        ("token plan", "token plan $ADMIN .", 2, "usage_error", true),
    ];
    for (what, line, exit, code, echoed) in cases {
        for json in [false, true] {
            let run = run_with(&admin, line, json);
            assert_not_shown(&run, &admin, what);
            if json {
                run.assert_json_error(exit, code);
            } else {
                run.assert_error(exit, code);
            }
            assert_eq!(
                run.stderr.contains("p.eyJ1…") || run.stderr.contains("p.eyJ1\\u2026"),
                echoed,
                "{what}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn a_jwt_in_a_claim_is_refused_too() {
    let admin = project_admin();
    let mint = "token create jwt n --ttl 1h --scope PIPES:READ --resource top_pages";
    let minted = run_with(&admin, mint, false);
    let jwt = minted.ok().stdout.trim().to_owned();
    for json in [false, true] {
        let run = run_with(
            &admin,
            &format!("{mint} --fixed-params \"auth=Bearer {jwt}\""),
            json,
        );
        assert_not_shown(&run, &jwt, "a JWT as a fixed param");
        assert_not_shown(&run, &admin, "a JWT as a fixed param");
        if json {
            run.assert_json_error(1, "secret_in_claim");
        } else {
            run.assert_error(1, "secret_in_claim");
            assert!(
                run.stderr.contains("scopes[0].fixed_params.auth"),
                "{}",
                run.stderr
            );
        }
    }
}

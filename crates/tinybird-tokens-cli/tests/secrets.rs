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

/// Runs `args` (with `$ADMIN` replaced) in the example project, with its admin token as the key.
fn run_with(admin: &str, args: &[&str], json: bool) -> Run {
    let mut argv: Vec<String> = vec!["--token".into(), admin.into()];
    argv.extend(args.iter().map(|a| a.replace("$ADMIN", admin)));
    if json {
        argv.extend(["--output".into(), "json".into()]);
    }
    tb(argv).current_dir(&example()).run()
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
    let jwt = ["token", "create", "jwt"];
    // (what, arguments, exit status, code, whether the message repeats the input masked)
    let cases: Vec<(&str, Vec<&str>, i32, &str, bool)> = vec![
        (
            "--ttl",
            [
                &jwt[..],
                &[
                    "n",
                    "--ttl",
                    "$ADMIN",
                    "--scope",
                    "PIPES:READ",
                    "--resource",
                    "top_pages",
                ],
            ]
            .concat(),
            1,
            "invalid_ttl",
            true,
        ),
        (
            "--scope",
            [
                &jwt[..],
                &[
                    "n",
                    "--ttl",
                    "1h",
                    "--scope",
                    "$ADMIN",
                    "--resource",
                    "top_pages",
                ],
            ]
            .concat(),
            1,
            "invalid_scope",
            true,
        ),
        (
            "--resource",
            [
                &jwt[..],
                &[
                    "n",
                    "--ttl",
                    "1h",
                    "--scope",
                    "PIPES:READ",
                    "--resource",
                    "$ADMIN",
                ],
            ]
            .concat(),
            1,
            "secret_in_claim",
            false,
        ),
        (
            "--fixed-params",
            [
                &jwt[..],
                &[
                    "n",
                    "--ttl",
                    "1h",
                    "--scope",
                    "PIPES:READ",
                    "--resource",
                    "top_pages",
                    "--fixed-params",
                    "org_id=$ADMIN",
                ],
            ]
            .concat(),
            1,
            "secret_in_claim",
            false,
        ),
        (
            "--fixed-params malformed",
            [
                &jwt[..],
                &[
                    "n",
                    "--ttl",
                    "1h",
                    "--scope",
                    "PIPES:READ",
                    "--resource",
                    "top_pages",
                    "--fixed-params",
                    "org_id=$ADMIN=x",
                ],
            ]
            .concat(),
            1,
            "invalid_fixed_params",
            true,
        ),
        (
            "--filter",
            [
                &jwt[..],
                &[
                    "n",
                    "--ttl",
                    "1h",
                    "--scope",
                    "DATASOURCES:READ",
                    "--resource",
                    "page_views",
                    "--filter",
                    "org_id = '$ADMIN'",
                ],
            ]
            .concat(),
            1,
            "secret_in_claim",
            false,
        ),
        (
            "the JWT name",
            [
                &jwt[..],
                &[
                    "$ADMIN",
                    "--ttl",
                    "1h",
                    "--scope",
                    "PIPES:READ",
                    "--resource",
                    "top_pages",
                ],
            ]
            .concat(),
            1,
            "secret_in_claim",
            false,
        ),
        (
            "create static --scope",
            vec!["token", "create", "static", "n", "--scope", "$ADMIN"],
            1,
            "invalid_scope",
            true,
        ),
        (
            "a static token name",
            vec!["token", "create", "static", "$ADMIN", "--scope", "TOKENS"],
            1,
            "secret_in_claim",
            false,
        ),
        (
            "--cwd",
            vec!["--cwd", "$ADMIN", "token", "ls"],
            2,
            "usage_error",
            true,
        ),
        (
            "token plan",
            vec!["token", "plan", "$ADMIN", "."],
            2,
            "usage_error",
            true,
        ),
    ];
    for (what, args, exit, code, echoed) in cases {
        for json in [false, true] {
            let run = run_with(&admin, &args, json);
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
    let minted = run_with(
        &admin,
        &[
            "token",
            "create",
            "jwt",
            "n",
            "--ttl",
            "1h",
            "--scope",
            "PIPES:READ",
            "--resource",
            "top_pages",
        ],
        false,
    );
    let jwt = minted.ok().stdout.trim().to_owned();
    for json in [false, true] {
        let run = run_with(
            &admin,
            &[
                "token",
                "create",
                "jwt",
                "n",
                "--ttl",
                "1h",
                "--scope",
                "PIPES:READ",
                "--resource",
                "top_pages",
                "--fixed-params",
                &format!("auth=Bearer {jwt}"),
            ],
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

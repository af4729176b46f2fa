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

/// base64url without padding (the tests put together a token no minting function would sign).
fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A token whose header and claims carry the admin token, signed with it (so `verify` gets as far
/// as the claims): `verify`, `inspect` and `scopes` show that content masked, in both formats, and the
/// JSON output stays JSON.
#[test]
fn decoded_content_holding_a_token_is_masked() {
    let admin = project_admin();
    let header = format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{admin}"}}"#);
    let claims = format!(
        r#"{{"workspace_id":"w","name":"{admin}","exp":4000000000,"scopes":[{{"type":"PIPES:READ","resource":"top_pages","fixed_params":{{"org_id":"{admin}"}}}}]}}"#
    );
    let input = format!(
        "{}.{}",
        b64url(header.as_bytes()),
        b64url(claims.as_bytes())
    );
    let mac = tinybird_tokens::ops::call(
        "hmac_sha256",
        &Json::parse(&format!(
            r#"{{"key_hex":"{}","data_hex":"{}"}}"#,
            hex(admin.as_bytes()),
            hex(input.as_bytes())
        ))
        .unwrap(),
    )
    .unwrap();
    let mac_hex = mac.get("mac_hex").and_then(Json::as_str).unwrap();
    let mac: Vec<u8> = (0..mac_hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&mac_hex[i..i + 2], 16).unwrap())
        .collect();
    let token = format!("{input}.{}", b64url(&mac));
    let verified = run_with(&admin, &format!("token verify {token}"), true);
    assert_eq!(verified.ok().json().get("valid"), Some(&Json::Bool(true)));
    for line in ["token verify", "token inspect", "token scopes"] {
        for json in [false, true] {
            let run = run_with(&admin, &format!("{line} {token}"), json);
            assert_not_shown(&run, &admin, line);
            assert!(run.stdout.contains("p.eyJ1…"), "{line}: {}", run.stdout);
            if json {
                run.json();
            }
        }
    }
}

//! A real admin token (the one in `examples/project/.tinyb`) and a real JWT pasted into every input a
//! public function can echo: no error message, `input`, `Display` or `Debug` shows either, and the
//! messages that repeat the input show the masked prefix instead (`p.eyJ1…`, `eyJhbG…`).

use tinybird_tokens::{
    contains_secret, create_jwt, decode_jwt, decode_static_token, define_token, mask_secrets, ops,
    parse_datafile_tokens, parse_fixed_params, parse_scope, parse_ttl, read_limits, read_scope,
    sign_jwt, sign_jwt_json, validate_resource_name, verify_jwt, verify_static_token, Error,
    ErrorCode, Expiry, FixedParams, Json, JwtRequest, JwtScope, JwtScopeType, ResourceKind,
    ScopeMode, SigningKey, TinybirdClaims, VerifyOptions,
};

#[path = "../../../tests/vectors/load.rs"]
#[allow(dead_code)] // `file` and `expect` serve the vectors runner, not this test.
mod load;

/// The admin token of the example project, read from its `.tinyb`.
fn admin() -> String {
    let tinyb = Json::parse(include_str!("../../../examples/project/.tinyb")).unwrap();
    tinyb
        .get("token")
        .and_then(Json::as_str)
        .unwrap()
        .to_owned()
}

/// A JWT signed with that admin token.
fn jwt(admin: &str) -> String {
    let request = JwtRequest {
        workspace_id: "w".into(),
        name: "n".into(),
        expiry: Expiry::At(2_000_000_000),
        scopes: vec![JwtScope::read_pipe("p").unwrap()],
        rps_limit: None,
        extra_claims: vec![],
    };
    create_jwt(
        &request,
        &SigningKey::from_admin_token(admin).unwrap(),
        1_700_000_000,
    )
    .unwrap()
}

/// Every text an error shows.
fn texts(e: &Error) -> String {
    format!(
        "{e}\n{e:?}\n{}\n{}",
        e.message(),
        e.input().unwrap_or_default()
    )
}

/// Asserts that no text of `e` holds the secret or its signature, nor anything token-shaped.
fn assert_hidden(e: &Error, secret: &str, what: &str) {
    let shown = texts(e);
    let signature = secret.rsplit('.').next().unwrap();
    assert!(!shown.contains(secret), "{what}: {shown}");
    assert!(!shown.contains(signature), "{what}: {shown}");
    assert!(!contains_secret(&shown), "{what}: {shown}");
}

/// Asserts the secret is hidden and its masked form shows where it was.
fn assert_masked(e: Error, secret: &str, what: &str) {
    assert_hidden(&e, secret, what);
    let prefix = format!("{}…", &secret[..6]);
    assert!(
        e.message().contains(&prefix),
        "{what}: no {prefix} in {}",
        e.message()
    );
}

#[test]
fn every_echoing_function_masks_a_pasted_token() {
    let admin = admin();
    let jwt = jwt(&admin);
    let key = SigningKey::from_admin_token(&admin).unwrap();
    for secret in [admin.as_str(), jwt.as_str()] {
        let embedded = format!("org_id={secret}");
        let q = |v: &str| Json::String(v.to_owned()).to_compact_string();
        let masked: Vec<(&str, Error)> = vec![
            ("parse_ttl", parse_ttl(secret).unwrap_err()),
            (
                "parse_ttl bearer",
                parse_ttl(&format!("Bearer {secret}")).unwrap_err(),
            ),
            ("define_token", define_token(secret).unwrap_err()),
            ("validate_resource_name", validate_resource_name(secret).unwrap_err()),
            (
                "parse_scope type",
                parse_scope(secret, ScopeMode::Forward).unwrap_err(),
            ),
            (
                "parse_scope resource",
                parse_scope(&format!("DATASOURCES:READ:{secret}"), ScopeMode::Classic).unwrap_err(),
            ),
            (
                "parse_fixed_params",
                parse_fixed_params(&format!("{embedded}=x")).unwrap_err(),
            ),
            ("JwtScopeType::parse", JwtScopeType::parse(secret).unwrap_err()),
            (
                "parse_datafile_tokens permission",
                parse_datafile_tokens(&format!("TOKEN a {secret}"), ResourceKind::Datasource)
                    .unwrap_err(),
            ),
            (
                "parse_datafile_tokens name",
                parse_datafile_tokens(&format!("TOKEN {secret} APPEND"), ResourceKind::Pipe)
                    .unwrap_err(),
            ),
            (
                "read_scope type",
                read_scope(
                    &Json::parse(&format!(r#"{{"type":{},"resource":"p"}}"#, q(secret))).unwrap(),
                )
                .unwrap_err(),
            ),
            (
                "ops parse_ttl",
                ops::call("parse_ttl", &Json::parse(&format!(r#"{{"ttl":{}}}"#, q(secret))).unwrap())
                    .unwrap_err(),
            ),
            (
                "ops format_scope",
                ops::call(
                    "format_scope",
                    &Json::parse(&format!(
                        r#"{{"type":{},"resource":null,"filter":null,"mode":"forward"}}"#,
                        q(secret)
                    ))
                    .unwrap(),
                )
                .unwrap_err(),
            ),
            (
                "ops render_token_lines",
                ops::call(
                    "render_token_lines",
                    &Json::parse(&format!(
                        r#"{{"kind":"pipe","tokens":[{{"name":{},"permission":"READ"}}]}}"#,
                        q(secret)
                    ))
                    .unwrap(),
                )
                .unwrap_err(),
            ),
            (
                "ops create_jwt ttl",
                ops::call(
                    "create_jwt",
                    &Json::parse(&format!(
                        r#"{{"key":{},"now":0,"workspace_id":"w","name":"n","ttl":{},"scopes":[{{"type":"PIPES:READ","resource":"p"}}]}}"#,
                        q(&admin),
                        q(secret)
                    ))
                    .unwrap(),
                )
                .unwrap_err(),
            ),
            (
                "ops unknown op",
                ops::call(secret, &Json::Object(vec![])).unwrap_err(),
            ),
        ];
        for (what, e) in masked {
            assert_masked(e, secret, what);
        }

        // Errors that need not repeat the input at all: still nothing of the token.
        let quiet: Vec<(&str, Error)> = vec![
            (
                "decode_static_token",
                decode_static_token(&format!("x{secret}")).unwrap_err(),
            ),
            (
                "verify_static_token",
                verify_static_token(&format!("{secret}x"), b"s").unwrap_err(),
            ),
            (
                "decode_jwt",
                decode_jwt(&format!("{secret}.x")).unwrap_err(),
            ),
            (
                "verify_jwt",
                verify_jwt(
                    secret,
                    &[SigningKey::from_bytes(b"k").unwrap().verifying_key()],
                    &VerifyOptions::at(0),
                )
                .unwrap_err(),
            ),
            (
                "read_limits",
                read_limits(&Json::parse(&format!(r#"{{"rps":{}}}"#, q(secret))).unwrap())
                    .unwrap_err(),
            ),
            (
                "TinybirdClaims::from_json",
                TinybirdClaims::from_json(
                    &Json::parse(&format!(
                        r#"{{"workspace_id":"w","name":"n","exp":{}}}"#,
                        q(secret)
                    ))
                    .unwrap(),
                )
                .unwrap_err(),
            ),
            (
                "SigningKey::from_admin_token",
                SigningKey::from_admin_token(&format!("x{secret}")).unwrap_err(),
            ),
        ];
        for (what, e) in quiet {
            assert_hidden(&e, secret, what);
        }

        // Never signed: as a whole value or inside one, in every claim.
        let scope = || JwtScope::read_pipe("p").unwrap();
        let request = |f: &dyn Fn(&mut JwtRequest)| {
            let mut r = JwtRequest {
                workspace_id: "w".into(),
                name: "n".into(),
                expiry: Expiry::At(2_000_000_000),
                scopes: vec![scope()],
                rps_limit: None,
                extra_claims: vec![],
            };
            f(&mut r);
            create_jwt(&r, &key, 1_700_000_000)
        };
        let mut params = FixedParams::new();
        params
            .insert("org_id", Json::String(embedded.clone()))
            .unwrap();
        let refused = vec![
            ("name", request(&|r| r.name = secret.to_owned())),
            (
                "workspace_id",
                request(&|r| r.workspace_id = embedded.clone()),
            ),
            (
                "scopes[0].fixed_params.org_id",
                request(&|r| r.scopes = vec![scope().with_fixed_params(params.clone()).unwrap()]),
            ),
            (
                "scopes[0].filter",
                request(&|r| {
                    r.scopes = vec![JwtScope::read_datasource("d")
                        .unwrap()
                        .with_filter(&format!("org_id = '{secret}'"))
                        .unwrap()]
                }),
            ),
            (
                "tenant[1].auth",
                request(&|r| {
                    r.extra_claims = vec![(
                        "tenant".into(),
                        Json::parse(&format!(
                            r#"[1,{{"auth":{}}}]"#,
                            q(&format!("Bearer {secret}"))
                        ))
                        .unwrap(),
                    )]
                }),
            ),
        ];
        for (path, result) in refused {
            let e = result.unwrap_err();
            assert_eq!(e.code(), ErrorCode::SecretInClaim, "{path}: {e}");
            assert_eq!(e.input(), Some(path));
            assert!(e.message().contains(path), "{e}");
            assert_hidden(&e, secret, path);
        }
        let e = JwtScope::read_datasource(secret).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SecretInClaim);
        assert_hidden(&e, secret, "resource");
        let claims = Json::parse(&format!(r#"{{"exp":1,"x":{{"y":[{}]}}}}"#, q(secret))).unwrap();
        for e in [
            sign_jwt(&claims, &key).unwrap_err(),
            sign_jwt_json(&claims.to_compact_string(), &key).unwrap_err(),
            sign_jwt_json(&claims.to_python_string(), &key).unwrap_err(),
        ] {
            assert_eq!(e.code(), ErrorCode::SecretInClaim);
            assert_eq!(e.input(), Some("x.y[0]"));
            assert_hidden(&e, secret, "sign_jwt");
        }
    }
    assert_eq!(mask_secrets(&admin), "p.eyJ1…");
    assert_eq!(mask_secrets(&jwt), "eyJhbG…");
}

/// Every string of every vector's input replaced by a token (whole, and inside a longer value): no
/// error of any op shows it.
#[test]
fn no_op_echoes_a_token_put_in_any_input() {
    let admin = admin();
    let jwt = jwt(&admin);
    let mut calls = 0;
    for case in load::load() {
        let leaves = string_paths(&case.input);
        for secret in [admin.as_str(), jwt.as_str()] {
            for replacement in [secret.to_owned(), format!("a={secret},b")] {
                for index in 0..leaves {
                    let mut input = case.input.clone();
                    replace_nth_string(&mut input, index, &replacement, &mut 0);
                    calls += 1;
                    let Err(e) = ops::call(&case.op, &input) else {
                        continue;
                    };
                    assert_hidden(&e, secret, &case.id);
                }
            }
        }
    }
    assert!(calls > 2000, "only {calls} calls");
}

fn string_paths(value: &Json) -> usize {
    match value {
        Json::String(_) => 1,
        Json::Array(items) => items.iter().map(string_paths).sum(),
        Json::Object(entries) => entries.iter().map(|(_, v)| string_paths(v)).sum(),
        _ => 0,
    }
}

fn replace_nth_string(value: &mut Json, n: usize, with: &str, seen: &mut usize) {
    match value {
        Json::String(s) => {
            if *seen == n {
                *s = with.to_owned();
            }
            *seen += 1;
        }
        Json::Array(items) => items
            .iter_mut()
            .for_each(|v| replace_nth_string(v, n, with, seen)),
        Json::Object(entries) => entries
            .iter_mut()
            .for_each(|(_, v)| replace_nth_string(v, n, with, seen)),
        _ => {}
    }
}

#[test]
fn project_findings_never_show_a_token_in_path_or_message() {
    let admin = admin();
    let files = [
        // A file named after the token, and a resource name holding it.
        tinybird_tokens::ProjectFile::new(format!("{admin}.pipe"), "TOKEN a READ"),
        tinybird_tokens::ProjectFile::new("p.pipe", "TOKNE x READ"),
    ];
    let project = tinybird_tokens::Project::from_files(&files);
    let findings = project.lint();
    assert!(!findings.is_empty());
    for finding in &findings {
        let shown = format!("{finding} {finding:?}");
        assert!(!shown.contains(&admin), "{shown}");
    }
    assert!(findings.iter().any(|f| f
        .path
        .as_deref()
        .is_some_and(|p| p.starts_with("p.eyJ1\u{2026}"))));
}

//! serde for the claim types: it reads with the core's one reader (same verdicts, same messages) and
//! writes the JSON `create_jwt` signs (same keys, same order), checked over the conformance vectors.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use tinybird_tokens::{
    create_jwt, ErrorCode, FixedParams, Json, JwtRequest, JwtScope, JwtScopeType, SigningKey,
    TinybirdClaims,
};

#[path = "../../../tests/vectors/load.rs"]
mod load;

/// The claims text of a JWT-shaped string (three segments, the middle one base64url of UTF-8).
fn payload_text(token: &str) -> Option<String> {
    let mut segments = token.split('.');
    let (Some(header), Some(payload), Some(_), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return None;
    };
    if !header.starts_with("eyJ") {
        return None;
    }
    String::from_utf8(URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

/// Every claims text the vectors hold: the payloads of their tokens (inputs and results), the claims
/// given to `sign_jwt`, and the decoded claims `decode_jwt` / `verify_jwt` expect.
fn vector_claims() -> Vec<(String, String)> {
    // Each text is labelled `file/id` for failure messages.
    fn walk(value: &Json, id: &str, out: &mut Vec<(String, String)>) {
        match value {
            Json::String(s) => {
                if let Some(text) = payload_text(s) {
                    out.push((id.to_owned(), text));
                }
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, id, out)),
            Json::Object(entries) => {
                for (key, v) in entries {
                    if key == "claims" && v.as_object().is_some() {
                        out.push((id.to_owned(), v.to_compact_string()));
                    }
                    walk(v, id, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for case in load::load() {
        let label = format!("{}/{}", case.file, case.id);
        walk(&case.input, &label, &mut out);
        walk(&case.expect, &label, &mut out);
    }
    out
}

/// serde reads every vector's claims exactly as `TinybirdClaims::from_json` does: the same claims,
/// or an error with the core's message, word for word.
#[test]
fn serde_reads_every_vector_as_from_json() {
    let (mut read, mut refused, mut not_json) = (0, 0, 0);
    for (id, text) in vector_claims() {
        let core = Json::parse(&text).map(|claims| TinybirdClaims::from_json(&claims));
        let serde = serde_json::from_str::<TinybirdClaims>(&text);
        match (core, serde) {
            (Ok(Ok(core)), Ok(serde)) => {
                assert_eq!(core, serde, "{id}");
                read += 1;
            }
            (Ok(Err(core)), Err(serde)) => {
                assert_eq!(serde.to_string(), core.to_string(), "{id}");
                refused += 1;
            }
            (Err(_), Err(_)) => not_json += 1,
            (core, serde) => panic!("{id}: core {core:?}, serde {serde:?} on {text}"),
        }
    }
    // Both verdicts are well represented: a runner must not pass on a handful of cases.
    assert!(read >= 150, "{read} read");
    assert!(refused >= 200, "{refused} refused");
    println!(
        "{read} claims read the same, {refused} refused with the same message, {not_json} not JSON"
    );
}

/// A `create_jwt` case's request (its JSON form refuses some: that is the case's error too) and `now`.
fn request_of(case: &load::Case) -> (tinybird_tokens::Result<JwtRequest>, i64) {
    let input = case.input.as_object().unwrap();
    let fields: Vec<(String, Json)> = input
        .iter()
        .filter(|(k, _)| !["key", "now", "project"].contains(&k.as_str()))
        .cloned()
        .collect();
    let now = case.input.get("now").and_then(Json::as_i64).unwrap();
    (JwtRequest::from_json(&Json::Object(fields)), now)
}

/// Over every `create_jwt` vector: `tinybird_claims` refuses what `create_jwt` refuses, with the same
/// code (but for the key and the project check, which it does not take), and what it returns
/// serializes to the very payload `create_jwt` signed (PyJWT's bytes once written compactly; the same
/// JSON through serde_json).
#[test]
fn serialized_claims_are_what_create_jwt_signs() {
    let (mut same, mut refused) = (0, 0);
    for case in load::load().iter().filter(|c| c.op == "create_jwt") {
        let (request, now) = request_of(case);
        let claims = request
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|r| r.tinybird_claims(now));
        let Some(token) = case.expect.get("ok").and_then(|ok| ok.get("token")) else {
            let code = case.expect.get("error").and_then(Json::as_str).unwrap();
            // The key's and the project's errors are create_jwt's, not the claims'.
            let project = case.input.get("project").is_some_and(|p| *p != Json::Null);
            if ["project_check_failed", "invalid_signing_key"].contains(&code)
                || (project && claims.is_ok())
            {
                continue;
            }
            let e = claims.expect_err(&case.id);
            assert_eq!(e.code().as_str(), code, "{}", case.id);
            refused += 1;
            continue;
        };
        let token = token.as_str().unwrap();
        let claims = claims.unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let payload = payload_text(token).unwrap();
        let written = Json::from_serialize(&claims).unwrap().to_compact_string();
        assert_eq!(written, payload, "{}", case.id);
        let by_serde_json = serde_json::to_string(&claims).unwrap();
        assert_eq!(
            Json::parse(&by_serde_json).unwrap(),
            Json::parse(&payload).unwrap(),
            "{}",
            case.id
        );
        // The case's token is create_jwt's of this very request.
        let key = SigningKey::from_admin_token(case.input.get("key").unwrap().as_str().unwrap());
        assert_eq!(
            create_jwt(&request.unwrap(), &key.unwrap(), now).unwrap(),
            token
        );
        same += 1;
    }
    assert!(
        same >= 25 && refused >= 40,
        "{same} same, {refused} refused"
    );
    println!(
        "{same} payloads written byte for byte, {refused} requests refused with create_jwt's code"
    );
}

const ADMIN: &str =
    "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";

fn sample() -> TinybirdClaims {
    let text = r#"{"workspace_id":"w","name":"usuario_ñ","exp":2000000000,"scopes":[
        {"type":"PIPES:READ","resource":"top","fixed_params":{"org":"café ☕","n":3,"r":1.5,"b":true}},
        {"type":"DATASOURCES:READ","resource":"ev","filter":"city = 'Zürich'"},
        {"type":"DATASOURCES:READ","resource":"d","fixed_params":{"a":"ignored"}}],
        "limits":{"rps":10},"zeta":{"b":[1,2.5e-7,"x"],"a":null},"alpha":"😀"}"#;
    TinybirdClaims::from_json(&Json::parse(text).unwrap()).unwrap()
}

/// Claims survive serde_json both ways and the core's own tree, key order included (`zeta` before
/// `alpha`), non-ASCII text and a restriction Tinybird ignores included.
#[test]
fn round_trips() {
    let claims = sample();
    let text = serde_json::to_string(&claims).unwrap();
    assert!(text.contains("usuario_ñ") && text.contains(r#""zeta":{"b""#));
    assert!(text.find("\"zeta\"").unwrap() < text.find("\"alpha\"").unwrap());
    assert_eq!(
        serde_json::from_str::<TinybirdClaims>(&text).unwrap(),
        claims
    );
    let tree = Json::from_serialize(&claims).unwrap();
    assert_eq!(TinybirdClaims::from_json(&tree).unwrap(), claims);
    assert_eq!(
        claims.scopes[2].ignored_restriction(),
        Some("fixed_params"),
        "kept, as the reader keeps it"
    );
    for scope in &claims.scopes {
        let text = serde_json::to_string(scope).unwrap();
        assert_eq!(serde_json::from_str::<JwtScope>(&text).unwrap(), *scope);
    }
    let params = claims.scopes[0].fixed_params().unwrap();
    let text = serde_json::to_string(params).unwrap();
    assert_eq!(serde_json::from_str::<FixedParams>(&text).unwrap(), *params);
    for t in JwtScopeType::ALL {
        let text = serde_json::to_string(t).unwrap();
        assert_eq!(text, format!("\"{t}\""));
        assert_eq!(serde_json::from_str::<JwtScopeType>(&text).unwrap(), *t);
    }
}

/// Each type refuses with the core's message, the parts as the whole.
#[test]
fn parts_refuse_with_the_core_message() {
    let serde_message = |e: serde_json::Error| e.to_string();
    let e = serde_json::from_str::<JwtScopeType>(r#""DATASOURCES:APPEND""#).unwrap_err();
    let core = JwtScopeType::parse("DATASOURCES:APPEND").unwrap_err();
    assert_eq!(core.code(), ErrorCode::ScopeNotAllowed);
    assert!(serde_message(e).starts_with(core.message()));
    let scope = r#"{"type":"PIPES:READ","resource":"p","extra":1}"#;
    let core = tinybird_tokens::read_scope(&Json::parse(scope).unwrap()).unwrap_err();
    assert!(
        serde_message(serde_json::from_str::<JwtScope>(scope).unwrap_err())
            .starts_with(core.message())
    );
    let params = r#"{"a":null}"#;
    let core = FixedParams::from_json(&Json::parse(params).unwrap()).unwrap_err();
    assert_eq!(core.code(), ErrorCode::InvalidFixedParams);
    assert!(
        serde_message(serde_json::from_str::<FixedParams>(params).unwrap_err())
            .starts_with(core.message())
    );
    // Duplicate keys are refused by the parser serde goes through, as by the core's.
    let duplicated = r#"{"workspace_id":"w","name":"n","name":"m","exp":1,"scopes":[{"type":"PIPES:READ","resource":"p"}]}"#;
    assert!(Json::parse(duplicated).is_err());
    assert!(serde_json::from_str::<TinybirdClaims>(duplicated)
        .unwrap_err()
        .to_string()
        .contains("duplicate key"));
}

/// The fields are public: an extra claim that reuses a Tinybird name or repeats is not written (it
/// would be a duplicate key), and its name is masked if it holds a token.
#[test]
fn serialize_refuses_reserved_or_repeated_extra_claims() {
    for key in ["exp", "scopes", "alpha"] {
        let mut claims = sample();
        claims.extra_claims.push((key.to_owned(), Json::Int(1)));
        let e = serde_json::to_string(&claims).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("Extra claim \"{key}\" is reserved or repeated.")
        );
        assert!(Json::from_serialize(&claims).is_err());
    }
    let mut claims = sample();
    claims.extra_claims.push((ADMIN.to_owned(), Json::Int(1)));
    claims.extra_claims.push((ADMIN.to_owned(), Json::Int(2)));
    let e = serde_json::to_string(&claims).unwrap_err().to_string();
    assert!(!e.contains(ADMIN), "{e}");
}

/// A static token or a JWT pasted anywhere into claims read through serde, or into a request turned
/// into claims, never comes back whole in an error: as a value, as a claim name, as a duplicate key,
/// as a scope type or resource.
#[test]
fn errors_never_carry_a_token_whole() {
    let key = SigningKey::from_admin_token(ADMIN).unwrap();
    let request = JwtRequest {
        workspace_id: "w".into(),
        name: "n".into(),
        expiry: tinybird_tokens::Expiry::At(2_000_000_000),
        scopes: vec![JwtScope::read_pipe("top").unwrap()],
        rps_limit: None,
        extra_claims: vec![],
    };
    let jwt = create_jwt(&request, &key, 1_700_000_000).unwrap();
    for secret in [ADMIN, jwt.as_str()] {
        let texts = [
            format!(r#"{{"workspace_id":"{secret}","name":"n","exp":"x","scopes":[]}}"#),
            format!(
                r#"{{"workspace_id":"w","name":"n","exp":1,"scopes":[{{"type":"{secret}","resource":"p"}}]}}"#
            ),
            format!(
                r#"{{"workspace_id":"w","name":"n","exp":1,"scopes":[{{"type":"PIPES:READ","resource":"p","{secret}":1}}]}}"#
            ),
            format!(
                r#"{{"workspace_id":"w","name":"n","exp":1,"scopes":[],"{secret}":1,"{secret}":2}}"#
            ),
            format!(
                r#"{{"workspace_id":"w","name":"{secret}","exp":1,"limits":{{"rps":"{secret}"}},"scopes":[{{"type":"PIPES:READ","resource":"p"}}]}}"#
            ),
        ];
        for text in &texts {
            let e = serde_json::from_str::<TinybirdClaims>(text)
                .unwrap_err()
                .to_string();
            assert!(!e.contains(secret), "{e}");
        }
        let e = serde_json::from_str::<JwtScopeType>(&format!("\"{secret}\""))
            .unwrap_err()
            .to_string();
        assert!(!e.contains(secret), "{e}");
        let e = serde_json::from_str::<FixedParams>(&format!(r#"{{"{secret}":null}}"#))
            .unwrap_err()
            .to_string();
        assert!(!e.contains(secret), "{e}");
        for extra in [
            vec![("note".to_owned(), Json::String(secret.to_owned()))],
            vec![(secret.to_owned(), Json::Int(1))],
            vec![("name".to_owned(), Json::String(secret.to_owned()))],
        ] {
            let request = JwtRequest {
                extra_claims: extra,
                ..request.clone()
            };
            let e = request.tinybird_claims(1_700_000_000).unwrap_err();
            assert!(!e.to_string().contains(secret), "{e}");
            assert!(!format!("{e:?}").contains(secret), "{e:?}");
            assert!(!e.input().unwrap_or("").contains(secret));
        }
    }
}

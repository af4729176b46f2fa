//! `verify_jwt`, `decode_jwt` and `inspect_token` agree on every token, as the verification contract
//! says: decoding is verification without the HMAC comparison and the clock, and inspection's first
//! `verification` problem is verification's refusal. Tokens are mutated Tinybird JWTs signed with the
//! right key: every registered claim given every JSON type, header variants, damaged JSON text and
//! damaged segments, at times around `exp` and `nbf`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;
use tinybird_tokens::{
    decode_jwt, decode_jwt_full_parse, hmac_sha256, inspect_token, verify_jwt,
    verify_jwt_full_parse, ErrorCode, Json, VerifyOptions, VerifyingKey, MAX_TOKEN_BYTES,
};

const KEY: &[u8] = b"p.admin-token-of-the-workspace";
const NOW: i64 = 1_700_000_000;

/// A value for `exp`, `nbf`, `iat` or `aud`: numbers of every spelling around `NOW`, extremes, and
/// every other JSON type (`None`: the claim is absent).
fn claim_value() -> impl Strategy<Value = Option<Json>> {
    let near = -3i64..4;
    prop_oneof![
        Just(None),
        near.clone().prop_map(|d| Some(Json::Int(NOW + d))),
        (near, 0.0f64..1.0).prop_map(|(d, f)| Some(Json::Float((NOW + d) as f64 + f))),
        prop::sample::select(vec![
            Json::Float(1.7e9),
            Json::Float(-0.5),
            Json::Float(0.0),
            Json::Float(-0.0),
            Json::Float(1e30),
            Json::Float(-1e30),
            Json::Int(0),
            Json::Int(1),
            Json::Int(i64::MAX),
            Json::Int(i64::MIN),
            Json::UInt(u64::MAX),
            Json::Null,
            Json::Bool(true),
            Json::Bool(false),
            Json::String(String::new()),
            Json::String(NOW.to_string()),
            Json::String("x".into()),
            Json::Array(vec![]),
            Json::Array(vec![Json::Int(NOW)]),
            Json::Object(vec![]),
            Json::Object(vec![("a".into(), Json::Int(1))]),
        ])
        .prop_map(Some),
    ]
}

/// Claims text: a Tinybird JWT's claims with the registered ones mutated, written compactly or
/// spaced, sometimes damaged.
fn claims_text() -> impl Strategy<Value = String> {
    (
        [claim_value(), claim_value(), claim_value(), claim_value()],
        any::<bool>(),
        0usize..12,
    )
        .prop_map(|(values, spaced, damage)| {
            let mut entries = vec![
                ("workspace_id".to_owned(), Json::String("w".into())),
                ("name".to_owned(), Json::String("n".into())),
            ];
            for (name, value) in ["exp", "nbf", "iat", "aud"].into_iter().zip(values) {
                if let Some(value) = value {
                    entries.push((name.to_owned(), value));
                }
            }
            entries.push((
                "scopes".to_owned(),
                Json::Array(vec![Json::Object(vec![
                    ("type".into(), Json::String("PIPES:READ".into())),
                    ("resource".into(), Json::String("p".into())),
                ])]),
            ));
            let json = Json::Object(entries);
            let text = if spaced {
                json.to_python_string()
            } else {
                json.to_compact_string()
            };
            let body = text.strip_suffix('}').unwrap_or(&text);
            match damage {
                0 => format!("{body},\"exp\":{NOW}}}"),
                1 => format!("{body},\"exp\":null}}"),
                2 => format!("\u{feff}{text}"),
                3 => format!("{body},\"n\":NaN}}"),
                4 => format!("[{text}]"),
                5 => body.to_owned(),
                6 => format!("{body},\"big\":1e400}}"),
                7 => format!("{body},\"pad\":\"{}\"}}", "x".repeat(MAX_TOKEN_BYTES)),
                _ => text,
            }
        })
}

fn header_text() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"typ":"JWT","alg":"HS256","kid":"k1"}"#,
        r#"{ "alg" : "HS256" }"#,
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"hs256"}"#,
        r#"{"alg":null}"#,
        r#"{"alg":["HS256"]}"#,
        r#"{}"#,
        r#"{"alg":"HS256","crit":["exp"]}"#,
        r#"{"alg":"HS256","b64":true}"#,
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"alg":"HS256",}"#,
        r#"["HS256"]"#,
    ])
}

/// Damage to the signed token's segments (0: none).
fn damaged(token: &str, damage: usize) -> String {
    let (input, signature) = token.rsplit_once('.').unwrap();
    match damage {
        1 => format!("{token}="),
        2 => format!("{token}.x"),
        3 => format!("{input}.{}", &signature[1..]),
        4 => format!("{input}.AAAA"),
        5 => format!("{input}.{}", "A".repeat(43)),
        6 => token.replacen('.', "=.", 1),
        7 => token.replacen('.', "", 1),
        8 => format!("p.{token}"),
        _ => token.to_owned(),
    }
}

fn sign(header: &str, claims: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let signature = URL_SAFE_NO_PAD.encode(hmac_sha256(KEY, input.as_bytes()));
    format!("{input}.{signature}")
}

/// Python's `int()` of the number `json.loads` reads, saturated into i64: what `VerifiedJwt.exp`
/// must be. Written apart from the core's reader, with `trunc` and explicit bounds.
fn python_int(value: &Json) -> i64 {
    match value {
        Json::Int(n) => *n,
        Json::UInt(_) => i64::MAX,
        Json::Float(f) => {
            let t = f.trunc();
            if t >= 9_223_372_036_854_775_807.0 {
                i64::MAX
            } else if t <= -9_223_372_036_854_775_808.0 {
                i64::MIN
            } else {
                t as i64
            }
        }
        other => panic!("exp {other:?} is not a number"),
    }
}

fn code<T>(r: &Result<T, tinybird_tokens::Error>) -> Option<ErrorCode> {
    r.as_ref().err().map(tinybird_tokens::Error::code)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn verify_decode_and_inspect_agree(
        header in header_text(),
        claims in claims_text(),
        damage in 0usize..16,
        now in prop::sample::select(vec![NOW - 4, NOW - 1, NOW, NOW + 1, NOW + 4]),
    ) {
        let token = damaged(&sign(header, &claims), damage);
        let keys = [VerifyingKey::from_bytes(KEY).unwrap()];
        let options = VerifyOptions::at(now);
        let verified = verify_jwt(&token, &keys, &options);
        let decoded = decode_jwt(&token);
        let report = inspect_token(&token, now);
        let first = report.problems.iter().find(|p| p.verification).map(|p| p.code);

        // The fast paths change nothing.
        prop_assert_eq!(format!("{:?}", verify_jwt_full_parse(&token, &keys, &options)), format!("{verified:?}"));
        prop_assert_eq!(format!("{:?}", decode_jwt_full_parse(&token)), format!("{decoded:?}"));

        match &verified {
            Ok(v) => {
                prop_assert_eq!(first, None, "{:?}", report.problems);
                let d = decoded.as_ref().unwrap();
                prop_assert_eq!(&d.header_text, &v.header_text);
                prop_assert_eq!(&d.claims_text, &v.claims_text);
                let exp = python_int(v.claims().get("exp").unwrap());
                prop_assert_eq!(v.exp, exp);
                prop_assert_eq!(report.expires_at, Some(exp));
            }
            Err(e) if e.code() == ErrorCode::InvalidSignature => {
                // Inspection has no key: it can only tell a signature of the wrong length.
                let length = token
                    .rsplit('.')
                    .next()
                    .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
                    .map(|s| s.len());
                if length != Some(32) {
                    prop_assert_eq!(first, Some(ErrorCode::InvalidSignature));
                }
            }
            Err(e) if matches!(e.code(), ErrorCode::TokenExpired | ErrorCode::TokenNotYetValid) => {
                prop_assert_eq!(first, Some(e.code()), "{:?}", report.problems);
                prop_assert!(e.verified().is_some());
                // Without a clock, decoding judges the checks after the time check that failed: it
                // passes, or a later type or audience check fails, which inspection lists too.
                match code(&decoded) {
                    None => {}
                    Some(later) => {
                        prop_assert_eq!(later, ErrorCode::InvalidClaims);
                        let listed = report
                            .problems
                            .iter()
                            .filter(|p| p.verification)
                            .any(|p| p.code == later);
                        prop_assert!(listed, "{:?}", report.problems);
                    }
                }
            }
            Err(e) => {
                prop_assert_eq!(code(&decoded), Some(e.code()), "{}", e.message());
                if token.starts_with("p.") {
                    prop_assert!(report.problems.iter().all(|p| !p.verification));
                } else {
                    prop_assert_eq!(first, Some(e.code()), "{} / {:?}", e.message(), report.problems);
                }
            }
        }
        // `iat` is shown, never a problem.
        prop_assert!(report.problems.iter().all(|p| !p.message.contains("\"iat\"")));
    }
}

//! Property tests: round trips that must hold for every input, not just the vectors.

use proptest::prelude::*;
use tinybird_tokens::{
    decode_jwt, define_token, inspect_token, json::is_compact_canonical, parse_datafile_tokens,
    parse_scope, parse_ttl, render_token_lines, sign_jwt, sign_jwt_json, verify_jwt, Json,
    Permission, ResourceKind, ScopeMode, SigningKey, TokenAttachment, VerifyOptions,
};

fn identifier() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,20}"
}

fn json_leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::Int),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Json::Float),
        any::<String>().prop_map(Json::String),
    ]
}

fn json_value() -> impl Strategy<Value = Json> {
    json_leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the claims, a signed token verifies with the same key and gives the claims back.
    #[test]
    fn sign_then_verify_round_trips(
        extra in prop::collection::btree_map("[a-z]{1,8}", json_value(), 0..6),
        exp in 1_000i64..4_000_000_000,
        key in prop::collection::vec(any::<u8>(), 1..200),
    ) {
        let mut entries: Vec<(String, Json)> = extra.into_iter().filter(|(k, _)| k != "exp").collect();
        entries.push(("exp".to_owned(), Json::Int(exp)));
        let claims = Json::Object(entries);
        let signing = SigningKey::from_bytes(&key).unwrap();
        let token = sign_jwt(&claims, &signing).unwrap();
        let verified = verify_jwt(&token, &[signing.verifying_key()], &VerifyOptions::at(exp - 1)).unwrap();
        prop_assert_eq!(&verified.claims, &claims);
        prop_assert_eq!(decode_jwt(&token).unwrap().claims, claims);
        prop_assert!(token.is_ascii());
    }

    /// Signing JSON text gives the bytes of signing its parsed value, whether or not the text is already
    /// canonical; canonical text is exactly what the writer writes.
    #[test]
    fn sign_json_text_equals_sign_value(
        extra in prop::collection::btree_map("[a-z]{1,8}", json_value(), 0..6),
        spaced in any::<bool>(),
    ) {
        let claims = Json::Object(extra.into_iter().collect());
        let compact = claims.to_compact_string();
        let text = if spaced { claims.to_python_string() } else { compact.clone() };
        if is_compact_canonical(&text) {
            prop_assert_eq!(&text, &compact);
        }
        let key = SigningKey::from_bytes(b"k").unwrap();
        prop_assert_eq!(sign_jwt_json(&text, &key).unwrap(), sign_jwt(&claims, &key).unwrap());
    }

    /// Verification hands back the decoded text of the claims it verified.
    #[test]
    fn verified_text_is_the_claims(extra in prop::collection::btree_map("[a-z]{1,8}", json_value(), 0..6)) {
        let mut entries: Vec<(String, Json)> = extra.into_iter().filter(|(k, _)| k != "exp").collect();
        entries.push(("exp".to_owned(), Json::Int(10)));
        let claims = Json::Object(entries);
        let key = SigningKey::from_bytes(b"k").unwrap();
        let token = sign_jwt(&claims, &key).unwrap();
        let v = verify_jwt(&token, &[key.verifying_key()], &VerifyOptions::at(0)).unwrap();
        prop_assert_eq!(Json::parse(&v.claims_text).unwrap(), claims);
        prop_assert_eq!(Json::parse(&v.header_text).unwrap(), v.header);
    }

    /// `format(parse(s)) == s` for every valid scope, in both modes.
    #[test]
    fn scope_parse_format_is_identity(
        kind in 0usize..8,
        resource in identifier(),
        filter in "[ -~]{1,30}",
    ) {
        let (text, mode) = match kind {
            0 => (format!("DATASOURCES:READ:{resource}"), ScopeMode::Forward),
            1 => (format!("DATASOURCES:APPEND:{resource}"), ScopeMode::Forward),
            2 => (format!("PIPES:READ:{resource}"), ScopeMode::Forward),
            3 => (format!("DATASOURCES:READ:{resource}:{filter}"), ScopeMode::Classic),
            4 => (format!("PIPES:READ:{resource}:{filter}"), ScopeMode::Classic),
            5 => (format!("DATASOURCES:DROP:{resource}"), ScopeMode::Classic),
            6 => (format!("PIPES:CREATE:{resource}"), ScopeMode::Classic),
            _ => ("WORKSPACE:READ_ALL".to_owned(), ScopeMode::Forward),
        };
        // A filter with surrounding spaces makes the whole string padded, which is rejected.
        prop_assume!(text.trim() == text);
        let scope = parse_scope(&text, mode).unwrap();
        prop_assert_eq!(scope.to_string(), text);
    }

    /// Any string either parses as a scope that formats back to itself or is a typed error.
    #[test]
    fn scope_parse_never_panics(text in any::<String>()) {
        if let Ok(scope) = parse_scope(&text, ScopeMode::Classic) {
            prop_assert_eq!(scope.to_string(), text);
        }
    }

    /// Rendering TOKEN lines then parsing them gives the same names and permissions back.
    #[test]
    fn datafile_render_then_parse_is_identity(
        tokens in prop::collection::vec((identifier(), any::<bool>()), 0..10),
        pipe in any::<bool>(),
    ) {
        let kind = if pipe { ResourceKind::Pipe } else { ResourceKind::Datasource };
        let attachments: Vec<TokenAttachment> = tokens
            .iter()
            .map(|(name, append)| {
                let permission = if *append && !pipe { Permission::Append } else { Permission::Read };
                TokenAttachment::new(&define_token(name).unwrap(), kind, permission).unwrap()
            })
            .collect();
        let text = render_token_lines(&attachments);
        let parsed = parse_datafile_tokens(&text, kind).unwrap();
        prop_assert_eq!(parsed.len(), attachments.len());
        for (p, a) in parsed.iter().zip(&attachments) {
            prop_assert_eq!(p.name.as_str(), a.token().name());
            prop_assert_eq!(p.permission, a.permission());
        }
    }

    /// A longer TTL never gives an earlier expiry.
    #[test]
    fn ttl_is_monotonic(a in 0u64..1_000_000, b in 0u64..1_000_000, unit in prop::sample::select(vec!["ms", "s", "m", "h", "d", "w", "y", "us", "ns"])) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let lo_ttl = parse_ttl(&format!("{lo}{unit}")).unwrap();
        let hi_ttl = parse_ttl(&format!("{hi}{unit}")).unwrap();
        prop_assert!(lo_ttl.micros() <= hi_ttl.micros());
        let frac = parse_ttl(&format!("{lo}.5{unit}")).unwrap();
        prop_assert!(lo_ttl.micros() <= frac.micros());
    }

    /// Inspection never panics, whatever it is given.
    #[test]
    fn inspect_never_panics(text in any::<String>(), now in any::<i64>()) {
        let report = inspect_token(&text, now);
        let _ = report.to_json().to_compact_string();
    }
}

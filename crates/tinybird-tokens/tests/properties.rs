//! Property tests: round trips that must hold for every input, not just the vectors.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;
use tinybird_tokens::{
    decode_jwt, decode_jwt_full_parse, define_token, hmac_sha256, inspect_token,
    json::is_compact_canonical, parse_datafile_tokens, parse_scope, parse_ttl, render_token_lines,
    sign_jwt, sign_jwt_json, verify_jwt, verify_jwt_full_parse, Json, Permission, ResourceKind,
    ScopeMode, SigningKey, TokenAttachment, VerifyOptions, VerifyingKey,
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

/// Claims text near the usual form: a JSON object written compactly or spaced, then perhaps broken
/// by one byte from JSON's own alphabet inserted or overwritten somewhere, or a key repeated. The
/// registered claims get floats, `null` and falsy values, which the scan must leave to the parser.
fn claims_text() -> impl Strategy<Value = String> {
    let object = prop::collection::vec(
        (
            prop::sample::select(vec![
                "exp",
                "nbf",
                "aud",
                "iat",
                "a",
                "name",
                "\\u0065xp",
                "\\u0061ud",
                "ñ",
            ]),
            prop_oneof![
                json_value(),
                any::<i64>().prop_map(Json::Int),
                (-3e9f64..3e9).prop_map(Json::Float),
                prop::sample::select(vec![
                    Json::Float(-0.0),
                    Json::Float(0.0),
                    Json::Float(1.7e9),
                    Json::Int(0),
                    Json::Null,
                    Json::Bool(false),
                    Json::String(String::new()),
                    Json::Array(vec![]),
                    Json::Object(vec![]),
                ]),
            ],
        ),
        0..5,
    );
    // Half the objects start with a small integer `exp`, so that the later claim checks (`aud`) are
    // reached often.
    let exp = prop::option::of(-5i64..5);
    let object = (exp, object).prop_map(|(exp, entries)| {
        let exp = exp.map(|n| ("exp".to_owned(), Json::Int(n)));
        Json::Object(
            exp.into_iter()
                .chain(entries.into_iter().map(|(k, v)| (k.to_owned(), v)))
                .collect(),
        )
    });
    let alphabet = br#"{}[]",:\/ 0123456789-+.eEu	nrfl"#.to_vec();
    (
        object,
        any::<bool>(),
        0usize..3,
        any::<prop::sample::Index>(),
        prop::sample::select(alphabet),
    )
        .prop_map(|(json, spaced, mutation, at, byte)| {
            let mut text = if spaced {
                json.to_python_string()
            } else {
                json.to_compact_string()
            };
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            match mutation {
                0 => {}
                1 => text.insert(i, char::from(byte)),
                _ => {
                    if i < text.len() {
                        let width = text[i..].chars().next().map_or(1, char::len_utf8);
                        text.replace_range(i..i + width, &char::from(byte).to_string());
                    }
                }
            }
            if let Some(rest) = text.strip_prefix("{\"a\":") {
                if mutation == 2 {
                    text = format!("{{\"a\":0,\"a\":{rest}");
                }
            }
            text
        })
}

fn unsigned_token(header: &str, claims: &str, key: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let sig = URL_SAFE_NO_PAD.encode(hmac_sha256(key, input.as_bytes()));
    format!("{input}.{sig}")
}

proptest! {
    // Cheap cases, and the rare ones matter (an undamaged object with `exp` and a truthy `aud`).
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Verification and decoding (which skip building trees when a scan can vouch for the claims) agree
    /// with the full-parse reference on every token: the same texts, `exp` and key, or the same error
    /// and message.
    #[test]
    fn scanning_agrees_with_full_parse(
        claims in claims_text(),
        pyjwt_header in any::<bool>(),
        now in prop::sample::select(vec![-1i64, 0, 5, 1_700_000_000, i64::MAX]),
    ) {
        let header = if pyjwt_header { r#"{"alg":"HS256","typ":"JWT"}"# } else { r#"{ "typ":"JWT", "alg":"HS256" }"# };
        let token = unsigned_token(header, &claims, b"k");
        let tree = decode_jwt_full_parse(&token).map(|d| (d.header_text, d.claims_text));
        let text = decode_jwt(&token).map(|d| (d.header_text, d.claims_text));
        prop_assert_eq!(format!("{tree:?}"), format!("{text:?}"));
        let keys = [VerifyingKey::from_bytes(b"k").unwrap()];
        let options = VerifyOptions::at(now);
        let tree = verify_jwt_full_parse(&token, &keys, &options).map(|v| (v.key_index, v.exp, v.header_text, v.claims_text));
        let text = verify_jwt(&token, &keys, &options).map(|v| (v.key_index, v.exp, v.header_text, v.claims_text));
        prop_assert_eq!(format!("{tree:?}"), format!("{text:?}"));
    }
}

/// Generated claims without the ones verification judges (`exp`, `nbf`, `aud`): a random `aud` key
/// with a truthy value, or an `nbf` in the future, is rightly refused, which is not what the round-trip
/// properties test.
fn unjudged(extra: std::collections::BTreeMap<String, Json>) -> Vec<(String, Json)> {
    extra
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "exp" | "nbf" | "aud"))
        .collect()
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
        let mut entries = unjudged(extra);
        entries.push(("exp".to_owned(), Json::Int(exp)));
        let claims = Json::Object(entries);
        let signing = SigningKey::from_bytes(&key).unwrap();
        let token = sign_jwt(&claims, &signing).unwrap();
        let verified = verify_jwt(&token, &[signing.verifying_key()], &VerifyOptions::at(exp - 1)).unwrap();
        prop_assert_eq!(&verified.claims(), &claims);
        prop_assert_eq!(decode_jwt(&token).unwrap().claims(), claims);
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
        let mut entries = unjudged(extra);
        entries.push(("exp".to_owned(), Json::Int(10)));
        let claims = Json::Object(entries);
        let key = SigningKey::from_bytes(b"k").unwrap();
        let token = sign_jwt(&claims, &key).unwrap();
        let v = verify_jwt(&token, &[key.verifying_key()], &VerifyOptions::at(0)).unwrap();
        prop_assert_eq!(Json::parse(&v.claims_text).unwrap(), claims);
        prop_assert_eq!(Json::parse(&v.header_text).unwrap(), v.header());
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
        serde_json::to_string(&report).unwrap();
    }

    /// Reading a project never panics, and every finding has its file: datafile-shaped text with
    /// template tags, quotes, BOMs and multi-byte characters mixed in.
    #[test]
    fn project_reading_never_panics(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "{{", "}}", "{%", "%}", "{#", "#}", "'", "\"", "\\", "(", ")", ",", "=", " ", "\n", "    ",
            "%", "SQL >", "TOKEN", "TOKNE", "READ", "TYPE endpoint", "Int32(", "Array(", "x", "é", "\u{feff}",
        ]), 0..40),
        tail in any::<String>(),
    ) {
        let text = pieces.concat() + &tail;
        let project = tinybird_tokens::Project::from_files(&[
            tinybird_tokens::ProjectFile::new("a.pipe", text.clone()),
            tinybird_tokens::ProjectFile::new("d/a.datasource", text),
        ]);
        for f in project.lint() {
            prop_assert!(f.path.is_some());
        }
    }
}

//! The `jsonwebtoken` bridge: tokens minted by either side verify on the other, over every
//! `create_jwt` vector (non-ASCII claims included) and with rotated keys; and each difference the
//! module docs list between `validation()` and `verify_jwt` holds.
#![cfg(feature = "jsonwebtoken")]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, encode, get_current_timestamp, Algorithm, Header};
use serde_json::json;
use tinybird_tokens::jsonwebtoken::{
    decode_with_keys, decoding_key, decoding_keys, encoding_key, validation,
};
use tinybird_tokens::{
    create_jwt, sign_jwt, verify_jwt, ErrorCode, Expiry, Json, JwtRequest, SigningKey,
    TinybirdClaims, VerifyOptions, MAX_TOKEN_BYTES,
};

#[path = "../../../tests/vectors/load.rs"]
mod load;

/// Two workspace admin tokens: the one before `tb token refresh` and the one after.
const OLD_ADMIN: &str =
    "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";
const NEW_ADMIN: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";

fn now() -> i64 {
    i64::try_from(get_current_timestamp()).unwrap()
}

fn admin(token: &str) -> SigningKey {
    SigningKey::from_admin_token(token).unwrap()
}

/// Every `create_jwt` vector that mints, re-timed to expire an hour from the real clock (jsonwebtoken
/// reads it), with its `now`.
fn requests() -> Vec<(String, JwtRequest)> {
    let mut out = Vec::new();
    for case in load::load() {
        if case.op != "create_jwt" || case.expect.get("ok").is_none() {
            continue;
        }
        let fields: Vec<(String, Json)> = case
            .input
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| !["key", "now", "project"].contains(&k.as_str()))
            .cloned()
            .collect();
        let mut request = JwtRequest::from_json(&Json::Object(fields)).unwrap();
        request.expiry = Expiry::At(now() + 3600);
        out.push((format!("{}/{}", case.file, case.id), request));
    }
    assert!(out.len() >= 30, "{} minting vectors", out.len());
    out
}

/// Ours to theirs and theirs to ours, for every minting vector, with the new key second of two.
#[test]
fn either_side_verifies_the_other() {
    let (old, new) = (admin(OLD_ADMIN), admin(NEW_ADMIN));
    let ours_keys = [old.verifying_key(), new.verifying_key()];
    let theirs_keys = decoding_keys(&ours_keys);
    let (mut non_ascii, mut with_audience) = (0, 0);
    for (id, request) in requests() {
        let t = now();
        let claims = request.tinybird_claims(t).unwrap();

        let ours = create_jwt(&request, &new, t).unwrap();
        // A falsy audience passes Tinybird's verifier, not jsonwebtoken's (module docs, `aud` row).
        let audience = claims
            .extra_claims
            .iter()
            .any(|(k, v)| k == "aud" && *v != Json::Null);
        match decode_with_keys::<TinybirdClaims>(&ours, &theirs_keys, &validation()) {
            Ok((index, data)) if !audience => {
                assert_eq!((index, &data.claims), (1, &claims), "{id}");
                assert_eq!(data.header.alg, Algorithm::HS256);
            }
            Err(e) if audience => {
                assert_eq!(*e.kind(), ErrorKind::InvalidAudience, "{id}");
                with_audience += 1;
            }
            other => panic!("{id}: {other:?}"),
        }

        let theirs = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &encoding_key(&new).unwrap(),
        )
        .unwrap();
        let verified = verify_jwt(&theirs, &ours_keys, &VerifyOptions::at(t)).unwrap();
        assert_eq!(verified.key_index, 1, "{id}");
        let read = TinybirdClaims::from_json(&Json::parse(&verified.claims_text).unwrap()).unwrap();
        assert_eq!(read, claims, "{id}");

        // Same claims, other bytes: jsonwebtoken's header order, and raw UTF-8 where PyJWT escapes.
        assert_ne!(ours, theirs);
        if !verified.claims_text.is_ascii() {
            non_ascii += 1;
            assert!(
                decode_payload(&ours).is_ascii(),
                "{id}: PyJWT escapes non-ASCII"
            );
        }

        // A key that was never one of the workspace's verifies neither.
        let stranger = [old.verifying_key()];
        let e = verify_jwt(&theirs, &stranger, &VerifyOptions::at(t)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidSignature);
        let e = decode_with_keys::<TinybirdClaims>(&ours, &decoding_keys(&stranger), &validation())
            .unwrap_err();
        assert_eq!(*e.kind(), ErrorKind::InvalidSignature);
    }
    assert!(non_ascii >= 2, "{non_ascii} vectors with non-ASCII claims");
    assert_eq!(with_audience, 1);
}

fn decode_payload(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// Non-ASCII everywhere a claim can hold text, minted on one side and read on the other.
#[test]
fn non_ascii_claims() {
    let key = admin(NEW_ADMIN);
    let t = now();
    let text = format!(
        r#"{{"workspace_id":"w","name":"usuario_ñ","expires_at":{},"scopes":[
            {{"type":"PIPES:READ","resource":"top","fixed_params":{{"ciudad":"Zürich ☕","n":3}}}},
            {{"type":"DATASOURCES:READ","resource":"ev","filter":"city = 'Kraków'"}}],
            "extra_claims":{{"emoji":"😀","nested":{{"日本":["é",1.5]}}}}}}"#,
        t + 600
    );
    let request = JwtRequest::from_json(&Json::parse(&text).unwrap()).unwrap();
    let claims = request.tinybird_claims(t).unwrap();
    let ours = create_jwt(&request, &key, t).unwrap();
    assert!(decode_payload(&ours).is_ascii(), "PyJWT escapes non-ASCII");
    let theirs = encode(&Header::default(), &claims, &encoding_key(&key).unwrap()).unwrap();
    assert!(
        decode_payload(&theirs).contains("Zürich ☕"),
        "serde_json writes UTF-8"
    );
    let dk = decoding_key(&key.verifying_key());
    assert_eq!(
        decode::<TinybirdClaims>(&ours, &dk, &validation())
            .unwrap()
            .claims,
        claims
    );
    let verified = verify_jwt(&theirs, &[key.verifying_key()], &VerifyOptions::at(t)).unwrap();
    assert_eq!(
        Json::parse(&verified.claims_text).unwrap(),
        Json::parse(&decode_payload(&ours)).unwrap()
    );
}

/// The bridge's keys are the admin token's bytes: a raw HMAC key from them matches, a key that is not
/// an admin token does not mint, and no key at all is a wrong signature.
#[test]
fn keys() {
    let raw = jsonwebtoken::DecodingKey::from_secret(NEW_ADMIN.as_bytes()).unwrap();
    let key = admin(NEW_ADMIN);
    let token = sign_jwt(
        &Json::parse(&format!(r#"{{"exp":{}}}"#, now() + 60)).unwrap(),
        &key,
    )
    .unwrap();
    assert!(decode::<serde_json::Value>(&token, &raw, &validation()).is_ok());
    let plain = SigningKey::from_bytes(b"not an admin token").unwrap();
    assert_eq!(
        encoding_key(&plain).unwrap_err().code(),
        ErrorCode::InvalidSigningKey
    );
    let e = decode_with_keys::<serde_json::Value>(&token, &[], &validation()).unwrap_err();
    assert_eq!(*e.kind(), ErrorKind::InvalidSignature);
    // A key from SigningKey::from_secret keeps the same bytes.
    let from_secret = SigningKey::from_secret(NEW_ADMIN.as_bytes()).unwrap();
    assert!(decode::<serde_json::Value>(
        &token,
        &decoding_key(&from_secret.verifying_key()),
        &validation()
    )
    .is_ok());
}

/// The admin token in the renderings a `Debug` could leak it in: as text, as a byte list, in hex and in
/// base64; each whole and as a fragment of its first bytes.
fn renderings(secret: &str) -> Vec<String> {
    let bytes = secret.as_bytes();
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let mut out = vec![secret.to_owned(), secret[secret.len() - 43..].to_owned()];
    for part in [bytes, &bytes[..12]] {
        out.push(format!("{part:?}"));
        out.push(format!("{part:?}").trim_end_matches(']').to_owned());
        out.push(hex(part));
        out.push(hex(part).to_uppercase());
        out.push(base64::engine::general_purpose::STANDARD.encode(part));
        out.push(URL_SAFE_NO_PAD.encode(part));
    }
    out
}

/// The bridge's keys print no secret: jsonwebtoken's `Debug` redacts the bytes we hand it.
#[test]
fn key_debug_shows_no_secret() {
    let key = admin(NEW_ADMIN);
    let printed = [
        format!("{:?}", encoding_key(&key).unwrap()),
        format!("{:#?}", encoding_key(&key).unwrap()),
        format!("{:?}", decoding_key(&key.verifying_key())),
        format!("{:#?}", decoding_keys(&[key.verifying_key()])),
    ];
    for text in &printed {
        assert!(text.contains("redacted"), "{text}");
        for secret in renderings(NEW_ADMIN) {
            // Printing `secret` would leak it: say which rendering matched instead.
            assert!(
                !text.contains(&secret),
                "a rendering of {} bytes",
                secret.len()
            );
        }
    }
}

/// Both verdicts on a token signed by the core with `claims` (any JSON object), at the real clock:
/// ours (a code) and jsonwebtoken's (a kind), `Ok` as `None`.
fn verdicts(claims: &serde_json::Value) -> (Option<ErrorCode>, Option<ErrorKind>) {
    let key = SigningKey::from_bytes(b"k").unwrap();
    let token = sign_jwt(&Json::parse(&claims.to_string()).unwrap(), &key).unwrap();
    verdicts_of(&token, &key)
}

fn verdicts_of(token: &str, key: &SigningKey) -> (Option<ErrorCode>, Option<ErrorKind>) {
    let t = now();
    let ours = verify_jwt(token, &[key.verifying_key()], &VerifyOptions::at(t));
    let dk = jsonwebtoken::DecodingKey::from_secret(b"k").unwrap();
    let theirs = decode::<serde_json::Value>(token, &dk, &validation());
    (
        ours.err().map(|e| e.code()),
        theirs.err().map(|e| e.into_kind()),
    )
}

/// Runs `f` until the clock's second is the same before and after, so that checks at a second's
/// boundary do not depend on when the test runs; the caller asserts on what it returns.
fn within_one_second<T>(f: impl Fn(i64) -> T) -> T {
    loop {
        let before = now();
        let out = f(before);
        if now() == before {
            return out;
        }
    }
}

type Verdicts = (Option<ErrorCode>, Option<ErrorKind>);

/// What agrees: the expiry second (thanks to the preset's one second of margin), `nbf`, a missing
/// `exp`, a truthy audience, iat/iss/sub left alone.
#[test]
fn validation_agrees_with_verify_jwt() {
    use ErrorCode::*;
    let got: Vec<Verdicts> = within_one_second(|t| {
        vec![
            verdicts(&json!({"exp": t})),
            verdicts(&json!({"exp": t + 1})),
            verdicts(&json!({"exp": t + 60, "nbf": t + 1})),
            verdicts(&json!({"exp": t + 60, "nbf": t})),
        ]
    });
    assert_eq!(
        got,
        [
            (Some(TokenExpired), Some(ErrorKind::ExpiredSignature)),
            (None, None),
            (Some(TokenNotYetValid), Some(ErrorKind::ImmatureSignature)),
            (None, None),
        ]
    );
    let t = now();
    assert_eq!(
        verdicts(&json!({"a": 1})),
        (
            Some(MissingClaim),
            Some(ErrorKind::MissingRequiredClaim("exp".into()))
        )
    );
    assert_eq!(
        verdicts(&json!({"exp": null})),
        (
            Some(MissingClaim),
            Some(ErrorKind::MissingRequiredClaim("exp".into()))
        )
    );
    for aud in [json!("app"), json!(["a"])] {
        assert_eq!(
            verdicts(&json!({"exp": t + 60, "aud": aud})),
            (Some(InvalidClaims), Some(ErrorKind::InvalidAudience))
        );
    }
    assert_eq!(
        verdicts(
            &json!({"exp": t + 60, "aud": null, "iat": "soon", "iss": 1, "sub": 1, "jti": []})
        ),
        (None, None)
    );
}

/// Every row of the module docs' table of differences, as it reads today.
#[test]
fn the_documented_differences_hold() {
    use ErrorCode::*;
    let t = now();
    // exp / nbf values: rounded, not truncated; negative refused.
    let got: Vec<Verdicts> = within_one_second(|t| {
        let half = t as f64 + 0.5;
        vec![
            verdicts(&json!({"exp": t + 60, "nbf": half})),
            verdicts(&json!({"exp": half})),
        ]
    });
    assert_eq!(
        got,
        [
            (None, Some(ErrorKind::ImmatureSignature)),
            (Some(TokenExpired), None)
        ]
    );
    assert_eq!(
        verdicts(&json!({"exp": t + 60, "nbf": -5})),
        (None, Some(ErrorKind::InvalidClaimFormat("nbf".into())))
    );
    assert_eq!(
        verdicts(&json!({"exp": -5})),
        (
            Some(TokenExpired),
            Some(ErrorKind::MissingRequiredClaim("exp".into()))
        )
    );
    // exp of 0.
    assert_eq!(
        verdicts(&json!({"exp": 0})),
        (Some(TokenExpired), Some(ErrorKind::InvalidToken))
    );
    // Check order: exp before nbf.
    assert_eq!(
        verdicts(&json!({"exp": t - 10, "nbf": t + 10})),
        (Some(TokenNotYetValid), Some(ErrorKind::ExpiredSignature))
    );
    // A bad Tinybird claim wins over an expired token when decoding into TinybirdClaims, with the
    // core's message.
    let key = admin(NEW_ADMIN);
    let no_scopes = sign_jwt(
        &Json::parse(&format!(
            r#"{{"workspace_id":"w","name":"n","exp":{},"scopes":[]}}"#,
            t - 10
        ))
        .unwrap(),
        &key,
    )
    .unwrap();
    let e = verify_jwt(&no_scopes, &[key.verifying_key()], &VerifyOptions::at(t)).unwrap_err();
    assert_eq!(e.code(), TokenExpired);
    let dk = decoding_key(&key.verifying_key());
    let e = decode::<TinybirdClaims>(&no_scopes, &dk, &validation()).unwrap_err();
    match e.kind() {
        ErrorKind::Json(inner) => assert!(
            inner
                .to_string()
                .starts_with("A JWT needs at least one scope."),
            "{inner}"
        ),
        other => panic!("{other:?}"),
    }
    // aud: falsy values pass ours, not jsonwebtoken's.
    for (aud, kind) in [
        (json!(""), ErrorKind::InvalidAudience),
        (json!([]), ErrorKind::InvalidAudience),
        (json!(0), ErrorKind::InvalidClaimFormat("aud".into())),
        (json!(false), ErrorKind::InvalidClaimFormat("aud".into())),
        (json!({}), ErrorKind::InvalidClaimFormat("aud".into())),
    ] {
        assert_eq!(
            verdicts(&json!({"exp": t + 60, "aud": aud})),
            (None, Some(kind)),
            "{aud}"
        );
    }
    // sub: an array or an object stops jsonwebtoken's reading of the claims.
    for sub in [json!([]), json!({"a": 1})] {
        let (ours, theirs) = verdicts(&json!({"exp": t + 60, "sub": sub}));
        assert_eq!(ours, None);
        assert!(
            matches!(theirs, Some(ErrorKind::Json(_))),
            "{sub}: {theirs:?}"
        );
    }
    // Header crit / b64.
    let k = SigningKey::from_bytes(b"k").unwrap();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","crit":["b64"],"b64":true}"#);
    let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{}}}"#, t + 60));
    let input = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(k.mac(input.as_bytes()));
    assert_eq!(
        verdicts_of(&format!("{input}.{signature}"), &k),
        (Some(MalformedToken), None)
    );
    // Token size.
    let big = json!({"exp": t + 60, "pad": "x".repeat(MAX_TOKEN_BYTES)});
    let theirs = encode(
        &Header::default(),
        &big,
        &jsonwebtoken::EncodingKey::from_secret(b"k").unwrap(),
    )
    .unwrap();
    assert_eq!(verdicts_of(&theirs, &k), (Some(TokenTooLarge), None));
}

/// The module docs' claim that jsonwebtoken alone accepts a token in its `exp` second: the margin in
/// the preset is what closes it.
#[test]
fn the_margin_is_needed() {
    let mut bare = validation();
    bare.reject_tokens_expiring_in_less_than = 0;
    let key = SigningKey::from_bytes(b"k").unwrap();
    let dk = jsonwebtoken::DecodingKey::from_secret(b"k").unwrap();
    let (bare_ok, preset) = within_one_second(|t| {
        let token = sign_jwt(&Json::parse(&format!(r#"{{"exp":{t}}}"#)).unwrap(), &key).unwrap();
        (
            decode::<serde_json::Value>(&token, &dk, &bare).is_ok(),
            decode::<serde_json::Value>(&token, &dk, &validation()).map_err(|e| e.into_kind()),
        )
    });
    assert!(bare_ok);
    assert_eq!(preset.unwrap_err(), ErrorKind::ExpiredSignature);
}

//! The glue's logic as plain Rust (no `JsValue`), so it has native unit tests: JSON text in, JSON text
//! or token text out, core errors unchanged. Type conversion only: the key policy is the core's
//! [`KeySet`], every message and code comes from the core.

use crate::ring::Ring;
use tinybird_tokens::json::{Json, JsonRef};
#[cfg(feature = "project")]
use tinybird_tokens::{ops, Project};
/// The lean module (feature `project` off) has no projects: no project can be given.
#[cfg(not(feature = "project"))]
type Project = std::convert::Infallible;
use tinybird_tokens::{
    DecodedJwt, Error, ErrorCode, JwtRequest, KeySet, StaticToken, VerifiedJwt, VerifyOptions,
};

/// Argument misuse by the TypeScript layer (a bug there, or a caller bypassing its types).
pub(crate) fn misuse(message: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// Parses JSON text that the TypeScript layer made with `JSON.stringify`.
pub(crate) fn parse(text: &str, what: &str) -> Result<Json, Error> {
    Json::parse(text).map_err(|e| misuse(format!("{what} is not valid JSON ({e}).")))
}

/// A JS number that must be an integer (`now`, `leeway`, `maxTokenBytes`).
pub(crate) fn int_arg(value: f64, name: &str) -> Result<i64, Error> {
    // 2^53: every integer up to it is exact in an f64, and the cast below cannot saturate.
    const MAX_SAFE: f64 = 9_007_199_254_740_992.0;
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE {
        Ok(value as i64)
    } else {
        Err(misuse(format!("\"{name}\" must be an integer.")))
    }
}

/// `ops::call` on JSON text.
#[cfg(feature = "project")]
pub fn call(op: &str, input: &str) -> Result<String, Error> {
    let input = parse(input, "The operation input")?;
    Ok(ops::call(op, &input)?.to_compact_string())
}

/// Signs claims (JSON text of an object) with PyJWT's bytes (`tinybird_tokens::sign_jwt_json`).
pub fn sign_jwt(keys: &KeySet, claims: &str) -> Result<String, Error> {
    tinybird_tokens::sign_jwt_json(claims, keys.signing_key()?)
}

/// A JWT request (the core's JSON form) and `now`, as `create_jwt` and the project check read them.
pub(crate) fn jwt_request(request: &str, now: f64) -> Result<(JwtRequest, i64), Error> {
    let now = int_arg(now, "now")?;
    Ok((
        JwtRequest::from_json(&parse(request, "The JWT request")?)?,
        now,
    ))
}

/// Mints a Tinybird JWT from the core's JSON request form (`JwtRequest::from_json`); with a project,
/// checked against it first (`project_check_failed`, with the findings, when the check finds an error).
pub fn create_jwt(
    keys: &KeySet,
    request: &str,
    now: f64,
    project: Option<&Project>,
) -> Result<String, Error> {
    let key = keys.admin_key()?;
    let (request, now) = jwt_request(request, now)?;
    match project {
        #[cfg(feature = "project")]
        Some(p) => tinybird_tokens::create_jwt_checked(&request, key, now, p),
        #[cfg(not(feature = "project"))]
        Some(never) => match *never {},
        None => tinybird_tokens::create_jwt(&request, key, now),
    }
}

/// [`create_jwt`] (no project) on the request form, as a `Json` or in a typed tree, with its checks
/// in the same order.
pub fn create_jwt_from(keys: &KeySet, request: JsonRef<'_>, now: f64) -> Result<String, Error> {
    let key = keys.admin_key()?;
    let now = int_arg(now, "now")?;
    tinybird_tokens::create_jwt(&JwtRequest::from_json(request)?, key, now)
}

/// The `VerifyOptions` of a JS call: `now` and `leeway` in seconds; no `max_token_bytes` means the
/// core's default.
pub fn verify_options(
    now: f64,
    leeway: f64,
    max_token_bytes: Option<f64>,
) -> Result<VerifyOptions, Error> {
    let mut options =
        VerifyOptions::at(int_arg(now, "now")?).with_leeway_seconds(int_arg(leeway, "leeway")?)?;
    if let Some(max_token_bytes) = max_token_bytes {
        options.max_token_bytes = usize::try_from(int_arg(max_token_bytes, "maxTokenBytes")?)
            .ok()
            .filter(|m| *m > 0)
            .ok_or_else(|| misuse("\"maxTokenBytes\" must be a positive integer.".into()))?;
    }
    Ok(options)
}

/// Appends `{"header","claims","keyIndex"}` of a verified JWT to `out`.
pub fn push_verified(out: &mut String, v: &VerifiedJwt) {
    push_texts(out, &v.header_text, &v.claims_text, Some(v.key_index));
}

/// Appends `{"header","claims"}` of a decoded JWT to `out`.
pub fn push_decoded(out: &mut String, d: &DecodedJwt) {
    push_texts(out, &d.header_text, &d.claims_text, None);
}

/// Appends `{"header":h,"claims":c}`, with `"keyIndex"` last when given, from the decoded segment
/// texts the core validated, as they are (the TypeScript layer hands it to `JSON.parse`).
pub(crate) fn push_texts(out: &mut String, h: &str, c: &str, key_index: Option<usize>) {
    out.reserve(h.len() + c.len() + 40);
    out.push_str("{\"header\":");
    out.push_str(h);
    out.push_str(",\"claims\":");
    out.push_str(c);
    if let Some(i) = key_index {
        out.push_str(",\"keyIndex\":");
        out.push_str(&i.to_string());
    }
    out.push('}');
}

/// Starts the ring's verification cache: `capacity` must be a positive integer (the core refuses 0).
pub fn enable_cache(ring: &mut Ring, capacity: f64) -> Result<(), Error> {
    let capacity = usize::try_from(int_arg(capacity, "cache")?)
        .map_err(|_| misuse("\"cache\" must be a positive integer (a number of tokens).".into()))?;
    ring.enable_cache(capacity)
}

/// Decodes a JWT without verifying it; JSON text `{"header","claims"}`.
pub fn decode_jwt(token: &str) -> Result<String, Error> {
    let d = tinybird_tokens::decode_jwt(token)?;
    let mut out = String::with_capacity(d.header_text.len() + d.claims_text.len() + 40);
    push_decoded(&mut out, &d);
    Ok(out)
}

/// `now` as the ops read an integer from JSON (`JSON.stringify` writes every integral number in i64's
/// range as an integer): the same `invalid_argument` for anything else.
fn json_int(value: f64, name: &str) -> Result<i64, Error> {
    // -2^63 ..< 2^63: exactly the f64 values an i64 holds.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if value.is_finite() && value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
        Ok(value as i64)
    } else {
        Err(misuse(format!("\"{name}\" must be an integer.")))
    }
}

/// The `inspect_token` op on its two arguments: the core's `Inspection` as JSON text.
pub fn inspect_token(token: &str, now: f64) -> Result<String, Error> {
    let now = json_int(now, "now")?;
    Ok(Json::from_serialize(&tinybird_tokens::inspect_token(token, now))?.to_compact_string())
}

/// The `parse_fixed_params` op on its argument: the `[name, value]` pairs as JSON text.
pub fn parse_fixed_params(text: &str) -> Result<String, Error> {
    Ok(tinybird_tokens::parse_fixed_params(text)?
        .to_pairs()
        .to_compact_string())
}

/// The `decode_static_token` op on its argument: the token's fields as JSON text.
pub fn decode_static_token(token: &str) -> Result<String, Error> {
    static_json(&tinybird_tokens::decode_static_token(token)?)
}

/// Fresh Tinybird Local tokens from 64 random bytes (the TypeScript layer takes them from
/// `crypto.getRandomValues`); JSON text `{"workspace_token","user_token"}`.
pub fn generate_local_tokens(random: &[u8]) -> Result<String, Error> {
    let random: &[u8; 64] = random
        .try_into()
        .map_err(|_| misuse("generateLocalTokens needs 64 random bytes.".into()))?;
    let tokens = tinybird_tokens::local_tokens_from_random(random)?;
    let field = |k: &str, v: &str| (k.to_owned(), Json::String(v.to_owned()));
    Ok(Json::Object(vec![
        field("workspace_token", &tokens.workspace_token),
        field("user_token", &tokens.user_token),
    ])
    .to_compact_string())
}

/// HMAC-SHA256 of `data` under `key`: the 32-byte tag.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    tinybird_tokens::hmac_sha256(key, data).to_vec()
}

/// Checks a full 32-byte HMAC-SHA256 tag in constant time (`invalid_signature` if it does not match).
pub fn verify_hmac_sha256(key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), Error> {
    tinybird_tokens::verify_hmac_sha256(key, data, tag)
}

/// Verifies a static token with `secret`; JSON text of the core's `StaticToken`
/// (`{owner_kind, owner_id, token_id, region, api_host}`).
pub fn verify_static_token(token: &str, secret: &[u8]) -> Result<String, Error> {
    static_json(&tinybird_tokens::verify_static_token(token, secret)?)
}

/// Signs a static token whose fields come as JSON text `{owner_kind, owner_id, token_id, region?}`
/// (JSON, so a mistyped field is the core's `invalid_argument`, as through `ops`, not a JS coercion).
pub fn generate_static_token(fields: &str, secret: &[u8]) -> Result<String, Error> {
    let token = StaticToken::from_json(&parse(fields, "The token fields")?)?;
    tinybird_tokens::generate_static_token(&token, secret)
}

/// The core's `StaticToken` as JSON text, through its own `Serialize`.
fn static_json(token: &StaticToken) -> Result<String, Error> {
    Ok(Json::from_serialize(token)?.to_compact_string())
}

/// The core's NumericDate claim names, as a JSON array.
pub fn numeric_date_claims() -> String {
    Json::Array(
        tinybird_tokens::NUMERIC_DATE_CLAIMS
            .iter()
            .map(|c| Json::String((*c).to_owned()))
            .collect(),
    )
    .to_compact_string()
}

/// Every error code, as a JSON array.
pub fn error_codes() -> String {
    Json::Array(
        ErrorCode::ALL
            .iter()
            .map(|c| Json::String(c.as_str().to_owned()))
            .collect(),
    )
    .to_compact_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";

    fn code(r: Result<String, Error>) -> &'static str {
        r.unwrap_err().code().as_str()
    }

    /// The verify exports' composition (options, the ring's verify, the JSON text).
    fn verify_jwt(
        keys: &Ring,
        token: &str,
        now: f64,
        leeway: f64,
        max: Option<f64>,
    ) -> Result<String, Error> {
        let options = verify_options(now, leeway, max)?;
        let v = keys.verify(token, &options)?;
        let mut out = String::new();
        push_verified(&mut out, &v);
        Ok(out)
    }

    fn keys(secrets: &[&[u8]]) -> Ring {
        let mut set = Ring::default();
        for s in secrets {
            set.push_secret(s).unwrap();
        }
        set
    }

    /// `inspectToken`, `decodeStaticToken` and `parseFixedParams` are exports of their own so that the
    /// lean module has them
    /// without the ops table: the same output and errors as the ops, for `now` as `JSON.stringify`
    /// writes it.
    #[cfg(feature = "project")]
    #[test]
    fn dedicated_exports_equal_their_ops() {
        let jwt = sign_jwt(&keys(&[b"k"]), r#"{"exp":100,"scopes":[]}"#).unwrap();
        let nows = [
            (0.0, "0"),
            (1.7e9, "1700000000"),
            (-5.0, "-5"),
            (1.5, "1.5"),
            (f64::NAN, "null"),
            (1_152_921_504_606_846_976.0, "1152921504606846976"),
            (1e19, "10000000000000000000"),
        ];
        for token in [
            ADMIN,
            jwt.as_str(),
            "p.x",
            "",
            "a.b.c",
            "é",
            "org_id=acme,n=3",
            "a=1,a=2",
            "a",
        ] {
            let t = Json::String(token.to_owned()).to_compact_string();
            // The same text, or the same code and message.
            let same =
                |direct: Result<String, Error>, via_op: Result<String, Error>, what: &str| {
                    assert_eq!(direct.as_ref().ok(), via_op.as_ref().ok(), "{what} {token}");
                    let shape = |e: Error| (e.code(), e.message().to_owned());
                    assert_eq!(direct.err().map(shape), via_op.err().map(shape), "{what}");
                };
            for (now, text) in nows {
                same(
                    inspect_token(token, now),
                    call("inspect_token", &format!(r#"{{"token":{t},"now":{text}}}"#)),
                    text,
                );
            }
            same(
                parse_fixed_params(token),
                call("parse_fixed_params", &format!(r#"{{"text":{t}}}"#)),
                "parse_fixed_params",
            );
            same(
                decode_static_token(token),
                call("decode_static_token", &format!(r#"{{"token":{t}}}"#)),
                "decode_static_token",
            );
        }
    }

    /// The scope checks are the core's; these pin what the JS API saw when the glue had its own.
    #[cfg(feature = "project")]
    #[test]
    fn call_wraps_ops() {
        assert_eq!(
            call("parse_ttl", r#"{"ttl":"1h"}"#).unwrap(),
            r#"{"seconds":3600}"#
        );
        assert_eq!(code(call("parse_ttl", "{")), "invalid_argument");
        let f = |input: &str| call("format_scope", input);
        assert_eq!(
            f(r#"{"type":"DATASOURCES:READ","resource":"events"}"#).unwrap(),
            r#""DATASOURCES:READ:events""#
        );
        assert_eq!(f(r#"{"type":"TOKENS"}"#).unwrap(), r#""TOKENS""#);
        assert_eq!(
            f(r#"{"type":"PIPES:READ","resource":"p","filter":"a = 1","mode":"classic"}"#).unwrap(),
            r#""PIPES:READ:p:a = 1""#
        );
        assert_eq!(
            code(f(
                r#"{"type":"PIPES:READ","filter":"a = 1","mode":"classic"}"#
            )),
            "missing_resource"
        );
        assert_eq!(
            code(f(r#"{"type":"DATASOURCES","resource":"READ"}"#)),
            "invalid_scope"
        );
        assert_eq!(code(f(r#"{"type":"DATASOURCES:READ:x"}"#)), "invalid_scope");
        assert_eq!(
            code(f(r#"{"type":"DATASOURCES:READ","resource":"a:b"}"#)),
            "invalid_scope"
        );
        assert_eq!(
            code(f(r#"{"type":"PIPES:READ","resource":"p","filter":"x"}"#)),
            "filter_not_supported"
        );
        assert_eq!(code(f(r#"{"type":1}"#)), "invalid_argument");
    }

    #[test]
    fn local_tokens_from_random_bytes() {
        let local = generate_local_tokens(&[7u8; 64]).unwrap();
        assert!(local.starts_with(r#"{"workspace_token":"p."#));
        assert_eq!(local, generate_local_tokens(&[7u8; 64]).unwrap());
        assert_ne!(local, generate_local_tokens(&[8u8; 64]).unwrap());
        assert_eq!(code(generate_local_tokens(&[7u8; 8])), "invalid_argument");
    }

    #[test]
    fn keys_sign_create_verify_decode() {
        let admin = keys(&[ADMIN.as_bytes()]);
        let request = r#"{"workspace_id":"w","name":"n","expires_at":2000000000,"scopes":[{"type":"PIPES:READ","resource":"p"}]}"#;
        let token = create_jwt(&admin, request, 1_700_000_000.0, None).unwrap();
        let out = verify_jwt(&admin, &token, 1_700_000_000.0, 0.0, None).unwrap();
        assert!(out
            .starts_with(r#"{"header":{"alg":"HS256","typ":"JWT"},"claims":{"workspace_id":"w""#));
        assert!(out.ends_with(r#","keyIndex":0}"#));
        assert!(decode_jwt(&token).unwrap().starts_with(r#"{"header":"#));
        assert_eq!(
            code(create_jwt(&admin, request, 1.5, None)),
            "invalid_argument"
        );
        assert_eq!(
            code(verify_jwt(&admin, &token, 1_700_000_000.0, -1.0, None)),
            "invalid_argument"
        );
        assert_eq!(
            code(verify_jwt(&admin, &token, 1_700_000_000.0, 0.0, Some(10.0))),
            "token_too_large"
        );
        assert_eq!(
            code(verify_jwt(&admin, &token, 1_700_000_000.0, 0.0, Some(-5.0))),
            "invalid_argument"
        );
        assert_eq!(
            code(verify_jwt(&admin, &token, 1_700_000_000.0, 0.0, Some(0.0))),
            "invalid_argument"
        );

        let plain = keys(&[b"secret"]);
        assert_eq!(
            code(create_jwt(&plain, request, 0.0, None)),
            "invalid_signing_key"
        );
        let signed = sign_jwt(&plain, r#"{"hola":"caracola","exp":12312313}"#).unwrap();
        assert!(signed.ends_with(".5R8SgceydaC2lxLbPnT98hWIBhB4SLltIDvww7NgYXI"));
        assert_eq!(code(sign_jwt(&plain, "[]")), "invalid_claims");
        // Text the core does not sign as is (non-ASCII, a float) is re-written first; verify and decode
        // hand back the decoded segment text as it is.
        let other = sign_jwt(&plain, r#"{"s":"ñ","n":1.0,"exp":12312313}"#).unwrap();
        let claims = r#"{"s":"\u00f1","n":1.0,"exp":12312313}"#;
        assert_eq!(
            decode_jwt(&other).unwrap(),
            format!(r#"{{"header":{{"alg":"HS256","typ":"JWT"}},"claims":{claims}}}"#)
        );
        assert_eq!(
            verify_jwt(&plain, &other, 0.0, 0.0, None).unwrap(),
            format!(r#"{{"header":{{"alg":"HS256","typ":"JWT"}},"claims":{claims},"keyIndex":0}}"#)
        );
        // Expired: the error carries the matching key and the verified claims.
        let e = verify_jwt(&plain, &other, 12312313.0, 0.0, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenExpired);
        assert_eq!(e.verified().unwrap().claims_text, claims);

        let mut ring = keys(&[&[0xff, 0xfe]]);
        ring.extend(&plain);
        assert_eq!(ring.len(), 2);
        let out = verify_jwt(&ring, &signed, 0.0, 0.0, None).unwrap();
        assert!(out.ends_with(r#","keyIndex":1}"#));
        assert_eq!(
            code(create_jwt(&ring, request, 0.0, None)),
            "invalid_signing_key"
        );

        let empty = Ring::default();
        assert_eq!(code(sign_jwt(&empty, "{}")), "invalid_argument");
        assert_eq!(
            code(verify_jwt(&empty, &signed, 0.0, 0.0, None)),
            "invalid_argument"
        );
        assert_eq!(
            KeySet::new().push_secret(b"").unwrap_err().code(),
            ErrorCode::InvalidSigningKey
        );
    }

    #[test]
    fn cache_capacity_is_a_positive_integer() {
        let mut ring = keys(&[b"secret"]);
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
            let e = enable_cache(&mut ring, bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidArgument, "{bad}");
        }
        assert_eq!(ring.cached(), None);
        enable_cache(&mut ring, 2.0).unwrap();
        let signed = sign_jwt(&ring, r#"{"exp":100}"#).unwrap();
        let fresh = verify_jwt(&keys(&[b"secret"]), &signed, 0.0, 0.0, None).unwrap();
        for _ in 0..2 {
            assert_eq!(verify_jwt(&ring, &signed, 0.0, 0.0, None).unwrap(), fresh);
        }
        assert_eq!(
            code(verify_jwt(&ring, &signed, 100.0, 0.0, None)),
            "token_expired"
        );
    }

    /// RFC 4231 test case 2, and the tag checks the vectors pin (`hmac.json`).
    #[test]
    fn hmac_takes_bytes() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(mac.len(), 32);
        assert_eq!(&mac[..4], &[0x5b, 0xdc, 0xc1, 0x46]);
        assert!(verify_hmac_sha256(b"Jefe", b"what do ya want for nothing?", &mac).is_ok());
        let bad = |tag: &[u8]| verify_hmac_sha256(b"Jefe", b"x", tag).unwrap_err().code();
        assert_eq!(bad(&mac), ErrorCode::InvalidSignature);
        assert_eq!(bad(&mac[..16]), ErrorCode::InvalidSignature);
        assert_eq!(bad(&[]), ErrorCode::InvalidSignature);
    }

    #[test]
    fn static_tokens_take_secret_bytes() {
        let fields = r#"{"owner_kind":"u","owner_id":"11111111-2222-3333-4444-555555555555","token_id":"66666666-7777-8888-9999-000000000000","region":"gcp-europe-west2"}"#;
        assert_eq!(generate_static_token(fields, b"abcd").unwrap(), ADMIN);
        assert_eq!(
            verify_static_token(ADMIN, b"abcd").unwrap(),
            r#"{"owner_kind":"u","owner_id":"11111111-2222-3333-4444-555555555555","token_id":"66666666-7777-8888-9999-000000000000","region":"gcp-europe-west2","api_host":"https://api.europe-west2.gcp.tinybird.co"}"#
        );
        assert_eq!(
            code(verify_static_token(ADMIN, b"abce")),
            "invalid_signature"
        );
        assert_eq!(code(verify_static_token(ADMIN, b"")), "invalid_signing_key");
        assert_eq!(code(verify_static_token("p.x", b"abcd")), "malformed_token");

        // No region (or null) is Tinybird Local's; the fields' types and the owner kind are checked.
        let local = generate_static_token(
            r#"{"owner_kind":"o","owner_id":"w","token_id":"t"}"#,
            b"abcd",
        )
        .unwrap();
        assert!(verify_static_token(&local, b"abcd")
            .unwrap()
            .ends_with(r#""region":null,"api_host":"http://localhost:7181"}"#));
        let fails = |fields: &str| code(generate_static_token(fields, b"abcd"));
        assert_eq!(
            fails(r#"{"owner_kind":"x","owner_id":"w","token_id":"t"}"#),
            "invalid_argument"
        );
        assert_eq!(
            fails(r#"{"owner_kind":"u","owner_id":1,"token_id":"t"}"#),
            "invalid_argument"
        );
        assert_eq!(
            fails(r#"{"owner_kind":"u","owner_id":"w"}"#),
            "invalid_argument"
        );
        assert_eq!(
            fails(r#"{"owner_kind":"u","owner_id":"w","token_id":"t","region":1}"#),
            "invalid_argument"
        );
        assert_eq!(fails("{"), "invalid_argument");
        assert_eq!(
            code(generate_static_token(
                r#"{"owner_kind":"u","owner_id":"w","token_id":"t"}"#,
                b""
            )),
            "invalid_signing_key"
        );
    }

    #[test]
    fn error_codes_are_listed() {
        let codes = error_codes();
        assert!(codes.starts_with(r#"["invalid_token_name","#));
        assert_eq!(codes.matches(',').count() + 1, ErrorCode::ALL.len());
    }
}

//! The glue's logic as plain Rust (no `JsValue`), so it has native unit tests: JSON text in, JSON text
//! or token text out, core errors unchanged.

use tinybird_tokens::json::Json;
use tinybird_tokens::{
    ops, Error, ErrorCode, JwtRequest, SigningKey, VerifyOptions, VerifyingKey, MAX_TOKEN_BYTES,
};

/// Parses JSON text that the TypeScript layer made with `JSON.stringify`; failing means a bug there,
/// reported with `code` rather than a panic.
fn parse(text: &str, code: ErrorCode, what: &str) -> Result<Json, Error> {
    Json::parse(text).map_err(|e| Error::new(code, format!("{what} is not valid JSON ({e}).")))
}

/// A JS number that must be an integer (`now`, `leeway`), with the message `ops` uses for it.
fn int_arg(value: f64, name: &str) -> Result<i64, Error> {
    // 2^53: every integer up to it is exact in an f64, and the cast below cannot saturate.
    const MAX_SAFE: f64 = 9_007_199_254_740_992.0;
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE {
        Ok(value as i64)
    } else {
        Err(Error::new(
            ErrorCode::InvalidClaims,
            format!("\"{name}\" must be an integer."),
        ))
    }
}

/// `ops::call` on JSON text.
pub fn call(op: &str, input: &str) -> Result<String, Error> {
    let input = parse(input, ErrorCode::InvalidClaims, "The operation input")?;
    Ok(ops::call(op, &input)?.to_compact_string())
}

/// Prepared HS256 keys: the first one signs (and, if it is a workspace admin token, mints JWTs), all
/// of them verify, in order.
#[derive(Default)]
pub struct KeyRing {
    signing: Option<SigningKey>,
    /// Why the signing key cannot mint Tinybird JWTs (the core's own message), if it cannot.
    not_admin: Option<Error>,
    verifying: Vec<VerifyingKey>,
}

impl KeyRing {
    fn push(&mut self, key: SigningKey, not_admin: Option<Error>) {
        self.verifying.push(key.verifying_key());
        if self.signing.is_none() {
            self.signing = Some(key);
            self.not_admin = not_admin;
        }
    }

    /// Adds a key given as text: a workspace admin token (`p.…`) or any other non-empty secret.
    pub fn add_text(&mut self, key: &str) -> Result<(), Error> {
        match SigningKey::from_admin_token(key) {
            Ok(k) => self.push(k, None),
            Err(e) => self.push(SigningKey::from_bytes(key.as_bytes())?, Some(e)),
        }
        Ok(())
    }

    /// Adds a key given as bytes; UTF-8 bytes of an admin token count as the admin token.
    pub fn add_bytes(&mut self, key: &[u8]) -> Result<(), Error> {
        match std::str::from_utf8(key) {
            Ok(text) => self.add_text(text),
            Err(_) => {
                let k = SigningKey::from_bytes(key)?;
                let e = SigningKey::from_admin_token("").unwrap_err();
                self.push(k, Some(e));
                Ok(())
            }
        }
    }

    /// Adds copies of every key of `other`.
    pub fn extend(&mut self, other: &KeyRing) {
        if self.signing.is_none() {
            self.signing.clone_from(&other.signing);
            self.not_admin.clone_from(&other.not_admin);
        }
        self.verifying.extend(other.verifying.iter().cloned());
    }

    /// How many keys verify.
    pub fn len(&self) -> usize {
        self.verifying.len()
    }

    /// Whether the ring has no key.
    pub fn is_empty(&self) -> bool {
        self.verifying.is_empty()
    }

    /// Whether the signing key is a workspace admin token.
    pub fn is_admin_token(&self) -> bool {
        self.signing
            .as_ref()
            .is_some_and(SigningKey::is_admin_token)
    }

    fn signing(&self) -> Result<&SigningKey, Error> {
        self.signing
            .as_ref()
            .ok_or_else(|| Error::new(ErrorCode::InvalidSigningKey, "Give a key to sign with."))
    }
}

/// Signs claims (JSON text of an object) with PyJWT's bytes (`tinybird_tokens::sign_jwt_json`).
pub fn sign_jwt(keys: &KeyRing, claims: &str) -> Result<String, Error> {
    tinybird_tokens::sign_jwt_json(claims, keys.signing()?)
}

/// Mints a Tinybird JWT from the core's JSON request form (`JwtRequest::from_json`).
pub fn create_jwt(keys: &KeyRing, request: &str, now: f64) -> Result<String, Error> {
    let key = keys.signing()?;
    if let Some(e) = &keys.not_admin {
        return Err(e.clone());
    }
    let now = int_arg(now, "now")?;
    let request = parse(request, ErrorCode::InvalidClaims, "The JWT request")?;
    tinybird_tokens::create_jwt(&JwtRequest::from_json(&request)?, key, now)
}

/// Verifies a JWT; JSON text `{"header","claims","keyIndex"}`.
pub fn verify_jwt(
    keys: &KeyRing,
    token: &str,
    now: f64,
    leeway: f64,
    max_token_bytes: f64,
) -> Result<String, Error> {
    let mut options =
        VerifyOptions::at(int_arg(now, "now")?).with_leeway_seconds(int_arg(leeway, "leeway")?)?;
    if max_token_bytes > 0.0 {
        options.max_token_bytes = int_arg(max_token_bytes, "maxTokenBytes")
            .ok()
            .and_then(|m| usize::try_from(m).ok())
            .unwrap_or(MAX_TOKEN_BYTES);
    }
    let v = tinybird_tokens::verify_jwt_text(token, &keys.verifying, &options)?;
    let mut out = parts_json(&v.header_text, &v.claims_text);
    out.pop();
    out.push_str(",\"keyIndex\":");
    out.push_str(&v.key_index.to_string());
    out.push('}');
    Ok(out)
}

/// Decodes a JWT without verifying it; JSON text `{"header","claims"}`.
pub fn decode_jwt(token: &str) -> Result<String, Error> {
    let d = tinybird_tokens::decode_jwt_text(token)?;
    Ok(parts_json(&d.header_text, &d.claims_text))
}

/// `{"header":…,"claims":…}` from the decoded segment text the core validated, as it is (the
/// TypeScript layer hands it to `JSON.parse`).
fn parts_json(h: &str, c: &str) -> String {
    let mut out = String::with_capacity(h.len() + c.len() + 40);
    out.push_str("{\"header\":");
    out.push_str(h);
    out.push_str(",\"claims\":");
    out.push_str(c);
    out.push('}');
    out
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

    /// The scope checks are the core's; these pin what the JS API saw when the glue had its own.
    #[test]
    fn call_wraps_ops() {
        assert_eq!(
            call("parse_ttl", r#"{"ttl":"1h"}"#).unwrap(),
            r#"{"seconds":3600}"#
        );
        assert_eq!(code(call("parse_ttl", "{")), "invalid_claims");
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
        assert_eq!(code(f(r#"{"type":1}"#)), "invalid_scope");
        let local = call("generate_local_tokens", "{}").unwrap();
        assert!(local.starts_with(r#"{"workspace_token":"p."#));
    }

    #[test]
    fn keys_sign_create_verify_decode() {
        let mut admin = KeyRing::default();
        admin.add_text(ADMIN).unwrap();
        assert!(admin.is_admin_token());
        let request = r#"{"workspace_id":"w","name":"n","expires_at":2000000000,"scopes":[{"type":"PIPES:READ","resource":"p"}]}"#;
        let token = create_jwt(&admin, request, 1_700_000_000.0).unwrap();
        let out = verify_jwt(&admin, &token, 1_700_000_000.0, 0.0, 0.0).unwrap();
        assert!(out
            .starts_with(r#"{"header":{"alg":"HS256","typ":"JWT"},"claims":{"workspace_id":"w""#));
        assert!(out.ends_with(r#","keyIndex":0}"#));
        assert!(decode_jwt(&token).unwrap().starts_with(r#"{"header":"#));
        assert_eq!(code(create_jwt(&admin, request, 1.5)), "invalid_claims");
        assert_eq!(
            code(verify_jwt(&admin, &token, 1_700_000_000.0, -1.0, 0.0)),
            "invalid_claims"
        );
        assert_eq!(
            code(verify_jwt(&admin, &token, 1_700_000_000.0, 0.0, 10.0)),
            "token_too_large"
        );

        let mut plain = KeyRing::default();
        plain.add_text("secret").unwrap();
        assert!(!plain.is_admin_token());
        assert_eq!(
            code(create_jwt(&plain, request, 0.0)),
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
            verify_jwt(&plain, &other, 0.0, 0.0, 0.0).unwrap(),
            format!(r#"{{"header":{{"alg":"HS256","typ":"JWT"}},"claims":{claims},"keyIndex":0}}"#)
        );

        let mut ring = KeyRing::default();
        ring.add_bytes(&[0xff, 0xfe]).unwrap();
        ring.extend(&plain);
        assert_eq!(ring.len(), 2);
        let out = verify_jwt(&ring, &signed, 0.0, 0.0, 0.0).unwrap();
        assert!(out.ends_with(r#","keyIndex":1}"#));
        assert_eq!(code(create_jwt(&ring, request, 0.0)), "invalid_signing_key");

        let empty = KeyRing::default();
        assert_eq!(code(sign_jwt(&empty, "{}")), "invalid_signing_key");
        assert_eq!(
            code(verify_jwt(&empty, &signed, 0.0, 0.0, 0.0)),
            "invalid_signing_key"
        );
        assert_eq!(
            KeyRing::default().add_text("").unwrap_err().code(),
            ErrorCode::InvalidSigningKey
        );
    }

    #[test]
    fn error_codes_are_listed() {
        let codes = error_codes();
        assert!(codes.starts_with(r#"["invalid_token_name","#));
        assert_eq!(codes.matches(',').count() + 1, ErrorCode::ALL.len());
    }
}

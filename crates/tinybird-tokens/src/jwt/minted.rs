//! What every minted JWT must satisfy, whichever function mints it (`create_jwt`, `sign_jwt`,
//! `sign_jwt_json`): no Tinybird token inside its claims, and a size that verification accepts.

use std::fmt::Write as _;

use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::jwt::header::JWT_HEADER_B64;
use crate::jwt::verify::MAX_TOKEN_BYTES;
use crate::secrets::contains_secret;

/// Length of a base64url-encoded HMAC-SHA256 tag (32 bytes, no padding).
const SIGNATURE_B64_LEN: usize = 43;

/// Checks the compact payload text before it is signed.
///
/// A JWT's claims are readable by anyone who holds it (they are only base64), so a static token or a
/// JWT inside any string of them, key or value, at any depth, is `secret_in_claim`. The compact writer
/// leaves ASCII letters, digits, `-`, `_` and `.` as they are, and JSON puts a quote between strings,
/// so scanning the text finds exactly the secrets its strings hold; the claim's path is then looked up
/// for the message (never the value).
// `#[inline]` here and on `JwtRequest::tinybird_claims`, its other caller, which the npm package never
// calls: without both, this became one shared out-of-line function and the .wasm grew by 89 bytes.
#[inline]
pub(crate) fn check_payload(payload: &str) -> Result<()> {
    if contains_secret(payload) {
        let path = Json::parse(payload)
            .ok()
            .and_then(|claims| secret_path(&claims, &mut String::new()))
            .unwrap_or_else(|| "(claims)".to_owned());
        return Err(Error::new(
            ErrorCode::SecretInClaim,
            format!(
                "The JWT claim {path} holds a Tinybird token (a static token or a JWT): anyone holding the JWT can read its claims, so a token is never signed into one."
            ),
        )
        .with_input(path));
    }
    let len = JWT_HEADER_B64.len() + 1 + (payload.len() * 4).div_ceil(3) + 1 + SIGNATURE_B64_LEN;
    if len > MAX_TOKEN_BYTES {
        return Err(Error::new(
            ErrorCode::TokenTooLarge,
            format!(
                "The JWT would be {len} bytes long; verification accepts at most {MAX_TOKEN_BYTES}, so it would never be accepted: make the claims smaller."
            ),
        ));
    }
    Ok(())
}

/// The path (`name`, `scopes[0].fixed_params.org_id`) of the first string, key or value, holding a
/// secret. A key holding one names its parent and is masked by the error like any message.
pub(crate) fn secret_path(value: &Json, path: &mut String) -> Option<String> {
    match value {
        Json::String(s) => contains_secret(s).then(|| path.clone()),
        Json::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            let _ = write!(path, "[{i}]");
            let found = secret_path(item, path);
            path.truncate(len);
            found
        }),
        Json::Object(entries) => entries.iter().find_map(|(key, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            let found = if contains_secret(key) {
                Some(path.clone())
            } else {
                secret_path(item, path)
            };
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: &str = "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";

    #[test]
    fn secrets_are_named_by_path() {
        let payload = format!(
            r#"{{"name":"n","scopes":[{{"type":"PIPES:READ","resource":"p","fixed_params":{{"org_id":"x{ADMIN}"}}}}]}}"#
        );
        let e = check_payload(&payload).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SecretInClaim);
        assert_eq!(e.input(), Some("scopes[0].fixed_params.org_id"));
        assert!(!e.message().contains(ADMIN));
        let e = check_payload(&format!(r#"{{"a":{{"{ADMIN}":1}}}}"#)).unwrap_err();
        assert_eq!(e.input(), Some("a.p.eyJ1…"));
        assert!(check_payload(r#"{"name":"app.example.com"}"#).is_ok());
    }

    #[test]
    fn the_predicted_length_is_the_real_one() {
        let key = crate::SigningKey::from_bytes(b"k").unwrap();
        for n in 0..8 {
            let payload = format!(r#"{{"x":"{}"}}"#, "a".repeat(n));
            let token = crate::sign_jwt_json(&payload, &key).unwrap();
            let predicted =
                JWT_HEADER_B64.len() + 1 + (payload.len() * 4).div_ceil(3) + 1 + SIGNATURE_B64_LEN;
            assert_eq!(token.len(), predicted);
        }
    }
}

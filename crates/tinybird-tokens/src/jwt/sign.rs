//! Signing: any JSON object as an HS256 JWT with PyJWT's bytes.

use crate::b64;
use crate::error::{Error, ErrorCode, Result};
use crate::json::{is_compact_canonical, Json, Style, Unsignable, MAX_NESTING};
use crate::jwt::header::JWT_HEADER_B64;
use crate::jwt::minted::check_payload;
use crate::keys::SigningKey;

/// Signs any JSON object as an HS256 JWT, keys in the given order, with PyJWT's bytes.
///
/// Like [`crate::create_jwt`], it refuses claims that hold a Tinybird static token or JWT in any
/// string, key or value, at any depth (`secret_in_claim`: JWT claims are readable by whoever holds the
/// token), and claims that would make a token longer than [`crate::MAX_TOKEN_BYTES`]
/// (`token_too_large`: verification would reject it).
pub fn sign_jwt(claims: &Json, key: &SigningKey) -> Result<String> {
    sign_object(claims, key, true)
}

/// Signs an object of claims; `check` runs [`Json::check_signable`], which what the strict parser
/// built already satisfies (finite, at most `MAX_NESTING` deep).
fn sign_object(claims: &Json, key: &SigningKey, check: bool) -> Result<String> {
    if claims.as_object().is_none() {
        return Err(Error::new(
            ErrorCode::InvalidClaims,
            "JWT claims must be a JSON object.",
        ));
    }
    if check {
        claims.check_signable(MAX_NESTING).map_err(unsignable)?;
    }
    let mut payload = String::with_capacity(256);
    claims.write(&mut payload, Style::Compact);
    sign_payload(&payload, key)
}

/// Signs claims given as JSON text (the form a binding gets from its runtime), with the same bytes as
/// [`sign_jwt`] of the parsed text. Text already in the writer's canonical compact form is signed as it
/// is; anything else is parsed strictly (an object, no duplicate keys) and re-written first.
pub fn sign_jwt_json(text: &str, key: &SigningKey) -> Result<String> {
    if is_compact_canonical(text) {
        return sign_payload(text, key);
    }
    let claims = Json::parse(text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidClaims,
            format!("The claims are not valid JSON ({e})."),
        )
    })?;
    sign_object(&claims, key, false)
}

pub(crate) fn unsignable(why: Unsignable) -> Error {
    let message = match why {
        Unsignable::TooDeep => format!(
            "JWT claims may nest at most {MAX_NESTING} levels deep: deeper ones would not verify."
        ),
        Unsignable::NotFinite => {
            "JWT claims cannot carry NaN or infinite numbers (JSON has none).".to_owned()
        }
    };
    Error::new(ErrorCode::InvalidClaims, message)
}

/// `HEADER.base64url(payload).base64url(HMAC)`, once the payload passes the minting rules
/// ([`check_payload`]: no Tinybird token in a claim, a size verification accepts).
pub(crate) fn sign_payload(payload: &str, key: &SigningKey) -> Result<String> {
    check_payload(payload)?;
    let mut token = String::with_capacity(JWT_HEADER_B64.len() + payload.len() * 4 / 3 + 48);
    token.push_str(JWT_HEADER_B64);
    token.push('.');
    b64::encode_into(payload.as_bytes(), &mut token);
    let signature = key.mac(token.as_bytes());
    token.push('.');
    b64::encode_into(&signature, &mut token);
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyjwt_doctest_vector() {
        let key = SigningKey::from_bytes(b"secret").unwrap();
        let claims = Json::parse(r#"{"hola":"caracola","exp":12312313}"#).unwrap();
        assert_eq!(
            sign_jwt(&claims, &key).unwrap(),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJob2xhIjoiY2FyYWNvbGEiLCJleHAiOjEyMzEyMzEzfQ.5R8SgceydaC2lxLbPnT98hWIBhB4SLltIDvww7NgYXI"
        );
    }
}

//! The JOSE header of Tinybird JWTs: PyJWT's, and the header rules verification and inspection share.

use std::sync::OnceLock;

use crate::error::{Error, ErrorCode};
use crate::json::Json;

/// base64url of `{"alg":"HS256","typ":"JWT"}`, PyJWT's header (its keys sorted).
pub const JWT_HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// The header PyJWT writes, which [`JWT_HEADER_B64`] encodes.
pub(crate) const PYJWT_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// [`PYJWT_HEADER`] parsed once.
pub(crate) fn pyjwt_header() -> &'static Json {
    static HEADER: OnceLock<Json> = OnceLock::new();
    HEADER.get_or_init(|| Json::parse(PYJWT_HEADER).expect("a valid constant"))
}

/// `malformed_token` with the message every JWT shape error uses.
pub(crate) fn malformed(why: &str) -> Error {
    Error::new(ErrorCode::MalformedToken, format!("Malformed JWT: {why}."))
}

/// Everything wrong with a JWT header, in check order: `alg` (HS256 only), then `crit` / `b64`, which
/// change how a token must be processed and are not supported. Verification stops at the first;
/// inspection lists them all.
pub(crate) fn header_errors(header: &Json) -> Vec<Error> {
    let mut errors = Vec::new();
    match header.get("alg") {
        Some(Json::String(alg)) if alg == "HS256" => {}
        Some(Json::String(alg)) => errors.push(Error::new(
            ErrorCode::AlgorithmNotAllowed,
            format!(
                "The JWT algorithm is {}; only HS256 is accepted.",
                crate::error::quoted(alg)
            ),
        )),
        Some(_) => errors.push(Error::new(
            ErrorCode::AlgorithmNotAllowed,
            "The JWT alg header is not a string.",
        )),
        None => errors.push(Error::new(
            ErrorCode::AlgorithmNotAllowed,
            "The JWT has no alg header.",
        )),
    }
    for param in ["crit", "b64"] {
        if header.get(param).is_some() {
            errors.push(malformed(&format!(
                "the header parameter \"{param}\" is not supported"
            )));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_constant_is_pyjwt_header() {
        assert_eq!(
            crate::b64::decode(JWT_HEADER_B64).unwrap(),
            PYJWT_HEADER.as_bytes()
        );
        assert!(header_errors(pyjwt_header()).is_empty());
    }
}

//! Verifying and decoding HS256 JWTs, strictly.
//!
//! Checks run in a fixed order so that every surface reports the same code for the same token: size,
//! shape, header, algorithm, header parameters, signature (constant time, against each key), payload,
//! then claims. Nothing in the payload is read before the signature matches.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::b64;
use crate::error::{err, ErrorCode, Result};
use crate::json::Json;
use crate::json_scan::{scan_claims, TimeClaims};
use crate::jwt::JWT_HEADER_B64;
use crate::keys::VerifyingKey;

/// The longest token accepted, in bytes. Tinybird JWTs carry a few scopes and fixed params and stay
/// well under 2 KiB; 16 KiB leaves room for large fixed-param sets while bounding the work an attacker
/// can cause.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Options for [`verify_jwt`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The current Unix time in seconds (the core never reads the clock).
    pub now: i64,
    /// Seconds of clock skew tolerated on `exp` and `nbf`. Default 0.
    pub leeway: u64,
    /// The largest token accepted. Default [`MAX_TOKEN_BYTES`].
    pub max_token_bytes: usize,
}

impl VerifyOptions {
    /// Options at `now` with no leeway and the default size cap.
    pub fn at(now: i64) -> VerifyOptions {
        VerifyOptions {
            now,
            leeway: 0,
            max_token_bytes: MAX_TOKEN_BYTES,
        }
    }

    /// The same options with `leeway` seconds of tolerance.
    pub fn with_leeway(mut self, leeway: u64) -> VerifyOptions {
        self.leeway = leeway;
        self
    }

    /// The same options with a leeway given as a signed number of seconds, as the bindings receive
    /// it: a negative leeway is `invalid_claims`, never taken as zero.
    pub fn with_leeway_seconds(self, leeway: i64) -> Result<VerifyOptions> {
        let leeway = u64::try_from(leeway).map_err(|_| {
            err(
                ErrorCode::InvalidClaims,
                "leeway must be a non-negative integer.",
            )
        })?;
        Ok(self.with_leeway(leeway))
    }
}

/// A JWT's header and claims, read without verification.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedJwt {
    /// The JOSE header.
    pub header: Json,
    /// The claims.
    pub claims: Json,
    /// The header's JSON text as decoded (bindings hand it to their own JSON parser).
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// A JWT whose signature and time claims were checked.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedJwt {
    /// The JOSE header.
    pub header: Json,
    /// The claims.
    pub claims: Json,
    /// Which of the given keys matched (the first that did).
    pub key_index: usize,
    /// The `exp` claim.
    pub exp: i64,
    /// The header's JSON text as decoded.
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// A JWT whose signature and time claims were checked, as the decoded texts only
/// ([`verify_jwt_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedJwtText {
    /// Which of the given keys matched (the first that did).
    pub key_index: usize,
    /// The `exp` claim.
    pub exp: i64,
    /// The header's JSON text as decoded.
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// A JWT's header and claims texts, read without verification ([`decode_jwt_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedJwtText {
    /// The header's JSON text as decoded.
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// The header PyJWT writes, which [`JWT_HEADER_B64`] encodes.
const PYJWT_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn pyjwt_header() -> &'static Json {
    static HEADER: OnceLock<Json> = OnceLock::new();
    HEADER.get_or_init(|| Json::parse(PYJWT_HEADER).expect("a valid constant"))
}

fn malformed(why: &str) -> crate::Error {
    err(ErrorCode::MalformedToken, format!("Malformed JWT: {why}."))
}

struct Parts<'a> {
    header_segment: &'a str,
    payload_segment: &'a str,
    signature_segment: &'a str,
}

fn split(token: &str, max_bytes: usize) -> Result<Parts<'_>> {
    if token.len() > max_bytes {
        return Err(err(
            ErrorCode::TokenTooLarge,
            format!(
                "The token is {} bytes long; at most {max_bytes} are accepted.",
                token.len()
            ),
        ));
    }
    let mut it = token.split('.');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(header_segment), Some(payload_segment), Some(signature_segment), None) => Ok(Parts {
            header_segment,
            payload_segment,
            signature_segment,
        }),
        _ => Err(malformed(&format!(
            "a JWT has 3 segments separated by dots, this has {}",
            token.split('.').count()
        ))),
    }
}

/// PyJWT's header without parsing it when the segment is its encoding, else the decoded header.
fn known_or_decoded_header(segment: &str) -> Result<(Cow<'static, Json>, String)> {
    if segment == JWT_HEADER_B64 {
        Ok((Cow::Borrowed(pyjwt_header()), PYJWT_HEADER.to_owned()))
    } else {
        decode_object(segment, "header").map(|(json, text)| (Cow::Owned(json), text))
    }
}

/// Decodes a segment into a JSON object and its text (valid UTF-8 once parsed).
fn decode_object(segment: &str, what: &str) -> Result<(Json, String)> {
    object_from_bytes(decode_segment(segment, what)?, what)
}

fn decode_segment(segment: &str, what: &str) -> Result<Vec<u8>> {
    b64::decode(segment).ok_or_else(|| {
        malformed(&format!(
            "the {what} is not strict base64url (no padding, no whitespace)"
        ))
    })
}

fn object_from_bytes(bytes: Vec<u8>, what: &str) -> Result<(Json, String)> {
    let json = Json::parse_bytes(&bytes)
        .map_err(|e| malformed(&format!("the {what} is not valid JSON ({e})")))?;
    if json.as_object().is_none() {
        return Err(malformed(&format!("the {what} is not a JSON object")));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| malformed(&format!("the {what} is not UTF-8")))?;
    Ok((json, text))
}

/// A decoded payload: its text, and either its tree or the time claims a scan vouched for.
struct Payload {
    text: String,
    judged: Judged,
}

enum Judged {
    Tree(Json),
    Scanned(TimeClaims),
}

impl Payload {
    /// With `tree`, always parsed in full; without, scanned when [`scan_claims`] can vouch for the
    /// text and parsed in full otherwise, so every error is the full parser's.
    fn decode(segment: &str, tree: bool) -> Result<Payload> {
        let bytes = decode_segment(segment, "payload")?;
        let bytes = if tree {
            bytes
        } else {
            match String::from_utf8(bytes) {
                Ok(text) => match scan_claims(&text) {
                    Some(t) => {
                        return Ok(Payload {
                            text,
                            judged: Judged::Scanned(t),
                        })
                    }
                    None => text.into_bytes(),
                },
                Err(e) => e.into_bytes(),
            }
        };
        let (json, text) = object_from_bytes(bytes, "payload")?;
        Ok(Payload {
            text,
            judged: Judged::Tree(json),
        })
    }

    fn time_claim(&self, name: &str) -> Result<Option<i64>> {
        match &self.judged {
            Judged::Scanned(t) => Ok(if name == "exp" { t.exp } else { t.nbf }),
            Judged::Tree(tree) => time_claim(tree, name),
        }
    }

    /// The claims tree and text (parsed now if only scanned).
    fn into_tree(self) -> Result<(Json, String)> {
        match self.judged {
            Judged::Tree(json) => Ok((json, self.text)),
            Judged::Scanned(_) => object_from_bytes(self.text.into_bytes(), "payload"),
        }
    }
}

/// Everything wrong with a JWT header, in check order: `alg` (HS256 only), then `crit` / `b64`, which
/// change how a token must be processed and are not supported. Verification stops at the first;
/// inspection lists them all.
pub(crate) fn header_errors(header: &Json) -> Vec<crate::Error> {
    let mut errors = Vec::new();
    match header.get("alg") {
        Some(Json::String(alg)) if alg == "HS256" => {}
        Some(Json::String(alg)) => errors.push(err(
            ErrorCode::AlgorithmNotAllowed,
            format!("The JWT algorithm is {alg:?}; only HS256 is accepted."),
        )),
        Some(_) => errors.push(err(
            ErrorCode::AlgorithmNotAllowed,
            "The JWT alg header is not a string.",
        )),
        None => errors.push(err(
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

/// Reads an integer time claim: a JSON integer that fits in i64.
pub(crate) fn time_claim(claims: &Json, name: &str) -> Result<Option<i64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(Json::Int(n)) => Ok(Some(*n)),
        Some(_) => Err(err(
            ErrorCode::InvalidClaims,
            format!("The \"{name}\" claim must be an integer number of seconds."),
        )
        .with_input(name)),
    }
}

/// Verifies an HS256 JWT against one or more keys (e.g. the admin token before and after
/// `tb token refresh`), then its `exp` (required) and `nbf`.
///
/// Expired means `exp <= now - leeway`; not yet valid means `nbf > now + leeway` (PyJWT's rules). `iat`
/// is not checked, as Tinybird does not.
pub fn verify_jwt(
    token: &str,
    keys: &[VerifyingKey],
    options: &VerifyOptions,
) -> Result<VerifiedJwt> {
    let v = verify(token, keys, options, true)?;
    let (claims, claims_text) = v.payload.into_tree()?;
    Ok(VerifiedJwt {
        header: v.header.into_owned(),
        claims,
        key_index: v.key_index,
        exp: v.exp,
        header_text: v.header_text,
        claims_text,
    })
}

/// [`verify_jwt`] for a caller that parses the texts itself (the npm package hands them to
/// `JSON.parse`): the same checks, errors and codes, without building the header and claims trees
/// when the texts are in the usual form.
pub fn verify_jwt_text(
    token: &str,
    keys: &[VerifyingKey],
    options: &VerifyOptions,
) -> Result<VerifiedJwtText> {
    let v = verify(token, keys, options, false)?;
    Ok(VerifiedJwtText {
        key_index: v.key_index,
        exp: v.exp,
        header_text: v.header_text,
        claims_text: v.payload.text,
    })
}

/// What [`verify`] checked, for the two public variants to shape.
struct Checked {
    header: Cow<'static, Json>,
    header_text: String,
    key_index: usize,
    payload: Payload,
    exp: i64,
}

/// Every check of [`verify_jwt`], in its fixed order; `tree` says whether the claims tree is wanted.
fn verify(
    token: &str,
    keys: &[VerifyingKey],
    options: &VerifyOptions,
    tree: bool,
) -> Result<Checked> {
    if keys.is_empty() {
        return Err(err(
            ErrorCode::InvalidSigningKey,
            "Give at least one key to verify with.",
        ));
    }
    let parts = split(token, options.max_token_bytes)?;
    let (header, header_text) = known_or_decoded_header(parts.header_segment)?;
    // PyJWT's header (every Tinybird JWT's) passes these checks; they run on it anyway: they are cheap.
    if let Some(first) = header_errors(&header).into_iter().next() {
        return Err(first);
    }
    let signature = b64::decode(parts.signature_segment)
        .ok_or_else(|| malformed("the signature is not strict base64url"))?;
    let signing_input =
        &token.as_bytes()[..parts.header_segment.len() + 1 + parts.payload_segment.len()];
    let key_index = keys
        .iter()
        .position(|key| key.verify(signing_input, &signature))
        .ok_or_else(|| {
            err(
                ErrorCode::InvalidSignature,
                "The JWT signature does not match the key.",
            )
        })?;
    let payload = Payload::decode(parts.payload_segment, tree)?;
    let exp = payload.time_claim("exp")?.ok_or_else(|| {
        err(
            ErrorCode::MissingClaim,
            "The JWT has no \"exp\" claim; Tinybird requires one.",
        )
        .with_input("exp")
    })?;
    let nbf = payload.time_claim("nbf")?;
    let leeway = i64::try_from(options.leeway).unwrap_or(i64::MAX);
    if i128::from(exp) <= i128::from(options.now) - i128::from(leeway) {
        return Err(err(
            ErrorCode::TokenExpired,
            format!("The JWT expired at {exp} (now is {}).", options.now),
        ));
    }
    if let Some(nbf) = nbf {
        if i128::from(nbf) > i128::from(options.now) + i128::from(leeway) {
            return Err(err(
                ErrorCode::TokenNotYetValid,
                format!(
                    "The JWT is not valid before {nbf} (now is {}).",
                    options.now
                ),
            ));
        }
    }
    Ok(Checked {
        header,
        header_text,
        key_index,
        payload,
        exp,
    })
}

/// Reads a JWT's header and claims without verifying anything but their shape. Never trust the
/// result: anyone can write these bytes.
pub fn decode_jwt(token: &str) -> Result<DecodedJwt> {
    let parts = split(token, MAX_TOKEN_BYTES)?;
    let (header, header_text) = known_or_decoded_header(parts.header_segment)?;
    let (claims, claims_text) = decode_object(parts.payload_segment, "payload")?;
    Ok(DecodedJwt {
        header: header.into_owned(),
        claims,
        header_text,
        claims_text,
    })
}

/// [`decode_jwt`] as texts only, for a caller that parses them itself: the same checks and errors,
/// without building the claims tree when the text is in the usual form.
pub fn decode_jwt_text(token: &str) -> Result<DecodedJwtText> {
    let parts = split(token, MAX_TOKEN_BYTES)?;
    let (_, header_text) = known_or_decoded_header(parts.header_segment)?;
    let payload = Payload::decode(parts.payload_segment, false)?;
    Ok(DecodedJwtText {
        header_text,
        claims_text: payload.text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SigningKey;
    use crate::sign_jwt;

    fn token(claims: &str, key: &[u8]) -> String {
        sign_jwt(
            &Json::parse(claims).unwrap(),
            &SigningKey::from_bytes(key).unwrap(),
        )
        .unwrap()
    }

    fn vk(key: &[u8]) -> VerifyingKey {
        VerifyingKey::from_bytes(key).unwrap()
    }

    #[test]
    fn verifies_with_rotation() {
        let t = token(r#"{"exp":100}"#, b"new");
        let v = verify_jwt(&t, &[vk(b"old"), vk(b"new")], &VerifyOptions::at(50)).unwrap();
        assert_eq!(v.key_index, 1);
        assert_eq!(v.exp, 100);
        let e = verify_jwt(&t, &[vk(b"old")], &VerifyOptions::at(50)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidSignature);
    }

    #[test]
    fn time_claims() {
        let t = token(r#"{"exp":100,"nbf":60}"#, b"k");
        let at =
            |now, leeway| verify_jwt(&t, &[vk(b"k")], &VerifyOptions::at(now).with_leeway(leeway));
        assert_eq!(at(100, 0).unwrap_err().code(), ErrorCode::TokenExpired);
        assert!(at(100, 1).is_ok());
        assert_eq!(at(59, 0).unwrap_err().code(), ErrorCode::TokenNotYetValid);
        assert!(at(59, 1).is_ok());
        let no_exp = token(r#"{"a":1}"#, b"k");
        let e = verify_jwt(&no_exp, &[vk(b"k")], &VerifyOptions::at(0)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MissingClaim);
        let float_exp = token(r#"{"exp":100.0}"#, b"k");
        let e = verify_jwt(&float_exp, &[vk(b"k")], &VerifyOptions::at(0)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidClaims);
    }

    #[test]
    fn errors_never_echo_the_signature() {
        let t = token(r#"{"exp":100}"#, b"k");
        let sig = t.rsplit('.').next().unwrap();
        for e in [
            verify_jwt(&t, &[vk(b"x")], &VerifyOptions::at(0)).unwrap_err(),
            verify_jwt(&t, &[vk(b"k")], &VerifyOptions::at(200)).unwrap_err(),
        ] {
            assert!(!e.to_string().contains(sig));
            assert!(!format!("{e:?}").contains(sig));
        }
    }
}

//! Verifying and decoding HS256 JWTs, strictly, with Tinybird's verdicts.
//!
//! Tinybird verifies a JWT with PyJWT 2.9: HS256, the workspace admin token as key, `exp` required,
//! `iat` not checked, no audience, no issuer. [`verify_jwt`] accepts no token PyJWT refuses, and
//! refuses more only where the table below says so.
//!
//! # Check order
//!
//! Checks run in a fixed order, the first failure wins, so every surface reports the same code for the
//! same token. Nothing in the payload is read before the signature matches.
//!
//! 1. an empty key: `invalid_signing_key` (when the [`VerifyingKey`] is built); a negative leeway
//!    ([`VerifyOptions::with_leeway_seconds`]) or no key at all: `invalid_argument`;
//! 2. a `p.` token (static, not a JWT): `malformed_token`; longer than [`MAX_TOKEN_BYTES`]:
//!    `token_too_large`; not exactly 3 segments: `malformed_token`;
//! 3. the header: strict base64url, UTF-8, strict JSON, an object, else `malformed_token`; `alg`
//!    missing, not a string or not `HS256`: `algorithm_not_allowed`; `crit` or `b64` present:
//!    `malformed_token`;
//! 4. the signature: strict base64url, else `malformed_token`; not 32 bytes or matching no key:
//!    `invalid_signature` (constant time, against each key);
//! 5. the payload: strict base64url, UTF-8, strict JSON, an object, else `malformed_token`;
//! 6. `exp` absent or `null`: `missing_claim` (PyJWT's `require` reads a null `exp` as missing);
//! 7. `nbf`, if present (even `null`): a NumericDate, else `invalid_claims`; `nbf > now + leeway`:
//!    `token_not_yet_valid`;
//! 8. `exp`: a NumericDate, else `invalid_claims`; `exp <= now - leeway`: `token_expired`;
//! 9. `aud` present and truthy in Python's sense: `invalid_claims` (Tinybird's verifier is given no
//!    audience, so it refuses a token bound to one; `null`, `false`, `0`, `""`, `[]`, `{}` pass).
//!
//! A NumericDate is any JSON number: an integer saturated into `i64`, a fraction or exponent form
//! truncated toward zero (Python's `int()`) then saturated. `iat`, `iss`, `sub` and `jti` are never
//! looked at, as Tinybird does not.
//!
//! [`decode_jwt`] runs every check but the HMAC comparison and the clock: steps 2, 3, the spelling
//! of the signature (not its length or value), 5, 6, the types of 7-8, and 9. With the right
//! signature, it fails with verification's code whenever verification fails with another code than
//! `token_expired` / `token_not_yet_valid` (one exception: a time check that fails before a later type
//! or audience check gives verification the time code, while decoding, without a clock, reports the
//! later `invalid_claims`).
//!
//! # Deliberately stricter than Tinybird
//!
//! Every token PyJWT 2.9 refuses, these functions refuse. These are the only tokens they refuse that it
//! accepts; the ids are stable (the README has the same table, and the differential test against PyJWT
//! keys on them).
//!
//! | id | we refuse | PyJWT 2.9 / Tinybird | why |
//! | --- | --- | --- | --- |
//! | `segments` | anything but exactly 3 dot-separated segments | splits once from each end; extra dots land in the payload and are skipped by its base64 decoder | one token, one spelling: extra segments are damage or smuggling |
//! | `base64` | a segment that is not strict base64url: `=` padding, whitespace or any other non-alphabet character, `+` or `/`, non-zero trailing bits | its decoder drops unknown characters and ignores trailing bits | many spellings of one signed token; copy-paste damage should fail loudly; JS verifiers disagree with each other on these |
//! | `json_text` | header/claims text that is not RFC 8259 JSON in UTF-8: a BOM, UTF-16/32, invalid UTF-8 (UTF-8-encoded surrogates included), `NaN`/`Infinity`, lone `\u` surrogate escapes | Python's `json` accepts them | not JSON: `JSON.parse` and every other runtime reject or read them differently, so the token would work in Python only |
//! | `duplicate_members` | a member name twice in the header or the claims (any depth) | the last one wins | parsers disagree on which wins: a known way to smuggle a second `exp` or `scopes` past another verifier |
//! | `number_range` | a JSON number beyond the f64 range (e.g. `1e400`, a 400-digit integer) | reads `1e400` as inf and integers up to 4,300 digits exactly | no other runtime can represent it; a Tinybird JWT never has one |
//! | `nesting` | JSON nested deeper than 127 levels (the outermost object counts as one) | about 1,000 (recursion limit) | bounds the work per token |
//! | `size` | a token longer than 16,384 bytes | no limit | bounds the work per token; Tinybird JWTs stay under 2 KiB and HTTP stacks cap header sizes |
//! | `crit` | any `crit` header parameter | 2.9 ignores it | RFC 7515 §4.1.11 says a verifier must refuse what it does not understand; PyJWT ≥ 2.10 refuses unknown `crit` |
//! | `b64` | any `b64` header parameter (PyJWT refuses only `false`) | `true` passes | RFC 7797: `b64` is only meaningful with `crit`, which we refuse |
//! | `numeric_date_type` | `exp` / `nbf` that is a string or a boolean | `int()` reads `"1700000000"`, `" 17 "`, `"1_7"`, `true` | RFC 7519's NumericDate is a JSON number; jose, jsonwebtoken and fast-jwt refuse these, so the token would fail in every JS stack |

use crate::b64;
use crate::error::{Error, ErrorCode, Result, VerifiedParts};
use crate::json::Json;
use crate::json::{scan_claims, TimeClaims};
use crate::jwt::claims::TinybirdClaims;
use crate::jwt::header::{header_errors, malformed, pyjwt_header, JWT_HEADER_B64, PYJWT_HEADER};
use crate::jwt::registered::{Clock, Registered};
use crate::keys::VerifyingKey;

/// The longest token accepted, in bytes. Tinybird JWTs carry a few scopes and fixed params and stay
/// well under 2 KiB; 16 KiB leaves room for large fixed-param sets while bounding the work an attacker
/// can cause.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Options for [`verify_jwt`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
    /// it: a negative leeway is `invalid_argument`, never taken as zero.
    #[doc(hidden)]
    pub fn with_leeway_seconds(self, leeway: i64) -> Result<VerifyOptions> {
        let leeway = u64::try_from(leeway).map_err(|_| {
            Error::new(
                ErrorCode::InvalidArgument,
                "leeway must be a non-negative integer.",
            )
        })?;
        Ok(self.with_leeway(leeway))
    }
}

/// A JWT's header and claims texts, read without verification ([`decode_jwt`]). Never trust them:
/// anyone can write these bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodedJwt {
    /// The header's JSON text as decoded (bindings hand it to their own JSON parser).
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// A JWT whose signature and time claims were checked ([`verify_jwt`]): the texts as decoded, parsed
/// on demand, so that callers with their own JSON parser pay for no tree.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedJwt {
    /// Which of the given keys matched (the first that did).
    pub key_index: usize,
    /// The `exp` claim as a NumericDate: truncated toward zero, saturated into `i64`.
    pub exp: i64,
    /// The header's JSON text as decoded.
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// Parses a text that verification or decoding already judged to be a JSON object.
fn judged_object(text: &str) -> Json {
    // The scan only vouches for texts the strict parser reads the same way, so this cannot fail; were
    // it ever to, an empty object is returned rather than a panic across a binding.
    Json::parse(text).unwrap_or(Json::Object(Vec::new()))
}

impl DecodedJwt {
    /// The header as a tree.
    pub fn header(&self) -> Json {
        judged_object(&self.header_text)
    }

    /// The claims as a tree.
    pub fn claims(&self) -> Json {
        judged_object(&self.claims_text)
    }
}

impl VerifiedJwt {
    /// The header as a tree.
    pub fn header(&self) -> Json {
        judged_object(&self.header_text)
    }

    /// The claims as a tree.
    pub fn claims(&self) -> Json {
        judged_object(&self.claims_text)
    }

    /// The claims read as a Tinybird JWT's ([`TinybirdClaims`]): an error names the first claim that
    /// `create_jwt` would not have written.
    pub fn tinybird_claims(&self) -> Result<TinybirdClaims> {
        TinybirdClaims::from_json(&self.claims())
    }
}

struct Parts<'a> {
    header_segment: &'a str,
    payload_segment: &'a str,
    signature_segment: &'a str,
}

/// Step 2's checks on the token as a whole: not a static token, not longer than `max_bytes`. The
/// verification cache runs them again on a hit, as `max_bytes` can differ between calls.
pub(crate) fn admit(token: &str, max_bytes: usize) -> Result<()> {
    if token.starts_with("p.") {
        // Tinybird's own rule: a token starting with `p.` is a static token, never a JWT.
        return Err(malformed(
            "this is a static token (p.…), not a JWT; only Tinybird can verify it, inspection decodes it",
        ));
    }
    if token.len() > max_bytes {
        return Err(Error::new(
            ErrorCode::TokenTooLarge,
            format!(
                "The token is {} bytes long; at most {max_bytes} are accepted.",
                token.len()
            ),
        ));
    }
    Ok(())
}

fn split(token: &str, max_bytes: usize) -> Result<Parts<'_>> {
    admit(token, max_bytes)?;
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

/// Checks a header segment (PyJWT's without parsing it) against the header rules, stopping at the
/// first, and returns its text.
fn header_text(segment: &str) -> Result<String> {
    if segment == JWT_HEADER_B64 {
        // PyJWT's header, every Tinybird JWT's, passes the rules.
        debug_assert!(header_errors(pyjwt_header()).is_empty());
        return Ok(PYJWT_HEADER.to_owned());
    }
    let (header, text) = decode_object(segment, "header")?;
    if let Some(first) = header_errors(&header).into_iter().next() {
        return Err(first);
    }
    Ok(text)
}

/// The signature segment, which must be strict base64url whether or not it is compared.
fn signature(segment: &str) -> Result<Vec<u8>> {
    b64::decode(segment).ok_or_else(|| malformed("the signature is not strict base64url"))
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

    /// The registered claims the checks judge, from the tree or from what the scan vouched for.
    fn registered(&self) -> Registered {
        match &self.judged {
            Judged::Scanned(t) => Registered::scanned(t),
            Judged::Tree(tree) => Registered::read(tree),
        }
    }
}

/// Verifies an HS256 JWT against one or more keys (e.g. the admin token before and after
/// `tb token refresh`), then its claims as Tinybird's verifier does, in the order of the module docs.
///
/// Not yet valid means `nbf > now + leeway`, expired means `exp <= now - leeway` (PyJWT's rules).
/// Those two errors carry what was verified ([`crate::Error::verified`]): the matching key and the
/// authentic header and claims.
///
/// The claims are scanned rather than parsed when they are in the usual form (a tree is built only
/// when asked for, [`VerifiedJwt::claims`]); anything else is parsed in full, so every error is the
/// strict parser's.
pub fn verify_jwt(
    token: &str,
    keys: &[VerifyingKey],
    options: &VerifyOptions,
) -> Result<VerifiedJwt> {
    verify(token, keys, options, false)
}

/// [`verify_jwt`] with the claims always parsed in full: the reference the scanning path is tested
/// against (property tests, fuzzing).
#[doc(hidden)]
pub fn verify_jwt_full_parse(
    token: &str,
    keys: &[VerifyingKey],
    options: &VerifyOptions,
) -> Result<VerifiedJwt> {
    verify(token, keys, options, true)
}

/// Every check of [`verify_jwt`], in its fixed order; `tree` forces the full parse of the claims.
fn verify(
    token: &str,
    keys: &[VerifyingKey],
    options: &VerifyOptions,
    tree: bool,
) -> Result<VerifiedJwt> {
    let authentic = authenticate(token, keys, options.max_token_bytes, tree)?;
    let exp = authentic.judge(options)?;
    Ok(authentic.into_verified(exp))
}

/// What the signature vouched for, before the clock is asked: the matching key, the texts as
/// decoded and the registered claims read from them.
#[derive(Clone)]
pub(crate) struct Authentic {
    key_index: usize,
    header_text: String,
    claims_text: String,
    registered: Registered,
}

/// Steps 1-5 of the module docs: everything that does not depend on the clock.
pub(crate) fn authenticate(
    token: &str,
    keys: &[VerifyingKey],
    max_token_bytes: usize,
    tree: bool,
) -> Result<Authentic> {
    if keys.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "Give at least one key to verify with.",
        ));
    }
    let parts = split(token, max_token_bytes)?;
    let header_text = header_text(parts.header_segment)?;
    let signature = signature(parts.signature_segment)?;
    let signing_input =
        &token.as_bytes()[..parts.header_segment.len() + 1 + parts.payload_segment.len()];
    let key_index = keys
        .iter()
        .position(|key| key.verify(signing_input, &signature))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidSignature,
                "The JWT signature does not match the key.",
            )
        })?;
    let payload = Payload::decode(parts.payload_segment, tree)?;
    Ok(Authentic {
        key_index,
        header_text,
        registered: payload.registered(),
        claims_text: payload.text,
    })
}

impl Authentic {
    /// Steps 6-9 of the module docs against `options`' clock: `exp`, or the first failing check; the
    /// time errors carry what was verified. The verification cache asks it again on every hit.
    pub(crate) fn judge(&self, options: &VerifyOptions) -> Result<i64> {
        let clock = Clock {
            now: options.now,
            leeway: options.leeway,
        };
        self.registered.check(Some(clock)).map_err(|e| {
            if matches!(
                e.code(),
                ErrorCode::TokenExpired | ErrorCode::TokenNotYetValid
            ) {
                e.with_verified(VerifiedParts {
                    key_index: self.key_index,
                    header_text: self.header_text.clone(),
                    claims_text: self.claims_text.clone(),
                })
            } else {
                e
            }
        })
    }

    /// The result, once [`Authentic::judge`] gave `exp`.
    pub(crate) fn into_verified(self, exp: i64) -> VerifiedJwt {
        VerifiedJwt {
            key_index: self.key_index,
            exp,
            header_text: self.header_text,
            claims_text: self.claims_text,
        }
    }
}

/// Reads a JWT's header and claims with every check of [`verify_jwt`] but the HMAC comparison and the
/// clock (see the module docs). Never trust the result: anyone can write these bytes.
pub fn decode_jwt(token: &str) -> Result<DecodedJwt> {
    decode(token, false)
}

/// [`decode_jwt`] with the claims always parsed in full (see [`verify_jwt_full_parse`]).
#[doc(hidden)]
pub fn decode_jwt_full_parse(token: &str) -> Result<DecodedJwt> {
    decode(token, true)
}

fn decode(token: &str, tree: bool) -> Result<DecodedJwt> {
    let parts = split(token, MAX_TOKEN_BYTES)?;
    let header_text = header_text(parts.header_segment)?;
    signature(parts.signature_segment)?;
    let payload = Payload::decode(parts.payload_segment, tree)?;
    payload.registered().check(None)?;
    Ok(DecodedJwt {
        header_text,
        claims_text: payload.text,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::jwt::sign::sign_jwt;
    use crate::keys::SigningKey;

    /// `claims` signed with `key` (also used by the verification cache's tests).
    pub(crate) fn token(claims: &str, key: &[u8]) -> String {
        sign_jwt(
            &Json::parse(claims).unwrap(),
            &SigningKey::from_bytes(key).unwrap(),
        )
        .unwrap()
    }

    pub(crate) fn vk(key: &[u8]) -> VerifyingKey {
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
    }

    /// A NumericDate is any JSON number, truncated toward zero as PyJWT's `int()` does: Python's
    /// `jwt.encode({"exp": time.time() + 600})` writes a float.
    #[test]
    fn numeric_dates_are_any_number() {
        let at = |claims: &str, now| {
            verify_jwt(&token(claims, b"k"), &[vk(b"k")], &VerifyOptions::at(now))
        };
        assert_eq!(at(r#"{"exp":100.0}"#, 0).unwrap().exp, 100);
        assert_eq!(
            at(r#"{"exp":1700000600.734}"#, 0).unwrap().exp,
            1_700_000_600
        );
        assert_eq!(at(r#"{"exp":1.7e9}"#, 0).unwrap().exp, 1_700_000_000);
        assert_eq!(at(r#"{"exp":1e30}"#, 0).unwrap().exp, i64::MAX);
        assert_eq!(
            at(r#"{"exp":18446744073709551615}"#, 0).unwrap().exp,
            i64::MAX
        );
        // 100.9 truncates to 100, which is expired at 100.
        assert_eq!(
            at(r#"{"exp":100.9}"#, 100).unwrap_err().code(),
            ErrorCode::TokenExpired
        );
        assert_eq!(at(r#"{"exp":200,"nbf":100.9}"#, 100).unwrap().exp, 200);
        assert_eq!(at(r#"{"exp":-0.5}"#, -1).unwrap().exp, 0);
        for bad in [r#""100""#, "true", "[100]", r#"{"t":100}"#] {
            let e = at(&format!(r#"{{"exp":{bad}}}"#), 0).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidClaims, "{bad}");
            let e = at(&format!(r#"{{"exp":100,"nbf":{bad}}}"#), 0).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidClaims, "{bad}");
        }
    }

    /// PyJWT's order: `exp` required (null is missing), `nbf`, `exp`, then `aud`.
    #[test]
    fn claim_checks_follow_pyjwt() {
        let at = |claims: &str, now| {
            verify_jwt(&token(claims, b"k"), &[vk(b"k")], &VerifyOptions::at(now))
                .map(|v| v.exp)
                .map_err(|e| e.code())
        };
        use ErrorCode::*;
        assert_eq!(at(r#"{"exp":null}"#, 0), Err(MissingClaim));
        assert_eq!(at(r#"{"exp":null,"nbf":"x"}"#, 0), Err(MissingClaim));
        assert_eq!(at(r#"{"exp":100,"nbf":null}"#, 0), Err(InvalidClaims));
        // nbf is judged before exp: both bad at once gives nbf's verdict.
        assert_eq!(at(r#"{"exp":10,"nbf":60}"#, 50), Err(TokenNotYetValid));
        assert_eq!(at(r#"{"exp":"x","nbf":60}"#, 50), Err(TokenNotYetValid));
        assert_eq!(at(r#"{"exp":"x","nbf":40}"#, 50), Err(InvalidClaims));
        assert_eq!(at(r#"{"exp":10,"aud":"x"}"#, 50), Err(TokenExpired));
        for truthy in [r#""x""#, "[\"a\"]", "1", "0.5", "true", r#"{"a":1}"#] {
            let claims = format!(r#"{{"exp":100,"aud":{truthy}}}"#);
            assert_eq!(at(&claims, 50), Err(InvalidClaims), "{claims}");
            let e = decode_jwt(&token(&claims, b"k")).unwrap_err();
            assert!(e.message().contains("no audience"), "{}", e.message());
        }
        for falsy in ["null", "false", "0", "-0", "0.0", r#""""#, "[]", "{}"] {
            let claims = format!(r#"{{"exp":100,"aud":{falsy}}}"#);
            assert_eq!(at(&claims, 50), Ok(100), "{claims}");
        }
        // iat is never judged, whatever it holds.
        assert_eq!(at(r#"{"exp":100,"iat":"soon"}"#, 50), Ok(100));
        assert_eq!(at(r#"{"exp":100,"iat":999}"#, 50), Ok(100));
    }

    /// Decoding is verification without the HMAC comparison and the clock.
    #[test]
    fn decode_runs_every_check_but_key_and_clock() {
        let code = |t: &str| decode_jwt(t).map(|_| ()).map_err(|e| e.code());
        let signed = |claims: &str| token(claims, b"k");
        use ErrorCode::*;
        assert_eq!(code(&signed(r#"{"exp":1,"nbf":9e9}"#)), Ok(()));
        assert_eq!(code(&signed(r#"{"a":1}"#)), Err(MissingClaim));
        assert_eq!(code(&signed(r#"{"exp":"1"}"#)), Err(InvalidClaims));
        assert_eq!(
            code(&signed(r#"{"exp":1,"nbf":false}"#)),
            Err(InvalidClaims)
        );
        assert_eq!(code(&signed(r#"{"exp":1,"aud":"x"}"#)), Err(InvalidClaims));
        let payload = crate::b64::encode(br#"{"exp":1}"#);
        let sig = crate::b64::encode(&[0; 32]);
        let with_header =
            |header: &str| format!("{}.{payload}.{sig}", crate::b64::encode(header.as_bytes()));
        assert_eq!(
            code(&with_header(r#"{"alg":"none"}"#)),
            Err(AlgorithmNotAllowed)
        );
        assert_eq!(
            code(&with_header(r#"{"typ":"JWT"}"#)),
            Err(AlgorithmNotAllowed)
        );
        assert_eq!(
            code(&with_header(r#"{"alg":"HS256","crit":["b64"]}"#)),
            Err(MalformedToken)
        );
        assert_eq!(
            code(&with_header(r#"{"alg":"HS256","b64":true}"#)),
            Err(MalformedToken)
        );
        assert_eq!(code(&with_header(r#"{"alg":"HS256"}"#)), Ok(()));
        // The signature's value and length are not judged, its spelling is.
        assert_eq!(code(&format!("{JWT_HEADER_B64}.{payload}.AA")), Ok(()));
        assert_eq!(
            code(&format!("{JWT_HEADER_B64}.{payload}.AA==")),
            Err(MalformedToken)
        );
        assert_eq!(code(&format!("{JWT_HEADER_B64}.{payload}.")), Ok(()));
    }

    #[test]
    fn time_errors_carry_what_was_verified() {
        let t = token(r#"{"exp":100,"nbf":60,"a":"b"}"#, b"new");
        let keys = [vk(b"old"), vk(b"new")];
        for now in [100, 59] {
            let e = verify_jwt(&t, &keys, &VerifyOptions::at(now)).unwrap_err();
            let parts = e.verified().expect("time errors carry the verified parts");
            assert_eq!(parts.key_index, 1);
            assert_eq!(parts.claims_text, r#"{"exp":100,"nbf":60,"a":"b"}"#);
            assert_eq!(parts.header_text, PYJWT_HEADER);
        }
        let e = verify_jwt(&t, &[vk(b"old")], &VerifyOptions::at(70)).unwrap_err();
        assert!(e.verified().is_none());
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

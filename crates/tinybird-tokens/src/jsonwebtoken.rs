//! A bridge to the `jsonwebtoken` crate (version 12, its `rust_crypto` backend),
//! behind the `jsonwebtoken` cargo feature: for code that already signs and checks tokens with it.
//!
//! - [`encoding_key`] / [`decoding_key`]: our keys as its keys, the workspace admin token's bytes as
//!   the HMAC secret (the key Tinybird verifies JWTs with).
//! - [`validation`]: its [`Validation`] set as close to [`crate::verify_jwt`] as it goes (the
//!   differences are below).
//! - [`decode_with_keys`]: its `decode` over several keys, in order, for rotation.
//! - [`TinybirdClaims`] implements serde's `Serialize` and `Deserialize` (always, not only with this
//!   feature), so it is the claims type of `encode` and `decode`; [`JwtRequest::tinybird_claims`]
//!   builds it with every rule [`crate::create_jwt`] applies.
//!
//! The core itself signs without `jsonwebtoken` (see the `jwt` module docs for why); nothing here
//! changes what `create_jwt` or `verify_jwt` do. Tokens made by either side verify on the other.
//!
//! ```
//! use jsonwebtoken::{decode, encode, get_current_timestamp, Algorithm, Header};
//! use tinybird_tokens::jsonwebtoken::{decode_with_keys, decoding_keys, encoding_key, validation};
//! use tinybird_tokens::{create_jwt, verify_jwt, Expiry, JwtRequest, JwtScope, SigningKey, TinybirdClaims, VerifyOptions};
//!
//! let admin = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
//! let key = SigningKey::from_admin_token(admin)?;
//! let now = get_current_timestamp() as i64; // jsonwebtoken judges time by the system clock
//! let request = JwtRequest {
//!     workspace_id: "11111111-2222-3333-4444-555555555555".into(),
//!     name: "tenant_acme".into(),
//!     expiry: Expiry::At(now + 600),
//!     scopes: vec![JwtScope::read_pipe("top_pages")?],
//!     rps_limit: None,
//!     extra_claims: vec![],
//! };
//!
//! // Minted by jsonwebtoken, from claims checked with create_jwt's rules: our verifier accepts it.
//! let claims = request.tinybird_claims(now)?;
//! let theirs = encode(&Header::new(Algorithm::HS256), &claims, &encoding_key(&key)?)?;
//! verify_jwt(&theirs, &[key.verifying_key()], &VerifyOptions::at(now))?;
//!
//! // Minted by the core: jsonwebtoken reads it into the same typed claims, here with a rotated-out
//! // key listed first.
//! let ours = create_jwt(&request, &key, now)?;
//! let old = SigningKey::from_bytes(b"the admin token before tb token refresh")?;
//! let keys = decoding_keys(&[old.verifying_key(), key.verifying_key()]);
//! let (index, data) = decode_with_keys::<TinybirdClaims>(&ours, &keys, &validation())?;
//! assert_eq!((index, &data.claims), (1, &claims));
//! assert_eq!(decode::<TinybirdClaims>(&theirs, &keys[1], &validation())?.claims, claims);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Compared with `verify_jwt`
//!
//! [`validation`] is HS256 only, `exp` required, no audience, issuer or subject, `nbf` checked when
//! present (as PyJWT does), leeway 0, and a token refused from its `exp` second on (PyJWT's
//! `exp <= now`, where jsonwebtoken alone accepts that second: `reject_tokens_expiring_in_less_than`
//! is 1 for this). Decoding into [`TinybirdClaims`] applies [`TinybirdClaims::from_json`], which
//! `verify_jwt` leaves to the caller. What remains different, each one held by a test:
//!
//! | | `verify_jwt` (as Tinybird's PyJWT) | jsonwebtoken with [`validation`] |
//! | --- | --- | --- |
//! | clock | `now` is an argument | the system clock |
//! | `exp` / `nbf` values | any JSON number, truncated toward zero (Python's `int()`), saturated | a number from 0 to `u64::MAX`, rounded to the nearest second: a fraction of .5 or more is judged one second later; a negative `nbf` or `exp` is refused (`InvalidClaimFormat` / `MissingRequiredClaim`) |
//! | `exp` of 0 | `token_expired` | `InvalidToken` |
//! | check order | header, signature, claims' types, `nbf`, `exp`, `aud` | header, signature, the claims type's rules (so a bad Tinybird claim wins over an expired token), `exp`, `nbf`, `aud` |
//! | `aud` | refused only when truthy in Python's sense: `null`, `false`, `0`, `""`, `[]`, `{}` pass | refused whenever present and not `null` (`InvalidAudience`, or `InvalidClaimFormat` for a non-string) |
//! | `iat`, `iss`, `sub`, `jti` | never read | never checked, but a `sub` that is an array or an object is refused (`ErrorKind::Json`: jsonwebtoken's reading of the claims stops inside it) |
//! | header `crit` / `b64` | refused (`malformed_token`) | `{"crit":["b64"],"b64":true}` accepted |
//! | token size | at most [`crate::MAX_TOKEN_BYTES`] | no limit |
//! | errors | [`crate::ErrorCode`] | its `ErrorKind`; a claim the core refuses is `ErrorKind::Json` carrying the core's message |
//!
//! Minting differs in bytes, not in meaning: jsonwebtoken writes the header as
//! `{"typ":"JWT","alg":"HS256"}` and the claims with `serde_json` (non-ASCII as raw UTF-8, floats in
//! Rust's spelling), so its tokens are not byte-equal to `create_jwt`'s (PyJWT's); both sides read the
//! same claims from either. jsonwebtoken's `encode` checks nothing: build the claims with
//! [`JwtRequest::tinybird_claims`] to keep `create_jwt`'s rules (no Tinybird token inside a claim, a
//! future `exp`, a size Tinybird verifies, …).
//!
//! The feature enables jsonwebtoken's `rust_crypto` backend, not its default `use_pem` (enable that in
//! your own dependency if you need PEM keys). If your build also enables its `aws_lc_rs` backend,
//! jsonwebtoken needs `CryptoProvider::install_default` first. jsonwebtoken 12 needs Rust 1.88.
//!
//! # What the feature costs
//!
//! The bridge uses HMAC-SHA256 only, from the `hmac` and `sha2` the core already depends on, but
//! jsonwebtoken 12 has no HMAC-only backend: `rust_crypto` compiles every algorithm it offers, with
//! `rsa`, `p256`, `p384` and `ed25519-dalek` and their big-integer, elliptic-curve and encoding crates.
//! With the feature the crate's normal dependencies are 63 crates instead of 26 (`cargo tree -e
//! normal`, jsonwebtoken 12.0.0). The alternative not taken: no jsonwebtoken backend and an HS256-only
//! `CryptoProvider` of our own. jsonwebtoken finds a provider through its backend features or through
//! `CryptoProvider::install_default`, which is process-wide and succeeds once per process, so the
//! bridge would have to install it for you (or make you call it before any `encode` / `decode`,
//! which otherwise panic), and it would collide with a provider your application or another
//! dependency installs.
//!
//! [`JwtRequest::tinybird_claims`]: crate::JwtRequest::tinybird_claims
//! [`TinybirdClaims`]: crate::TinybirdClaims
//! [`TinybirdClaims::from_json`]: crate::TinybirdClaims::from_json

use ::jsonwebtoken::errors::{ErrorKind, Result as JwtResult};
use ::jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, TokenData, Validation};
use serde::de::DeserializeOwned;

use crate::error::Result;
use crate::keys::{SigningKey, VerifyingKey};

/// The key jsonwebtoken signs Tinybird JWTs with: the workspace admin token's bytes. Like
/// [`crate::create_jwt`], it refuses a key not built from an admin token (`invalid_signing_key`);
/// for any other HMAC secret use jsonwebtoken's own `EncodingKey::from_secret`.
pub fn encoding_key(key: &SigningKey) -> Result<EncodingKey> {
    let key = key.require_admin()?;
    Ok(EncodingKey::from_secret(&key.key.bytes).expect("our keys are never empty"))
}

/// The key jsonwebtoken verifies with: the same bytes as `key`.
pub fn decoding_key(key: &VerifyingKey) -> DecodingKey {
    DecodingKey::from_secret(&key.key.bytes).expect("our keys are never empty")
}

/// [`decoding_key`] of each key, in order (e.g. [`crate::KeySet::verifying_keys`]).
pub fn decoding_keys(keys: &[VerifyingKey]) -> Vec<DecodingKey> {
    keys.iter().map(decoding_key).collect()
}

/// jsonwebtoken's checks set to Tinybird's verifier: HS256 only, `exp` required, `nbf` checked when
/// present, no audience (a token bound to one is refused), no issuer or subject check, leeway 0, and
/// a token expired from its `exp` second on. See the module docs for what still differs.
pub fn validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims(&["exp"]);
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.validate_aud = true;
    validation.aud = None;
    validation.iss = None;
    validation.sub = None;
    validation.leeway = 0;
    // jsonwebtoken refuses `exp < now`; PyJWT `exp <= now`. One second of margin closes the gap:
    // `exp - 1 < now - leeway` is `exp <= now - leeway`.
    validation.reject_tokens_expiring_in_less_than = 1;
    validation
}

/// jsonwebtoken's `decode` with each key in turn, as [`crate::verify_jwt`] takes a list: the first key
/// whose signature matches decides, and its index comes back. Only a wrong signature moves on to the
/// next key; any other error is the answer (it does not depend on the key). No key, or none
/// matching, is `InvalidSignature`.
pub fn decode_with_keys<T: DeserializeOwned>(
    token: &str,
    keys: &[DecodingKey],
    validation: &Validation,
) -> JwtResult<(usize, TokenData<T>)> {
    for (index, key) in keys.iter().enumerate() {
        match ::jsonwebtoken::decode(token, key, validation) {
            Ok(data) => return Ok((index, data)),
            Err(e) if matches!(e.kind(), ErrorKind::InvalidSignature) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ErrorKind::InvalidSignature.into())
}

//! HS256 JWTs keyed with the workspace admin token: the request and its claims ([`request`],
//! [`scope`]), the one claims reader ([`claims`]), signing with PyJWT's bytes ([`sign`]), the header
//! ([`header`]) and strict verification and decoding ([`verify`]), and an opt-in cache of verifications
//! ([`VerifyCache`]).
//!
//! The bytes equal PyJWT's `jwt.encode(claims, key, algorithm="HS256")` for the same claims in the same
//! order: header `{"alg":"HS256","typ":"JWT"}`, compact JSON with non-ASCII escaped, base64url without
//! padding. Tinybird's server mints with PyJWT, so a self-signed token is indistinguishable from one
//! that `tb token create jwt` would return.
//!
//! Why not the `jsonwebtoken` crate: it serializes with `serde_json` (raw UTF-8, so no PyJWT bytes for
//! non-ASCII claims), keys HMAC again for every token, and its decoder accepts duplicate JSON keys; the
//! rules here need all three the other way. `hmac` + `sha2` are the only crypto dependencies. For code
//! that already uses `jsonwebtoken`, the claim types implement serde (`claims_serde`) and the optional
//! `jsonwebtoken` feature bridges keys and validation (the `tinybird_tokens::jsonwebtoken` module).

pub(crate) mod claims;
mod claims_serde;
pub(crate) mod header;
pub(crate) mod minted;
pub(crate) mod registered;
pub(crate) mod request;
pub(crate) mod scope;
pub(crate) mod sign;
pub(crate) mod verify;
mod verify_cache;

pub use claims::{numeric_date, read_limits, read_scope, TinybirdClaims, NUMERIC_DATE_CLAIMS};
pub use header::JWT_HEADER_B64;
pub use request::{create_jwt, Expiry, JwtRequest, RESERVED_CLAIMS};
pub use scope::{JwtScope, JwtScopeType};
pub use sign::{sign_jwt, sign_jwt_json};
pub use verify::{decode_jwt, verify_jwt, DecodedJwt, VerifiedJwt, VerifyOptions, MAX_TOKEN_BYTES};
pub use verify_cache::VerifyCache;

//! Tinybird's token model, once, for every SDK.
//!
//! - [`define_token`]: named tokens, with the SDKs' name rule and message.
//! - [`parse_scope`] / [`Scope`] / [`scopes_allow`]: static-token scopes, Forward and Classic.
//! - [`TokenAttachment`], [`render_token_lines`], [`parse_datafile_tokens`], [`plan_tokens`],
//!   [`diff_token_plans`]: resource-scoped tokens in `.datasource` / `.pipe` files.
//! - [`parse_ttl`], [`parse_fixed_params`]: the `tb token create jwt` option formats.
//! - [`create_jwt`], [`sign_jwt`], [`verify_jwt`], [`decode_jwt`], [`inspect_token`]: HS256 JWTs keyed
//!   with the workspace admin token, byte-equal to PyJWT's. [`verify_jwt_text`] / [`decode_jwt_text`]
//!   run the same checks for callers that parse the claims text themselves, without building a tree.
//! - [`decode_static_token`], [`verify_static_token`], [`generate_static_token`],
//!   [`generate_local_tokens`]: `p.` static tokens.
//!
//! The crate never reads the clock (`now` is always an argument) and never does I/O; randomness is used
//! only by [`generate_local_tokens`].
//!
//! # Errors
//!
//! Every failure is an [`Error`] with a stable [`ErrorCode`]; the JS and Python packages and the CLI use
//! the same codes:
//!
//! | code | raised when |
//! | --- | --- |
//! | `invalid_token_name` | a token name does not match `^[A-Za-z_][A-Za-z0-9_]*$` |
//! | `invalid_scope` | a scope is empty, padded, of an unknown type, or names a resource badly |
//! | `scope_not_allowed` | a known scope type not allowed here (internal, Classic-only, not a JWT scope) |
//! | `missing_resource` | a scope or action needs a resource and has none |
//! | `unexpected_resource` | a scope or action that takes no resource was given one |
//! | `filter_not_supported` | an SQL filter where none is allowed |
//! | `invalid_permission` | a TOKEN permission other than READ/APPEND, or APPEND on a pipe |
//! | `datafile_syntax` | a TOKEN line with the wrong number of arguments or an unclosed quote |
//! | `invalid_ttl` | a TTL `tb` would reject, or one that expires at once |
//! | `invalid_fixed_params` | malformed, repeated, mistyped or misplaced fixed params |
//! | `invalid_limits` | `limits.rps` not an integer ≥ 1 |
//! | `invalid_claims` | JWT claims missing, empty, reserved, mistyped or non-finite; a negative leeway |
//! | `invalid_signing_key` | an empty key, or not an admin token where one is needed |
//! | `malformed_token` | bad segments, base64url, JSON or header parameters |
//! | `algorithm_not_allowed` | `alg` missing or not HS256 |
//! | `invalid_signature` | the signature matches no key |
//! | `token_expired` | `exp <= now - leeway` |
//! | `token_not_yet_valid` | `nbf > now + leeway` |
//! | `missing_claim` | no `exp` |
//! | `token_too_large` | longer than [`MAX_TOKEN_BYTES`] |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod b64;
mod datafile;
mod error;
mod fixed_params;
mod inspect;
pub mod json;
mod json_scan;
mod jwt;
mod keys;
mod names;
pub mod ops;
mod scopes;
mod static_token;
mod ttl;
mod verify;

pub use datafile::{
    diff_token_plans, parse_datafile_tokens, plan_tokens, render_token_lines, DatafileSource,
    DatafileToken, Permission, ResourceKind, TokenAttachment, TokenPlan, TokenPlanDiff,
    TokenUpdate,
};
pub use error::{Error, ErrorCode, Result};
pub use fixed_params::{parse_fixed_params, FixedParams};
pub use inspect::{inspect_token, Inspection, Problem, ScopeExplanation, TokenKind};
pub use json::Json;
pub use jwt::{
    create_jwt, sign_jwt, sign_jwt_json, Expiry, JwtRequest, JwtScope, JwtScopeType,
    JWT_HEADER_B64, RESERVED_CLAIMS,
};
pub use keys::{hmac_sha256, verify_hmac_sha256, SigningKey, VerifyingKey};
pub use names::{define_token, validate_resource_name, TokenDefinition};
pub use scopes::{parse_scope, scopes_allow, Action, ResourceRule, Scope, ScopeMode, ScopeType};
pub use static_token::{
    api_host_for_region, decode_static_token, generate_local_tokens, generate_static_token,
    local_tokens_from_ids, new_token_id, verify_static_token, LocalTokens, OwnerKind, StaticToken,
    LOCAL_API_HOST, LOCAL_SECRET,
};
pub use ttl::{parse_ttl, Ttl};
pub use verify::{
    decode_jwt, decode_jwt_text, verify_jwt, verify_jwt_text, DecodedJwt, DecodedJwtText,
    VerifiedJwt, VerifiedJwtText, VerifyOptions, MAX_TOKEN_BYTES,
};

/// The README's Rust snippets, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

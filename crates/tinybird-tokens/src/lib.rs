//! Tinybird's token model, once, for every SDK.
//!
//! - [`define_token`]: named tokens, with the SDKs' name rule and message.
//! - [`parse_scope`] / [`Scope`] / [`scopes_allow`]: static-token scopes, Forward and Classic.
//! - [`TokenAttachment`], [`render_token_lines`], [`parse_datafile_tokens`], [`plan_tokens`],
//!   [`diff_token_plans`]: resource-scoped tokens in `.datasource` / `.pipe` files.
//! - [`parse_ttl`], [`parse_fixed_params`]: the `tb token create jwt` option formats.
//! - [`create_jwt`], [`sign_jwt`], [`verify_jwt`], [`decode_jwt`], [`inspect_token`]: HS256 JWTs keyed
//!   with the workspace admin token, byte-equal to PyJWT's; [`KeySet`] is the bindings' key policy
//!   (first signs, all verify) and [`TinybirdClaims`] the one reader of Tinybird claims;
//!   [`VerifyCache`] keeps successful verifications for servers that see a token many times.
//! - [`decode_static_token`], [`verify_static_token`], [`generate_static_token`],
//!   [`local_tokens_from_random`]: `p.` static tokens.
//!
//! - [`Project`], [`check_jwt_request`], [`check_static_scopes`], [`create_jwt_checked`]: a project's
//!   data sources, pipes, template parameters and TOKEN lines, its lint, and token requests checked
//!   against it ([`Finding`]s with stable [`FindingCode`]s).
//!
//! The crate never reads the clock (`now` is always an argument) and never does I/O, randomness
//! included (callers pass random bytes in).
//!
//! # Errors
//!
//! Every failure is an [`Error`] with a stable [`ErrorCode`]; the JS and Python packages and the CLI use
//! the same codes:
//!
//! | code | raised when |
//! | --- | --- |
//! | `invalid_token_name` | A token name does not match `^[A-Za-z_][A-Za-z0-9_]*$`. |
//! | `invalid_scope` | A scope string is empty, padded, of an unknown type, or names a resource badly. |
//! | `scope_not_allowed` | A known scope type that is not allowed here (internal, Classic-only in Forward, or not a JWT scope). |
//! | `missing_resource` | A scope or action needs a resource and has none. |
//! | `unexpected_resource` | A scope or action that takes no resource was given one. |
//! | `filter_not_supported` | An SQL filter on a scope that cannot carry one (Forward mode, non-READ scopes, PIPES:READ in JWTs). |
//! | `invalid_permission` | A TOKEN permission other than READ/APPEND, or APPEND on a pipe. |
//! | `datafile_syntax` | A TOKEN line in a datafile has the wrong number of arguments or an unclosed quote. |
//! | `invalid_ttl` | A TTL that `tb` would not parse, or one that yields an expiry not after now. |
//! | `invalid_fixed_params` | Fixed params that are malformed, repeated, of a bad type, or on a scope that cannot take them. |
//! | `invalid_limits` | JWT limits that are not `{"rps": <integer>}`, or, when minting, an `rps` of 0 or less (Tinybird reads it as no limit: leave limits out). |
//! | `invalid_claims` | JWT claims that are missing, empty, reserved, of the wrong type (`exp` / `nbf` not a JSON number), non-finite, nested too deep, or bound to an audience (`aud`), which Tinybird's verifier refuses. |
//! | `invalid_signing_key` | An empty key, or a key that is not a workspace admin token where one is required. |
//! | `malformed_token` | A token that is not well-formed (segments, base64url, JSON, header parameters). |
//! | `algorithm_not_allowed` | A JWT whose `alg` is missing or is not HS256. |
//! | `invalid_signature` | A signature that matches none of the keys. |
//! | `token_expired` | A JWT whose `exp` is not after now (minus leeway). |
//! | `token_not_yet_valid` | A JWT whose `nbf` is after now (plus leeway). |
//! | `missing_claim` | A JWT without a required claim (`exp`). |
//! | `token_too_large` | A token longer than the verifier accepts. |
//! | `secret_in_claim` | A Tinybird static token or JWT inside a JWT claim (name, workspace id, resource, fixed param, filter, extra claim) or a static token's name: anyone who can read it would hold the token. |
//! | `invalid_argument` | An interface was called wrongly: an unknown operation, a missing or mistyped argument, bad hex, a negative leeway, no key. |
//! | `project_check_failed` | A token request that the project check finds errors in (the findings are attached). |
//!
//! # Checking against a project
//!
//! Offline minting skips the server's checks, so the crate does them against the project's datafiles
//! (or the SDKs' resource objects): unknown resources with a did-you-mean, a scope of the wrong kind, a
//! fixed param that names no parameter of the pipe (a token that restricts nothing) or cannot be its
//! type, a pipe that is not an endpoint. `project_check_failed` carries the findings.
//!
//! ```
//! use tinybird_tokens::{create_jwt_checked, parse_fixed_params, Expiry, JwtRequest, JwtScope, Project, ProjectFile, SigningKey};
//! let project = Project::from_files(&[ProjectFile::new(
//!     "endpoints/top_pages.pipe",
//!     "NODE n\nSQL >\n    %\n    SELECT * FROM page_views WHERE org_id = {{ String(org_id) }}\n\nTYPE endpoint\n",
//! )]);
//! assert!(project.lint().is_empty());
//!
//! let admin = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
//! let key = SigningKey::from_admin_token(admin)?;
//! let request = |fixed: &str| -> tinybird_tokens::Result<JwtRequest> {
//!     Ok(JwtRequest {
//!         workspace_id: "11111111-2222-3333-4444-555555555555".into(),
//!         name: "tenant_acme".into(),
//!         expiry: Expiry::At(1_700_003_600),
//!         scopes: vec![JwtScope::read_pipe("top_pages")?.with_fixed_params(parse_fixed_params(fixed)?)?],
//!         rps_limit: None,
//!         extra_claims: vec![],
//!     })
//! };
//! let err = create_jwt_checked(&request("orgid=acme")?, &key, 1_700_000_000, &project).unwrap_err();
//! assert_eq!(err.code().as_str(), "project_check_failed");
//! assert_eq!(
//!     err.findings()[0].to_string(),
//!     "error[unknown_fixed_param]: Fixed param orgid is not a parameter of pipe top_pages, so it restricts \
//!      nothing; its parameters: org_id. (did you mean org_id?)"
//! );
//! assert!(create_jwt_checked(&request("org_id=acme")?, &key, 1_700_000_000, &project).is_ok());
//! # Ok::<(), tinybird_tokens::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly, `--cfg docsrs`) labels feature-gated items with the feature they need.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod b64;
mod codes;
mod datafile;
mod error;
mod fixed_params;
mod inspect;
pub mod json;
#[cfg(feature = "jsonwebtoken")]
#[cfg_attr(docsrs, doc(cfg(feature = "jsonwebtoken")))]
pub mod jsonwebtoken;
mod jwt;
mod key_set;
mod keys;
mod names;
pub mod ops;
pub mod project;
mod scopes;
mod secrets;
mod static_token;
mod suggest;
mod ttl;

pub use datafile::{
    diff_token_plans, parse_datafile_tokens, plan_tokens, render_token_lines, DatafileSource,
    DatafileToken, Permission, PlannedToken, ResourceKind, TokenAttachment, TokenPlan,
    TokenPlanDiff, TokenUpdate,
};
pub use error::{Error, ErrorCode, Result, VerifiedParts};
pub use fixed_params::{parse_fixed_params, FixedParams};
pub use inspect::{inspect_token, Inspection, Part, Problem, ScopeExplanation, Segment, TokenKind};
pub use json::Json;
pub use jwt::verify::{decode_jwt_full_parse, verify_jwt_full_parse};
pub use jwt::{
    create_jwt, decode_jwt, numeric_date, read_limits, read_scope, sign_jwt, sign_jwt_json,
    verify_jwt, DecodedJwt, Expiry, JwtRequest, JwtScope, JwtScopeType, TinybirdClaims,
    VerifiedJwt, VerifyCache, VerifyOptions, JWT_HEADER_B64, MAX_TOKEN_BYTES, NUMERIC_DATE_CLAIMS,
    RESERVED_CLAIMS,
};
pub use key_set::KeySet;
#[doc(hidden)]
pub use keys::{hmac_sha256, verify_hmac_sha256};
pub use keys::{SigningKey, VerifyingKey};
pub use names::{define_token, validate_resource_name, TokenDefinition};
pub use project::{
    check_jwt_request, check_static_scopes, create_jwt_checked, Finding, FindingCode, PipeType,
    Project, ProjectFile, Resource, ResourceSpec, ResourceToken, Severity, TemplateParam,
};
pub use scopes::{parse_scope, scopes_allow, Action, ResourceRule, Scope, ScopeMode, ScopeType};
pub use secrets::{contains_secret, mask_secrets, refuse_secret};
pub use static_token::{
    api_host_for_region, decode_static_token, generate_static_token, local_tokens_from_ids,
    local_tokens_from_random, token_id_from_random, verify_static_token, LocalTokens, OwnerKind,
    StaticToken, LOCAL_API_HOST, LOCAL_SECRET,
};
pub use ttl::{parse_ttl, Ttl};

/// The README's Rust snippets, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

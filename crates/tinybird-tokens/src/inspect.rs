//! Explaining a token to a person: what it is, what it grants, when it expires, what is wrong with it.
//!
//! Inspection never verifies and never fails: it decodes as far as it can and lists each problem with
//! the same code verification would raise and the part of the token it is in, so a page can mark the
//! broken part instead of refusing the whole token.

use crate::b64;
use crate::error::{Error, ErrorCode};
use crate::json::Json;
use crate::static_token::{decode_static_token, StaticToken};
use crate::verify::{header_errors, time_claim};

/// What kind of token was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A JWT (Tinybird treats every token not starting with `p.` as one).
    Jwt,
    /// A static token (`p.…`).
    Static,
    /// Neither shape.
    Unknown,
}

impl TokenKind {
    /// `jwt` / `static` / `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Jwt => "jwt",
            TokenKind::Static => "static",
            TokenKind::Unknown => "unknown",
        }
    }
}

/// Something wrong with an inspected token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The error code verification would give.
    pub code: ErrorCode,
    /// Where: `token`, `header`, `payload` or `signature`.
    pub part: &'static str,
    /// For people.
    pub message: String,
}

/// One scope of a JWT, explained.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeExplanation {
    /// The `type` claim as written.
    pub scope_type: String,
    /// The `resource` claim.
    pub resource: String,
    /// The fixed params, if any.
    pub fixed_params: Option<Json>,
    /// The SQL filter, if any.
    pub filter: Option<String>,
    /// In words: "can read pipe top_pages with org_id fixed to acme".
    pub summary: String,
}

/// The report of [`inspect_token`].
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    /// JWT, static or unknown.
    pub kind: TokenKind,
    /// The JWT header, when it decodes.
    pub header: Option<Json>,
    /// The JWT claims, when they decode.
    pub claims: Option<Json>,
    /// The `workspace_id` claim.
    pub workspace_id: Option<String>,
    /// The `name` claim.
    pub name: Option<String>,
    /// The scopes, explained.
    pub scopes: Vec<ScopeExplanation>,
    /// `limits.rps`.
    pub rps_limit: Option<i64>,
    /// `exp`.
    pub expires_at: Option<i64>,
    /// `exp - now` (negative once expired).
    pub expires_in: Option<i64>,
    /// `nbf`.
    pub not_before: Option<i64>,
    /// `iat`.
    pub issued_at: Option<i64>,
    /// The decoded static token.
    pub static_token: Option<StaticToken>,
    /// What is wrong, in the order found.
    pub problems: Vec<Problem>,
}

impl Inspection {
    fn new(kind: TokenKind) -> Inspection {
        Inspection {
            kind,
            header: None,
            claims: None,
            workspace_id: None,
            name: None,
            scopes: Vec::new(),
            rps_limit: None,
            expires_at: None,
            expires_in: None,
            not_before: None,
            issued_at: None,
            static_token: None,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, code: ErrorCode, part: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            code,
            part,
            message: message.into(),
        });
    }

    /// The report as JSON, the shape every binding returns.
    pub fn to_json(&self) -> Json {
        let s = |v: &Option<String>| v.clone().map_or(Json::Null, Json::String);
        let i = |v: Option<i64>| v.map_or(Json::Null, Json::Int);
        let o = |k: &str, v: Json| (k.to_owned(), v);
        Json::Object(vec![
            o("kind", Json::String(self.kind.as_str().to_owned())),
            o("header", self.header.clone().unwrap_or(Json::Null)),
            o("claims", self.claims.clone().unwrap_or(Json::Null)),
            o("workspace_id", s(&self.workspace_id)),
            o("name", s(&self.name)),
            o(
                "scopes",
                Json::Array(
                    self.scopes
                        .iter()
                        .map(|x| {
                            Json::Object(vec![
                                o("type", Json::String(x.scope_type.clone())),
                                o("resource", Json::String(x.resource.clone())),
                                o("fixed_params", x.fixed_params.clone().unwrap_or(Json::Null)),
                                o("filter", s(&x.filter)),
                                o("summary", Json::String(x.summary.clone())),
                            ])
                        })
                        .collect(),
                ),
            ),
            o(
                "limits",
                self.rps_limit
                    .map_or(Json::Null, |r| Json::Object(vec![o("rps", Json::Int(r))])),
            ),
            o("expires_at", i(self.expires_at)),
            o("expires_in", i(self.expires_in)),
            o("not_before", i(self.not_before)),
            o("issued_at", i(self.issued_at)),
            o(
                "static",
                self.static_token.as_ref().map_or(Json::Null, |t| {
                    Json::Object(vec![
                        o("owner_kind", Json::String(t.owner_kind.as_str().to_owned())),
                        o("owner_id", Json::String(t.owner_id.clone())),
                        o("token_id", Json::String(t.token_id.clone())),
                        o("region", s(&t.region)),
                        o("api_host", Json::String(t.api_host().to_owned())),
                    ])
                }),
            ),
            o(
                "problems",
                Json::Array(
                    self.problems
                        .iter()
                        .map(|p| {
                            Json::Object(vec![
                                o("code", Json::String(p.code.as_str().to_owned())),
                                o("part", Json::String(p.part.to_owned())),
                                o("message", Json::String(p.message.clone())),
                            ])
                        })
                        .collect(),
                ),
            ),
        ])
    }
}

/// Explains a JWT or static token at time `now` (Unix seconds), without verifying it.
///
/// ```
/// use tinybird_tokens::{inspect_token, TokenKind};
/// let report = inspect_token("not a token", 0);
/// assert_eq!(report.kind, TokenKind::Unknown);
/// assert_eq!(report.problems[0].code.as_str(), "malformed_token");
/// ```
pub fn inspect_token(token: &str, now: i64) -> Inspection {
    if token.starts_with("p.") {
        let mut report = Inspection::new(TokenKind::Static);
        match decode_static_token(token) {
            Ok(t) => {
                report.static_token = Some(t);
                // Decoding succeeded, so there are exactly three segments.
                inspect_signature(&mut report, token.rsplit('.').next().unwrap_or_default());
            }
            Err(e) => report.problem(e.code(), "payload", e.message()),
        }
        return report;
    }
    let segments: Vec<&str> = token.split('.').collect();
    if segments.len() != 3 {
        let mut report = Inspection::new(if segments.len() > 1 {
            TokenKind::Jwt
        } else {
            TokenKind::Unknown
        });
        report.problem(
            ErrorCode::MalformedToken,
            "token",
            format!(
                "A JWT has 3 segments separated by dots and a static token starts with \"p.\"; this has {} segment(s).",
                segments.len()
            ),
        );
        return report;
    }
    let mut report = Inspection::new(TokenKind::Jwt);
    if token.len() > crate::MAX_TOKEN_BYTES {
        report.problem(
            ErrorCode::TokenTooLarge,
            "token",
            "The token is longer than verifiers accept.",
        );
    }
    report.header = decode_part(&mut report, segments[0], "header");
    if let Some(header) = report.header.clone() {
        inspect_header(&mut report, &header);
    }
    inspect_signature(&mut report, segments[2]);
    report.claims = decode_part(&mut report, segments[1], "payload");
    if let Some(claims) = report.claims.clone() {
        inspect_claims(&mut report, &claims, now);
    }
    report
}

/// Both kinds of token end in an HMAC-SHA256: 32 bytes of strict base64url.
fn inspect_signature(report: &mut Inspection, segment: &str) {
    match b64::decode(segment) {
        Some(sig) if sig.len() == 32 => {}
        Some(sig) => report.problem(
            ErrorCode::InvalidSignature,
            "signature",
            format!(
                "An HMAC-SHA256 signature is 32 bytes; this one is {}.",
                sig.len()
            ),
        ),
        None => report.problem(
            ErrorCode::MalformedToken,
            "signature",
            "The signature is not strict base64url.",
        ),
    }
}

fn decode_part(report: &mut Inspection, segment: &str, part: &'static str) -> Option<Json> {
    let Some(bytes) = b64::decode(segment) else {
        report.problem(
            ErrorCode::MalformedToken,
            part,
            format!("The {part} is not strict base64url."),
        );
        return None;
    };
    match Json::parse_bytes(&bytes) {
        Ok(json @ Json::Object(_)) => Some(json),
        Ok(_) => {
            report.problem(
                ErrorCode::MalformedToken,
                part,
                format!("The {part} is not a JSON object."),
            );
            None
        }
        Err(e) => {
            report.problem(
                ErrorCode::MalformedToken,
                part,
                format!("The {part} is not valid JSON ({e})."),
            );
            None
        }
    }
}

fn inspect_header(report: &mut Inspection, header: &Json) {
    for e in header_errors(header) {
        report.problem(e.code(), "header", e.message());
    }
}

/// A time claim, or a problem when it is present but not an integer.
fn time(report: &mut Inspection, claims: &Json, name: &str) -> Option<i64> {
    time_claim(claims, name).unwrap_or_else(|e| {
        report.problem(e.code(), "payload", e.message());
        None
    })
}

fn inspect_claims(report: &mut Inspection, claims: &Json, now: i64) {
    for key in ["workspace_id", "name"] {
        match claims.get(key) {
            Some(Json::String(v)) => {
                if key == "name" {
                    report.name = Some(v.clone());
                } else {
                    report.workspace_id = Some(v.clone());
                }
            }
            Some(_) => report.problem(
                ErrorCode::InvalidClaims,
                "payload",
                format!("\"{key}\" must be a string."),
            ),
            None => report.problem(
                ErrorCode::MissingClaim,
                "payload",
                format!("Tinybird JWTs carry a \"{key}\" claim; this one has none."),
            ),
        }
    }
    report.expires_at = time(report, claims, "exp");
    report.not_before = time(report, claims, "nbf");
    report.issued_at = time(report, claims, "iat");
    match report.expires_at {
        None if claims.get("exp").is_none() => report.problem(
            ErrorCode::MissingClaim,
            "payload",
            "The token has no \"exp\" claim; Tinybird requires one.",
        ),
        None => {}
        Some(exp) => {
            report.expires_in = Some(exp.saturating_sub(now));
            if exp <= now {
                report.problem(
                    ErrorCode::TokenExpired,
                    "payload",
                    format!("The token expired at {exp}."),
                );
            }
        }
    }
    if let Some(nbf) = report.not_before.filter(|nbf| *nbf > now) {
        report.problem(
            ErrorCode::TokenNotYetValid,
            "payload",
            format!("The token is not valid before {nbf}."),
        );
    }
    match claims.get("scopes") {
        Some(Json::Array(items)) => {
            for item in items {
                match explain_scope(item) {
                    Ok(x) => report.scopes.push(x),
                    Err(e) => report.problem(e.code(), "payload", e.message()),
                }
            }
        }
        Some(_) => report.problem(
            ErrorCode::InvalidClaims,
            "payload",
            "\"scopes\" must be a list.",
        ),
        None => report.problem(
            ErrorCode::MissingClaim,
            "payload",
            "Tinybird JWTs carry a \"scopes\" claim; this one has none.",
        ),
    }
    match claims.get("limits") {
        None => {}
        Some(limits) => match limits.get("rps") {
            Some(Json::Int(rps)) if *rps >= 1 => report.rps_limit = Some(*rps),
            _ => report.problem(
                ErrorCode::InvalidLimits,
                "payload",
                "limits.rps must be an integer of at least 1.",
            ),
        },
    }
}

fn explain_scope(item: &Json) -> Result<ScopeExplanation, Error> {
    let invalid = |m: &str| Error::new(ErrorCode::InvalidClaims, m);
    let scope_type = item
        .get("type")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid("A scope has no string \"type\"."))?;
    let resource = item
        .get("resource")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid("A scope has no string \"resource\"."))?;
    let fixed_params = item
        .get("fixed_params")
        .filter(|v| **v != Json::Null)
        .cloned();
    let filter = item.get("filter").and_then(Json::as_str).map(str::to_owned);
    let summary = match scope_type {
        "PIPES:READ" => {
            let mut s = format!("can read pipe {resource}");
            if let Some(entries) = fixed_params.as_ref().and_then(Json::as_object) {
                let fixed: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| match v {
                        Json::String(text) => format!("{k} fixed to {text}"),
                        other => format!("{k} fixed to {}", other.to_compact_string()),
                    })
                    .collect();
                if !fixed.is_empty() {
                    s.push_str(" with ");
                    s.push_str(&fixed.join(", "));
                }
            }
            s
        }
        "DATASOURCES:READ" => match &filter {
            Some(f) => format!("can read data source {resource} where {f}"),
            None => format!("can read data source {resource}"),
        },
        other => {
            return Err(Error::new(
                ErrorCode::ScopeNotAllowed,
                format!(
                "Scope {other} on {resource} is not a JWT scope (PIPES:READ or DATASOURCES:READ)."
            ),
            ))
        }
    };
    Ok(ScopeExplanation {
        scope_type: scope_type.to_owned(),
        resource: resource.to_owned(),
        fixed_params,
        filter,
        summary,
    })
}

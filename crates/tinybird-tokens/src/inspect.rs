//! Explaining a token to a person: what it is, what it grants, when it expires, what is wrong with it.
//!
//! Inspection never verifies and never fails: it decodes as far as it can and lists each problem with
//! the same code verification would raise (the claims through the one Tinybird claims reader, so a
//! scope or limit is judged exactly as `create_jwt` judges it) and the part of the token it is in,
//! with each part's span, so a page can mark the broken part instead of refusing the whole token.
//!
//! It agrees with [`crate::verify_jwt`] (right key, at `now`, leeway 0): the problems verification
//! raises come first, in its order, marked [`Problem::verification`], so the first of them has the
//! code `verify_jwt` fails with, and there is none when it accepts the token. Only the HMAC comparison,
//! which needs the key, is not judged. Tinybird's claim rules (`workspace_id`, `name`, `scopes`,
//! `limits`, secrets in claims, ignored restrictions) follow; `verify_jwt` does not judge them.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::b64;
use crate::error::{Error, ErrorCode};
use crate::fixed_params::FixedParams;
use crate::json::Json;
use crate::jwt::claims::{numeric_date, read_limits, read_scopes, read_string_claim};
use crate::jwt::header::header_errors;
use crate::jwt::registered::{Clock, Registered, Time};
use crate::static_token::{decode_static_token, StaticToken};

/// What kind of token was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A JWT (Tinybird treats every token not starting with `p.` as one).
    Jwt,
    /// A static token (`p.…`).
    Static,
    /// Neither shape.
    Unknown,
}

impl TokenKind {
    /// Every kind.
    pub const ALL: &'static [TokenKind] = &[TokenKind::Jwt, TokenKind::Static, TokenKind::Unknown];

    /// `jwt` / `static` / `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Jwt => "jwt",
            TokenKind::Static => "static",
            TokenKind::Unknown => "unknown",
        }
    }
}

/// A part of a token, as problems and segments name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Part {
    /// The whole token (a token without dots is one segment of this part).
    Token,
    /// `p`, the static token's prefix.
    Prefix,
    /// The JWT header.
    Header,
    /// The JWT claims or the static token's payload.
    Payload,
    /// The HMAC-SHA256 signature.
    Signature,
    /// A segment after the third.
    Extra,
}

impl Part {
    /// Every part.
    pub const ALL: &'static [Part] = &[
        Part::Token,
        Part::Prefix,
        Part::Header,
        Part::Payload,
        Part::Signature,
        Part::Extra,
    ];

    /// `token`, `prefix`, `header`, `payload`, `signature` or `extra`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Token => "token",
            Part::Prefix => "prefix",
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
            Part::Extra => "extra",
        }
    }
}

/// Something wrong with an inspected token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// The error code verification would give.
    pub code: ErrorCode,
    /// Where.
    pub part: Part,
    /// For people.
    pub message: String,
    /// Whether [`crate::verify_jwt`] (right key, at `now`, leeway 0) refuses the token for this
    /// problem; false for Tinybird's claim rules, which it does not judge, and for static tokens,
    /// which it refuses as a whole (they are not JWTs).
    pub verification: bool,
}

/// One dot-separated segment of the token: its part and its byte span in the (UTF-8) token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Segment {
    /// Which part this segment is.
    pub part: Part,
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One scope of a JWT, explained.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ScopeExplanation {
    /// The `type` claim.
    #[serde(rename = "type")]
    pub scope_type: String,
    /// The `resource` claim.
    pub resource: String,
    /// The fixed params, if any.
    pub fixed_params: Option<FixedParams>,
    /// The SQL filter, if any.
    pub filter: Option<String>,
    /// In words: "can read pipe top_pages with org_id fixed to acme".
    pub summary: String,
    /// The restriction the scope carries that Tinybird ignores, `"fixed_params"` or `"filter"`
    /// ([`crate::JwtScope::ignored_restriction`]). Not serialized: the summary and a problem say it.
    #[serde(skip)]
    pub ignored: Option<&'static str>,
}

/// The report of [`inspect_token`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
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
    /// The scopes that read as Tinybird JWT scopes, explained.
    pub scopes: Vec<ScopeExplanation>,
    /// `limits.rps`; 0 or less means no rate limit (Tinybird's docs), not a problem.
    #[serde(rename = "limits", serialize_with = "limits")]
    pub rps_limit: Option<i64>,
    /// `exp`, when it is a NumericDate (truncated toward zero, as verification reads it).
    pub expires_at: Option<i64>,
    /// `exp - now` (negative once expired).
    pub expires_in: Option<i64>,
    /// `nbf`, when it is a NumericDate.
    pub not_before: Option<i64>,
    /// `iat`, when it is a NumericDate; never a problem, as Tinybird does not check it.
    pub issued_at: Option<i64>,
    /// The decoded static token.
    #[serde(rename = "static")]
    pub static_token: Option<StaticToken>,
    /// What is wrong: first what verification refuses, in its order, then Tinybird's claim rules.
    pub problems: Vec<Problem>,
    /// The token's segments, in order.
    pub segments: Vec<Segment>,
}

/// `limits` as the claims write it: `{"rps": n}` or null.
fn limits<S: Serializer>(rps: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
    match rps {
        None => serializer.serialize_none(),
        Some(rps) => {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("rps", rps)?;
            map.end()
        }
    }
}

impl Inspection {
    fn new(kind: TokenKind, token: &str) -> Inspection {
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
            segments: segments(token, kind),
        }
    }

    /// A problem `verify_jwt` refuses the token for.
    fn refused(&mut self, code: ErrorCode, part: Part, message: impl Into<String>) {
        self.push(code, part, message.into(), true);
    }

    /// A problem only Tinybird's claim rules raise.
    fn flagged(&mut self, e: &Error) {
        self.push(e.code(), Part::Payload, e.message().to_owned(), false);
    }

    fn push(&mut self, code: ErrorCode, part: Part, message: String, verification: bool) {
        self.problems.push(Problem {
            code,
            part,
            message,
            verification,
        });
    }
}

/// The token cut at its dots, each piece named by its place and the token's kind.
fn segments(token: &str, kind: TokenKind) -> Vec<Segment> {
    let names = match kind {
        TokenKind::Static => [Part::Prefix, Part::Payload, Part::Signature],
        _ => [Part::Header, Part::Payload, Part::Signature],
    };
    let count = token.split('.').count();
    let mut start = 0;
    token
        .split('.')
        .enumerate()
        .map(|(i, piece)| {
            let part = if count == 1 {
                Part::Token
            } else {
                names.get(i).copied().unwrap_or(Part::Extra)
            };
            let segment = Segment {
                part,
                start,
                end: start + piece.len(),
            };
            start += piece.len() + 1;
            segment
        })
        .collect()
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
        return inspect_static(token);
    }
    let pieces: Vec<&str> = token.split('.').collect();
    let kind = match pieces.len() {
        1 => TokenKind::Unknown,
        _ => TokenKind::Jwt,
    };
    let mut report = Inspection::new(kind, token);
    // In verification's order: size, then shape.
    if token.len() > crate::MAX_TOKEN_BYTES {
        report.refused(
            ErrorCode::TokenTooLarge,
            Part::Token,
            "The token is longer than verifiers accept.",
        );
    }
    let [header, payload, signature] = pieces[..] else {
        report.refused(
            ErrorCode::MalformedToken,
            Part::Token,
            format!(
                "A JWT has 3 segments separated by dots and a static token starts with \"p.\"; this has {} segment(s).",
                pieces.len()
            ),
        );
        return report;
    };
    report.header = decode_part(&mut report, header, Part::Header);
    if let Some(header) = &report.header {
        for e in header_errors(header) {
            report.refused(e.code(), Part::Header, e.message());
        }
    }
    if let Some((code, message)) = signature_problem(signature) {
        report.refused(code, Part::Signature, message);
    }
    report.claims = decode_part(&mut report, payload, Part::Payload);
    if let Some(claims) = report.claims.clone() {
        inspect_registered(&mut report, &claims, now);
        inspect_claims(&mut report, &claims);
    }
    report
}

/// A static token: decoded, never verified here (only Tinybird can), so none of its problems is
/// verification's: `verify_jwt` refuses every static token, as it is not a JWT.
fn inspect_static(token: &str) -> Inspection {
    let mut report = Inspection::new(TokenKind::Static, token);
    match decode_static_token(token) {
        Ok(t) => {
            report.static_token = Some(t);
            // Decoding succeeded, so there are exactly three segments.
            let signature = token.rsplit('.').next().unwrap_or_default();
            if let Some((code, message)) = signature_problem(signature) {
                report.push(code, Part::Signature, message, false);
            }
        }
        Err(e) => report.push(e.code(), Part::Payload, e.message().to_owned(), false),
    }
    report
}

/// Both kinds of token end in an HMAC-SHA256: 32 bytes of strict base64url.
fn signature_problem(segment: &str) -> Option<(ErrorCode, String)> {
    match b64::decode(segment) {
        Some(sig) if sig.len() == 32 => None,
        Some(sig) => Some((
            ErrorCode::InvalidSignature,
            format!(
                "An HMAC-SHA256 signature is 32 bytes; this one is {}.",
                sig.len()
            ),
        )),
        None => Some((
            ErrorCode::MalformedToken,
            "The signature is not strict base64url.".to_owned(),
        )),
    }
}

fn decode_part(report: &mut Inspection, segment: &str, part: Part) -> Option<Json> {
    let name = part.as_str();
    let Some(bytes) = b64::decode(segment) else {
        report.refused(
            ErrorCode::MalformedToken,
            part,
            format!("The {name} is not strict base64url."),
        );
        return None;
    };
    match Json::parse_bytes(&bytes) {
        Ok(json @ Json::Object(_)) => Some(json),
        Ok(_) => {
            report.refused(
                ErrorCode::MalformedToken,
                part,
                format!("The {name} is not a JSON object."),
            );
            None
        }
        Err(e) => {
            report.refused(
                ErrorCode::MalformedToken,
                part,
                format!("The {name} is not valid JSON ({e})."),
            );
            None
        }
    }
}

/// `exp`, `nbf` and `aud`, judged by verification's own checks at `now` with no leeway; every failing
/// check is listed, in its order. The time problems' messages leave `now` out, so the report changes
/// only when a verdict does (a page re-inspects every second). `iat` is shown, never judged.
fn inspect_registered(report: &mut Inspection, claims: &Json, now: i64) {
    let registered = Registered::read(claims);
    report.expires_at = registered.exp.at();
    report.not_before = registered.nbf.at();
    report.issued_at = claims.get("iat").and_then(numeric_date);
    report.expires_in = report.expires_at.map(|exp| exp.saturating_sub(now));
    for e in registered.problems(Some(Clock { now, leeway: 0 })) {
        let message = match (e.code(), &registered.exp, &registered.nbf) {
            (ErrorCode::TokenExpired, Time::At(exp), _) => format!("The token expired at {exp}."),
            (ErrorCode::TokenNotYetValid, _, Time::At(nbf)) => {
                format!("The token is not valid before {nbf}.")
            }
            _ => e.message().to_owned(),
        };
        report.refused(e.code(), Part::Payload, message);
    }
}

/// Tinybird's claim rules, each read by the one claims reader; every problem is listed, none stops
/// the rest.
fn inspect_claims(report: &mut Inspection, claims: &Json) {
    for name in ["workspace_id", "name"] {
        match read_string_claim(claims, name) {
            Ok(v) if name == "name" => report.name = Some(v),
            Ok(v) => report.workspace_id = Some(v),
            Err(e) => report.flagged(&e),
        }
    }
    match read_scopes(claims) {
        Ok(scopes) => {
            for scope in scopes {
                match scope {
                    Ok(s) => {
                        let ignored = s.ignored_restriction();
                        if let Some(e) = s.ignored_error() {
                            let (what, applies) = match ignored {
                                Some("filter") => (
                                    "an SQL filter on a PIPES:READ scope",
                                    "filters apply to DATASOURCES:READ only",
                                ),
                                _ => (
                                    "fixed params on a DATASOURCES:READ scope",
                                    "they apply to PIPES:READ only",
                                ),
                            };
                            let message = format!(
                                "Tinybird ignores {what} ({}): {applies}, so this token restricts less than it looks.",
                                s.resource()
                            );
                            report.push(e.code(), Part::Payload, message, false);
                        }
                        report.scopes.push(ScopeExplanation {
                            scope_type: s.scope_type().as_str().to_owned(),
                            resource: s.resource().to_owned(),
                            fixed_params: s.fixed_params().cloned(),
                            filter: s.filter().map(str::to_owned),
                            summary: s.summary(),
                            ignored,
                        })
                    }
                    Err(e) => report.flagged(&e),
                }
            }
        }
        Err(e) => report.flagged(&e),
    }
    if let Some(path) = crate::jwt::minted::secret_path(claims, &mut String::new()) {
        report.push(
            ErrorCode::SecretInClaim,
            Part::Payload,
            format!("The claim {} holds a Tinybird token (a static token or a JWT): anyone holding this JWT can read it.", crate::secrets::mask_secrets(&path)),
            false,
        );
    }
    if let Some(limits) = claims.get("limits") {
        match read_limits(limits) {
            Ok(rps) => report.rps_limit = Some(rps),
            Err(e) => report.flagged(&e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_have_spans() {
        let report = inspect_token("ab.c.def", 0);
        let spans: Vec<(Part, usize, usize)> = report
            .segments
            .iter()
            .map(|s| (s.part, s.start, s.end))
            .collect();
        assert_eq!(
            spans,
            [
                (Part::Header, 0, 2),
                (Part::Payload, 3, 4),
                (Part::Signature, 5, 8)
            ]
        );
        let report = inspect_token("p.x", 0);
        assert_eq!(report.segments[0].part, Part::Prefix);
        assert_eq!(inspect_token("abc", 0).segments[0].part, Part::Token);
        assert_eq!(inspect_token("a.b.c.d", 0).segments[3].part, Part::Extra);
    }

    fn signed(claims: &str) -> String {
        let key = crate::SigningKey::from_bytes(b"k").unwrap();
        crate::sign_jwt(&Json::parse(claims).unwrap(), &key).unwrap()
    }

    fn problems(report: &Inspection) -> Vec<(&'static str, bool)> {
        report
            .problems
            .iter()
            .map(|p| (p.code.as_str(), p.verification))
            .collect()
    }

    #[test]
    fn verification_problems_come_first_in_its_order() {
        let report = inspect_token(
            &signed(r#"{"name":"n","exp":"soon","nbf":9e9,"aud":"x","iat":"x","scopes":[]}"#),
            100,
        );
        assert_eq!(
            problems(&report),
            [
                ("token_not_yet_valid", true),
                ("invalid_claims", true),
                ("invalid_claims", true),
                ("missing_claim", false),
            ]
        );
        assert!(report.problems[2].message.contains("no audience"));
        assert_eq!(report.not_before, Some(9_000_000_000));
        assert_eq!(report.expires_at, None);
        assert_eq!(report.issued_at, None);
        let report = inspect_token(&signed(r#"{"exp":null,"nbf":null}"#), 0);
        assert_eq!(
            &problems(&report)[..2],
            [("missing_claim", true), ("invalid_claims", true)]
        );
    }

    #[test]
    fn time_claims_are_numeric_dates_and_iat_is_never_a_problem() {
        let claims = r#"{"workspace_id":"w","name":"n","exp":1700000600.9,"nbf":1.7e9,"iat":1699999999.5,"scopes":[{"type":"PIPES:READ","resource":"p"}]}"#;
        let report = inspect_token(&signed(claims), 1_700_000_000);
        assert_eq!(problems(&report), []);
        assert_eq!(report.expires_at, Some(1_700_000_600));
        assert_eq!(report.expires_in, Some(600));
        assert_eq!(report.not_before, Some(1_700_000_000));
        assert_eq!(report.issued_at, Some(1_699_999_999));
        // Expired and not yet valid are judged at `now` with no leeway; messages leave `now` out, so a
        // page that re-inspects every second sees the same problems until a verdict changes.
        let at = |now| inspect_token(&signed(claims), now).problems;
        assert_eq!(at(1_700_000_600)[0].code, ErrorCode::TokenExpired);
        assert_eq!(at(1_700_000_600), at(1_700_000_601));
        assert_eq!(at(1_699_999_999)[0].code, ErrorCode::TokenNotYetValid);
        assert_eq!(at(1_699_999_999), at(1_699_999_998));
    }

    #[test]
    fn size_is_judged_before_shape_as_verification_does() {
        let long = format!("a.b.c.{}", "d".repeat(crate::MAX_TOKEN_BYTES));
        assert_eq!(
            problems(&inspect_token(&long, 0)),
            [("token_too_large", true), ("malformed_token", true)]
        );
    }

    #[test]
    fn header_and_signature_problems_are_verifications() {
        let token = signed(r#"{"exp":10}"#);
        let (_, rest) = token.split_once('.').unwrap();
        let none = format!("{}.{rest}", b64::encode(br#"{"alg":"none","crit":[]}"#));
        assert_eq!(
            problems(&inspect_token(&none, 0)),
            [
                ("algorithm_not_allowed", true),
                ("malformed_token", true),
                ("missing_claim", false),
                ("missing_claim", false),
                ("missing_claim", false),
            ]
        );
        let short = format!("{}.AA", token.rsplit_once('.').unwrap().0);
        assert_eq!(
            problems(&inspect_token(&short, 0))[0],
            ("invalid_signature", true)
        );
    }

    #[test]
    fn static_token_problems_are_not_verifications() {
        let report = inspect_token("p.bad", 0);
        assert!(!report.problems.is_empty());
        assert!(report.problems.iter().all(|p| !p.verification));
        let json = serde_json::to_value(&report.problems[0]).unwrap();
        assert_eq!(json["verification"], serde_json::Value::Bool(false));
    }
}

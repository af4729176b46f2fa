//! The one error type of the crate, with stable codes that every binding reuses.
//!
//! Messages are written for people; codes are for programs and never change once published. No message
//! ever contains a signing key, an admin token or a JWT signature: errors about tokens describe the part
//! that is wrong, never echo the token, and [`Error::new`] / [`Error::with_input`] mask any static token
//! or JWT that an echoed input carries (`p.eyJ1…`, `eyJhbG…`, see [`crate::mask_secrets`]).

use std::fmt;

use crate::project::Finding;

crate::codes::stable_codes! {
    /// What went wrong, as a stable machine-readable code (see [`ErrorCode::as_str`]). New codes
    /// may be added in a minor release, so matches need a wildcard arm.
    pub enum ErrorCode {
    InvalidTokenName => "invalid_token_name", "A token name does not match `^[A-Za-z_][A-Za-z0-9_]*$`.";
    InvalidScope => "invalid_scope", "A scope string is empty, padded, of an unknown type, or names a resource badly.";
    ScopeNotAllowed => "scope_not_allowed", "A known scope type that is not allowed here (internal, Classic-only in Forward, or not a JWT scope).";
    MissingResource => "missing_resource", "A scope or action needs a resource and has none.";
    UnexpectedResource => "unexpected_resource", "A scope or action that takes no resource was given one.";
    FilterNotSupported => "filter_not_supported", "An SQL filter on a scope that cannot carry one (Forward mode, non-READ scopes, PIPES:READ in JWTs).";
    InvalidPermission => "invalid_permission", "A TOKEN permission other than READ/APPEND, or APPEND on a pipe.";
    DatafileSyntax => "datafile_syntax", "A TOKEN line in a datafile has the wrong number of arguments or an unclosed quote.";
    InvalidTtl => "invalid_ttl", "A TTL that `tb` would not parse, or one that yields an expiry not after now.";
    InvalidFixedParams => "invalid_fixed_params", "Fixed params that are malformed, repeated, of a bad type, or on a scope that cannot take them.";
    InvalidLimits => "invalid_limits", "JWT limits that are not `{\"rps\": <integer>}`, or, when minting, an `rps` of 0 or less (Tinybird reads it as no limit: leave limits out).";
    InvalidClaims => "invalid_claims", "JWT claims that are missing, empty, reserved, of the wrong type (`exp` / `nbf` not a JSON number), non-finite, nested too deep, or bound to an audience (`aud`), which Tinybird's verifier refuses.";
    InvalidSigningKey => "invalid_signing_key", "An empty key, or a key that is not a workspace admin token where one is required.";
    MalformedToken => "malformed_token", "A token that is not well-formed (segments, base64url, JSON, header parameters).";
    AlgorithmNotAllowed => "algorithm_not_allowed", "A JWT whose `alg` is missing or is not HS256.";
    InvalidSignature => "invalid_signature", "A signature that matches none of the keys.";
    TokenExpired => "token_expired", "A JWT whose `exp` is not after now (minus leeway).";
    TokenNotYetValid => "token_not_yet_valid", "A JWT whose `nbf` is after now (plus leeway).";
    MissingClaim => "missing_claim", "A JWT without a required claim (`exp`).";
    TokenTooLarge => "token_too_large", "A token longer than the verifier accepts.";
    SecretInClaim => "secret_in_claim", "A Tinybird static token or JWT inside a JWT claim (name, workspace id, resource, fixed param, filter, extra claim) or a static token's name: anyone who can read it would hold the token.";
    InvalidArgument => "invalid_argument", "An interface was called wrongly: an unknown operation, a missing or mistyped argument, bad hex, a negative leeway, no key.";
    ProjectCheckFailed => "project_check_failed", "A token request that the project check finds errors in (the findings are attached).";
    }
}

/// `s` in double quotes as Rust's `{:?}` writes it (`"`, `\\` and control characters escaped; other
/// characters as they are), without the standard library's Unicode tables, which cost the npm
/// package's WebAssembly module 1.8 KB: unlike `{:?}`, it leaves the other non-printable characters
/// (format characters, unassigned code points, a leading combining mark) unescaped.
pub(crate) fn quoted(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A name the caller gave, as a message shows it: any static token or JWT in it masked
/// ([`crate::mask_secrets`]), and a name too long to be one replaced by its length. A token pasted into
/// the wrong argument must not reach logs through the error about it.
pub(crate) fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    let masked = crate::secrets::mask_secrets(s);
    if masked.chars().count() > 64 {
        format!("<{} characters, not shown>", s.chars().count()).into()
    } else {
        masked
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = Error;

    fn from_str(code: &str) -> Result<ErrorCode> {
        ErrorCode::from_code(code).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("Unknown error code \"{}\".", shown(code)),
            )
        })
    }
}

/// An error from any operation of the crate: a stable [`ErrorCode`], a message for people, and where it
/// applies the offending input (a scope, a TTL, a claim name; never a secret) and a datafile line.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    input: Option<String>,
    line: Option<usize>,
    detail: Option<Box<Detail>>,
}

/// What some errors carry besides their message, boxed so that `Error` stays small.
#[derive(Clone, PartialEq, Eq)]
enum Detail {
    Verified(VerifiedParts),
    Findings(Vec<Finding>),
}

/// What verification established before a time check failed: the signature matched key `key_index`,
/// so the header and claims are authentic, only outside their validity window. Attached to
/// `token_expired` and `token_not_yet_valid` errors ([`Error::verified`]) so that callers can show
/// them (or refresh the token) without decoding the token a second time.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedParts {
    /// Which of the given keys matched (the first that did).
    pub key_index: usize,
    /// The header's JSON text as decoded.
    pub header_text: String,
    /// The claims' JSON text as decoded.
    pub claims_text: String,
}

/// `text` with its secrets masked, without a copy when there are none.
fn masked(text: String) -> String {
    match crate::secrets::mask_secrets(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(masked) => masked,
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with a code and a message. Any static token or JWT the message repeats is masked
    /// here ([`crate::mask_secrets`]), whichever path built it.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: masked(message.into()),
            input: None,
            line: None,
            detail: None,
        }
    }

    /// Records the offending input (a scope string, a TTL, a claim name), any secret in it masked as
    /// in the message.
    pub fn with_input(mut self, input: impl Into<String>) -> Error {
        self.input = Some(masked(input.into()));
        self
    }

    /// Records the 1-based datafile line the error is about.
    pub fn with_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }

    /// Attaches what verification established before a time check failed.
    pub(crate) fn with_verified(mut self, parts: VerifiedParts) -> Error {
        self.detail = Some(Box::new(Detail::Verified(parts)));
        self
    }

    /// Attaches the findings of a project check (`project_check_failed`).
    pub(crate) fn with_findings(mut self, findings: Vec<Finding>) -> Error {
        self.detail = Some(Box::new(Detail::Findings(findings)));
        self
    }

    /// For `token_expired` / `token_not_yet_valid` from verification: the matching key and the
    /// authentic header and claims.
    pub fn verified(&self) -> Option<&VerifiedParts> {
        match self.detail.as_deref() {
            Some(Detail::Verified(parts)) => Some(parts),
            _ => None,
        }
    }

    /// For `project_check_failed`: every finding of the check (errors and warnings), sorted; empty
    /// for other errors.
    pub fn findings(&self) -> &[Finding] {
        match self.detail.as_deref() {
            Some(Detail::Findings(findings)) => findings,
            _ => &[],
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message for people, without a code prefix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The offending input, when there is one.
    pub fn input(&self) -> Option<&str> {
        self.input.as_deref()
    }

    /// The 1-based datafile line, for datafile errors.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("code", &self.code.as_str())
            .field("message", &self.message);
        if let Some(input) = &self.input {
            d.field("input", input);
        }
        if let Some(line) = self.line {
            d.field("line", &line);
        }
        match self.detail.as_deref() {
            Some(Detail::Verified(parts)) => {
                d.field("key_index", &parts.key_index);
            }
            Some(Detail::Findings(findings)) => {
                d.field("findings", &findings.len());
            }
            None => {}
        }
        d.finish()
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// `quoted` writes what `{:?}` writes for everything but the non-printable characters it
    /// documents.
    #[test]
    fn quoted_is_debug_for_printable_text() {
        for s in [
            "",
            "x",
            "a\"b",
            "back\\slash",
            "tab\tnl\ncr\r",
            "nul\0",
            "\u{1}\u{1f}\u{7f}\u{80}\u{9f}",
            "caf\u{e9}",
            "p.eyJ1\u{2026}",
            "\u{1f600}",
            "'single'",
        ] {
            assert_eq!(quoted(s), format!("{s:?}"), "{s:?}");
        }
        // Where they part: a format character.
        assert_eq!(quoted("\u{200b}"), "\"\u{200b}\"");
        assert_eq!(format!("{:?}", "\u{200b}"), "\"\\u{200b}\"");
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert_eq!(ErrorCode::from_code(code.as_str()), Some(*code));
        }
        assert_eq!(ErrorCode::ALL.len(), 23);
        assert_eq!(ErrorCode::from_code("nope"), None);
    }

    #[test]
    fn display_includes_line() {
        let e = Error::new(ErrorCode::DatafileSyntax, "bad").with_line(3);
        assert_eq!(e.to_string(), "line 3: bad");
        assert_eq!(e.line(), Some(3));
    }

    /// The table in the crate docs is the codes' own descriptions, in order: it cannot drift.
    #[test]
    fn crate_docs_table_matches_the_codes() {
        let docs = include_str!("lib.rs");
        let rows = crate::codes::docs_table_rows(docs);
        let want: Vec<(&str, &str)> = ErrorCode::ALL
            .iter()
            .map(|c| (c.as_str(), c.description()))
            .collect();
        assert_eq!(rows, want);
    }
}

//! What a project check or lint reports: a [`Finding`] with a stable [`FindingCode`], a [`Severity`],
//! where it is (file and line, or the request's scope) and a did-you-mean.
//!
//! Findings are not errors: a check returns all of them, and the caller decides (the CLI refuses on any
//! `error`, [`crate::create_jwt_checked`] returns `project_check_failed`).

use std::fmt;

crate::codes::stable_codes! {
    /// What a finding is about, as a stable machine-readable code (see [`FindingCode::as_str`]).
    /// New codes may be added in a minor release, so matches need a wildcard arm.
    pub enum FindingCode {
    DatafileSyntax => "datafile_syntax", "A TOKEN line with the wrong number of arguments or an unclosed quote (error).";
    InvalidPermission => "invalid_permission", "A TOKEN permission other than READ/APPEND, or APPEND on a pipe (error).";
    NearMissToken => "near_miss_token", "A line that was probably meant as a TOKEN line but is not read as one: `TOKNE`, `TOKEN:`, `TOKENS`, an indented TOKEN outside a block, a byte order mark before it (error).";
    EmptyTokenName => "empty_token_name", "A TOKEN line whose token name is empty (error).";
    DuplicateToken => "duplicate_token", "The same token with the same permission attached twice to one resource (warning).";
    DuplicateResource => "duplicate_resource", "Two files or specs define the same resource name (error).";
    InvalidResourceName => "invalid_resource_name", "A datafile name or resource spec name that is not a valid resource name (error).";
    UnreadableTemplate => "unreadable_template", "A template the reader cannot follow (an unclosed tag or string, an INCLUDE), so the pipe's parameters may be incomplete (warning).";
    ConflictingParamType => "conflicting_param_type", "One template parameter declared with two different types; the first one is used (warning).";
    UnknownResource => "unknown_resource", "A scope names a resource the project does not define (error).";
    UncheckedResource => "unchecked_resource", "A scope names a resource id (`t_…`) or a shared data source (`workspace.name`) that cannot be checked offline (warning).";
    WrongResourceKind => "wrong_resource_kind", "A scope for pipes names a data source, or one for data sources names a pipe (error).";
    PipeNotEndpoint => "pipe_not_endpoint", "A JWT reads a pipe that is not an endpoint, so the token can read nothing (error).";
    UnknownFixedParam => "unknown_fixed_param", "A fixed param names no parameter of the pipe (error; a warning when the pipe's parameters could not all be read).";
    FixedParamType => "fixed_param_type", "A fixed param value that cannot be the parameter's declared type (error).";
    IgnoredClaim => "ignored_claim", "Something the token would carry that Tinybird does not read: an extra claim other than `nbf` and `iat` (warning).";
    }
}

/// How serious a finding is: an `error` means the token or project would not do what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The token would be refused or would not restrict what it seems to; the project is misread.
    Error,
    /// Worth a look, but not necessarily wrong (or not checkable offline).
    Warning,
}

impl Severity {
    /// `error` / `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of a project read, lint or request check. Serialized as the ops' JSON form:
/// `{code, severity, message, path, line, scope, suggestion}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The stable code.
    pub code: FindingCode,
    /// `error` or `warning`.
    pub severity: Severity,
    /// A sentence for people; never contains a secret (names that look like tokens are masked).
    pub message: String,
    /// The datafile it is about, when there is one (a token in it masked).
    pub path: Option<String>,
    /// The 1-based line in `path`, when there is one.
    pub line: Option<usize>,
    /// The 0-based index of the request scope it is about, for request checks.
    pub scope: Option<usize>,
    /// The did-you-mean: a name of the project, when one is close.
    pub suggestion: Option<String>,
}

impl Finding {
    /// A finding with no location and no suggestion. Like [`crate::Error::new`], it masks any Tinybird
    /// token in the message, whatever built it.
    pub fn new(code: FindingCode, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity,
            message: crate::mask_secrets(&message.into()).into_owned(),
            path: None,
            line: None,
            scope: None,
            suggestion: None,
        }
    }

    /// An `error` finding.
    pub fn error(code: FindingCode, message: impl Into<String>) -> Finding {
        Finding::new(code, Severity::Error, message)
    }

    /// A `warning` finding.
    pub fn warning(code: FindingCode, message: impl Into<String>) -> Finding {
        Finding::new(code, Severity::Warning, message)
    }

    /// Sets the file (and, when given, the line).
    pub fn at(mut self, path: Option<&str>, line: Option<usize>) -> Finding {
        // A file named after a pasted token is still shown masked.
        self.path = path.map(|p| crate::mask_secrets(p).into_owned());
        self.line = line;
        self
    }

    /// Sets the request scope index.
    pub fn in_scope(mut self, index: usize) -> Finding {
        self.scope = Some(index);
        self
    }

    /// Sets the did-you-mean.
    pub fn suggest(mut self, suggestion: Option<String>) -> Finding {
        self.suggestion = suggestion;
        self
    }

    /// Whether it is an `error`.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path:line: severity[code]: message (did you mean X?)`, the location left out where there is none.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{path}:{line}: ")?,
            (Some(path), None) => write!(f, "{path}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s}?)")?;
        }
        Ok(())
    }
}

/// The one order of findings everywhere: by path, line, scope (none first in each), then code and
/// message.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.scope, a.code.as_str(), &a.message).cmp(&(
            &b.path,
            b.line,
            b.scope,
            b.code.as_str(),
            &b.message,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in FindingCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(FindingCode::from_code(code.as_str()), Some(*code));
        }
        assert_eq!(FindingCode::from_code("nope"), None);
    }

    /// The table in the module docs is the codes' own descriptions, in order.
    #[test]
    fn module_docs_table_matches_the_codes() {
        let docs = include_str!("mod.rs");
        let rows = crate::codes::docs_table_rows(docs);
        let want: Vec<(&str, &str)> = FindingCode::ALL
            .iter()
            .map(|c| (c.as_str(), c.description()))
            .collect();
        assert_eq!(rows, want);
    }

    #[test]
    fn display_forms() {
        let f = Finding::error(FindingCode::UnknownResource, "no pipe top_pagez")
            .at(Some("a.pipe"), Some(3))
            .suggest(Some("top_pages".into()));
        assert_eq!(
            f.to_string(),
            "a.pipe:3: error[unknown_resource]: no pipe top_pagez (did you mean top_pages?)"
        );
        let f = Finding::warning(FindingCode::IgnoredClaim, "x");
        assert_eq!(f.to_string(), "warning[ignored_claim]: x");
    }
}

//! The CLI's one error type: a stable code, a message for people, and the exit status it maps to.
//!
//! Codes are the core's (`ErrorCode::as_str`) for every token rule, plus the CLI's own:
//! `usage_error` (exit 2: the command line is wrong or incomplete), `workspace_mismatch` (exit 2: the
//! workspace id and the signing key's owner disagree), `needs_api` (exit 2: the command needs
//! Tinybird's API; the message says which `tb` command to run) and `io_error` (exit 1: a file or
//! stdin could not be read). Messages never contain a signing key or a token's signature.
//! `project_check_failed` (the core's code, exit 1) also carries the findings it refused on.

use std::fmt;

use tinybird_tokens::Finding;

/// Exit status of a rejected input or a failed step.
pub const EXIT_FAILED: u8 = 1;
/// Exit status of a usage error, as clap uses.
pub const EXIT_USAGE: u8 = 2;

/// A failure to report and exit with.
#[derive(Debug)]
pub struct CliError {
    code: &'static str,
    message: String,
    exit: u8,
    line: Option<usize>,
    /// The message for human mode when it differs (dates instead of Unix seconds); JSON keeps `message`.
    human: Option<String>,
    /// For `project_check_failed`: every finding, for the JSON error object.
    findings: Vec<Finding>,
}

impl CliError {
    /// An error with `code`, `message` and exit status `exit`, nothing else attached.
    fn new(code: &'static str, message: impl Into<String>, exit: u8) -> CliError {
        CliError {
            code,
            message: message.into(),
            exit,
            line: None,
            human: None,
            findings: Vec::new(),
        }
    }

    /// The command line is wrong or incomplete (exit 2).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new("usage_error", message, EXIT_USAGE)
    }

    /// The workspace id and the signing key's owner disagree (exit 2: an option or file must change).
    pub fn workspace_mismatch(message: impl Into<String>) -> CliError {
        CliError::new("workspace_mismatch", message, EXIT_USAGE)
    }

    /// A command that needs Tinybird's API, which `tbtoken` never calls (exit 2).
    pub fn needs_api(message: impl Into<String>) -> CliError {
        CliError::new("needs_api", message, EXIT_USAGE)
    }

    /// A file, directory or stdin could not be read (exit 1).
    pub fn io(message: impl Into<String>) -> CliError {
        CliError::new("io_error", message, EXIT_FAILED)
    }

    /// A core error with its own code and a different message (exit 1).
    pub fn with_code(code: tinybird_tokens::ErrorCode, message: impl Into<String>) -> CliError {
        CliError::new(code.as_str(), message, EXIT_FAILED)
    }

    /// Another wording of an error, keeping its code and exit status.
    pub fn with_code_str(code: &'static str, message: impl Into<String>, exit: u8) -> CliError {
        CliError::new(code, message, exit)
    }

    /// Puts where the error happened (a file, a flag) before the message.
    pub fn context(mut self, prefix: impl fmt::Display) -> CliError {
        self.message = format!("{prefix}: {}", self.message);
        self.human = self.human.map(|h| format!("{prefix}: {h}"));
        self
    }

    /// Adds a hint after the message.
    pub fn hint(mut self, hint: impl fmt::Display) -> CliError {
        self.message = format!("{} {hint}", self.message);
        self.human = self.human.map(|h| format!("{h} {hint}"));
        self
    }

    /// Sets the message human mode shows instead (JSON mode keeps the original, with its numbers).
    pub fn with_human(mut self, message: impl Into<String>) -> CliError {
        self.human = Some(message.into());
        self
    }

    /// The message human mode shows.
    pub fn human_message(&self) -> &str {
        self.human.as_deref().unwrap_or(&self.message)
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message for people.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Attaches the findings a project check refused on (shown in the JSON error object).
    pub fn with_findings(mut self, findings: Vec<Finding>) -> CliError {
        self.findings = findings;
        self
    }

    /// The findings of a refused project check; empty for other errors.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The 1-based datafile line, for datafile errors.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The process exit status.
    pub fn exit(&self) -> u8 {
        self.exit
    }
}

impl From<tinybird_tokens::Error> for CliError {
    /// Keeps the core's code and line; the human message (`Display`) carries the line too.
    fn from(e: tinybird_tokens::Error) -> CliError {
        CliError {
            code: e.code().as_str(),
            message: e.to_string(),
            exit: EXIT_FAILED,
            line: e.line(),
            human: None,
            findings: e.findings().to_vec(),
        }
    }
}

/// The CLI's result type.
pub type CliResult<T> = Result<T, CliError>;

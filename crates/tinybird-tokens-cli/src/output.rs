//! Where things are written: results alone on stdout, messages and errors on stderr, in the chosen
//! format. A closed pipe (`tbtoken ... | head -1`) ends output quietly instead of panicking.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use tinybird_tokens::{mask_secrets, Finding, Json};

use crate::cli::OutputFormat;
use crate::error::{CliError, EXIT_USAGE};

/// The output channel of one run.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    format: OutputFormat,
}

impl Output {
    /// Output in `format`.
    pub fn new(format: OutputFormat) -> Output {
        Output { format }
    }

    /// Whether results are JSON.
    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Writes a result: `human` in human mode, `json` (one line) in JSON mode.
    pub fn result<T: Serialize>(&self, human: impl FnOnce() -> String, json: impl FnOnce() -> T) {
        write_quietly(&mut io::stdout().lock(), &self.render(human, json));
    }

    /// [`Output::result`] for what shows a token's decoded content (`verify`, `inspect`, `scopes`):
    /// a Tinybird token inside its claims or header (already a `secret_in_claim` problem) is masked, so
    /// a terminal or a CI log never carries it whole. Masking keeps JSON valid: a token is ASCII without
    /// quotes or escapes, and its mask ends inside the same string.
    pub fn decoded_result<T: Serialize>(
        &self,
        human: impl FnOnce() -> String,
        json: impl FnOnce() -> T,
    ) {
        let text = self.render(human, json);
        write_quietly(&mut io::stdout().lock(), &mask_secrets(&text));
    }

    fn render<T: Serialize>(
        &self,
        human: impl FnOnce() -> String,
        json: impl FnOnce() -> T,
    ) -> String {
        if self.is_json() {
            let mut line = to_json(&json()).to_compact_string();
            line.push('\n');
            line
        } else {
            human()
        }
    }

    /// A message for people on stderr (human mode only: JSON mode keeps stderr for errors).
    pub fn note(&self, message: &str) {
        if !self.is_json() {
            write_quietly(&mut io::stderr().lock(), &format!("{message}\n"));
        }
    }

    /// Reports an error on stderr and returns its exit status.
    pub fn error(&self, e: &CliError) -> ExitCode {
        let text = if self.is_json() {
            error_line(&ErrorBody {
                code: e.code(),
                message: e.message(),
                line: e.line(),
                findings: e.findings(),
            })
        } else {
            format!("error[{}]: {}\n", e.code(), e.human_message())
        };
        write_quietly(&mut io::stderr().lock(), &text);
        ExitCode::from(e.exit())
    }
}

/// `{"error": {"code", "message", "line"?, "findings"?}}`, one line. (No `input`: a secret pasted
/// into the wrong option would be echoed through it; findings mask token-shaped names themselves.)
fn error_json(code: &str, message: &str) -> String {
    error_line(&ErrorBody {
        code,
        message,
        line: None,
        findings: &[],
    })
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    /// The project check's findings (`project_check_failed`).
    #[serde(skip_serializing_if = "<[Finding]>::is_empty")]
    findings: &'a [Finding],
}

fn error_line(body: &ErrorBody<'_>) -> String {
    #[derive(Serialize)]
    struct Wrapper<'a> {
        error: &'a ErrorBody<'a>,
    }
    format!(
        "{}\n",
        to_json(&Wrapper { error: body }).to_compact_string()
    )
}

fn write_quietly(out: &mut impl Write, text: &str) {
    // A reader that went away (EPIPE) is not an error worth a panic; nothing else can fail here.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Whether argv asks for JSON output, read before clap has parsed it so that clap's own usage errors
/// can be reported as JSON too.
pub fn wants_json(args: &[OsString]) -> bool {
    let mut json = false;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        if arg == "--output" {
            json = it.next().is_some_and(|v| v == "json");
        } else if let Some(v) = arg.strip_prefix("--output=") {
            json = v == "json";
        }
    }
    json
}

/// Reports a clap parse failure: help and version as clap prints them; usage errors as text or as a
/// `usage_error` JSON object, with any key or token from argv masked (clap echoes bad arguments).
pub fn clap_error(e: clap::Error, args: &[OsString], json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::from(e.exit_code() as u8);
    }
    let rendered = redact(&e.render().to_string(), args);
    let text = if !json {
        rendered
    } else if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        error_json("usage_error", "a subcommand is required; see --help")
    } else {
        // clap's whole text: the names of missing arguments and its tips follow the first line.
        let text = rendered.trim();
        error_json("usage_error", text.strip_prefix("error: ").unwrap_or(text))
    };
    write_quietly(&mut io::stderr().lock(), &text);
    ExitCode::from(EXIT_USAGE)
}

/// Replaces secrets found in argv (`--token` / `--secret` values, anything shaped like a static
/// token or a JWT) with `<redacted>`.
fn redact(text: &str, args: &[OsString]) -> String {
    let mut secrets = Vec::new();
    let mut value_is_secret = false;
    for arg in args.iter().skip(1).map(|a| a.to_string_lossy()) {
        if std::mem::take(&mut value_is_secret) {
            secrets.push(arg.into_owned());
        } else if arg == "--token" || arg == "--secret" {
            value_is_secret = true;
        } else if let Some(v) = arg
            .strip_prefix("--token=")
            .or_else(|| arg.strip_prefix("--secret="))
        {
            secrets.push(v.to_owned());
        } else if arg.starts_with("p.") || arg.starts_with("eyJ") {
            secrets.push(arg.into_owned());
        }
    }
    // Longest first, so a secret that contains another is masked whole; tiny values are left alone
    // rather than masking every occurrence of, say, "a".
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let text = secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text.to_owned(), |t, s| t.replace(s.as_str(), "<redacted>"));
    // And a token clap echoes from anywhere else (`--ttl=p.eyJ…`) is masked as the core masks it.
    tinybird_tokens::mask_secrets(&text).into_owned()
}

/// A value the user typed, quoted for a message, with any Tinybird token in it masked the core's way
/// (`p.eyJ1…`), as every core message does.
pub fn shown(value: &str) -> String {
    format!("{:?}", tinybird_tokens::mask_secrets(value))
}

/// Any serializable value of the core or the CLI as the JSON model (the core's `Json::from_serialize`),
/// written with the core's writer: PyJWT's spelling of numbers, non-ASCII escaped.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Json {
    // Only a non-finite float fails, and no result of the core or the CLI holds one.
    Json::from_serialize(value).unwrap_or(Json::Null)
}

/// A JSON value indented for people (key order kept, non-ASCII as is).
pub fn pretty(value: &Json) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_compact_string())
}

/// Left-aligned columns separated by two spaces, with a header row; trailing spaces trimmed.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        format!("{}\n", out.trim_end())
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// `label` padded to a fixed width, then `value`: the layout of inspect/verify reports.
pub fn field(label: &str, value: impl std::fmt::Display) -> String {
    format!("{label:<12}{value}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_sniffed_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(wants_json(&args(&["tbtoken", "token", "--output", "json"])));
        assert!(wants_json(&args(&["tbtoken", "--output=json", "x"])));
        assert!(!wants_json(&args(&["tbtoken", "--output", "human"])));
        assert!(!wants_json(&args(&["tbtoken", "--", "--output=json"])));
    }

    #[test]
    fn secrets_are_masked() {
        let args: Vec<OsString> = [
            "tbtoken",
            "--token",
            "p.abc.def",
            "--secret=s3cret",
            "eyJx.y.z",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        assert_eq!(
            redact("bad p.abc.def, s3cret and eyJx.y.z", &args),
            "bad <redacted>, <redacted> and <redacted>"
        );
    }

    #[test]
    fn tables_align() {
        let t = table(
            &["A", "BB"],
            &[
                vec!["xyz".into(), "1".into()],
                vec![String::new(), "2".into()],
            ],
        );
        assert_eq!(t, "A    BB\nxyz  1\n     2\n");
    }
}

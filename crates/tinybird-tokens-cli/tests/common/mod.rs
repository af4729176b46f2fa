//! Running the built `tbtoken` binary in a clean environment, and what the tests share.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tinybird_tokens::Json;

/// The anchors' workspace id (tinybird-anchors.md §7).
pub const WS: &str = "11111111-2222-3333-4444-555555555555";
/// The anchors' admin token (V10), the JWT signing key of V15–V17.
pub const ADMIN: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
/// The anchors' "now".
pub const NOW: &str = "1700000000";
/// The example project's workspace id (its .tinyb `id`).
pub const EXAMPLE_WS: &str = "d160f030-1af8-4ad8-855d-5db995963328";

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `examples/project`.
pub fn example() -> PathBuf {
    repo().join("examples/project")
}

/// What one run gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as one JSON object (the `--output json` contract).
    pub fn json(&self) -> Json {
        let line = self.stdout.strip_suffix('\n').unwrap_or(&self.stdout);
        assert!(
            !line.contains('\n'),
            "JSON output is one line: {:?}",
            self.stdout
        );
        Json::parse(line).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?}", self.stdout))
    }

    /// stderr parsed as `{"error": {"code", "message", "line"? | "findings"?}}`; returns the code.
    pub fn json_error_code(&self) -> String {
        let line = self.stderr.trim_end();
        let json =
            Json::parse(line).unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {line:?}"));
        let error = json.get("error").expect("an error object");
        let keys: Vec<&str> = error
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert!(
            keys == ["code", "message"]
                || keys == ["code", "message", "line"]
                || keys == ["code", "message", "findings"],
            "{line}"
        );
        assert!(error.get("message").and_then(Json::as_str).is_some());
        error.get("code").and_then(Json::as_str).unwrap().to_owned()
    }

    /// Asserts a JSON-mode error: exit status and the code of `{"error": ...}` on stderr.
    pub fn assert_json_error(&self, exit: i32, code: &str) {
        assert_eq!(
            (self.code, self.json_error_code().as_str()),
            (exit, code),
            "stderr: {}",
            self.stderr
        );
    }

    /// Asserts a human-mode error: exit status, `error[code]` on stderr, nothing on stdout.
    pub fn assert_error(&self, exit: i32, code: &str) {
        assert_eq!(self.code, exit, "exit status; stderr: {}", self.stderr);
        assert!(
            self.stderr.contains(&format!("error[{code}]")),
            "expected error[{code}], stderr: {}",
            self.stderr
        );
        assert_eq!(self.stdout, "", "nothing on stdout on error");
    }

    /// Asserts success.
    pub fn ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        self
    }
}

/// Splits a command line at spaces, as a shell does; `"..."` is one argument (it may be empty or hold
/// spaces). Tests write `tbtoken` arguments as a user types them, one line instead of one per argument.
pub fn argv(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        let (arg, after) = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').expect("a closing quote"),
            None => rest.split_once(' ').unwrap_or((rest, "")),
        };
        args.push(arg.to_owned());
        rest = after.trim_start();
    }
    args
}

/// A `tbtoken` invocation with TB_TOKEN and TINYBIRD_ADMIN_TOKEN removed from the environment.
pub struct Tb {
    cmd: Command,
    stdin: Option<String>,
}

/// Starts an invocation with `args`.
pub fn tb<I, S>(args: I) -> Tb
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tbtoken"));
    cmd.args(args)
        .env_remove("TB_TOKEN")
        .env_remove("TINYBIRD_ADMIN_TOKEN");
    Tb { cmd, stdin: None }
}

impl Tb {
    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Tb {
        self.cmd.env(key, value);
        self
    }

    /// Runs in `dir` (the process working directory, not `--cwd`).
    pub fn current_dir(mut self, dir: &Path) -> Tb {
        self.cmd.current_dir(dir);
        self
    }

    /// Feeds `text` on stdin.
    pub fn stdin(mut self, text: &str) -> Tb {
        self.stdin = Some(text.to_owned());
        self
    }

    /// Runs to completion.
    pub fn run(mut self) -> Run {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("tbtoken runs");
        if let Some(text) = self.stdin.take() {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().expect("exited, not killed"),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

/// Writes a `.tinyb` with `fields` (JSON object text) into `dir`.
pub fn write_tinyb(dir: &Path, fields: &str) {
    std::fs::write(dir.join(".tinyb"), fields).unwrap();
}

/// A string field of a JSON object.
pub fn str_field<'a>(json: &'a Json, key: &str) -> &'a str {
    json.get(key)
        .and_then(Json::as_str)
        .unwrap_or_else(|| panic!("no string {key:?} in {json}"))
}

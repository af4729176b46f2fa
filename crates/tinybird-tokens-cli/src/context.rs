//! What every command may need from the global options: the output, the starting directory, the
//! keys, the project's `.tinyb` and the clock. Each is looked up only when a command asks for it.

use std::path::{Path, PathBuf};

use crate::cli::Cli;
use crate::clock;
use crate::error::{CliError, CliResult};
use crate::key::{resolve_keys, Keys, Tinyb};
use crate::output::Output;

/// The run's global state.
pub struct Ctx {
    /// Where results and errors go.
    pub out: Output,
    cwd: PathBuf,
    tokens: Vec<String>,
    now: Option<i64>,
}

impl Ctx {
    /// Reads the global options; `--cwd` must be an existing directory.
    pub fn new(cli: &Cli) -> CliResult<Ctx> {
        let cwd = match &cli.cwd {
            Some(dir) => std::fs::canonicalize(dir)
                .ok()
                .filter(|p| p.is_dir())
                .ok_or_else(|| {
                    CliError::usage(format!("--cwd {}: not a directory", shown_path(dir)))
                })?,
            None => std::env::current_dir()
                .map_err(|e| CliError::io(format!("cannot read the working directory: {e}")))?,
        };
        Ok(Ctx {
            out: Output::new(cli.output),
            cwd,
            tokens: cli.tokens.clone(),
            now: cli.now,
        })
    }

    /// The starting directory (absolute).
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// `path` resolved against the starting directory.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.cwd.join(path)
    }

    /// Now, in Unix seconds: `--now` if given, else the system clock.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(clock::system_now)
    }

    /// The nearest `.tinyb`, if any.
    pub fn tinyb(&self) -> CliResult<Option<Tinyb>> {
        Tinyb::find(&self.cwd)
    }

    /// The admin token(s): `--token`, `$TB_TOKEN` or `.tinyb`.
    pub fn keys(&self) -> CliResult<Keys> {
        resolve_keys(&self.tokens, &self.cwd)
    }

    /// The workspace id: `flag` if given, else the `.tinyb` `id`.
    pub fn workspace_id(&self, flag: Option<&str>) -> CliResult<String> {
        if let Some(id) = flag {
            return Ok(id.to_owned());
        }
        let tinyb = self.tinyb()?;
        if let Some(id) = tinyb.as_ref().map(Tinyb::id).transpose()?.flatten() {
            return Ok(id.to_owned());
        }
        let why = match &tinyb {
            Some(t) => format!("{} has no \"id\"", shown_path(t.path())),
            None => format!("no .tinyb found from {} up", shown_path(&self.cwd)),
        };
        Err(CliError::usage(format!(
            "no workspace id: pass --workspace-id ID or run inside a Tinybird project whose .tinyb has an id ({why})"
        )))
    }
}

/// A path as messages show it: a Tinybird token pasted as a directory (`--cwd "$ADMIN"`) is masked
/// like every input the core echoes (`p.eyJ1…`).
pub fn shown_path(path: &std::path::Path) -> String {
    tinybird_tokens::mask_secrets(&path.display().to_string()).into_owned()
}

//! What every command may need from the global options: the output, the starting directory, the
//! keys, the project's `.tinyb` and the clock. Each is looked up only when a command asks for it, and
//! the `.tinyb` is found and read at most once per run, however many of the key, the workspace id,
//! the project root and the Local check a command asks for.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::cli::Cli;
use crate::clock;
use crate::error::{CliError, CliResult};
use crate::key::{resolve_keys, KeySource, Keys, Tinyb, WHERE_TO_GET};
use crate::output::Output;

/// The run's global state.
pub struct Ctx {
    /// Where results and errors go.
    pub out: Output,
    cwd: PathBuf,
    tokens: Vec<String>,
    now: Option<i64>,
    tinyb: OnceCell<Option<Tinyb>>,
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
            tinyb: OnceCell::new(),
        })
    }

    /// `path` resolved against the starting directory.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.cwd.join(path)
    }

    /// Now, in Unix seconds: `--now` if given, else the system clock.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(clock::system_now)
    }

    /// The nearest `.tinyb`, if any: found and read on the first call only (a read error is
    /// returned, not kept, and ends the run anyway).
    pub fn tinyb(&self) -> CliResult<Option<&Tinyb>> {
        if let Some(found) = self.tinyb.get() {
            return Ok(found.as_ref());
        }
        let found = Tinyb::find(&self.cwd)?;
        Ok(self.tinyb.get_or_init(|| found).as_ref())
    }

    /// The project root: the directory of the nearest `.tinyb`, else the starting directory.
    pub fn project_root(&self) -> CliResult<PathBuf> {
        Ok(self
            .tinyb()?
            .and_then(|t| t.path().parent().map(Path::to_path_buf))
            .unwrap_or_else(|| self.cwd.clone()))
    }

    /// The admin token(s), from the first source that has one (see `key::resolve_keys`). A
    /// last-resort source gets a warning on stderr (human mode) that names it, never the key.
    pub fn keys(&self) -> CliResult<Keys> {
        let keys = resolve_keys(&self.tokens, &self.cwd, || self.tinyb())?;
        if let Some(warning) = keys.source().warning() {
            self.out.note(&warning);
        }
        Ok(keys)
    }

    /// The workspace id: `flag`, else the `.tinyb` `id`, else `key_owner` (the `u` id of the admin
    /// token signing with it). A flag or `.tinyb` id that differs from the key's owner is
    /// `workspace_mismatch`, naming both sources and both ids (ids are not secrets).
    pub fn workspace_id(
        &self,
        flag: Option<&str>,
        key_owner: Option<&KeyOwner>,
    ) -> CliResult<String> {
        let tinyb = self.tinyb()?;
        let (id, source) = match (flag, tinyb.map(Tinyb::id).transpose()?.flatten()) {
            (Some(id), _) => (id.to_owned(), "--workspace-id".to_owned()),
            (None, Some(id)) => {
                let path = tinyb.map(|t| shown_path(t.path()));
                (
                    id.to_owned(),
                    format!("the \"id\" of {}", path.unwrap_or_default()),
                )
            }
            (None, None) => match key_owner {
                Some(owner) => return Ok(owner.id.clone()),
                None => {
                    let why = match tinyb {
                        Some(t) => format!("{} has no \"id\"", shown_path(t.path())),
                        None => format!("no .tinyb found from {} up", shown_path(&self.cwd)),
                    };
                    return Err(CliError::usage(format!(
                        "no workspace id: pass --workspace-id ID, run inside a Tinybird project whose .tinyb has an id, or sign with the Workspace admin token, whose owner id is the workspace id ({why})"
                    )));
                }
            },
        };
        // An empty id is the core's to refuse (invalid_claims), not a disagreement.
        if let Some(owner) = key_owner.filter(|o| !id.is_empty() && o.id != id) {
            let mut message = format!(
                "the workspace id from {source} is {id}, but the signing key from {} belongs to {}: a JWT is verified with the admin token of the workspace it names, so they must agree",
                owner.source, owner.id
            );
            if owner.source.is_last_resort() {
                message.push_str(&format!(
                    ". The key is probably your personal \"Admin <email>\" token, whose id is your user id. {WHERE_TO_GET}"
                ));
            } else {
                message.push_str(&format!(
                    ". Sign with the admin token of workspace {id}, or pass --workspace-id {} if the key is the right one",
                    owner.id
                ));
            }
            return Err(CliError::workspace_mismatch(message));
        }
        Ok(id)
    }
}

/// Who a signing key belongs to: the `u` id of the admin token, and where the key came from.
pub struct KeyOwner {
    /// The owner id (the workspace id for a Workspace admin token).
    pub id: String,
    /// Where the key came from.
    pub source: KeySource,
}

/// A path as messages show it: a Tinybird token pasted as a directory (`--cwd "$ADMIN"`) is masked
/// like every input the core echoes (`p.eyJ1…`).
pub fn shown_path(path: &std::path::Path) -> String {
    tinybird_tokens::mask_secrets(&path.display().to_string()).into_owned()
}

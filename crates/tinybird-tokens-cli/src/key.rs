//! Finding the signing key and the project's `.tinyb` without ever requiring a secret on the command
//! line: `--token`, else `$TINYBIRD_ADMIN_TOKEN`, else (last resorts, with a warning) `$TB_TOKEN`,
//! else the `token` of the nearest `.tinyb`. The last two usually hold the user's personal
//! `Admin <email>` token, which Tinybird Cloud does not verify JWTs with.
//!
//! Key values never appear in messages or `Debug` output; only where they came from does.

use std::fmt;
use std::path::{Path, PathBuf};

use tinybird_tokens::Json;

use crate::error::{CliError, CliResult};

/// The `.tinyb` file name `tb` writes at a project's root.
pub const TINYB: &str = ".tinyb";

/// The environment variable for the Workspace admin token, the name the JS and Python guides use.
pub const ADMIN_TOKEN_ENV: &str = "TINYBIRD_ADMIN_TOKEN";

/// The environment variable `tb` reads its token from: a last resort, as that is usually the user's
/// own `Admin <email>` token.
pub const TB_TOKEN_ENV: &str = "TB_TOKEN";

/// A parsed `.tinyb` (JSON written by `tb login` / `tb local`).
pub struct Tinyb {
    path: PathBuf,
    json: Json,
}

impl Tinyb {
    /// The nearest `.tinyb` in `start` or one of its parents, up to the filesystem root.
    pub fn find(start: &Path) -> CliResult<Option<Tinyb>> {
        for dir in start.ancestors() {
            let path = dir.join(TINYB);
            if path.is_file() {
                return Tinyb::read(path).map(Some);
            }
        }
        Ok(None)
    }

    fn read(path: PathBuf) -> CliResult<Tinyb> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CliError::io(format!("cannot read {}: {e}", path.display())))?;
        match Json::parse(&text) {
            Ok(json @ Json::Object(_)) => Ok(Tinyb { path, json }),
            Ok(_) => Err(CliError::io(format!(
                "{} is not a JSON object",
                path.display()
            ))),
            Err(e) => Err(CliError::io(format!(
                "{} is not valid JSON ({e})",
                path.display()
            ))),
        }
    }

    /// Where it was found.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A string field; a field of another type is an error rather than silently ignored.
    fn field(&self, key: &str) -> CliResult<Option<&str>> {
        match self.json.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(_) => Err(CliError::io(format!(
                "the \"{key}\" field of {} is not a string",
                self.path.display()
            ))),
        }
    }

    /// The `token` field: what `tb login` / `tb local` stored, usually the user's `Admin <email>` token.
    pub fn token(&self) -> CliResult<Option<&str>> {
        self.field("token")
    }

    /// The workspace id.
    pub fn id(&self) -> CliResult<Option<&str>> {
        self.field("id")
    }

    /// The API host, e.g. `http://localhost:7181`.
    pub fn host(&self) -> CliResult<Option<&str>> {
        self.field("host")
    }

    /// Whether the project points at Tinybird Local (host `localhost` or a loopback address).
    pub fn is_local(&self) -> CliResult<bool> {
        Ok(self.host()?.is_some_and(is_local_host))
    }
}

/// Whether a URL's host is `localhost`, `127.0.0.1` or `::1`, whatever the scheme and port.
fn is_local_host(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "::1"
}

/// Where the keys came from, for messages (never the keys themselves).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// `--token` options.
    Flag,
    /// `$TINYBIRD_ADMIN_TOKEN`.
    AdminEnv,
    /// `$TB_TOKEN` (a last resort: `tb` keeps the user's own token there).
    TbEnv,
    /// The `token` field of this `.tinyb` (a last resort: `tb login` writes the user's token there).
    Tinyb(PathBuf),
}

impl KeySource {
    /// A short machine-readable name: `--token`, `TINYBIRD_ADMIN_TOKEN`, `TB_TOKEN` or `.tinyb`.
    pub fn name(&self) -> &'static str {
        match self {
            KeySource::Flag => "--token",
            KeySource::AdminEnv => ADMIN_TOKEN_ENV,
            KeySource::TbEnv => TB_TOKEN_ENV,
            KeySource::Tinyb(_) => TINYB,
        }
    }

    /// Whether the source usually holds `tb`'s personal `Admin <email>` token rather than the
    /// Workspace admin token Tinybird verifies JWTs with.
    pub fn is_last_resort(&self) -> bool {
        matches!(self, KeySource::TbEnv | KeySource::Tinyb(_))
    }

    /// The warning for a last-resort source: what the key probably is and where to get the right
    /// one. Names the source only, never the key.
    pub fn warning(&self) -> Option<String> {
        if !self.is_last_resort() {
            return None;
        }
        Some(format!(
            "warning: the key comes from {self}, which usually holds your personal \"Admin <email>\" token (`tb login` stores it there), not the Workspace admin token. Tinybird verifies JWTs with the Workspace admin token, so Tinybird Cloud answers JWTs signed with another token with 403. {WHERE_TO_GET}"
        ))
    }
}

/// Where the Workspace admin token is found, for warnings and errors.
pub const WHERE_TO_GET: &str = "Get the Workspace admin token from the Tinybird UI (Tokens → \"Workspace admin token\") or with `tb token copy \"Workspace admin token\"`; for Tinybird Local, from the `workspace_admin_token` of Local's /tokens endpoint. Pass it as $TINYBIRD_ADMIN_TOKEN or --token.";

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Flag => f.write_str("--token"),
            KeySource::AdminEnv => write!(f, "${ADMIN_TOKEN_ENV}"),
            KeySource::TbEnv => write!(f, "${TB_TOKEN_ENV}"),
            KeySource::Tinyb(path) => write!(f, "the token of {}", path.display()),
        }
    }
}

/// One or more workspace admin tokens and their source.
pub struct Keys {
    values: Vec<String>,
    source: KeySource,
}

impl Keys {
    /// The key values, in order (the order `verify` reports a match index in).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Where they came from.
    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// The single key a signing command needs; several `--token` is a usage error.
    pub fn single(&self) -> CliResult<&str> {
        match self.values.as_slice() {
            [one] => Ok(one),
            _ => Err(CliError::usage(
                "give one --token to sign with (several are only for `token verify`)",
            )),
        }
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Keys({} from {:?}, <redacted>)",
            self.values.len(),
            self.source
        )
    }
}

/// A non-empty environment variable; one that is not UTF-8 is a usage error.
fn env_key(name: &str) -> CliResult<Option<String>> {
    match std::env::var_os(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value
            .into_string()
            .map(Some)
            .map_err(|_| CliError::usage(format!("${name} is not valid UTF-8"))),
    }
}

/// The key sources, in order: `--token` values, `$TINYBIRD_ADMIN_TOKEN`, then as last resorts
/// `$TB_TOKEN` and the `token` of the `.tinyb` found from `start` up (`tinyb`, asked for only when
/// it is needed). Empty variables count as unset.
pub fn resolve_keys<'t>(
    flags: &[String],
    start: &Path,
    tinyb: impl FnOnce() -> CliResult<Option<&'t Tinyb>>,
) -> CliResult<Keys> {
    if !flags.is_empty() {
        return Ok(Keys {
            values: flags.to_vec(),
            source: KeySource::Flag,
        });
    }
    for (name, source) in [
        (ADMIN_TOKEN_ENV, KeySource::AdminEnv),
        (TB_TOKEN_ENV, KeySource::TbEnv),
    ] {
        if let Some(value) = env_key(name)? {
            return Ok(Keys {
                values: vec![value],
                source,
            });
        }
    }
    let missing = format!("no signing key: pass --token ADMIN_TOKEN or set ${ADMIN_TOKEN_ENV} to the Workspace admin token ($TB_TOKEN and the token of the nearest .tinyb are used as last resorts)");
    match tinyb()? {
        Some(tinyb) => match tinyb.token()? {
            Some(token) => Ok(Keys {
                values: vec![token.to_owned()],
                source: KeySource::Tinyb(tinyb.path().to_owned()),
            }),
            None => Err(CliError::usage(format!(
                "{missing} ({} has none). {WHERE_TO_GET}",
                tinyb.path().display()
            ))),
        },
        None => Err(CliError::usage(format!(
            "{missing} (no .tinyb found from {} up). {WHERE_TO_GET}",
            start.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts() {
        for url in [
            "http://localhost:7181",
            "http://127.0.0.1:7181/",
            "localhost",
            "http://[::1]:7181",
            "HTTP://LOCALHOST",
        ] {
            assert!(is_local_host(url), "{url}");
        }
        for url in [
            "https://api.tinybird.co",
            "http://localhost.example.com",
            "http://127.0.0.2",
            "http://evil@api.tinybird.co",
        ] {
            assert!(!is_local_host(url), "{url}");
        }
    }

    #[test]
    fn debug_never_shows_keys() {
        let keys = Keys {
            values: vec!["p.secret".into()],
            source: KeySource::AdminEnv,
        };
        assert!(!format!("{keys:?}").contains("secret"));
    }
}

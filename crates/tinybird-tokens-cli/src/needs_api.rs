//! `tb`'s commands and options that need Tinybird's API (`token copy/refresh/rm`, `--cloud`,
//! `--local`, `--branch`): `tbtoken` never calls the API, so each is answered with the `tb` command
//! to run instead (`needs_api`, exit 2) rather than clap's "a similar subcommand exists" tip.

use crate::cli::{Cli, Command, TokenCommand};
use crate::error::CliError;

/// The refusal for an API-only command or option, if the command line has one.
pub fn refusal(cli: &Cli) -> Option<CliError> {
    let subcommand = match &cli.command {
        Command::Token(TokenCommand::Copy(a)) => {
            Some(("copy", &a.args, "reads a token's value from"))
        }
        Command::Token(TokenCommand::Refresh(a)) => {
            Some(("refresh", &a.args, "gives a token a new value in"))
        }
        Command::Token(TokenCommand::Rm(a)) => Some(("rm", &a.args, "deletes a token from")),
        _ => None,
    };
    if let Some((name, args, what)) = subcommand {
        let shown = shell_args(args);
        return Some(CliError::needs_api(format!(
            "`token {name}` {what} your workspace through Tinybird's API, and tbtoken works offline. Run: tb token {name}{shown}"
        )));
    }
    let flag = if cli.cloud {
        "--cloud"
    } else if cli.local {
        "--local"
    } else if cli.branch.is_some() {
        "--branch"
    } else {
        return None;
    };
    Some(CliError::needs_api(format!(
        "{flag} chooses which Tinybird environment `tb` talks to; tbtoken never talks to Tinybird. Drop {flag}: tbtoken reads the key from --token or $TINYBIRD_ADMIN_TOKEN and the project from --cwd. For the API itself, run `tb {flag} ...`."
    )))
}

/// tbtoken's global options with a value, which the trailing arguments may have swallowed.
const OWN_OPTIONS: &[&str] = &["--output", "--cwd", "--token", "--now"];

/// The arguments to repeat in the suggested `tb` command: plain words as given, anything else (a
/// pasted token, odd characters) as a placeholder, and tbtoken's own options (`--token` with its
/// value) left out, so nothing secret is echoed.
fn shell_args(args: &[String]) -> String {
    let mut skip_value = false;
    args.iter()
        .filter(|a| {
            if std::mem::take(&mut skip_value) {
                return false;
            }
            let own = OWN_OPTIONS
                .iter()
                .find(|o| a.as_str() == **o || a.starts_with(&format!("{o}=")));
            skip_value = own.is_some_and(|o| a.as_str() == *o);
            own.is_none()
        })
        .map(|a| {
            let plain = !a.is_empty()
                && a.len() <= 64
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
            if plain {
                format!(" {a}")
            } else {
                " TOKEN_NAME".to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_words_are_repeated() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(shell_args(&args(&["my_token", "--yes"])), " my_token --yes");
        assert_eq!(shell_args(&args(&["p.abc.def"])), " TOKEN_NAME");
        assert_eq!(shell_args(&args(&["a b"])), " TOKEN_NAME");
        assert_eq!(
            shell_args(&args(&[
                "x",
                "--token",
                "p.a.b",
                "--output=json",
                "--yes",
                "--cwd",
                "d"
            ])),
            " x --yes"
        );
    }
}

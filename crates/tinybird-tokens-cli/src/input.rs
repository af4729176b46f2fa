//! Reading the token a command works on: from its argument, or from stdin with `-` or when omitted
//! (so a token never has to sit in shell history or `ps`).

use std::io::{IsTerminal, Read};

use crate::error::{CliError, CliResult};
use crate::output::Output;

/// The token as `read_token` gives it, with a `Bearer ` prefix (an Authorization header value pasted
/// whole) dropped and a note saying so.
pub fn read_token_bare(arg: Option<&str>, out: &Output) -> CliResult<String> {
    let token = read_token(arg)?;
    let prefix = token.get(..7).filter(|p| p.eq_ignore_ascii_case("bearer "));
    match prefix {
        Some(_) => {
            out.note("note: dropped the \"Bearer \" prefix (that is the Authorization header's; the token is what follows it).");
            Ok(token[7..].trim_start().to_owned())
        }
        None => Ok(token),
    }
}

/// Tokens are at most 16 KiB; read a little more so an oversized one still reaches the core's check.
const MAX_STDIN_BYTES: u64 = 1 << 20;

/// The token given as `arg`, or read from stdin for `-` / no argument.
///
/// With no argument and a terminal on stdin, nothing is waited for: that is a usage error.
/// An argument is taken verbatim. From stdin, one trailing line ending (what `echo` and here-strings
/// add) is removed and nothing else, so a token with stray spaces is reported, not silently fixed.
pub fn read_token(arg: Option<&str>) -> CliResult<String> {
    match arg {
        Some(token) if token != "-" => Ok(token.to_owned()),
        None if std::io::stdin().is_terminal() => Err(CliError::usage(
            "no token: pass it as an argument, or pipe it on stdin (`-`)",
        )),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MAX_STDIN_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|e| CliError::io(format!("cannot read the token from stdin: {e}")))?;
            let mut text = String::from_utf8(bytes)
                .map_err(|_| CliError::io("the token read from stdin is not UTF-8"))?;
            if text.ends_with('\n') {
                text.pop();
                if text.ends_with('\r') {
                    text.pop();
                }
            }
            if text.is_empty() {
                return Err(CliError::usage(
                    "no token: pass it as an argument, or pipe it on stdin",
                ));
            }
            Ok(text)
        }
    }
}

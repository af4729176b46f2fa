//! `tbtoken`: Tinybird's token commands, offline, on the `tinybird-tokens` core.
//!
//! This binary parses the command line, finds keys and project files, and prints; every token rule
//! (scopes, TTLs, fixed params, JWT bytes, verification) is the core's, so the CLI, the npm package
//! and the Python package agree by construction.
#![forbid(unsafe_code)]

mod check;
mod cli;
mod clock;
mod context;
mod error;
mod input;
mod inspect_cmd;
mod jwt_cmd;
mod key;
mod lint_cmd;
mod local_cmd;
mod needs_api;
mod output;
mod project;
mod project_cmd;
mod random;
mod scope_args;
mod scope_hint;
mod static_cmd;
mod verify_cmd;

use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, CreateCommand, LocalCommand, OutputFormat, TokenCommand};
use crate::context::Ctx;
use crate::error::{CliError, CliResult};

fn main() -> ExitCode {
    let args = cli::join_negative_ttl(std::env::args_os().collect());
    let json = output::wants_json(&args);
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return output::clap_error(e, &args, json),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return output::clap_error(e, &args, json),
    };
    if let Some(e) = needs_api::refusal(&cli) {
        // The trailing arguments of `token rm ...` may have swallowed `--output`: argv decides.
        let format = if json { OutputFormat::Json } else { cli.output };
        return output::Output::new(format).error(&e);
    }
    let ctx = match Ctx::new(&cli) {
        Ok(ctx) => ctx,
        Err(e) => return output::Output::new(cli.output).error(&e),
    };
    match run(&ctx, &cli.command, &matches) {
        Ok(code) => code,
        Err(e) => ctx.out.error(&e),
    }
}

/// Dispatches to the command; `matches` is handed down where argv order matters.
fn run(ctx: &Ctx, command: &Command, matches: &ArgMatches) -> CliResult<ExitCode> {
    let ok = |r: CliResult<()>| r.map(|()| ExitCode::SUCCESS);
    match command {
        Command::Token(TokenCommand::Create(create)) => {
            let create_matches = sub(matches, &["token", "create"])?;
            match create {
                CreateCommand::Jwt(args) => {
                    ok(jwt_cmd::run(ctx, args, sub(create_matches, &["jwt"])?))
                }
                CreateCommand::Static(args) => ok(static_cmd::run(
                    ctx,
                    args,
                    sub(create_matches, &["static"])?,
                )),
            }
        }
        Command::Token(TokenCommand::Inspect(args)) => inspect_cmd::inspect(ctx, args),
        Command::Token(TokenCommand::Scopes(args)) => inspect_cmd::scopes(ctx, args),
        Command::Token(TokenCommand::Verify(args)) => ok(verify_cmd::run(ctx, args)),
        Command::Token(TokenCommand::Ls(args)) => ok(project_cmd::ls(ctx, args)),
        Command::Token(TokenCommand::Plan(args)) => ok(project_cmd::plan(ctx, args)),
        Command::Token(TokenCommand::Lint(args)) => lint_cmd::run(ctx, args),
        Command::Local(LocalCommand::GenerateTokens) => ok(local_cmd::generate_tokens(ctx)),
        // Answered before the context is built (`needs_api::refusal`).
        Command::Token(TokenCommand::Copy(_) | TokenCommand::Refresh(_) | TokenCommand::Rm(_)) => {
            Err(CliError::usage("this command needs Tinybird's API"))
        }
    }
}

/// The matches of a nested subcommand path.
fn sub<'a>(matches: &'a ArgMatches, path: &[&str]) -> CliResult<&'a ArgMatches> {
    path.iter().try_fold(matches, |m, name| {
        m.subcommand_matches(name)
            .ok_or_else(|| CliError::usage(format!("missing subcommand {name}")))
    })
}

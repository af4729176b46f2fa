//! `token lint [DIR]`: every finding of the core's project lint, one line each, and an exit status
//! CI can use: 0 with no finding, 1 with any (errors or warnings: a warning is still something the
//! datafiles do not say the way Tinybird reads them), 2 when DIR has no datafiles to check.

use std::process::ExitCode;

use serde::Serialize;
use tinybird_tokens::Finding;

use crate::check::{error_count, line};
use crate::cli::LintArgs;
use crate::context::{shown_path, Ctx};
use crate::error::{CliError, CliResult, EXIT_FAILED};
use crate::project::read_project;

/// `token lint --output json`.
#[derive(Serialize)]
struct LintReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

/// Runs `token lint`.
pub fn run(ctx: &Ctx, args: &LintArgs) -> CliResult<ExitCode> {
    let root = match &args.dir {
        Some(dir) => ctx.resolve(dir),
        None => ctx.project_root()?,
    };
    let dir = read_project(&root)?;
    if dir.is_empty() {
        // Nothing checked must not pass as clean (a wrong path in CI).
        return Err(CliError::usage(format!(
            "no .datasource or .pipe files under {}: nothing to lint",
            shown_path(&root)
        )));
    }
    let findings = dir.project.lint();
    let errors = error_count(&findings);
    let warnings = findings.len() - errors;
    ctx.out.note(&if findings.is_empty() {
        format!(
            "No findings in {} datafile(s) under {}.",
            dir.files.len(),
            shown_path(&root)
        )
    } else {
        format!(
            "{errors} error(s) and {warnings} warning(s) in {} datafile(s) under {}.",
            dir.files.len(),
            shown_path(&root)
        )
    });
    ctx.out.result(
        || findings.iter().map(|f| format!("{}\n", line(f))).collect(),
        || LintReport {
            files: dir.files.len(),
            errors,
            warnings,
            findings: &findings,
        },
    );
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}

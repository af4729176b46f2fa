//! What the CLI does with the core's findings: print them, one line each, and refuse on errors.
//!
//! A token request (`create jwt`, `create static`) found to be wrong for the project is refused with
//! `project_check_failed` (exit 1), unless `--ignore-findings`, which mints anyway and says so. A
//! project that reads with errors is refused by `ls` and `plan`, which would otherwise show a plan
//! built from a misread project. Warnings never refuse; human mode prints them on stderr.

use std::path::Path;

use tinybird_tokens::{ErrorCode, Finding};

use crate::context::{shown_path, Ctx};
use crate::error::{CliError, CliResult};
use crate::project::{read_project, ProjectDir};

/// The flag that mints despite error findings.
pub const IGNORE_FLAG: &str = "--ignore-findings";

/// One finding for people: `path:line: severity[code]: message (did you mean X?)`; a finding about
/// a request scope is prefixed with the option it came from (`--scope #2: …`).
pub fn line(finding: &Finding) -> String {
    match finding.scope {
        Some(index) => format!("--scope #{}: {finding}", index + 1),
        None => finding.to_string(),
    }
}

/// How many findings are errors (the core's `Finding::is_error`).
pub fn error_count(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.is_error()).count()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `project_check_failed` with every finding listed under `summary`, then `fix`.
fn refusal(summary: &str, findings: &[Finding], fix: &str) -> CliError {
    let mut message = format!(
        "{summary} ({}):",
        plural(error_count(findings), "error finding")
    );
    for f in findings {
        message.push_str("\n  ");
        message.push_str(&line(f));
    }
    message.push('\n');
    message.push_str(fix);
    CliError::with_code(ErrorCode::ProjectCheckFailed, message).with_findings(findings.to_vec())
}

/// The project a token request is checked against: the datafiles under the project root. `None`
/// (and one note in human mode) when there are none. A project that itself reads with errors gets a
/// note pointing to `token lint`: the check may then be looking at the wrong file.
pub fn request_project(ctx: &Ctx) -> CliResult<Option<ProjectDir>> {
    let root = ctx.project_root()?;
    let dir = read_project(&root)?;
    if dir.is_empty() {
        ctx.out.note(&format!(
            "note: no .datasource or .pipe files under {}: the request is not checked against a project.",
            shown_path(&root)
        ));
        return Ok(None);
    }
    let errors = error_count(&dir.project.lint());
    if errors > 0 {
        ctx.out.note(&format!(
            "warning: the project under {} has {} of its own; `tbtoken token lint` lists them.",
            shown_path(&root),
            plural(errors, "error finding")
        ));
    }
    Ok(Some(dir))
}

/// Applies a request check's findings. Errors refuse (`project_check_failed`) unless `ignore`;
/// then each finding is printed (human mode) and the caller ends with [`ignored_warning`].
/// Warnings alone are printed and let the request through. Returns the findings for JSON output.
pub fn gate_request(
    ctx: &Ctx,
    root: &Path,
    findings: Vec<Finding>,
    ignore: bool,
) -> CliResult<Vec<Finding>> {
    if error_count(&findings) > 0 && !ignore {
        return Err(refusal(
            &format!(
                "the request does not match the project under {}",
                shown_path(root)
            ),
            &findings,
            &format!(
                "Fix the request (or the datafiles), or pass {IGNORE_FLAG} to go ahead anyway."
            ),
        ));
    }
    for f in &findings {
        ctx.out.note(&line(f));
    }
    Ok(findings)
}

/// The last word after `--ignore-findings` let errors through: `warning: minted despite N error
/// finding(s)`; nothing when there were none.
pub fn ignored_warning(ctx: &Ctx, findings: &[Finding], done: &str) {
    let errors = error_count(findings);
    if errors > 0 {
        ctx.out.note(&format!(
            "warning: {done} despite {} ({IGNORE_FLAG}).",
            plural(errors, "error finding")
        ));
    }
}

/// Refuses a project that reads with errors (for `ls` and `plan`, whose output would be built from
/// a misread project); prints its warnings otherwise.
pub fn require_clean(ctx: &Ctx, dir: &ProjectDir, shown_root: &str) -> CliResult<()> {
    let findings = dir.project.lint();
    if error_count(&findings) > 0 {
        return Err(refusal(
            &format!("the datafiles under {shown_root} do not read cleanly"),
            &findings,
            "Fix them first: tokens read from a misread project would be wrong. `tbtoken token lint` lists every finding.",
        ));
    }
    for f in &findings {
        ctx.out.note(&line(f));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tinybird_tokens::FindingCode;

    use super::*;

    #[test]
    fn scope_findings_name_the_option() {
        let f = Finding::error(FindingCode::UnknownResource, "no such pipe.").in_scope(1);
        assert_eq!(
            line(&f),
            "--scope #2: error[unknown_resource]: no such pipe."
        );
        let f = Finding::warning(FindingCode::DuplicateToken, "twice.").at(Some("a.pipe"), Some(3));
        assert_eq!(line(&f), "a.pipe:3: warning[duplicate_token]: twice.");
    }

    #[test]
    fn refusals_list_every_finding_and_carry_them() {
        let findings = vec![
            Finding::error(FindingCode::UnknownResource, "a.").in_scope(0),
            Finding::warning(FindingCode::IgnoredClaim, "b."),
        ];
        let e = refusal("bad", &findings, "Fix it.");
        assert_eq!(e.code(), "project_check_failed");
        assert_eq!(
            e.message(),
            "bad (1 error finding):\n  --scope #1: error[unknown_resource]: a.\n  warning[ignored_claim]: b.\nFix it."
        );
        assert_eq!(e.findings().len(), 2);
    }
}

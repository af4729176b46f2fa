//! `token ls` and `token plan`: the project's resource-scoped tokens, and what a deployment would
//! change in them (the core's `plan_tokens` / `diff_token_plans`). Both refuse a project that reads
//! with error findings: a plan from a misread project (a `TOKNE` line) would propose deleting tokens.

use serde::Serialize;
use std::path::Path;

use tinybird_tokens::{diff_token_plans, PlannedToken, Scope, TokenPlan};

use crate::check::require_clean;
use crate::cli::{LsArgs, PlanArgs};
use crate::context::{shown_path, Ctx};
use crate::error::CliResult;
use crate::output::table;
use crate::project::{read_project, read_project_as};

/// `token ls --output json`: `{"tokens": [{name, scopes}]}`.
#[derive(Serialize)]
struct Listing<'a> {
    tokens: &'a [&'a PlannedToken],
}

/// Runs `token ls`.
pub fn ls(ctx: &Ctx, args: &LsArgs) -> CliResult<()> {
    let root = ctx.project_root()?;
    let dir = read_project(&root)?;
    require_clean(ctx, &dir, &shown_path(&root))?;
    let plan = dir.plan()?;
    let tokens: Vec<&PlannedToken> = plan
        .tokens()
        .iter()
        .filter(|t| args.pattern.as_deref().is_none_or(|p| t.name.contains(p)))
        .collect();
    ctx.out.note(&format!(
        "{} resource-scoped token(s) in {} datafile(s) under {}",
        tokens.len(),
        dir.files.len(),
        shown_path(&root)
    ));
    ctx.out.result(
        || {
            if tokens.is_empty() {
                return String::new();
            }
            let mut rows = Vec::new();
            for t in &tokens {
                for (i, scope) in t.scopes.iter().enumerate() {
                    let token = if i == 0 {
                        t.name.clone()
                    } else {
                        String::new()
                    };
                    rows.push(vec![token, scope.to_string()]);
                }
            }
            table(&["TOKEN", "SCOPES"], &rows)
        },
        || Listing { tokens: &tokens },
    );
    Ok(())
}

/// Runs `token plan`.
pub fn plan(ctx: &Ctx, args: &PlanArgs) -> CliResult<()> {
    let old = checked_plan(ctx, &args.old_dir)?;
    let new = checked_plan(ctx, &args.new_dir)?;
    let diff = diff_token_plans(&old, &new);
    if diff.is_empty() {
        ctx.out.note("No changes in tokens to be deployed.");
    }
    ctx.out.result(
        || {
            if diff.is_empty() {
                return String::new();
            }
            let mut rows = Vec::new();
            let mut push = |change: &str, name: &str, lines: Vec<String>| {
                if lines.is_empty() {
                    rows.push(vec![change.to_owned(), name.to_owned(), String::new()]);
                }
                for (i, line) in lines.into_iter().enumerate() {
                    let (c, n) = if i == 0 { (change, name) } else { ("", "") };
                    rows.push(vec![c.to_owned(), n.to_owned(), line]);
                }
            };
            let plus =
                |scopes: &[Scope]| scopes.iter().map(|x| format!("+ {x}")).collect::<Vec<_>>();
            let minus =
                |scopes: &[Scope]| scopes.iter().map(|x| format!("- {x}")).collect::<Vec<_>>();
            for t in &diff.create {
                push("create", &t.name, plus(&t.scopes));
            }
            for update in &diff.update {
                let mut lines = plus(&update.added);
                lines.extend(minus(&update.removed));
                push("update", &update.name, lines);
            }
            for name in &diff.delete {
                push("delete", name, minus(old.scopes(name).unwrap_or_default()));
            }
            table(&["CHANGE", "TOKEN", "SCOPES"], &rows)
        },
        || &diff,
    );
    Ok(())
}

/// The plan of one `token plan` directory, refused when it reads with errors; findings name files
/// under the directory as typed.
fn checked_plan(ctx: &Ctx, dir: &Path) -> CliResult<TokenPlan> {
    let label = shown_path(dir);
    let read = read_project_as(&ctx.resolve(dir), Some(&label))?;
    require_clean(ctx, &read, &label)?;
    read.plan()
}

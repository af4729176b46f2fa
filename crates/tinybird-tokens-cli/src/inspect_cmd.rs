//! `token inspect` and `token scopes`: the core's explained view of a token, never verified.
//!
//! `inspect` prints the whole report and exits 1 when it lists problems (so scripts can test a token
//! with it) but 0 when the token decodes cleanly. `scopes` only needs the claims to decode.

use std::process::ExitCode;

use serde::Serialize;
use tinybird_tokens::{
    inspect_token, Inspection, OwnerKind, Problem, Scope, ScopeExplanation, TokenKind,
};

use crate::check;
use crate::cli::TokenInput;
use crate::clock::{expires, iso_utc};
use crate::context::{shown_path, Ctx};
use crate::error::{CliError, CliResult, EXIT_FAILED};
use crate::input::read_token_bare;
use crate::output::{field, pretty, table};
use crate::project::read_project;

/// Runs `token inspect`.
pub fn inspect(ctx: &Ctx, args: &TokenInput) -> CliResult<ExitCode> {
    let token = read_token_bare(args.token.as_deref(), &ctx.out)?;
    let now = ctx.now();
    let report = inspect_token(&token, now);
    ctx.out.note(match report.kind {
        TokenKind::Static => "Decoded only: the signature is not checked (`tbtoken token verify TOKEN --secret SECRET` checks it; only Tinybird has Tinybird Cloud's secret).",
        _ => "Decoded only: the signature is not checked (use `tbtoken token verify`).",
    });
    ctx.out
        .decoded_result(|| human_report(&report, now), || &report);
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}

fn human_report(r: &Inspection, now: i64) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| out.push_str(&field(label, value));
    match r.kind {
        TokenKind::Jwt => line("Kind", "JWT".into()),
        TokenKind::Static => line("Kind", "static token".into()),
        TokenKind::Unknown => line("Kind", "unknown (neither a JWT nor a static token)".into()),
    }
    if let Some(name) = &r.name {
        line("Name", name.clone());
    }
    if let Some(ws) = &r.workspace_id {
        line("Workspace", ws.clone());
    }
    if let Some(exp) = r.expires_at {
        line("Expires", expires(exp, now));
    }
    if let Some(nbf) = r.not_before {
        line("Not before", iso_utc(nbf));
    }
    if let Some(iat) = r.issued_at {
        line("Issued at", iso_utc(iat));
    }
    match r.rps_limit {
        Some(rps) if rps <= 0 => line(
            "Rate limit",
            format!("none (rps {rps}: Tinybird reads 0 or less as no limit)"),
        ),
        Some(rps) => line("Rate limit", format!("{rps} requests per second")),
        None => {}
    }
    for (i, scope) in r.scopes.iter().enumerate() {
        line(if i == 0 { "Scopes" } else { "" }, scope.summary.clone());
    }
    if let Some(t) = &r.static_token {
        let owner = match t.owner_kind {
            OwnerKind::User => "workspace or user",
            OwnerKind::Organization => "organization",
        };
        line("Owner", format!("{} ({owner})", t.owner_id));
        line("Token id", t.token_id.clone());
        line(
            "Region",
            t.region
                .clone()
                .unwrap_or_else(|| "none (Tinybird Local)".into()),
        );
        line("API host", t.api_host().to_owned());
        line("Scopes", "kept by Tinybird, not in the token".into());
    }
    if let Some(header) = &r.header {
        line("Header", header.to_compact_string());
    }
    for (i, p) in r.problems.iter().enumerate() {
        line(
            if i == 0 { "Problems" } else { "" },
            format!("{} ({}): {}", p.code.as_str(), p.part.as_str(), p.message),
        );
    }
    if let Some(claims) = &r.claims {
        out.push_str(&format!("Claims\n{}\n", pretty(claims)));
    }
    out
}

/// Runs `token scopes`.
pub fn scopes(ctx: &Ctx, args: &TokenInput) -> CliResult<ExitCode> {
    let token = read_token_bare(args.token.as_deref(), &ctx.out)?;
    let report = inspect_token(&token, ctx.now());
    if report.kind == TokenKind::Unknown && looks_like_a_name(&token) {
        return project_token_scopes(ctx, &token);
    }
    if report.kind == TokenKind::Static {
        return Err(CliError::usage(
            "a static token does not carry its scopes (Tinybird keeps them); `token scopes` reads JWTs",
        ));
    }
    if report.claims.is_none() {
        let first = report
            .problems
            .first()
            .expect("undecodable claims come with a problem");
        return Err(CliError::with_code(first.code, first.message.clone()));
    }
    for p in &report.problems {
        ctx.out
            .note(&format!("warning[{}]: {}", p.code.as_str(), p.message));
    }
    ctx.out.decoded_result(
        || {
            let rows: Vec<Vec<String>> = report
                .scopes
                .iter()
                .map(|x| {
                    let mut extra = Vec::new();
                    if let Some(params) = &x.fixed_params {
                        extra.push(match x.ignored {
                            Some("fixed_params") => format!(
                                "{params} (IGNORED by Tinybird: fixed params apply to PIPES:READ only)"
                            ),
                            _ => params.to_string(),
                        });
                    }
                    if let Some(filter) = &x.filter {
                        extra.push(match x.ignored {
                            Some("filter") => format!(
                                "{filter} (IGNORED by Tinybird: filters apply to DATASOURCES:READ only)"
                            ),
                            _ => filter.clone(),
                        });
                    }
                    vec![x.scope_type.clone(), x.resource.clone(), extra.join("; ")]
                })
                .collect();
            table(&["TYPE", "RESOURCE", "FIXED PARAMS / FILTER"], &rows)
        },
        || ScopesOut {
            scopes: &report.scopes,
            problems: &report.problems,
        },
    );
    Ok(ExitCode::SUCCESS)
}

/// `token scopes --output json`.
#[derive(Serialize)]
struct ScopesOut<'a> {
    scopes: &'a [ScopeExplanation],
    problems: &'a [Problem],
}

/// Not a token but perhaps a token's name, as `tb token scopes NAME` takes: no dots (a JWT and a
/// static token have them), short, and printable.
fn looks_like_a_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && !text.contains('.')
        && !text.chars().any(char::is_control)
}

/// `token scopes NAME`: the scopes the project's TOKEN lines give token NAME (the project is the
/// directory of the nearest .tinyb, else --cwd). An unknown name says what `scopes` takes and how to
/// search the project's tokens.
fn project_token_scopes(ctx: &Ctx, name: &str) -> CliResult<ExitCode> {
    let root = ctx.project_root()?;
    let dir = read_project(&root)?;
    // Scopes read from a misread project would mislead: refused, as `token ls` does.
    check::require_clean(ctx, &dir, &shown_path(&root))?;
    let scopes = dir.plan()?.scopes(name).map(<[Scope]>::to_vec);
    let Some(scopes) = scopes else {
        return Err(CliError::usage(format!(
            "`token scopes` takes a JWT, or the name of a token defined by the TOKEN lines under {}; {name:?} is neither. To search the project's tokens: tbtoken token ls --match {name:?}",
            shown_path(&root)
        )));
    };
    ctx.out.note(&format!(
        "Token {name:?} as defined by the TOKEN lines under {} (a static token: Tinybird keeps its scopes).",
        shown_path(&root)
    ));
    ctx.out.decoded_result(
        || {
            let rows: Vec<Vec<String>> = scopes
                .iter()
                .map(|x| {
                    vec![
                        x.scope_type().to_string(),
                        x.resource().unwrap_or_default().to_owned(),
                        x.filter().unwrap_or_default().to_owned(),
                    ]
                })
                .collect();
            table(&["TYPE", "RESOURCE", "FIXED PARAMS / FILTER"], &rows)
        },
        || ProjectScopes {
            name,
            source: "project",
            scopes: &scopes,
        },
    );
    Ok(ExitCode::SUCCESS)
}

/// `token scopes NAME --output json` for a project token.
#[derive(Serialize)]
struct ProjectScopes<'a> {
    name: &'a str,
    source: &'static str,
    scopes: &'a [Scope],
}

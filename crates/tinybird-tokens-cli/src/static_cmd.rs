//! `token create static`: checks each scope with the core, prints the canonical scope strings and the
//! request `tb token create static` would send (URL-encoded, unlike `tb`), and, given a secret or in a
//! Tinybird Local project, a static token string. Scopes naming a resource are checked against the
//! project's datafiles first, when there are any (`check.rs`).

use clap::ArgMatches;
use serde::Serialize;
use tinybird_tokens::{
    generate_static_token, parse_scope, Finding, OwnerKind, Scope, ScopeMode, ScopeType,
    StaticToken, LOCAL_SECRET,
};

use crate::check;
use crate::cli::StaticArgs;
use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::scope_args::{group_scopes, Follower, ScopeGroup};
use crate::scope_hint::with_did_you_mean;

/// Said under a signed static token: its scopes live on the server, which has never seen this id.
const UNREGISTERED: &str = "  (signed offline and never registered: Tinybird keeps static-token scopes on the server, which has\n   not seen this token id, so it will most likely not authenticate; the request above creates a\n   token there and Tinybird returns its value)\n";

/// Runs `token create static`; `matches` are the subcommand's, for argv positions.
pub fn run(ctx: &Ctx, args: &StaticArgs, matches: &ArgMatches) -> CliResult<()> {
    let mode = if args.classic {
        ScopeMode::Classic
    } else {
        ScopeMode::Forward
    };
    let groups = group_scopes(matches, &[Follower::Resource, Follower::Filter])?;
    let scopes = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            static_scope(g, mode)
                .map_err(|e| with_scope_hint(e, g))
                .map_err(|e| e.context(format!("--scope #{}", i + 1)))
        })
        .collect::<CliResult<Vec<_>>>()?;
    tinybird_tokens::refuse_secret("The static token name", &args.name)?;
    let findings = match check::request_project(ctx)? {
        Some(dir) => {
            let findings = dir.project.check_static_scopes(&scopes);
            check::gate_request(ctx, &dir.root, findings, args.ignore_findings)?
        }
        None => Vec::new(),
    };
    let request = create_request(&args.name, &scopes);
    let token = generate(ctx, args)?;
    check::ignored_warning(ctx, &findings, "accepted");

    ctx.out.result(
        || {
            let mut text = format!("Scopes ({mode}):\n");
            for scope in &scopes {
                text.push_str(&format!("  {scope}\n"));
            }
            text.push_str(&format!("Request:\n  {request}\n"));
            if let Some(token) = &token {
                text.push_str(&format!("Token:\n  {token}\n"));
                text.push_str(UNREGISTERED);
            }
            text
        },
        || StaticPlan {
            name: &args.name,
            mode: mode.as_str(),
            scopes: &scopes,
            request: &request,
            token: token.as_deref(),
            findings: &findings,
        },
    );
    Ok(())
}

/// Names the CLI's fix in a scope error: `--classic` for a Classic-only type (the core says "Classic
/// mode", the bindings' word), a did-you-mean for an unknown type.
fn with_scope_hint(e: CliError, group: &ScopeGroup) -> CliError {
    let e = if e.message().contains(CLASSIC_MODE) {
        let message = e.message().replace(CLASSIC_MODE, "(add --classic)");
        CliError::with_code_str(e.code(), message, e.exit())
    } else {
        e
    };
    with_did_you_mean(e, &group.scope, |_| true)
}

/// The core's advice for a Classic-only scope, which the CLI words as its flag.
const CLASSIC_MODE: &str = "(use Classic mode)";

/// `token create static --output json`.
#[derive(Serialize)]
struct StaticPlan<'a> {
    name: &'a str,
    mode: &'a str,
    scopes: &'a [Scope],
    request: &'a str,
    token: Option<&'a str>,
    /// The project check's findings, when there are any (warnings, or errors let through).
    #[serde(skip_serializing_if = "<[Finding]>::is_empty")]
    findings: &'a [Finding],
}

/// A scope from its group: a whole scope string alone, or a bare type with `--resource` / `--filter`.
fn static_scope(group: &ScopeGroup, mode: ScopeMode) -> CliResult<Scope> {
    if group.resource.is_none() && group.filter.is_none() {
        return Ok(parse_scope(&group.scope, mode)?);
    }
    match ScopeType::from_name(&group.scope) {
        Some(scope_type) => Ok(Scope::new(
            scope_type,
            group.resource.as_deref(),
            group.filter.as_deref(),
            mode,
        )?),
        None => {
            // Not a bare type: either a whole scope (then --resource/--filter repeat it) or nonsense.
            parse_scope(&group.scope, mode)?;
            Err(CliError::usage(format!(
                "--scope {} already includes its resource: drop --resource/--filter, or write the bare type (e.g. --scope DATASOURCES:READ --resource events)",
                group.scope
            )))
        }
    }
}

/// `POST /v0/tokens?name=<n>&origin=C&scope=<s1>&...`, encoded as Python's `urlencode` would.
fn create_request(name: &str, scopes: &[Scope]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("name", name).append_pair("origin", "C");
    for scope in scopes {
        query.append_pair("scope", &scope.to_string());
    }
    format!("POST /v0/tokens?{}", query.finish())
}

/// The token string, when there is a secret: `--secret`, or Local's in a Tinybird Local project.
fn generate(ctx: &Ctx, args: &StaticArgs) -> CliResult<Option<String>> {
    let secret = match &args.secret {
        Some(secret) => secret.clone(),
        None => match ctx.tinyb()? {
            Some(tinyb) if tinyb.is_local()? => {
                ctx.out.note(&format!(
                    "Tinybird Local project ({}): signing with Local's secret.",
                    tinyb.path().display()
                ));
                LOCAL_SECRET.to_owned()
            }
            _ => return Ok(None),
        },
    };
    let token = StaticToken {
        owner_kind: OwnerKind::User,
        owner_id: ctx.workspace_id(args.workspace_id.as_deref(), None)?,
        token_id: match &args.token_id {
            Some(id) => id.clone(),
            None => tinybird_tokens::token_id_from_random(crate::random::random_bytes()?),
        },
        region: args.region.clone(),
    };
    Ok(Some(generate_static_token(&token, secret.as_bytes())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_is_url_encoded() {
        let scopes = [
            parse_scope("DATASOURCES:READ:ds:a > 1", ScopeMode::Classic).unwrap(),
            parse_scope("PIPES:READ:p", ScopeMode::Classic).unwrap(),
        ];
        assert_eq!(
            create_request("my static", &scopes),
            "POST /v0/tokens?name=my+static&origin=C&scope=DATASOURCES%3AREAD%3Ads%3Aa+%3E+1&scope=PIPES%3AREAD%3Ap"
        );
    }
}

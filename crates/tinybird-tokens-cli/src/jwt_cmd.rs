//! `token create jwt`: builds a `JwtRequest` from the options and signs it with the core.
//!
//! Usage errors (orphan options, no key, no workspace id) come first; every token rule (scope types,
//! resources, TTL, fixed params, filters, limits) is checked by the core, with its codes. The CLI adds
//! the readings of its own options: a whole `--scope PIPES:READ:pipe`, `--expires-at` as a date, and
//! messages that name the fix (`--limit-rps 0`, a `p.` key that does not decode, a mistyped scope).
//! When the project root has datafiles, the request is checked against them (`check.rs`): a refused
//! token is never printed.

use clap::ArgMatches;
use serde::Serialize;
use tinybird_tokens::{
    create_jwt, decode_jwt, decode_static_token, parse_fixed_params, parse_scope, parse_ttl,
    ErrorCode, Expiry, Finding, Json, JwtRequest, JwtScope, JwtScopeType, ScopeMode, ScopeType,
    SigningKey,
};

use crate::check;
use crate::cli::JwtArgs;
use crate::clock::{expires, iso_utc, parse_when, when, WHEN_FORMATS};
use crate::context::{Ctx, KeyOwner};
use crate::error::{CliError, CliResult};
use crate::key::{Keys, WHERE_TO_GET};
use crate::output::shown;
use crate::scope_args::{group_scopes, tb_pairing_differs, Follower, ScopeGroup};
use crate::scope_hint::with_did_you_mean;

/// Runs `token create jwt`; `matches` are the subcommand's, for argv positions.
pub fn run(ctx: &Ctx, args: &JwtArgs, matches: &ArgMatches) -> CliResult<()> {
    let groups = group_scopes(
        matches,
        &[Follower::Resource, Follower::FixedParams, Follower::Filter],
    )?;
    let keys = ctx.keys()?;
    let key = signing_key(&keys)?;
    let owner = key.workspace_id().map(|id| KeyOwner {
        id: id.to_owned(),
        source: keys.source().clone(),
    });
    let workspace_id = ctx.workspace_id(args.workspace_id.as_deref(), owner.as_ref())?;

    let scopes = groups
        .iter()
        .enumerate()
        .map(|(i, g)| jwt_scope(g).map_err(|e| e.context(format!("--scope #{}", i + 1))))
        .collect::<CliResult<Vec<_>>>()?;
    let pairing = tb_pairing_differs(&groups);
    for warning in &pairing {
        ctx.out.note(warning);
    }
    let now = ctx.now();
    let expiry = expiry(args)?;
    let request = JwtRequest {
        workspace_id,
        name: args.name.clone(),
        expiry,
        scopes,
        rps_limit: rps_limit(args.limit_rps.as_deref())?,
        extra_claims: Vec::new(),
    };
    let project = check::request_project(ctx)?;
    // The core's order (`create_jwt_checked`): the core's own refusals of the request (a token
    // inside a claim, the size cap) are the more basic errors and come first, then the project's
    // verdict. A refused token is dropped, never printed.
    let token = create_jwt(&request, &key, now).map_err(|e| explained(e, &request, now))?;
    let findings = match &project {
        Some(dir) => {
            // The request's own rules were checked while signing: only findings remain.
            let findings = dir.project.check_jwt(&request, now)?;
            check::gate_request(ctx, &dir.root, findings, args.ignore_findings)?
        }
        None => Vec::new(),
    };
    // Read back from the token itself: what is shown is exactly what was signed.
    let claims = decode_jwt(&token)?.claims();
    let exp = claims.get("exp").and_then(Json::as_i64).unwrap_or_default();

    ctx.out
        .note(&format!("The token expires at {}.", expires(exp, now)));
    check::ignored_warning(ctx, &findings, "minted");
    ctx.out.result(
        || format!("{token}\n"),
        || Minted {
            token: &token,
            claims: &claims,
            exp,
            expires_at: iso_utc(exp),
            key_source: keys.source().name(),
            warnings: keys.source().warning().into_iter().chain(pairing).collect(),
            findings: &findings,
        },
    );
    Ok(())
}

/// A core error about the request in the words of the CLI's options: `--expires-at` in the past,
/// `--limit-rps` below 1.
fn explained(e: tinybird_tokens::Error, request: &JwtRequest, now: i64) -> CliError {
    match request.expiry {
        Expiry::At(exp) if e.code() == ErrorCode::InvalidClaims && exp <= now => CliError::from(e)
            .with_human(format!(
                "--expires-at {} is not in the future (now is {}).",
                when(exp, now),
                iso_utc(now)
            )),
        _ if e.code() == ErrorCode::InvalidLimits => CliError::from(e).with_human(format!(
            "--limit-rps {}: a limit must be at least 1 request per second; omit --limit-rps for no limit.",
            request.rps_limit.unwrap_or_default()
        )),
        _ => CliError::from(e),
    }
}

/// The signing key: one Workspace admin token. A `p.` key that does not decode is told so (it is
/// probably cut short), not that it must start with `p.`; the key itself is never shown.
fn signing_key(keys: &Keys) -> CliResult<SigningKey> {
    let text = keys.single()?;
    SigningKey::from_admin_token(text).map_err(|e| {
        let source = keys.source();
        match decode_static_token(text) {
            Err(why) if text.starts_with("p.") => CliError::with_code(
                ErrorCode::InvalidSigningKey,
                format!(
                    "The key from {source} starts with \"p.\" but does not decode as a static token ({}): it is probably cut short or altered. Copy the Workspace admin token again. {WHERE_TO_GET}",
                    why.message().trim_end_matches('.')
                ),
            ),
            _ => CliError::from(e).hint(format!("(key from {source})")),
        }
    })
}

/// `--ttl` or `--expires-at` (clap's `expiry` group admits exactly one).
fn expiry(args: &JwtArgs) -> CliResult<Expiry> {
    if let Some(ttl) = &args.ttl {
        return Ok(Expiry::Ttl(parse_ttl(ttl)?));
    }
    let text = args.expires_at.as_deref().unwrap_or_default();
    parse_when(text).map(Expiry::At).ok_or_else(|| {
        CliError::usage(format!(
            "--expires-at {} is not a time: it takes {WHEN_FORMATS}",
            shown(text)
        ))
    })
}

/// `--limit-rps`: a whole number of at least 1. Zero or less is `invalid_limits` with the fix
/// (leave the option out), whatever the core would make of it.
fn rps_limit(text: Option<&str>) -> CliResult<Option<i64>> {
    let Some(text) = text else {
        return Ok(None);
    };
    // Only the number is read here: whether it is a usable limit is the core's rule.
    text.parse::<i64>().map(Some).map_err(|_| {
        CliError::usage(format!(
            "--limit-rps {} is not a whole number: give the requests per second allowed, e.g. --limit-rps 10, or omit it for no limit",
            shown(text)
        ))
    })
}

/// One scope through the core: type, resource, then fixed params or filter.
fn jwt_scope(group: &ScopeGroup) -> CliResult<JwtScope> {
    let group = split_whole_scope(group)?;
    let scope_type = JwtScopeType::parse(&group.scope).map_err(|e| {
        with_did_you_mean(e.into(), &group.scope, |t| {
            matches!(t, ScopeType::PipesRead | ScopeType::DatasourcesRead)
        })
    })?;
    let mut scope = JwtScope::new(scope_type, group.resource.as_deref().unwrap_or_default())?;
    if let Some(text) = &group.fixed_params {
        scope = scope.with_fixed_params(parse_fixed_params(text)?)?;
    }
    if let Some(filter) = &group.filter {
        scope = scope.with_filter(filter)?;
    }
    Ok(scope)
}

/// `--scope PIPES:READ:top_pages` (the whole-scope form `create static` takes) read as
/// `--scope PIPES:READ --resource top_pages`; `DATASOURCES:READ:ds:filter` carries a filter too.
fn split_whole_scope(group: &ScopeGroup) -> CliResult<ScopeGroup> {
    let whole = ["PIPES:READ:", "DATASOURCES:READ:"]
        .iter()
        .any(|prefix| group.scope.starts_with(prefix));
    if !whole {
        return Ok(group.clone());
    }
    if group.resource.is_some() {
        return Err(CliError::usage(format!(
            "--scope {} already includes its resource: drop --resource, or write the bare type (--scope PIPES:READ --resource top_pages)",
            group.scope
        )));
    }
    let scope = parse_scope(&group.scope, ScopeMode::Classic)?;
    if scope.filter().is_some() && group.filter.is_some() {
        return Err(CliError::usage(format!(
            "--scope {} already includes a filter: drop --filter",
            group.scope
        )));
    }
    Ok(ScopeGroup {
        scope: scope.scope_type().as_str().to_owned(),
        resource: scope.resource().map(str::to_owned),
        fixed_params: group.fixed_params.clone(),
        filter: scope.filter().map(str::to_owned).or(group.filter.clone()),
    })
}

/// `token create jwt --output json`.
#[derive(Serialize)]
struct Minted<'a> {
    token: &'a str,
    claims: &'a Json,
    exp: i64,
    expires_at: String,
    /// Where the key came from (`--token`, `TINYBIRD_ADMIN_TOKEN`, `TB_TOKEN`, `.tinyb`).
    key_source: &'a str,
    /// The warnings human mode prints on stderr (a last-resort key, options that `tb` would pair
    /// with another scope), when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    /// The project check's findings, when there are any (warnings, or errors let through).
    #[serde(skip_serializing_if = "<[Finding]>::is_empty")]
    findings: &'a [Finding],
}

//! `token create jwt`: builds a `JwtRequest` from the options and signs it with the core.
//!
//! Usage errors (orphan options, no key, no workspace id) come first; every token rule (scope types,
//! resources, TTL, fixed params, filters, limits) is checked by the core, with its codes.

use clap::ArgMatches;
use serde::Serialize;
use tinybird_tokens::{
    create_jwt, decode_jwt, parse_fixed_params, parse_ttl, Expiry, Json, JwtRequest, JwtScope,
    JwtScopeType, SigningKey,
};

use crate::cli::JwtArgs;
use crate::clock::{iso_utc, relative_expiry};
use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::scope_args::{group_scopes, Follower, ScopeGroup};

/// Runs `token create jwt`; `matches` are the subcommand's, for argv positions.
pub fn run(ctx: &Ctx, args: &JwtArgs, matches: &ArgMatches) -> CliResult<()> {
    let groups = group_scopes(
        matches,
        &[Follower::Resource, Follower::FixedParams, Follower::Filter],
    )?;
    let keys = ctx.keys()?;
    let key_text = keys.single()?;
    let workspace_id = ctx.workspace_id(args.workspace_id.as_deref())?;

    let scopes = groups
        .iter()
        .enumerate()
        .map(|(i, g)| jwt_scope(g).map_err(|e| e.context(format!("--scope #{}", i + 1))))
        .collect::<CliResult<Vec<_>>>()?;
    // clap's `expiry` group admits exactly one of the two.
    let expiry = match &args.ttl {
        Some(ttl) => Expiry::Ttl(parse_ttl(ttl)?),
        None => Expiry::At(args.expires_at.unwrap_or_default()),
    };
    let key = SigningKey::from_admin_token(key_text)
        .map_err(|e| CliError::from(e).hint(format!("(key from {})", keys.source())))?;
    let request = JwtRequest {
        workspace_id,
        name: args.name.clone(),
        expiry,
        scopes,
        rps_limit: args.limit_rps.map(|n| i64::try_from(n).unwrap_or(i64::MAX)),
        extra_claims: Vec::new(),
    };
    let now = ctx.now();
    let token = create_jwt(&request, &key, now)?;
    // Read back from the token itself: what is shown is exactly what was signed.
    let claims = decode_jwt(&token)?.claims();
    let exp = claims.get("exp").and_then(Json::as_i64).unwrap_or_default();

    ctx.out.note(&format!(
        "The token expires at {} ({}).",
        iso_utc(exp),
        relative_expiry(exp, now)
    ));
    ctx.out.result(
        || format!("{token}\n"),
        || Minted {
            token: &token,
            claims: &claims,
            exp,
            expires_at: iso_utc(exp),
        },
    );
    Ok(())
}

/// One scope through the core: type, resource, then fixed params or filter.
fn jwt_scope(group: &ScopeGroup) -> CliResult<JwtScope> {
    let scope_type = JwtScopeType::parse(&group.scope)?;
    let mut scope = JwtScope::new(scope_type, group.resource.as_deref().unwrap_or_default())?;
    if let Some(text) = &group.fixed_params {
        scope = scope.with_fixed_params(parse_fixed_params(text)?)?;
    }
    if let Some(filter) = &group.filter {
        scope = scope.with_filter(filter)?;
    }
    Ok(scope)
}

/// `token create jwt --output json`.
#[derive(Serialize)]
struct Minted<'a> {
    token: &'a str,
    claims: &'a Json,
    exp: i64,
    expires_at: String,
}

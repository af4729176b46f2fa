//! `token verify`: checks a JWT's signature against the admin token(s) and its `exp` / `nbf` at now,
//! with the core's `verify_jwt`; a static token (`p.…`) against `--secret` with
//! `verify_static_token`. Exit 0 when valid, 1 with the core's code when rejected.

use serde::Serialize;
use tinybird_tokens::{
    numeric_date, verify_jwt, verify_static_token, ErrorCode, Json, StaticToken, VerifyOptions,
    VerifyingKey, LOCAL_SECRET,
};

use crate::cli::VerifyArgs;
use crate::clock::{expires, iso_utc, when};
use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::input::read_token_bare;
use crate::key::KeySource;
use crate::output::{field, pretty};

/// Runs `token verify`.
pub fn run(ctx: &Ctx, args: &VerifyArgs) -> CliResult<()> {
    let token = read_token_bare(args.input.token.as_deref(), &ctx.out)?;
    // One reading of the clock: the verdict and the dates shown with it are at the same instant.
    let now = ctx.now();
    let options = VerifyOptions::at(now)
        .with_leeway_seconds(args.leeway)
        .map_err(|e| CliError::from(e).context("--leeway"))?;
    if token.starts_with("p.") {
        return verify_static(ctx, &token, args.secret.as_deref());
    }
    let keys = ctx.keys()?;
    let verifying = keys
        .values()
        .iter()
        .map(|k| VerifyingKey::from_bytes(k.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::from(e).hint(format!("(key from {})", keys.source())))?;
    let verified = verify_jwt(&token, &verifying, &options).map_err(|e| {
        if let Some(human) = outside_window(&e, now) {
            return CliError::from(e).with_human(human);
        }
        if e.code() != ErrorCode::InvalidSignature {
            return CliError::from(e);
        }
        // Which keys were tried is what one needs to debug a signature mismatch; never their values.
        let tried = match keys.values().len() {
            1 => format!("(checked with {})", keys.source()),
            n => format!("(checked with {n} keys from {})", keys.source()),
        };
        CliError::from(e).hint(tried)
    })?;

    let matched = match keys.source() {
        KeySource::Flag => format!(
            "key {} (--token #{})",
            verified.key_index,
            verified.key_index + 1
        ),
        other => format!("key {} ({other})", verified.key_index),
    };
    ctx.out.decoded_result(
        || {
            let mut out = field("Valid", format!("signature matches {matched}"));
            out.push_str(&field("Expires", expires(verified.exp, now)));
            out.push_str(&format!("Claims\n{}\n", pretty(&verified.claims())));
            out
        },
        || Verified {
            valid: true,
            key_index: verified.key_index,
            key_source: keys.source().name(),
            exp: verified.exp,
            expires_at: iso_utc(verified.exp),
            header: verified.header(),
            claims: verified.claims(),
        },
    );
    Ok(())
}

/// `token_expired` / `token_not_yet_valid` worded with dates for people ("expired at
/// 2023-11-14T22:13:20Z (3 years ago)"); JSON mode keeps the core's Unix seconds.
fn outside_window(e: &tinybird_tokens::Error, now: i64) -> Option<String> {
    let (claim, wording) = match e.code() {
        ErrorCode::TokenExpired => ("exp", "The JWT expired at"),
        ErrorCode::TokenNotYetValid => ("nbf", "The JWT is not valid before"),
        _ => return None,
    };
    let claims = Json::parse(&e.verified()?.claims_text).ok()?;
    let at = numeric_date(claims.get(claim)?)?;
    Some(format!("{wording} {}.", when(at, now)))
}

/// A static token: its signature is an HMAC of the payload with a secret that only Tinybird has,
/// except Tinybird Local's (`abcd`, used by default in a Local project for a token with no region).
fn verify_static(ctx: &Ctx, token: &str, secret: Option<&str>) -> CliResult<()> {
    let (secret, secret_source) = match secret {
        Some(s) => (s.to_owned(), "--secret"),
        None => match ctx.tinyb()? {
            Some(tinyb) if tinyb.is_local()? => {
                ctx.out.note(&format!(
                    "Tinybird Local project ({}): checking with Local's secret.",
                    tinyb.path().display()
                ));
                (LOCAL_SECRET.to_owned(), "Tinybird Local's secret")
            }
            _ => {
                return Err(CliError::usage(
                    "this is a static token (p.…), signed with a secret that only Tinybird has for Tinybird Cloud: only Tinybird can verify it without that secret. Pass --secret SECRET to check it here (Tinybird Local's is abcd), or use `tbtoken token inspect` to decode it without checking.",
                ))
            }
        },
    };
    let decoded = verify_static_token(token, secret.as_bytes()).map_err(|e| match e.code() {
        ErrorCode::InvalidSignature => {
            CliError::from(e).hint(format!("(checked with {secret_source})"))
        }
        _ => CliError::from(e),
    })?;
    ctx.out.decoded_result(
        || {
            let mut out = field(
                "Valid",
                format!("static token signature matches {secret_source}"),
            );
            out.push_str(&field("Owner", &decoded.owner_id));
            out.push_str(&field("Token id", &decoded.token_id));
            out.push_str(&field(
                "Region",
                decoded.region.as_deref().unwrap_or("none (Tinybird Local)"),
            ));
            out.push_str(&field("API host", decoded.api_host()));
            out.push_str(&field("Scopes", "kept by Tinybird, not in the token"));
            out
        },
        || VerifiedStatic {
            valid: true,
            kind: "static",
            secret_source,
            token: &decoded,
        },
    );
    Ok(())
}

/// `token verify --output json` for a JWT.
#[derive(Serialize)]
struct Verified<'a> {
    valid: bool,
    key_index: usize,
    key_source: &'a str,
    exp: i64,
    expires_at: String,
    header: Json,
    claims: Json,
}

/// `token verify --output json` for a static token.
#[derive(Serialize)]
struct VerifiedStatic<'a> {
    valid: bool,
    kind: &'static str,
    secret_source: &'static str,
    token: &'a StaticToken,
}

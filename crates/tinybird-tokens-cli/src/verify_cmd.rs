//! `token verify`: checks a JWT's signature against the admin token(s) and its `exp` / `nbf` at now,
//! with the core's `verify_jwt`. Exit 0 when valid, 1 with the core's code when rejected.

use serde::Serialize;
use tinybird_tokens::{verify_jwt, ErrorCode, Json, VerifyOptions, VerifyingKey};

use crate::cli::VerifyArgs;
use crate::clock::{iso_utc, relative_expiry};
use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::input::read_token;
use crate::key::KeySource;
use crate::output::{field, pretty};

/// Runs `token verify`.
pub fn run(ctx: &Ctx, args: &VerifyArgs) -> CliResult<()> {
    let token = read_token(args.input.token.as_deref())?;
    let keys = ctx.keys()?;
    let verifying = keys
        .values()
        .iter()
        .map(|k| VerifyingKey::from_bytes(k.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::from(e).hint(format!("(key from {})", keys.source())))?;
    let now = ctx.now();
    let options = VerifyOptions::at(now).with_leeway(args.leeway);
    let verified = verify_jwt(&token, &verifying, &options).map_err(|e| {
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
    ctx.out.result(
        || {
            let mut out = field("Valid", format!("signature matches {matched}"));
            out.push_str(&field(
                "Expires",
                format!(
                    "{} ({})",
                    iso_utc(verified.exp),
                    relative_expiry(verified.exp, now)
                ),
            ));
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

/// `token verify --output json`.
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

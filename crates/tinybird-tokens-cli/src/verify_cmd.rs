//! `token verify`: checks a JWT's signature against the admin token(s) and its `exp` / `nbf` at now,
//! with the core's `verify_jwt`. Exit 0 when valid, 1 with the core's code when rejected.

use tinybird_tokens::{verify_jwt, ErrorCode, Json, VerifyOptions, VerifyingKey};

use crate::cli::VerifyArgs;
use crate::clock::{iso_utc, relative_expiry};
use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::input::read_token;
use crate::key::KeySource;
use crate::output::{field, obj, pretty, s};

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
        if e.code() == ErrorCode::MalformedToken && token.starts_with("p.") {
            return CliError::with_code(
                ErrorCode::MalformedToken,
                "this is a static token (p.…), not a JWT: only Tinybird can verify it. `token inspect` decodes it.",
            );
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
            out.push_str(&format!("Claims\n{}\n", pretty(&verified.claims)));
            out
        },
        || {
            obj(vec![
                ("valid", Json::Bool(true)),
                ("key_index", Json::Int(verified.key_index as i64)),
                ("key_source", s(keys.source().name())),
                ("exp", Json::Int(verified.exp)),
                ("expires_at", s(iso_utc(verified.exp))),
                ("header", verified.header.clone()),
                ("claims", verified.claims.clone()),
            ])
        },
    );
    Ok(())
}

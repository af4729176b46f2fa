//! `local generate-tokens`: fresh Tinybird Local tokens from the core, printed as `tb` prints them.

use crate::context::Ctx;
use crate::error::CliResult;
use crate::random::random_bytes;

/// Runs `local generate-tokens`. Printing the tokens is the command's purpose.
pub fn generate_tokens(ctx: &Ctx) -> CliResult<()> {
    let tokens = tinybird_tokens::local_tokens_from_random(&random_bytes()?)?;
    ctx.out.result(
        || {
            format!(
                "Workspace token: {}\nUser token: {}\n",
                tokens.workspace_token, tokens.user_token
            )
        },
        || &tokens,
    );
    ctx.out.note("Tinybird Local tokens generated.");
    Ok(())
}

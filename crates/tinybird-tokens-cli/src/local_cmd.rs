//! `local generate-tokens`: fresh Tinybird Local tokens from the core, printed as `tb` prints them.

use crate::context::Ctx;
use crate::error::CliResult;
use crate::output::{obj, s};

/// Runs `local generate-tokens`. Printing the tokens is the command's purpose.
pub fn generate_tokens(ctx: &Ctx) -> CliResult<()> {
    let tokens = tinybird_tokens::generate_local_tokens()?;
    ctx.out.result(
        || {
            format!(
                "Workspace token: {}\nUser token: {}\n",
                tokens.workspace_token, tokens.user_token
            )
        },
        || {
            obj(vec![
                ("workspace_token", s(tokens.workspace_token.as_str())),
                ("user_token", s(tokens.user_token.as_str())),
            ])
        },
    );
    ctx.out.note("Tinybird Local tokens generated.");
    Ok(())
}

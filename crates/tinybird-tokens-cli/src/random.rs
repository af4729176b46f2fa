//! Random bytes from the operating system, for fresh token ids: the core does no I/O, so the CLI brings
//! the randomness.

use crate::error::{CliError, CliResult};

/// `N` bytes from the OS's CSPRNG.
pub fn random_bytes<const N: usize>() -> CliResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| CliError::io(format!("no randomness available from the OS: {e}")))?;
    Ok(bytes)
}

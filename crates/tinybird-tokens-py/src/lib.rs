//! `tinybird_tokens._native`: the pyo3 glue between Python and the `tinybird-tokens` core.
//!
//! Glue only: arguments are converted (Python objects ⇄ the core's ordered JSON, keys, times), the core
//! does the work, and core errors become the classes of `tinybird_tokens.errors`. Operations without a
//! hot path go through the core's JSON interface (`op.rs`), so their argument and output shapes are the
//! ones the conformance vectors test; JWT signing and verification call the core's typed API with
//! prepared keys (`jwt.rs`, `keys.rs`). The public Python API is `tinybird_tokens` (see
//! `bindings/python`); the docstrings here are what `help()` shows for the functions it re-exports.
#![forbid(unsafe_code)]

mod convert;
mod datafiles;
mod errors;
mod from_text;
mod hmac;
mod jwt;
mod key_methods;
mod keys;
mod op;
mod project;
mod request;
mod scopes;
mod static_tokens;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use tinybird_tokens::ErrorCode;

/// The native module. Its functions raise the classes of ``tinybird_tokens.errors``.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    m.add("ERROR_CODES", PyTuple::new(m.py(), codes)?)?;
    m.add("MAX_TOKEN_BYTES", tinybird_tokens::MAX_TOKEN_BYTES)?;
    m.add("LOCAL_SECRET", tinybird_tokens::LOCAL_SECRET)?;
    keys::register(m)?;
    scopes::register(m)?;
    datafiles::register(m)?;
    jwt::register(m)?;
    static_tokens::register(m)?;
    hmac::register(m)?;
    project::register(m)?;
    Ok(())
}

//! Static tokens (`p.…`): decode, verify with the server secret, generate (also Tinybird Local's).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use tinybird_tokens::Json;

use crate::convert::type_error;
use crate::errors::{guard, CoreResultExt};
use crate::op::{op, opt_text, text};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(decode_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(verify_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_local_tokens, m)?)?;
    Ok(())
}

/// A key argument of a JSON operation: `<name>` for `str`, `<name>_hex` for `bytes`.
fn secret_field<'a>(
    name: &'a str,
    hex_name: &'a str,
    secret: &Bound<'_, PyAny>,
) -> PyResult<(&'a str, Json)> {
    if let Ok(s) = secret.cast::<PyString>() {
        return Ok((name, text(s)?));
    }
    if let Ok(b) = secret.cast::<PyBytes>() {
        let hex: String = b.as_bytes().iter().map(|x| format!("{x:02x}")).collect();
        return Ok((hex_name, Json::String(hex)));
    }
    Err(type_error(name, "a str or bytes", secret))
}

/// Decodes a static token (``p.…``) without checking its signature: owner, token id, region and the
/// API host of that region.
#[pyfunction]
fn decode_static_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| op(py, "decode_static_token", vec![("token", text(token)?)]))
}

/// Decodes a static token and checks its signature with the server ``secret`` (``"abcd"`` in Tinybird
/// Local).
#[pyfunction]
fn verify_static_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    secret: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        op(
            py,
            "verify_static_token",
            vec![
                ("token", text(token)?),
                secret_field("secret", "secret_hex", secret)?,
            ],
        )
    })
}

/// Makes a static token in Tinybird's exact format, signed with ``secret``.
#[pyfunction]
#[pyo3(
    signature = (secret, *, owner_id, token_id, region = None, owner_kind = None),
    text_signature = "(secret, *, owner_id, token_id, region=None, owner_kind='u')"
)]
fn generate_static_token(
    py: Python<'_>,
    secret: &Bound<'_, PyAny>,
    owner_id: &Bound<'_, PyString>,
    token_id: &Bound<'_, PyString>,
    region: Option<&Bound<'_, PyString>>,
    owner_kind: Option<&Bound<'_, PyString>>,
) -> PyResult<String> {
    guard(|| {
        let owner_kind = match owner_kind {
            Some(k) => text(k)?,
            None => Json::String("u".to_owned()),
        };
        let out = op(
            py,
            "generate_static_token",
            vec![
                ("owner_kind", owner_kind),
                ("owner_id", text(owner_id)?),
                ("token_id", text(token_id)?),
                ("region", opt_text(region)?),
                secret_field("secret", "secret_hex", secret)?,
            ],
        )?;
        out.get_item("token")?.extract()
    })
}

/// Fresh Tinybird Local tokens, as ``tb local generate-tokens --output json`` prints them:
/// ``{"workspace_token", "user_token"}``. The randomness is ``os.urandom`` (the core does no I/O).
#[pyfunction]
fn generate_local_tokens(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(|| {
        let random: [u8; 64] = py
            .import("os")?
            .call_method1(pyo3::intern!(py, "urandom"), (64,))?
            .extract()?;
        let tokens = tinybird_tokens::local_tokens_from_random(&random).py(py)?;
        let out = PyDict::new(py);
        out.set_item(pyo3::intern!(py, "workspace_token"), tokens.workspace_token)?;
        out.set_item(pyo3::intern!(py, "user_token"), tokens.user_token)?;
        Ok(out.into_any())
    })
}

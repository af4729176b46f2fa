//! Static tokens (`p.…`): decode, verify with the server secret, generate (also Tinybird Local's).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use tinybird_tokens::{Json, StaticToken};

use crate::convert::{key_bytes, to_py, with_str};
use crate::errors::{guard, CoreResultExt};
use crate::op::{op, opt_text, text};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(decode_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(verify_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_local_tokens, m)?)?;
    Ok(())
}

/// A decoded static token as the dict every surface returns (the core's serialized `StaticToken`).
fn static_dict<'py>(py: Python<'py>, token: &StaticToken) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &Json::from_serialize(token).py(py)?)
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
        let secret = key_bytes(secret, "secret")?;
        let decoded =
            with_str(token, |t| tinybird_tokens::verify_static_token(t, &secret))?.py(py)?;
        static_dict(py, &decoded)
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
        let fields = Json::Object(vec![
            (
                "owner_kind".to_owned(),
                owner_kind.map_or(Ok(Json::String("u".to_owned())), text)?,
            ),
            ("owner_id".to_owned(), text(owner_id)?),
            ("token_id".to_owned(), text(token_id)?),
            ("region".to_owned(), opt_text(region)?),
        ]);
        let token = StaticToken::from_json(&fields).py(py)?;
        let secret = key_bytes(secret, "secret")?;
        tinybird_tokens::generate_static_token(&token, &secret).py(py)
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

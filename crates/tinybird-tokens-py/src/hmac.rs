//! The raw HMAC-SHA256 primitive and its constant-time check.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::key_bytes;
use crate::errors::{guard, CoreResultExt};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(hmac_sha256, m)?)?;
    m.add_function(wrap_pyfunction!(verify_hmac_sha256, m)?)?;
    Ok(())
}

/// HMAC-SHA256 of ``data`` under ``key`` (each ``bytes`` or ``str``, UTF-8): the raw primitive, all
/// 32 bytes.
#[pyfunction]
fn hmac_sha256<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let mac = tinybird_tokens::hmac_sha256(&key_bytes(key, "key")?, &key_bytes(data, "data")?);
        Ok(PyBytes::new(py, &mac))
    })
}

/// Checks a full 32-byte HMAC-SHA256 ``tag`` in constant time; raises :class:`InvalidSignatureError`
/// when it does not match.
#[pyfunction]
fn verify_hmac_sha256(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    data: &Bound<'_, PyAny>,
    tag: &Bound<'_, PyBytes>,
) -> PyResult<()> {
    guard(|| {
        tinybird_tokens::verify_hmac_sha256(
            &key_bytes(key, "key")?,
            &key_bytes(data, "data")?,
            tag.as_bytes(),
        )
        .py(py)
    })
}

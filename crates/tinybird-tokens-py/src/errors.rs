//! Core errors become the exception classes of `tinybird_tokens.errors` (defined in Python, so they
//! pickle, document and subclass like any Python class), and no Rust panic reaches Python.
//!
//! The code → class table lives once, in `errors.py` (`_CLASS_BY_CODE`); a test checks it covers every
//! code of the core (`ERROR_CODES`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

use crate::from_text::text_to_py;

/// Converts a core error into the matching `tinybird_tokens.errors` exception.
pub fn to_py_err(py: Python<'_>, e: &tinybird_tokens::Error) -> PyErr {
    match build(py, e) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn build(py: Python<'_>, e: &tinybird_tokens::Error) -> PyResult<PyErr> {
    static TABLE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let table = TABLE.get_or_try_init(py, || -> PyResult<_> {
        let table = py
            .import("tinybird_tokens.errors")?
            .getattr("_CLASS_BY_CODE")?
            .cast_into::<PyDict>()?;
        Ok(table.unbind())
    })?;
    let code = e.code().as_str();
    let class = table.bind(py).get_item(code)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "tinybird_tokens.errors has no class for code {code:?}"
        ))
    })?;
    let kwargs = PyDict::new(py);
    if let Some(line) = e.line() {
        kwargs.set_item(pyo3::intern!(py, "line"), line)?;
    }
    if let Some(input) = e.input() {
        kwargs.set_item(pyo3::intern!(py, "input"), PyString::new(py, input))?;
    }
    crate::project::findings_kwarg(py, e, &kwargs)?;
    let exc = class.call((e.message(),), Some(&kwargs))?;
    // A time error after a good signature: what was verified, as on the npm package's errors.
    if let Some(parts) = e.verified() {
        exc.setattr(pyo3::intern!(py, "key_index"), parts.key_index)?;
        exc.setattr(
            pyo3::intern!(py, "header"),
            text_to_py(py, &parts.header_text)?,
        )?;
        exc.setattr(
            pyo3::intern!(py, "claims"),
            text_to_py(py, &parts.claims_text)?,
        )?;
    }
    Ok(PyErr::from_value(exc))
}

/// `InvalidArgumentError` (`invalid_argument`): the glue itself rejects an argument the interface
/// cannot take (a value of the right Python type; a wrong type is a `TypeError`).
pub fn invalid_argument(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py_err(
        py,
        &tinybird_tokens::Error::new(tinybird_tokens::ErrorCode::InvalidArgument, message),
    )
}

/// Extension: `result.py(py)?` raises the core error as its Python class.
pub trait CoreResultExt<T> {
    /// The value, or the core error converted with [`to_py_err`].
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResultExt<T> for tinybird_tokens::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e))
    }
}

/// Runs `f`, turning a panic into a `RuntimeError` instead of pyo3's `PanicException` (a
/// `BaseException` that `except Exception` would not catch). The core is written not to panic; this is
/// the backstop. The panic payload is not echoed, in case it held an input.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(_) => Err(PyRuntimeError::new_err(
            "internal error in tinybird_tokens (a bug: please report it with the call that caused it)",
        )),
    }
}

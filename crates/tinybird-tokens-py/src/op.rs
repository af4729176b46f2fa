//! Calls into the core's JSON interface (`tinybird_tokens::ops`), used by the operations without a hot
//! path, so that their argument and output shapes are the ones the conformance vectors test.

use pyo3::prelude::*;
use pyo3::types::PyString;
use tinybird_tokens::{ops, Json};

use crate::convert::{string, to_py};
use crate::errors::CoreResultExt;

/// Runs a core JSON operation and converts its result.
pub fn op<'py>(
    py: Python<'py>,
    name: &str,
    input: Vec<(&str, Json)>,
) -> PyResult<Bound<'py, PyAny>> {
    let input = Json::Object(input.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    let out = ops::call(name, &input).py(py)?;
    to_py(py, &out)
}

/// A `str` argument as a JSON string.
pub fn text(s: &Bound<'_, PyString>) -> PyResult<Json> {
    Ok(Json::String(string(s)?))
}

/// An optional `str` argument as a JSON string or `null`.
pub fn opt_text(s: Option<&Bound<'_, PyString>>) -> PyResult<Json> {
    s.map_or(Ok(Json::Null), text)
}

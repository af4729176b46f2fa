//! Scope strings: parse, format, and check what they allow (through the core's JSON operations).

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use tinybird_tokens::Json;

use crate::convert::{expect_str, string, type_error};
use crate::errors::guard;
use crate::op::{op, opt_text, text};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_scope, m)?)?;
    m.add_function(wrap_pyfunction!(format_scope, m)?)?;
    m.add_function(wrap_pyfunction!(scopes_allow, m)?)?;
    Ok(())
}

/// Runs a scope operation, with `mode` only when given (the core's default is Forward).
fn scope_op<'py>(
    py: Python<'py>,
    name: &str,
    mut input: Vec<(&str, Json)>,
    mode: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(mode) = mode {
        input.push(("mode", text(mode)?));
    }
    op(py, name, input)
}

/// `scopes` as a JSON list of strings (a list or tuple of `str`).
fn str_list(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Json> {
    Ok(Json::Array(
        strings(value, what)?
            .into_iter()
            .map(Json::String)
            .collect(),
    ))
}

/// The `str` items of a list or tuple (of scopes), else a `TypeError` naming `what`.
pub fn strings(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = value.cast::<PyList>() {
        l.iter().collect()
    } else if let Ok(t) = value.cast::<PyTuple>() {
        t.iter().collect()
    } else {
        return Err(type_error(what, "a list of str", value));
    };
    items
        .iter()
        .map(|i| string(expect_str(i, "each scope")?))
        .collect()
}

/// Parses a static-token scope string into ``{"type", "resource", "filter"}``.
///
/// ``mode`` is ``"forward"`` (default: Tinybird Forward's scopes, no SQL filters) or ``"classic"``.
#[pyfunction]
#[pyo3(signature = (scope, *, mode = None), text_signature = "(scope, *, mode='forward')")]
fn parse_scope<'py>(
    py: Python<'py>,
    scope: &Bound<'py, PyString>,
    mode: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| scope_op(py, "parse_scope", vec![("scope", text(scope)?)], mode))
}

/// Formats a scope from its parts (the inverse of :func:`parse_scope`), checking it with the same
/// rules.
#[pyfunction]
#[pyo3(
    signature = (scope_type, resource = None, filter = None, *, mode = None),
    text_signature = "(scope_type, resource=None, filter=None, *, mode='forward')"
)]
fn format_scope(
    py: Python<'_>,
    scope_type: &Bound<'_, PyString>,
    resource: Option<&Bound<'_, PyString>>,
    filter: Option<&Bound<'_, PyString>>,
    mode: Option<&Bound<'_, PyString>>,
) -> PyResult<String> {
    guard(|| {
        let input = vec![
            ("type", text(scope_type)?),
            ("resource", opt_text(resource)?),
            ("filter", opt_text(filter)?),
        ];
        scope_op(py, "format_scope", input, mode)?.extract()
    })
}

/// Whether any of ``scopes`` (scope strings) allows ``action`` on ``resource``.
///
/// Actions: ``read_datasource``, ``append_datasource``, ``drop_datasource``, ``read_pipe``,
/// ``drop_pipe`` (these need a resource); ``create_datasource``, ``create_pipe``, ``manage_tokens``,
/// ``deploy``, ``read_org_datasources`` (these take none).
#[pyfunction]
#[pyo3(
    signature = (scopes, action, resource = None, *, mode = None),
    text_signature = "(scopes, action, resource=None, *, mode='forward')"
)]
fn scopes_allow(
    py: Python<'_>,
    scopes: &Bound<'_, PyAny>,
    action: &Bound<'_, PyString>,
    resource: Option<&Bound<'_, PyString>>,
    mode: Option<&Bound<'_, PyString>>,
) -> PyResult<bool> {
    guard(|| {
        let input = vec![
            ("scopes", str_list(scopes, "scopes")?),
            ("action", text(action)?),
            ("resource", opt_text(resource)?),
        ];
        scope_op(py, "scopes_allow", input, mode)?.extract()
    })
}

//! Token names and the TOKEN lines of `.datasource` / `.pipe` files: render, parse, and plan the
//! resource-scoped tokens of a project.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::convert::{string, to_json, type_error};
use crate::errors::{guard, CoreResultExt};
use crate::op::{op, text};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(define_token, m)?)?;
    m.add_function(wrap_pyfunction!(render_token_lines, m)?)?;
    m.add_function(wrap_pyfunction!(parse_datafile_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(plan_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(diff_token_plans, m)?)?;
    Ok(())
}

/// Whether `value` is a list or a tuple (a plan, or the files of a project).
fn is_sequence(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()
}

/// Checks a token name (``^[A-Za-z_][A-Za-z0-9_]*$``) and returns it.
#[pyfunction]
fn define_token(py: Python<'_>, name: &Bound<'_, PyString>) -> PyResult<String> {
    guard(|| {
        let name = string(name)?;
        tinybird_tokens::define_token(&name).py(py)?;
        Ok(name)
    })
}

/// Renders ``TOKEN <name> <permission>`` lines, joined by newlines, for entries in the core's shapes
/// (``{name, permission}``, ``{name, permissions}``, ``{name}`` on a pipe).
#[pyfunction]
fn render_token_lines(
    py: Python<'_>,
    kind: &Bound<'_, PyString>,
    tokens: &Bound<'_, PyAny>,
) -> PyResult<String> {
    guard(|| {
        op(
            py,
            "render_token_lines",
            vec![("kind", text(kind)?), ("tokens", to_json(tokens)?)],
        )?
        .extract()
    })
}

/// The TOKEN lines of a ``.datasource`` / ``.pipe`` file, as ``tb`` reads them, each with its 1-based
/// line: ``[{"name", "permission", "line"}]``.
#[pyfunction]
#[pyo3(signature = (text, *, kind))]
fn parse_datafile_tokens<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    kind: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        op(
            py,
            "parse_datafile_tokens",
            vec![("kind", self::text(kind)?), ("text", self::text(text)?)],
        )
    })
}

/// The resource-scoped tokens of a project: ``files`` is a list of ``{"kind", "name", "text"}``;
/// returns ``[{"name", "scopes"}]`` sorted by name.
#[pyfunction]
fn plan_tokens<'py>(py: Python<'py>, files: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        if !is_sequence(files) {
            return Err(type_error("files", "a list of dicts", files));
        }
        op(py, "plan_tokens", vec![("files", to_json(files)?)])
    })
}

/// What changes between two plans of :func:`plan_tokens`: ``{"create", "update", "delete"}``.
#[pyfunction]
fn diff_token_plans<'py>(
    py: Python<'py>,
    old: &Bound<'py, PyAny>,
    new: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        for (what, plan) in [("old", old), ("new", new)] {
            if !is_sequence(plan) {
                return Err(type_error(what, "a plan (a list of dicts)", plan));
            }
        }
        op(
            py,
            "diff_token_plans",
            vec![("old", to_json(old)?), ("new", to_json(new)?)],
        )
    })
}

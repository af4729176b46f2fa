//! `tinybird_tokens.Project` and the checks of token requests against it.
//!
//! The class holds the core's `Project`, read once and reused by every check. Its arguments are first
//! put in the core's JSON form of a project by `tinybird_tokens._project` (Python: a mapping of paths
//! to texts, `(path, text)` pairs, tinybird-sdk resource objects); the core reads that form, judges it
//! (`invalid_argument` for a malformed one) and returns findings, which cross as plain dicts.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType};
use serde::Serialize;
use tinybird_tokens::{Json, ScopeMode};

use crate::convert::{string, to_json, to_py, type_error};
use crate::errors::{guard, CoreResultExt};
use crate::jwt::JwtArgs;
use crate::scopes::strings;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyProject>()?;
    m.add_function(wrap_pyfunction!(check_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(check_static_token, m)?)?;
    Ok(())
}

/// A Tinybird project read once: its data sources and pipes, each pipe's kind and template
/// parameters, the TOKEN lines, and what reading them found. Pass it to :func:`check_jwt`,
/// :func:`check_static_token` and ``create_jwt(..., project=...)``.
///
/// ``files``: the datafile texts, as a mapping of path to text or an iterable of ``(path, text)``
/// pairs (paths are ``str`` or ``os.PathLike``; only ``.datasource`` and ``.pipe`` files are read, in
/// any folder layout; nothing is read from disk). ``resources``: tinybird-sdk resource objects
/// (``define_datasource``, ``define_endpoint``, ...) or resource spec dicts. Both may be given (files
/// first). Reading never fails on a datafile's content: what cannot be read is in :attr:`findings`.
#[pyclass(frozen, module = "tinybird_tokens", name = "Project")]
pub struct PyProject {
    pub(crate) inner: tinybird_tokens::Project,
}

impl PyProject {
    /// Reads the core's JSON form of a project.
    fn read(py: Python<'_>, json: &Json) -> PyResult<PyProject> {
        Ok(PyProject {
            inner: tinybird_tokens::Project::from_json(json).py(py)?,
        })
    }

    /// Puts Python arguments in the JSON form (`tinybird_tokens._project.project_json`) and reads it.
    fn build(
        py: Python<'_>,
        files: Option<&Bound<'_, PyAny>>,
        resources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyProject> {
        static PROJECT_JSON: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let helper = PROJECT_JSON.get_or_try_init(py, || {
            py.import("tinybird_tokens._project")?
                .getattr("project_json")
                .map(Bound::unbind)
        })?;
        let none = py.None().into_bound(py);
        let data = helper
            .bind(py)
            .call1((files.unwrap_or(&none), resources.unwrap_or(&none)))?;
        PyProject::read(py, &to_json(&data)?)
    }
}

#[pymethods]
impl PyProject {
    #[new]
    #[pyo3(signature = (*, files = None, resources = None))]
    fn new(
        py: Python<'_>,
        files: Option<&Bound<'_, PyAny>>,
        resources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guard(|| PyProject::build(py, files, resources))
    }

    /// A project from datafile texts: a mapping of path to text, or ``(path, text)`` pairs.
    #[classmethod]
    fn from_files(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        files: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        guard(|| PyProject::build(py, Some(files), None))
    }

    /// A project from tinybird-sdk resource objects or resource spec dicts.
    #[classmethod]
    fn from_resources(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        resources: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        guard(|| PyProject::build(py, None, Some(resources)))
    }

    /// A project in the JSON form that ``tbtoken``, the npm package and the conformance vectors
    /// use: ``{"files": [{"path", "text"}], "resources": [spec, ...]}``, passed to the core as is.
    #[classmethod]
    fn from_dict(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        guard(|| PyProject::read(py, &to_json(data)?))
    }

    /// Every data source and pipe, in input order: ``[{"kind", "name", "path", "pipe_type",
    /// "params", "tokens"}]``.
    #[getter]
    fn resources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| to_py_list(py, self.inner.resources()))
    }

    /// What reading the files and specs found (TOKEN-line mistakes, unreadable templates, ...),
    /// sorted. :meth:`lint` adds the findings across files.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| to_py_list(py, self.inner.findings()))
    }

    /// Everything wrong with the project: :attr:`findings` plus resource names defined twice,
    /// sorted by path, line, then code.
    fn lint<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| to_py_list(py, &self.inner.lint()))
    }

    fn __repr__(&self) -> String {
        let resources = self.inner.resources();
        let pipes = resources
            .iter()
            .filter(|r| r.kind == tinybird_tokens::ResourceKind::Pipe)
            .count();
        format!(
            "<Project: {}, {}, {}>",
            counted(resources.len() - pipes, "data source"),
            counted(pipes, "pipe"),
            counted(self.inner.findings().len(), "finding")
        )
    }
}

/// `1 pipe`, `2 pipes`.
fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A core result list (resources, findings) as plain Python objects, in the ops' JSON shape.
pub fn to_py_list<'py, T: Serialize>(py: Python<'py>, items: &[T]) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &Json::from_serialize(items).py(py)?)
}

/// The `project` argument of `create_jwt` and the checks: a `Project`, or `None` for no check.
pub fn optional_project<'a, 'py>(
    project: Option<&'a Bound<'py, PyAny>>,
) -> PyResult<Option<&'a Bound<'py, PyProject>>> {
    match project {
        None => Ok(None),
        Some(p) if p.is_none() => Ok(None),
        Some(p) => p
            .cast::<PyProject>()
            .map(Some)
            .map_err(|_| type_error("project", "a tinybird_tokens.Project", p)),
    }
}

fn required_project<'a, 'py>(
    project: &'a Bound<'py, PyAny>,
) -> PyResult<&'a Bound<'py, PyProject>> {
    optional_project(Some(project))?
        .ok_or_else(|| type_error("project", "a tinybird_tokens.Project", project))
}

/// Checks a JWT request against a project, without minting: the arguments of :func:`create_jwt`
/// but the key. Returns the findings (``[]`` when the request fits the project), sorted by scope then
/// code: unknown resources (with a did-you-mean in ``suggestion``), wrong kinds, pipes that are not
/// endpoints, fixed params that name no parameter or cannot be its type, claims Tinybird ignores. A
/// request that breaks :func:`create_jwt`'s own rules raises that error instead.
#[pyfunction]
#[pyo3(signature = (*, project, workspace_id, name, scopes, ttl = None, expires_at = None, limits = None, extra_claims = None, now = None))]
#[allow(clippy::too_many_arguments)]
fn check_jwt<'py>(
    py: Python<'py>,
    project: &Bound<'py, PyAny>,
    workspace_id: &Bound<'py, PyAny>,
    name: &Bound<'py, PyAny>,
    scopes: &Bound<'py, PyAny>,
    ttl: Option<&Bound<'py, PyAny>>,
    expires_at: Option<&Bound<'py, PyAny>>,
    limits: Option<&Bound<'py, PyAny>>,
    extra_claims: Option<&Bound<'py, PyAny>>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let project = required_project(project)?;
        let args = JwtArgs {
            workspace_id,
            name,
            scopes,
            ttl,
            expires_at,
            limits,
            extra_claims,
            now,
        };
        let (request, now) = args.request(py)?;
        let findings = project.get().inner.check_jwt(&request, now).py(py)?;
        to_py_list(py, &findings)
    })
}

/// Checks the scopes of a static token against a project: the resources they name exist and are
/// of the right kind (``DATASOURCES:READ/APPEND/DROP``, ``PIPES:READ/DROP``). ``mode`` is how the
/// scopes are parsed (``"forward"`` or ``"classic"``); a scope that does not parse raises its error.
#[pyfunction]
#[pyo3(signature = (scopes, project, *, mode = None), text_signature = "(scopes, project, *, mode='forward')")]
fn check_static_token<'py>(
    py: Python<'py>,
    scopes: &Bound<'py, PyAny>,
    project: &Bound<'py, PyAny>,
    mode: Option<&Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let project = required_project(project)?;
        let mode: ScopeMode = match mode {
            Some(m) => string(m)?.parse().py(py)?,
            None => ScopeMode::default(),
        };
        let parsed = strings(scopes, "scopes")?
            .iter()
            .map(|s| tinybird_tokens::parse_scope(s, mode))
            .collect::<tinybird_tokens::Result<Vec<_>>>()
            .py(py)?;
        to_py_list(py, &project.get().inner.check_static_scopes(&parsed))
    })
}

/// The findings of a `project_check_failed` error, for its `findings` attribute.
pub fn findings_kwarg(
    py: Python<'_>,
    e: &tinybird_tokens::Error,
    kwargs: &Bound<'_, PyDict>,
) -> PyResult<()> {
    if e.code() == tinybird_tokens::ErrorCode::ProjectCheckFailed {
        kwargs.set_item(pyo3::intern!(py, "findings"), to_py_list(py, e.findings())?)?;
    }
    Ok(())
}

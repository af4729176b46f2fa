//! The methods of `SigningKey` / `VerifyingKey` (defined in `keys.rs`): the module-level functions of
//! `jwt.rs` with the key already prepared.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::errors::guard;
use crate::jwt::{batch, sign_with, verify_with, JwtArgs};
use crate::keys::{prepare_signing, prepare_verifying, PySigningKey, PyVerifyingKey};

#[pymethods]
impl PySigningKey {
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard(|| {
            Ok(PySigningKey {
                inner: prepare_signing(py, key)?,
            })
        })
    }

    /// Whether the key is a workspace admin token, so that it can mint Tinybird JWTs.
    #[getter]
    fn is_admin_token(&self) -> bool {
        self.inner.is_admin_token()
    }

    /// The ``u`` id of the admin token this key was made from (the workspace id for the workspace admin
    /// token), or ``None`` when the key is not an admin token.
    #[getter]
    fn workspace_id(&self) -> Option<&str> {
        self.inner.workspace_id()
    }

    /// The key that verifies what this key signs.
    fn verifying_key(&self) -> PyVerifyingKey {
        PyVerifyingKey {
            inner: self.inner.verifying_key(),
        }
    }

    /// Signs any claims dict; see :func:`sign_jwt`.
    fn sign_jwt(&self, py: Python<'_>, claims: &Bound<'_, PyAny>) -> PyResult<String> {
        guard(|| sign_with(py, claims, &self.inner))
    }

    /// Mints a Tinybird JWT; see :func:`create_jwt` (this key must be the workspace admin token).
    #[pyo3(signature = (*, workspace_id, name, scopes, ttl = None, expires_at = None, limits = None, extra_claims = None, now = None, project = None))]
    #[allow(clippy::too_many_arguments)]
    fn create_jwt(
        &self,
        py: Python<'_>,
        workspace_id: &Bound<'_, PyAny>,
        name: &Bound<'_, PyAny>,
        scopes: &Bound<'_, PyAny>,
        ttl: Option<&Bound<'_, PyAny>>,
        expires_at: Option<&Bound<'_, PyAny>>,
        limits: Option<&Bound<'_, PyAny>>,
        extra_claims: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        project: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        guard(|| {
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
            args.create(py, &self.inner, project)
        })
    }

    /// Mints many Tinybird JWTs in one call, signing without the GIL; see :func:`create_jwts`.
    #[pyo3(signature = (requests, *, now = None, project = None))]
    fn create_jwts<'py>(
        &self,
        py: Python<'py>,
        requests: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
        project: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(|| batch(py, &self.inner, requests, now, project))
    }

    fn __repr__(&self) -> String {
        format!(
            "SigningKey(<redacted>, admin_token={})",
            if self.inner.is_admin_token() {
                "True"
            } else {
                "False"
            }
        )
    }
}

#[pymethods]
impl PyVerifyingKey {
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard(|| {
            Ok(PyVerifyingKey {
                inner: prepare_verifying(py, key)?,
            })
        })
    }

    /// Verifies an HS256 JWT with this key; see :func:`verify_jwt`.
    #[pyo3(
        signature = (token, *, now = None, leeway = None),
        text_signature = "($self, token, *, now=None, leeway=0)"
    )]
    fn verify_jwt<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyString>,
        now: Option<&Bound<'py, PyAny>>,
        leeway: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| verify_with(py, token, std::slice::from_ref(&self.inner), now, leeway))
    }

    fn __repr__(&self) -> &'static str {
        "VerifyingKey(<redacted>)"
    }
}

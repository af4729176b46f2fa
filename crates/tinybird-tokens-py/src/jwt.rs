//! HS256 JWTs: mint Tinybird JWTs (one or a batch), sign any claims, verify, decode and inspect; and the
//! parsers of `tb token create jwt`'s `--ttl` and `--fixed-params`.
//!
//! The `*_with` functions take prepared keys, so that `SigningKey` / `VerifyingKey` (`keys.rs`) and the
//! module-level functions share one body.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyInt, PyList, PyString};
use tinybird_tokens::NUMERIC_DATE_CLAIMS;
use tinybird_tokens::{Json, JwtRequest, Project, SigningKey, VerifyOptions};

use crate::convert::{
    is_datetime, now_seconds, object_items, string, to_json, to_py, type_error, unix_seconds,
    whole_seconds, with_str,
};
use crate::errors::{guard, to_py_err, CoreResultExt};
use crate::from_text::text_to_py;
use crate::keys::{signing_key, verifying_keys};
use crate::op::{op, text};
use crate::project::optional_project;
use crate::request::RequestBuilder;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_ttl_micros, m)?)?;
    m.add_function(wrap_pyfunction!(parse_fixed_params, m)?)?;
    m.add_function(wrap_pyfunction!(create_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(create_jwts, m)?)?;
    m.add_function(wrap_pyfunction!(sign_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(verify_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(decode_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_token, m)?)?;
    Ok(())
}

/// Parses a ``tb token create jwt --ttl`` value; returns microseconds.
#[pyfunction]
fn parse_ttl_micros(py: Python<'_>, ttl: &Bound<'_, PyString>) -> PyResult<u128> {
    guard(|| Ok(tinybird_tokens::parse_ttl(&string(ttl)?).py(py)?.micros()))
}

/// Parses ``tb``'s ``--fixed-params`` form (``a=1,b=x``) into an ordered dict of strings.
#[pyfunction]
fn parse_fixed_params<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let params = tinybird_tokens::parse_fixed_params(&string(text)?).py(py)?;
        to_py(py, &params.to_json())
    })
}

/// The keyword arguments of `create_jwt`, shared by the function and `SigningKey.create_jwt` (pyo3
/// needs each signature spelled out; the fields are listed once, here).
pub struct JwtArgs<'a, 'py> {
    pub workspace_id: &'a Bound<'py, PyAny>,
    pub name: &'a Bound<'py, PyAny>,
    pub scopes: &'a Bound<'py, PyAny>,
    pub ttl: Option<&'a Bound<'py, PyAny>>,
    pub expires_at: Option<&'a Bound<'py, PyAny>>,
    pub limits: Option<&'a Bound<'py, PyAny>>,
    pub extra_claims: Option<&'a Bound<'py, PyAny>>,
    pub now: Option<&'a Bound<'py, PyAny>>,
}

impl<'py> JwtArgs<'_, 'py> {
    /// The argument for the request field `field` (one of [`JwtRequest::FIELDS`]), when given.
    fn get(&self, field: &str) -> Option<&Bound<'py, PyAny>> {
        match field {
            "workspace_id" => Some(self.workspace_id),
            "name" => Some(self.name),
            "ttl" => self.ttl,
            "expires_at" => self.expires_at,
            "scopes" => Some(self.scopes),
            "limits" => self.limits,
            "extra_claims" => self.extra_claims,
            _ => None,
        }
    }

    /// The request and `now`, checked by the core.
    pub fn request(&self, py: Python<'_>) -> PyResult<(JwtRequest, i64)> {
        let now = now_seconds(py, self.now)?;
        let mut builder = RequestBuilder::new();
        // In the core's order, so the first bad field is reported first.
        for field in JwtRequest::FIELDS {
            if let Some(value) = self.get(field) {
                builder.field(field, value)?;
            }
        }
        Ok((builder.build(py)?, now))
    }

    /// Mints the token with `signer`, which must be a workspace admin token; with a `project`
    /// (a `Project`, or `None`: no check), the core refuses a request its check finds an error in
    /// (`project_check_failed`).
    pub fn create(
        &self,
        py: Python<'_>,
        signer: &SigningKey,
        project: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<String> {
        let key = signer.require_admin().py(py)?;
        let project = optional_project(project)?;
        let (request, now) = self.request(py)?;
        mint(&request, key, now, project.map(|p| &p.get().inner)).py(py)
    }
}

/// Mints `request`, checked against `project` first when there is one (`create_jwt` and the batch).
fn mint(
    request: &JwtRequest,
    key: &SigningKey,
    now: i64,
    project: Option<&Project>,
) -> tinybird_tokens::Result<String> {
    match project {
        Some(p) => tinybird_tokens::create_jwt_checked(request, key, now, p),
        None => tinybird_tokens::create_jwt(request, key, now),
    }
}

/// Mints a Tinybird JWT signed with the workspace admin token ``key`` (``str``, ``bytes`` or a
/// :class:`SigningKey`).
///
/// Claims, in Tinybird's order: ``workspace_id``, ``name``, ``exp``, ``scopes``, then ``limits`` and
/// ``extra_claims``. Give exactly one of ``ttl`` (``"1h"``, a number of seconds or a ``timedelta``) and
/// ``expires_at`` (``int`` Unix seconds or ``datetime``; naive means UTC); see the README's "Input
/// policy". ``now`` defaults to ``time.time()``. The bytes equal PyJWT's
/// ``jwt.encode(claims, key, algorithm="HS256")``. With ``project`` (a :class:`Project`), the request
/// is first checked against it (:func:`check_jwt`) and refused with :class:`ProjectCheckFailedError`
/// when a finding is an error.
#[pyfunction]
#[pyo3(signature = (key, *, workspace_id, name, scopes, ttl = None, expires_at = None, limits = None, extra_claims = None, now = None, project = None))]
#[allow(clippy::too_many_arguments)]
fn create_jwt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
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
        let signer = signing_key(py, key)?;
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
        args.create(py, &signer, project)
    })
}

/// Mints many Tinybird JWTs with one key in one call (e.g. one per tenant): ``requests`` is an iterable
/// of dicts with the keyword arguments of :func:`create_jwt` (but ``now`` and ``project``, given once).
/// The signing runs without the GIL. Raises the error of the first invalid request, with a note saying
/// which.
#[pyfunction]
#[pyo3(signature = (key, requests, *, now = None, project = None))]
fn create_jwts<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    requests: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    project: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        let signer = signing_key(py, key)?;
        batch(py, &signer, requests, now, project)
    })
}

/// Requests converted, signed and made Python strings this many at a time: a batch of 10,000 done one
/// phase at a time holds every converted request, then every token, out of cache.
const BATCH_CHUNK: usize = 256;

pub fn batch<'py>(
    py: Python<'py>,
    signer: &SigningKey,
    requests: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    project: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let key = signer.require_admin().py(py)?;
    let project = optional_project(project)?;
    let project = project.as_ref().map(|p| &p.get().inner);
    let now = now_seconds(py, now)?;
    if requests.is_instance_of::<PyString>() || requests.is_instance_of::<PyDict>() {
        return Err(type_error(
            "requests",
            "an iterable of request dicts",
            requests,
        ));
    }
    let tokens = PyList::empty(py);
    let mut items = requests.try_iter()?.enumerate();
    let mut chunk = Vec::with_capacity(BATCH_CHUNK);
    // Which error is raised does not depend on the chunking: the first request the conversion
    // rejects, anywhere in the batch; else the first the core refuses to sign. So once signing has
    // failed, the remaining requests are still read and converted (not signed).
    let mut signing_error = None;
    loop {
        let first = tokens.len();
        chunk.clear();
        for (i, request) in items.by_ref().take(BATCH_CHUNK) {
            let request = RequestBuilder::new()
                .mapping(&request?)
                .and_then(|b| b.build(py))
                .map_err(|e| note(py, e, i))?;
            chunk.push(request);
        }
        if chunk.is_empty() {
            break;
        }
        if signing_error.is_some() {
            continue;
        }
        let signed: Vec<tinybird_tokens::Result<String>> =
            py.detach(|| chunk.iter().map(|r| mint(r, key, now, project)).collect());
        for (i, token) in signed.into_iter().enumerate() {
            match token {
                Ok(token) => tokens.append(token)?,
                Err(e) => {
                    signing_error = Some(note(py, to_py_err(py, &e), first + i));
                    break;
                }
            }
        }
    }
    match signing_error {
        Some(e) => Err(e),
        None => Ok(tokens),
    }
}

/// Adds "in request <i>" to an exception (`add_note`, Python 3.11+; unchanged before).
fn note(py: Python<'_>, e: PyErr, index: usize) -> PyErr {
    let value = e.value(py);
    if let Ok(add_note) = value.getattr(pyo3::intern!(py, "add_note")) {
        let _ = add_note.call1((format!("in request {index} of the batch"),));
    }
    e
}

/// Signs any claims dict as an HS256 JWT (keys in order), byte-equal to PyJWT's ``jwt.encode``.
///
/// ``key`` is ``str`` (UTF-8), ``bytes`` or a :class:`SigningKey`. ``datetime`` values of ``exp``,
/// ``nbf`` and ``iat`` become Unix seconds, as in PyJWT (naive means UTC).
#[pyfunction]
fn sign_jwt(py: Python<'_>, claims: &Bound<'_, PyAny>, key: &Bound<'_, PyAny>) -> PyResult<String> {
    guard(|| {
        let signer = signing_key(py, key)?;
        sign_with(py, claims, &signer)
    })
}

pub fn sign_with(
    py: Python<'_>,
    claims: &Bound<'_, PyAny>,
    key: &tinybird_tokens::SigningKey,
) -> PyResult<String> {
    let claim = |name: String, value: &Bound<'_, PyAny>| -> PyResult<(String, Json)> {
        // PyJWT's NumericDate conversion, for the claims the core names.
        // (An `int`, the usual value, is not a datetime: no `isinstance` for it.)
        let json = if NUMERIC_DATE_CLAIMS.contains(&name.as_str())
            && !value.is_exact_instance_of::<PyInt>()
            && is_datetime(value)?
        {
            Json::Int(unix_seconds(value, &name)?)
        } else {
            to_json(value)?
        };
        Ok((name, json))
    };
    let entries = if let Ok(dict) = claims.cast_exact::<PyDict>() {
        // The common case, without intermediate lists.
        let mut entries = Vec::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let k = k
                .cast::<PyString>()
                .map_err(|_| type_error("a JSON object key", "a str", &k))?;
            entries.push(claim(string(k)?, &v)?);
        }
        entries
    } else {
        object_items(claims, "claims")?
            .into_iter()
            .map(|(k, v)| claim(k, &v))
            .collect::<PyResult<Vec<_>>>()?
    };
    tinybird_tokens::sign_jwt(&Json::Object(entries), key).py(py)
}

/// Verifies an HS256 JWT with one key or a list of keys (e.g. the admin token before and after a
/// refresh), then its ``exp`` (required) and ``nbf``.
///
/// Returns ``{"header", "claims", "key_index"}`` (the index of the first key that matched). ``now``
/// defaults to ``time.time()``; ``leeway`` is whole seconds (``int``, ``float`` or ``timedelta``; a
/// fractional one is an :class:`InvalidArgumentError`) of clock skew tolerated. Raises :class:`InvalidTokenError` subclasses named as in PyJWT.
#[pyfunction]
#[pyo3(
    signature = (token, key_or_keys, *, now = None, leeway = None),
    text_signature = "(token, key_or_keys, *, now=None, leeway=0)"
)]
fn verify_jwt<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    key_or_keys: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    leeway: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let keys = verifying_keys(py, key_or_keys)?;
        verify_with(py, token, &keys, now, leeway)
    })
}

pub fn verify_with<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    keys: &[tinybird_tokens::VerifyingKey],
    now: Option<&Bound<'py, PyAny>>,
    leeway: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut options = VerifyOptions::at(now_seconds(py, now)?);
    if let Some(leeway) = leeway.filter(|l| !l.is_none()) {
        let seconds = whole_seconds(leeway, "leeway", true)?;
        options = options.with_leeway_seconds(seconds).py(py)?;
    }
    let verified = with_str(token, |t| tinybird_tokens::verify_jwt(t, keys, &options))?.py(py)?;
    let out = header_and_claims(py, &verified.header_text, &verified.claims_text)?;
    out.set_item(pyo3::intern!(py, "key_index"), verified.key_index)?;
    Ok(out.into_any())
}

/// `{"header": …, "claims": …}` from the texts the core judged.
fn header_and_claims<'py>(
    py: Python<'py>,
    header: &str,
    claims: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item(pyo3::intern!(py, "header"), header_to_py(py, header)?)?;
    out.set_item(pyo3::intern!(py, "claims"), text_to_py(py, claims)?)?;
    Ok(out)
}

/// The header as Python objects; the usual one (PyJWT's and Tinybird's, byte for byte) as a copy of
/// a dict made once, which is what parsing its text gives.
fn header_to_py<'py>(py: Python<'py>, header: &str) -> PyResult<Bound<'py, PyAny>> {
    const USUAL: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
    if header != USUAL {
        return text_to_py(py, header);
    }
    static PARSED: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let parsed = PARSED.get_or_try_init(py, || {
        text_to_py(py, USUAL)?
            .cast_into::<PyDict>()
            .map(Bound::unbind)
            .map_err(PyErr::from)
    })?;
    Ok(parsed.bind(py).copy()?.into_any())
}

/// Reads a JWT's header and claims **without verifying** the signature or the clock:
/// ``{"header", "claims"}``, after every other check of :func:`verify_jwt`. Never trust the result.
#[pyfunction]
fn decode_jwt<'py>(py: Python<'py>, token: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let decoded = with_str(token, tinybird_tokens::decode_jwt)?.py(py)?;
        Ok(header_and_claims(py, &decoded.header_text, &decoded.claims_text)?.into_any())
    })
}

/// Explains a JWT or static token for people, without verifying it and without raising on any token
/// (a ``str`` that is not Unicode text is an :class:`InvalidArgumentError`): kind, claims, scopes in
/// words, expiry relative to ``now`` (default ``time.time()``), every problem found, and the segments'
/// byte spans.
#[pyfunction]
#[pyo3(signature = (token, *, now = None))]
fn inspect_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let now = now_seconds(py, now)?;
        op(
            py,
            "inspect_token",
            vec![("token", text(token)?), ("now", Json::Int(now))],
        )
    })
}

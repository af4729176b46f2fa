//! `tinybird_tokens._native`: the pyo3 glue between Python and the `tinybird-tokens` core.
//!
//! Glue only: arguments are converted (Python objects ⇄ the core's ordered JSON, keys, times), the core
//! does the work, and core errors become the classes of `tinybird_tokens.errors`. Operations without a
//! hot path go through the core's JSON interface (`tinybird_tokens::ops`), so their argument and output
//! shapes are the ones the conformance vectors test; JWT signing and verification call the core's typed
//! API with prepared keys. The public Python API is `tinybird_tokens` (see `bindings/python`); these
//! docstrings are what `help()` shows for the functions it re-exports.
#![forbid(unsafe_code)]

mod convert;
mod errors;
mod from_text;
mod keys;
mod request;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use tinybird_tokens::{ops, ErrorCode, Json, VerifyOptions};

use convert::{now_seconds, string, to_json, to_py, whole_seconds};
use errors::{guard, CoreResultExt};
use from_text::text_to_py;
use keys::{signing_key, verifying_keys, PySigningKey, PyVerifyingKey};
use request::RequestBuilder;

/// Runs a core JSON operation and converts its result.
fn op<'py>(py: Python<'py>, name: &str, input: Vec<(&str, Json)>) -> PyResult<Bound<'py, PyAny>> {
    let input = Json::Object(input.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    let out = ops::call(name, &input).py(py)?;
    to_py(py, &out)
}

fn text(s: &Bound<'_, PyString>) -> PyResult<Json> {
    Ok(Json::String(string(s)?))
}

fn opt_text(s: Option<&Bound<'_, PyString>>) -> PyResult<Json> {
    s.map_or(Ok(Json::Null), text)
}

/// `scopes` as a JSON list of strings (a list or tuple of `str`).
fn str_list(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Json> {
    let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = value.cast::<PyList>() {
        l.iter().collect()
    } else if let Ok(t) = value.cast::<PyTuple>() {
        t.iter().collect()
    } else {
        return Err(convert::type_error(what, "a list of str", value));
    };
    items
        .iter()
        .map(|i| text(convert::expect_str(i, "each scope")?))
        .collect::<PyResult<Vec<_>>>()
        .map(Json::Array)
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
    guard(|| {
        let mut input = vec![("scope", text(scope)?)];
        if let Some(mode) = mode {
            input.push(("mode", text(mode)?));
        }
        op(py, "parse_scope", input)
    })
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
        let mut input = vec![
            ("type", text(scope_type)?),
            ("resource", opt_text(resource)?),
            ("filter", opt_text(filter)?),
        ];
        if let Some(mode) = mode {
            input.push(("mode", text(mode)?));
        }
        op(py, "format_scope", input)?.extract()
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
        let mut input = vec![
            ("scopes", str_list(scopes, "scopes")?),
            ("action", text(action)?),
            ("resource", opt_text(resource)?),
        ];
        if let Some(mode) = mode {
            input.push(("mode", text(mode)?));
        }
        op(py, "scopes_allow", input)?.extract()
    })
}

/// Renders ``TOKEN <name> <permission>`` lines for ``(name, permission)`` pairs, joined by newlines.
#[pyfunction]
fn render_token_lines(
    py: Python<'_>,
    kind: &Bound<'_, PyString>,
    tokens: Vec<(Bound<'_, PyString>, Bound<'_, PyString>)>,
) -> PyResult<String> {
    guard(|| {
        let tokens = tokens
            .iter()
            .map(|(name, permission)| {
                Ok(Json::Object(vec![
                    ("name".to_owned(), text(name)?),
                    ("permission".to_owned(), text(permission)?),
                ]))
            })
            .collect::<PyResult<Vec<_>>>()?;
        op(
            py,
            "render_token_lines",
            vec![("kind", text(kind)?), ("tokens", Json::Array(tokens))],
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
        if !(files.is_instance_of::<PyList>() || files.is_instance_of::<PyTuple>()) {
            return Err(convert::type_error("files", "a list of dicts", files));
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
            if !(plan.is_instance_of::<PyList>() || plan.is_instance_of::<PyTuple>()) {
                return Err(convert::type_error(what, "a plan (a list of dicts)", plan));
            }
        }
        op(
            py,
            "diff_token_plans",
            vec![("old", to_json(old)?), ("new", to_json(new)?)],
        )
    })
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

/// Mints a Tinybird JWT signed with the workspace admin token ``key`` (``str``, ``bytes`` or a
/// :class:`SigningKey`).
///
/// Claims, in Tinybird's order: ``workspace_id``, ``name``, ``exp``, ``scopes``, then ``limits`` and
/// ``extra_claims``. Give exactly one of ``ttl`` (``"1h"``, seconds or ``timedelta``) and
/// ``expires_at`` (``int`` Unix seconds or ``datetime``; naive means UTC). ``now`` defaults to
/// ``time.time()``. The bytes equal PyJWT's ``jwt.encode(claims, key, algorithm="HS256")``.
#[pyfunction]
#[pyo3(signature = (key, *, workspace_id, name, scopes, ttl = None, expires_at = None, limits = None, extra_claims = None, now = None))]
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
) -> PyResult<String> {
    guard(|| {
        let signer = signing_key(py, key)?;
        create_one(
            py,
            &signer,
            [
                ("workspace_id", Some(workspace_id)),
                ("name", Some(name)),
                ("ttl", ttl),
                ("expires_at", expires_at),
                ("scopes", Some(scopes)),
                ("limits", limits),
                ("extra_claims", extra_claims),
            ],
            now,
        )
    })
}

pub(crate) fn create_one(
    py: Python<'_>,
    signer: &keys::Signer,
    fields: [(&str, Option<&Bound<'_, PyAny>>); 7],
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let key = signer.admin(py)?;
    let now = now_seconds(py, now)?;
    let mut builder = RequestBuilder::new();
    for (field, value) in fields {
        if let Some(value) = value {
            builder.field(field, value)?;
        }
    }
    let request = builder.build(py)?;
    tinybird_tokens::create_jwt(&request, key, now).py(py)
}

/// Mints many Tinybird JWTs with one key in one call (e.g. one per tenant): ``requests`` is an iterable
/// of dicts with the keyword arguments of :func:`create_jwt`. The signing runs without the GIL. Raises
/// the error of the first invalid request, with a note saying which.
#[pyfunction]
#[pyo3(signature = (key, requests, *, now = None))]
fn create_jwts<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    requests: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        let signer = signing_key(py, key)?;
        batch(py, &signer, requests, now)
    })
}

/// Requests converted, signed and made Python strings this many at a time: a batch of 10,000 done one
/// phase at a time holds every converted request, then every token, out of cache.
const BATCH_CHUNK: usize = 256;

pub(crate) fn batch<'py>(
    py: Python<'py>,
    signer: &keys::Signer,
    requests: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let key = signer.admin(py)?;
    let now = now_seconds(py, now)?;
    if requests.is_instance_of::<PyString>() || requests.is_instance_of::<PyDict>() {
        return Err(convert::type_error(
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
        let signed: Vec<tinybird_tokens::Result<String>> = py.detach(|| {
            chunk
                .iter()
                .map(|r| tinybird_tokens::create_jwt(r, key, now))
                .collect()
        });
        for (i, token) in signed.into_iter().enumerate() {
            match token {
                Ok(token) => tokens.append(token)?,
                Err(e) => {
                    signing_error = Some(note(py, errors::to_py_err(py, &e), first + i));
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
        sign_with(py, claims, &signer.key)
    })
}

pub(crate) fn sign_with(
    py: Python<'_>,
    claims: &Bound<'_, PyAny>,
    key: &tinybird_tokens::SigningKey,
) -> PyResult<String> {
    let claim = |name: String, value: &Bound<'_, PyAny>| -> PyResult<(String, Json)> {
        let json = match name.as_str() {
            // PyJWT's NumericDate conversion for these three claims.
            "exp" | "nbf" | "iat" if is_datetime(value)? => {
                Json::Int(convert::unix_seconds(value, &name)?)
            }
            _ => to_json(value)?,
        };
        Ok((name, json))
    };
    let entries = if let Ok(dict) = claims.cast_exact::<PyDict>() {
        // The common case, without intermediate lists.
        let mut entries = Vec::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let k = k
                .cast::<PyString>()
                .map_err(|_| convert::type_error("a JSON object key", "a str", &k))?;
            entries.push(claim(string(k)?, &v)?);
        }
        entries
    } else {
        convert::object_items(claims, "claims")?
            .into_iter()
            .map(|(k, v)| claim(k, &v))
            .collect::<PyResult<Vec<_>>>()?
    };
    tinybird_tokens::sign_jwt(&Json::Object(entries), key).py(py)
}

fn is_datetime(v: &Bound<'_, PyAny>) -> PyResult<bool> {
    static DATETIME: pyo3::sync::PyOnceLock<Py<pyo3::types::PyType>> =
        pyo3::sync::PyOnceLock::new();
    v.is_instance(DATETIME.import(v.py(), "datetime", "datetime")?)
}

/// Verifies an HS256 JWT with one key or a list of keys (e.g. the admin token before and after a
/// refresh), then its ``exp`` (required) and ``nbf``.
///
/// Returns ``{"header", "claims", "key_index"}`` (the index of the first key that matched). ``now``
/// defaults to ``time.time()``; ``leeway`` is seconds (``int``, ``float`` or ``timedelta``, rounded
/// down) of clock skew tolerated. Raises :class:`InvalidTokenError` subclasses named as in PyJWT.
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

pub(crate) fn verify_with<'py>(
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
    let verified = convert::with_str(token, |t| {
        tinybird_tokens::verify_jwt_text(t, keys, &options)
    })?
    .py(py)?;
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
    out.set_item(pyo3::intern!(py, "header"), text_to_py(py, header)?)?;
    out.set_item(pyo3::intern!(py, "claims"), text_to_py(py, claims)?)?;
    Ok(out)
}

/// Reads a JWT's header and claims **without verifying anything** but their shape:
/// ``{"header", "claims"}``. Never trust the result.
#[pyfunction]
fn decode_jwt<'py>(py: Python<'py>, token: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let decoded = convert::with_str(token, tinybird_tokens::decode_jwt_text)?.py(py)?;
        Ok(header_and_claims(py, &decoded.header_text, &decoded.claims_text)?.into_any())
    })
}

/// Explains a JWT or static token for people, without verifying it and without raising: kind, claims,
/// scopes in words, expiry relative to ``now`` (default ``time.time()``), and every problem found.
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

/// Decodes a static token (``p.…``) without checking its signature: owner, token id, region and the
/// API host of that region.
#[pyfunction]
fn decode_static_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| op(py, "decode_static_token", vec![("token", text(token)?)]))
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
    Err(convert::type_error(name, "a str or bytes", secret))
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
/// ``{"workspace_token", "user_token"}``.
#[pyfunction]
fn generate_local_tokens(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(|| op(py, "generate_local_tokens", Vec::new()))
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
        let mac = tinybird_tokens::hmac_sha256(
            &convert::key_bytes(key, "key")?,
            &convert::key_bytes(data, "data")?,
        );
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
            &convert::key_bytes(key, "key")?,
            &convert::key_bytes(data, "data")?,
            tag.as_bytes(),
        )
        .py(py)
    })
}

/// Forgets the prepared keys kept for ``str`` / ``bytes`` key arguments.
#[pyfunction]
fn clear_key_cache() {
    keys::clear_cache();
}

/// The native module. Its functions raise the classes of ``tinybird_tokens.errors``.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    m.add("ERROR_CODES", PyTuple::new(m.py(), codes)?)?;
    m.add("MAX_TOKEN_BYTES", tinybird_tokens::MAX_TOKEN_BYTES)?;
    m.add("LOCAL_SECRET", tinybird_tokens::LOCAL_SECRET)?;
    m.add_class::<PySigningKey>()?;
    m.add_class::<PyVerifyingKey>()?;
    m.add_function(wrap_pyfunction!(define_token, m)?)?;
    m.add_function(wrap_pyfunction!(parse_scope, m)?)?;
    m.add_function(wrap_pyfunction!(format_scope, m)?)?;
    m.add_function(wrap_pyfunction!(scopes_allow, m)?)?;
    m.add_function(wrap_pyfunction!(render_token_lines, m)?)?;
    m.add_function(wrap_pyfunction!(parse_datafile_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(plan_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(diff_token_plans, m)?)?;
    m.add_function(wrap_pyfunction!(parse_ttl_micros, m)?)?;
    m.add_function(wrap_pyfunction!(parse_fixed_params, m)?)?;
    m.add_function(wrap_pyfunction!(create_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(create_jwts, m)?)?;
    m.add_function(wrap_pyfunction!(sign_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(verify_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(decode_jwt, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_token, m)?)?;
    m.add_function(wrap_pyfunction!(decode_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(verify_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_static_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_local_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(hmac_sha256, m)?)?;
    m.add_function(wrap_pyfunction!(verify_hmac_sha256, m)?)?;
    m.add_function(wrap_pyfunction!(clear_key_cache, m)?)?;
    Ok(())
}

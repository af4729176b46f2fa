//! A JWT request from Python arguments (keyword arguments of `create_jwt`, or one mapping of a batch),
//! in the core's JSON request shape (`JwtRequest::from_json`).
//!
//! The Python types of the fields themselves are checked here (`TypeError`); their contents (scopes,
//! fixed params, limits, claims) are the core's to judge, with its error codes.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyMapping, PyString, PyTuple};
use tinybird_tokens::{Json, JwtRequest};

use crate::convert::{
    expect_str, object_items, string, to_json, type_error, unix_seconds, whole_seconds,
};
use crate::errors::CoreResultExt;

/// The fields a request may have, in the core's order.
pub const FIELDS: &[&str] = &[
    "workspace_id",
    "name",
    "ttl",
    "expires_at",
    "scopes",
    "limits",
    "extra_claims",
];

/// [`FIELDS`] as interned Python strings, in the same order.
fn interned_fields(py: Python<'_>) -> &[Py<PyString>] {
    static INTERNED: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
    INTERNED.get_or_init(py, || {
        FIELDS
            .iter()
            .map(|f| PyString::intern(py, f).unbind())
            .collect()
    })
}

/// Builds the core's request object field by field.
pub struct RequestBuilder {
    entries: Vec<(String, Json)>,
}

impl RequestBuilder {
    pub fn new() -> Self {
        RequestBuilder {
            entries: Vec::with_capacity(FIELDS.len()),
        }
    }

    /// Adds field `name`; `None` leaves an optional field out (as if not given).
    pub fn field(&mut self, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let optional = matches!(name, "ttl" | "expires_at" | "limits" | "extra_claims");
        if optional && value.is_none() {
            return Ok(());
        }
        let json = match name {
            "workspace_id" | "name" => Json::String(string(expect_str(value, name)?)?),
            // The core parses TTL text with `tb`'s grammar and limits; seconds and timedeltas are
            // written as whole seconds so that the same rules (and errors) apply to them.
            "ttl" => match value.cast::<PyString>() {
                Ok(s) => Json::String(string(s)?),
                Err(_) => Json::String(whole_seconds(value, "ttl", false)?.to_string()),
            },
            "expires_at" => {
                if value.is_instance_of::<pyo3::types::PyFloat>() {
                    return Err(type_error("expires_at", "an int or datetime", value));
                }
                Json::Int(unix_seconds(value, "expires_at")?)
            }
            "scopes" => {
                if !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
                    return Err(type_error("scopes", "a list of scope dicts", value));
                }
                to_json(value)?
            }
            "limits" | "extra_claims" => {
                if !(value.is_instance_of::<PyDict>() || value.is_instance_of::<PyMapping>()) {
                    return Err(type_error(name, "a dict", value));
                }
                to_json(value)?
            }
            other => {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "unexpected JWT request field {other:?} (expected one of {})",
                    FIELDS.join(", ")
                )))
            }
        };
        self.entries.push((name.to_owned(), json));
        Ok(())
    }

    /// Adds every field of a mapping (one request of a batch).
    pub fn mapping(mut self, request: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(dict) = request.cast_exact::<PyDict>() {
            // The common case, without a `String` per key: keys written as literals are interned, so
            // they are the very objects of `interned_fields`. As with `object_items`, every key is
            // checked (with its errors) before any value is converted.
            let py = request.py();
            let fields = interned_fields(py);
            let mut items = Vec::with_capacity(dict.len());
            for (k, v) in dict.iter() {
                let key = k
                    .cast::<PyString>()
                    .map_err(|_| type_error("a JSON object key", "a str", &k))?;
                let name = match fields.iter().position(|f| f.as_ptr() == key.as_ptr()) {
                    Some(i) => Cow::Borrowed(FIELDS[i]),
                    None => Cow::Owned(string(key)?),
                };
                items.push((name, v));
            }
            for (name, v) in &items {
                self.field(name, v)?;
            }
            return Ok(self);
        }
        for (k, v) in object_items(request, "a JWT request")? {
            self.field(&k, &v)?;
        }
        Ok(self)
    }

    /// The request, checked by the core.
    pub fn build(self, py: Python<'_>) -> PyResult<JwtRequest> {
        JwtRequest::from_json(&Json::Object(self.entries)).py(py)
    }
}

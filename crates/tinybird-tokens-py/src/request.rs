//! A JWT request from Python arguments (keyword arguments of `create_jwt`, or one mapping of a batch),
//! in the core's JSON request shape (`JwtRequest::from_json`).
//!
//! The Python types of the fields themselves are checked here (`TypeError`); their contents (scopes,
//! fixed params, limits, claims), the field names and which fields are required are the core's to
//! judge, with its error codes.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use tinybird_tokens::{Json, JwtRequest};

use crate::convert::{
    expect_str, object_items, string, to_json, type_error, unix_seconds, whole_seconds,
};
use crate::errors::CoreResultExt;

/// [`JwtRequest::FIELDS`] as interned Python strings, in the same order.
fn interned_fields(py: Python<'_>) -> &[Py<PyString>] {
    static INTERNED: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
    INTERNED.get_or_init(py, || {
        JwtRequest::FIELDS
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
            entries: Vec::with_capacity(JwtRequest::FIELDS.len()),
        }
    }

    /// Adds field `name`; `None` leaves an optional field out (as if not given). A name the core does
    /// not know is passed on for the core to reject (`invalid_argument`).
    pub fn field(&mut self, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        // The keyword arguments of `create_jwt` that default to `None`.
        let optional = matches!(name, "ttl" | "expires_at" | "limits" | "extra_claims");
        if optional && value.is_none() {
            return Ok(());
        }
        let json = match name {
            "workspace_id" | "name" => Json::String(string(expect_str(value, name)?)?),
            "ttl" => ttl_json(value)?,
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
            _ => to_json(value)?,
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
                    Some(i) => Cow::Borrowed(JwtRequest::FIELDS[i]),
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

/// A TTL argument in the core's JSON form: `str` as is; an `int` or `float` number of seconds as a
/// JSON number, which the core reads as its decimal text (`1.5` is `"1.5"`; a negative or non-finite
/// number gets the core's `invalid_ttl`; an int beyond 64 bits as its digits, which the grammar
/// refuses as too long); a `timedelta` as its whole seconds. A `bool` is a `TypeError`.
fn ttl_json(value: &Bound<'_, PyAny>) -> PyResult<Json> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Json::String(string(s)?));
    }
    if value.is_instance_of::<PyBool>() {
        return Err(type_error("ttl", TTL_TYPES, value));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(match value.extract::<i64>() {
            Ok(n) => Json::Int(n),
            Err(_) => Json::String(value.str()?.to_string()),
        });
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        // NaN and the infinities have no JSON number: their text reaches the core's grammar.
        return Ok(if f.is_finite() {
            Json::Float(f)
        } else {
            Json::String(f.to_string())
        });
    }
    Ok(Json::Int(
        whole_seconds(value, "ttl", false).map_err(|_| type_error("ttl", TTL_TYPES, value))?,
    ))
}

const TTL_TYPES: &str = "a str such as \"1h\", an int or float number of seconds, or a timedelta";

//! Python objects ⇄ the core's ordered [`Json`], directly (no `json.dumps` round trip).
//!
//! Python → JSON follows `json.dumps`: `dict` (string keys, in insertion order), `list` / `tuple`,
//! `str`, `int`, `float`, `bool`, `None`. Anything else is a `TypeError`; a float that JSON cannot
//! carry (NaN, ±inf), a structure nested deeper than the core's parser accepts and a `str` that is not
//! Unicode text (a lone surrogate) are `InvalidArgumentError`s (a `ValueError`); an `int` outside the
//! 64-bit range is an `OverflowError`.

use std::borrow::Cow;

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple, PyType,
};
use tinybird_tokens::Json;

use crate::errors::invalid_argument;

/// The nesting the core's JSON parser reads, and so signs; deeper input, or a cycle, stops here
/// instead of overflowing the stack.
const MAX_DEPTH: usize = tinybird_tokens::json::MAX_NESTING;

/// The `(key, value)` pairs of a `dict` (or any mapping), in order, keys checked to be `str`.
pub fn object_items<'py>(
    obj: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let pairs: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> = if let Ok(d) = obj.cast::<PyDict>() {
        d.iter().collect()
    } else if let Ok(m) = obj.cast::<PyMapping>() {
        m.items()?
            .iter()
            .map(|item| item.extract())
            .collect::<PyResult<_>>()?
    } else {
        return Err(type_error(what, "a dict", obj));
    };
    pairs
        .into_iter()
        .map(|(k, v)| {
            let key = k
                .cast::<PyString>()
                .map_err(|_| type_error("a JSON object key", "a str", &k))?;
            Ok((string(key)?, v))
        })
        .collect()
}

/// Borrows a Python `str` as UTF-8 for the duration of `f`.
///
/// With the 3.9 stable ABI there is no zero-copy accessor, so this encodes once into a `bytes` object
/// and borrows from it, which avoids a second copy into a Rust `String`.
pub fn with_str<R>(s: &Bound<'_, PyString>, f: impl FnOnce(&str) -> R) -> PyResult<R> {
    let bytes = utf8(s)?;
    // `encode_utf8` produced UTF-8, so this cannot fail; checking keeps the crate free of `unsafe`.
    let text = std::str::from_utf8(bytes.as_bytes())
        .map_err(|e| invalid_argument(s.py(), format!("not UTF-8: {e}")))?;
    Ok(f(text))
}

/// The UTF-8 bytes of a `str`; a lone surrogate (`"\ud800"`) is `invalid_argument`, never replaced.
fn utf8<'py>(s: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    s.encode_utf8().map_err(|_| not_unicode(s.py()))
}

fn not_unicode(py: Python<'_>) -> PyErr {
    invalid_argument(
        py,
        "A str with a lone surrogate (such as \"\\ud800\") is not Unicode text and has no UTF-8 form.",
    )
}

/// A Python `str` as an owned Rust `String`.
pub fn string(s: &Bound<'_, PyString>) -> PyResult<String> {
    Ok(s.to_cow().map_err(|_| not_unicode(s.py()))?.into_owned())
}

/// `obj` as a `str`, or a `TypeError` naming the argument.
pub fn expect_str<'a, 'py>(
    obj: &'a Bound<'py, PyAny>,
    what: &str,
) -> PyResult<&'a Bound<'py, PyString>> {
    obj.cast::<PyString>()
        .map_err(|_| type_error(what, "a str", obj))
}

/// A `TypeError` saying what `what` must be and what it was.
pub fn type_error(what: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let got = got
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    PyTypeError::new_err(format!("{what} must be {expected}, not {got}"))
}

/// Converts a Python value to JSON, as `json.dumps` would see it.
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Json> {
    to_json_at(obj, 0)
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Json> {
    // Exact types first: they are almost every value and the cheapest checks.
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return Ok(Json::String(string(s)?));
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        return dict_to_json(d, depth);
    }
    if let Ok(i) = obj.cast_exact::<PyInt>() {
        return int_to_json(i);
    }
    if obj.is_none() {
        return Ok(Json::Null);
    }
    if let Ok(b) = obj.cast_exact::<PyBool>() {
        return Ok(Json::Bool(b.is_true()));
    }
    if let Ok(l) = obj.cast_exact::<PyList>() {
        return seq_to_json(obj.py(), l.iter(), l.len(), depth);
    }
    if let Ok(f) = obj.cast_exact::<PyFloat>() {
        return float_to_json(obj.py(), f.value());
    }
    // Subclasses (str enums, IntEnum, OrderedDict, named tuples...), as `json.dumps` accepts them.
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Json::String(string(s)?));
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Json::Bool(obj.is_truthy()?));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return int_to_json(i);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float_to_json(obj.py(), f.value());
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return dict_to_json(d, depth);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return seq_to_json(obj.py(), l.iter(), l.len(), depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return seq_to_json(obj.py(), t.iter(), t.len(), depth);
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        return mapping_to_json(m, depth);
    }
    Err(type_error(
        "a JSON value",
        "a dict, list, tuple, str, int, float, bool or None (or a mapping)",
        obj,
    ))
}

fn nested(py: Python<'_>, depth: usize) -> PyResult<usize> {
    if depth >= MAX_DEPTH {
        return Err(invalid_argument(
            py,
            format!("JSON value nested deeper than {MAX_DEPTH} levels (or a circular reference)"),
        ));
    }
    Ok(depth + 1)
}

fn dict_to_json(d: &Bound<'_, PyDict>, depth: usize) -> PyResult<Json> {
    let depth = nested(d.py(), depth)?;
    let mut entries = Vec::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key = k
            .cast::<PyString>()
            .map_err(|_| type_error("a JSON object key", "a str", &k))?;
        entries.push((string(key)?, to_json_at(&v, depth)?));
    }
    Ok(Json::Object(entries))
}

fn mapping_to_json(m: &Bound<'_, PyMapping>, depth: usize) -> PyResult<Json> {
    let depth = nested(m.py(), depth)?;
    object_items(m.as_any(), "a JSON object")?
        .into_iter()
        .map(|(k, v)| Ok((k, to_json_at(&v, depth)?)))
        .collect::<PyResult<Vec<_>>>()
        .map(Json::Object)
}

fn seq_to_json<'py>(
    py: Python<'py>,
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    depth: usize,
) -> PyResult<Json> {
    let depth = nested(py, depth)?;
    let mut out = Vec::with_capacity(len);
    for item in items {
        out.push(to_json_at(&item, depth)?);
    }
    Ok(Json::Array(out))
}

fn int_to_json(i: &Bound<'_, PyInt>) -> PyResult<Json> {
    if let Ok(n) = i.extract::<i64>() {
        return Ok(Json::Int(n));
    }
    if let Ok(n) = i.extract::<u64>() {
        return Ok(Json::UInt(n));
    }
    Err(PyOverflowError::new_err(
        "int out of range for a JSON value (must fit in a signed or unsigned 64-bit integer)",
    ))
}

fn float_to_json(py: Python<'_>, f: f64) -> PyResult<Json> {
    if f.is_finite() {
        Ok(Json::Float(f))
    } else {
        Err(invalid_argument(
            py,
            "Out of range float values are not JSON compliant",
        ))
    }
}

/// Converts JSON to plain Python objects: `dict` (in order), `list`, `str`, `int`, `float`, `bool`,
/// `None`.
pub fn to_py<'py>(py: Python<'py>, value: &Json) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::Int(n) => n.into_pyobject(py)?.into_any(),
        Json::UInt(n) => n.into_pyobject(py)?.into_any(),
        Json::Float(f) => PyFloat::new(py, *f).into_any(),
        Json::String(s) => common_str(py, s).into_any(),
        Json::Array(items) => {
            let items = items
                .iter()
                .map(|item| to_py(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Json::Object(entries) => {
            let dict = PyDict::new(py);
            for (k, v) in entries {
                dict.set_item(common_str(py, k), to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A Python `str`, shared (interned) for the names and values every Tinybird token repeats, so that
/// decoding many tokens allocates fewer objects.
pub fn common_str<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyString> {
    macro_rules! known {
        ($($name:literal),*) => {
            match s {
                $($name => return pyo3::intern!(py, $name).clone(),)*
                _ => {}
            }
        };
    }
    // By length first: one comparison for most strings instead of one per name.
    match s.len() {
        3 => known!("exp", "rps", "alg", "typ", "JWT", "iat", "nbf"),
        4 => known!("name", "type"),
        5 => known!("HS256"),
        6 => known!("scopes", "filter", "limits"),
        8 => known!("resource"),
        10 => known!("PIPES:READ"),
        12 => known!("workspace_id", "fixed_params"),
        16 => known!("DATASOURCES:READ"),
        _ => {}
    }
    PyString::new(py, s)
}

/// Bytes of a key or secret given as `str` (UTF-8) or `bytes`.
pub fn key_bytes<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Cow::Owned(utf8(s)?.as_bytes().to_vec()));
    }
    Err(type_error(what, "a str or bytes", obj))
}

/// A Unix time in whole seconds from an `int`, a `float` (rounded down) or a `datetime` (aware, or naive
/// meaning UTC, converted the way PyJWT converts `exp`: `calendar.timegm(dt.utctimetuple())`).
pub fn unix_seconds(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<i64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(type_error(what, "an int, float or datetime", obj));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return i.extract::<i64>();
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return floor_seconds(f, what);
    }
    let py = obj.py();
    if is_datetime(obj)? {
        static TIMEGM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let timegm = TIMEGM.get_or_try_init(py, || {
            py.import("calendar")?.getattr("timegm").map(Bound::unbind)
        })?;
        let tuple = obj.call_method0(pyo3::intern!(py, "utctimetuple"))?;
        return timegm.bind(py).call1((tuple,))?.extract::<i64>();
    }
    Err(type_error(what, "an int, float or datetime", obj))
}

/// Whole seconds of an `int` or a `timedelta` (rounded down: a TTL is cut to whole seconds as `tb` cuts
/// it); with `exact`, also an integral `float`, and anything fractional is `invalid_argument` (the
/// leeway: rounding it either way would change a verdict, see README "Verification compared with
/// Tinybird's verifier"; the npm package refuses a fractional one too).
pub fn whole_seconds(obj: &Bound<'_, PyAny>, what: &str, exact: bool) -> PyResult<i64> {
    let expected = if exact {
        "an int, float or timedelta"
    } else {
        "an int or timedelta"
    };
    if obj.is_instance_of::<PyBool>() {
        return Err(type_error(what, expected, obj));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return i.extract::<i64>();
    }
    let fractional = || {
        invalid_argument(
            obj.py(),
            format!("\"{what}\" must be a whole number of seconds."),
        )
    };
    if exact {
        if let Ok(f) = obj.cast::<PyFloat>() {
            let seconds = floor_seconds(f, what)?;
            return if f.value().fract() == 0.0 {
                Ok(seconds)
            } else {
                Err(fractional())
            };
        }
    }
    let py = obj.py();
    if obj.is_instance(timedelta_type(py)?)? {
        // A timedelta is normalised to days (any sign) + seconds in [0, 86400) + microseconds, so
        // days * 86400 + seconds is the floor of its length in seconds.
        let days: i64 = obj.getattr(pyo3::intern!(py, "days"))?.extract()?;
        let seconds: i64 = obj.getattr(pyo3::intern!(py, "seconds"))?.extract()?;
        let micros: i64 = obj.getattr(pyo3::intern!(py, "microseconds"))?.extract()?;
        if exact && micros != 0 {
            return Err(fractional());
        }
        return Ok(days * 86_400 + seconds);
    }
    Err(type_error(what, expected, obj))
}

/// A float number of seconds rounded down, or `invalid_argument` when it is not finite or does not fit
/// in 64 bits.
fn floor_seconds(f: &Bound<'_, PyFloat>, what: &str) -> PyResult<i64> {
    let v = f.value().floor();
    if !v.is_finite() || v < i64::MIN as f64 || v >= i64::MAX as f64 {
        return Err(invalid_argument(
            f.py(),
            format!("{what} is out of range: {}", f.value()),
        ));
    }
    Ok(v as i64)
}

/// Whether `obj` is a `datetime.datetime` (or a subclass).
pub fn is_datetime(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    obj.is_instance(DATETIME.import(obj.py(), "datetime", "datetime")?)
}

fn timedelta_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    TIMEDELTA.import(py, "datetime", "timedelta")
}

/// `time.time()` rounded down, looked up at every call so that freezegun / time-machine patches apply.
pub fn now_seconds(py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    match now {
        Some(value) if !value.is_none() => unix_seconds(value, "now"),
        _ => {
            static TIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let module =
                TIME.get_or_try_init(py, || py.import("time").map(|m| m.into_any().unbind()))?;
            let t = module
                .bind(py)
                .getattr(pyo3::intern!(py, "time"))?
                .call0()?;
            unix_seconds(&t, "time.time()")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_values_round_trip_in_order() {
        Python::initialize();
        Python::attach(|py| {
            let value = py
                .eval(
                    c"{'z': 1, 'a': [1.5, 'ñ', None, True, {'n': -2}], 'big': 2**63}",
                    None,
                    None,
                )
                .unwrap();
            let json = to_json(&value).unwrap();
            assert_eq!(
                json.to_compact_string(),
                r#"{"z":1,"a":[1.5,"\u00f1",null,true,{"n":-2}],"big":9223372036854775808}"#
            );
            let back = to_py(py, &json).unwrap();
            assert!(back.eq(&value).unwrap());
            let nan = py.eval(c"{'x': float('nan')}", None, None).unwrap();
            assert!(to_json(&nan).is_err());
            let bad_key = py.eval(c"{1: 2}", None, None).unwrap();
            assert!(to_json(&bad_key)
                .unwrap_err()
                .is_instance_of::<PyTypeError>(py));
        });
    }
}

//! Python objects straight from JSON text that the core has already judged (`verify_jwt_text`,
//! `decode_jwt_text`), without the core's owned `Json` tree in between.
//!
//! Why: building that tree (one allocation per key, string and container) and dropping it after the
//! conversion was a fifth of a `verify_jwt` / `decode_jwt` call. No rule lives here: the text is strict
//! JSON without duplicate keys by the time it arrives.
//!
//! Numbers come out as Python's `json` reads them, as PyJWT returns them: serde_json reads an integer
//! beyond 64 bits as a float (losing digits) and `-0` as `-0.0`, where Python keeps an exact `int`. A
//! text in which serde_json read a float and that holds such a literal ([`has_inexact_integer`], a byte
//! scan) is handed to `json.loads` instead; the core has already judged it strict JSON, so both readings
//! give the same structure. Claims without a float (the usual ones) are not scanned.

use std::cell::Cell;
use std::fmt;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::convert::common_str;

/// Plain Python objects (`dict` in order, `list`, `str`, `int`, `float`, `bool`, `None`) for `text`.
pub fn text_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let saw_float = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(py, &saw_float)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
            // Unreachable for text the core accepted; a Python error (memory) ends up here too.
            PyRuntimeError::new_err(format!("internal error in tinybird_tokens: {e}"))
        })?;
    // serde_json gives the integers it reads differently as floats, so a text without a float needs no
    // scan (the usual claims: integers and strings).
    if saw_float.get() && has_inexact_integer(text) {
        static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let loads = LOADS.get_or_try_init(py, || {
            py.import("json")?.getattr("loads").map(Bound::unbind)
        })?;
        return loads.bind(py).call1((text,));
    }
    Ok(value)
}

/// The seed, and whether a float was read (serde_json reads `-0` and integers beyond 64 bits as
/// floats).
#[derive(Clone, Copy)]
struct Seed<'a, 'py>(Python<'py>, &'a Cell<bool>);

fn py_err<E: de::Error>(e: PyErr) -> E {
    E::custom(e)
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.0, v).to_owned().into_any())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        let Ok(n) = v.into_pyobject(self.0);
        Ok(n.into_any())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(n) = v.into_pyobject(self.0);
        Ok(n.into_any())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        self.1.set(true);
        Ok(PyFloat::new(self.0, v).into_any())
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(common_str(self.0, v).into_any())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.0);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_err)?;
        }
        Ok(list.into_any())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.0);
        while let Some(key) = map.next_key_seed(Key(self.0))? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

/// An object key as a (possibly shared) Python `str`.
struct Key<'py>(Python<'py>);

impl<'de, 'py> DeserializeSeed<'de> for Key<'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for Key<'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object key")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(common_str(self.0, v))
    }
}

/// Whether `text` (strict JSON) holds an integer literal that serde_json would not read as Python does:
/// 19 digits or more (possibly beyond 64 bits) or `-0`. Strings are skipped; a false positive only
/// costs the slower `json.loads`.
fn has_inexact_integer(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let literal = &bytes[start..i];
                let integer = !literal.iter().any(|b| matches!(b, b'.' | b'e' | b'E'));
                let digits = literal.iter().filter(|b| b.is_ascii_digit()).count();
                if integer && (digits >= 19 || literal == b"-0") {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_inexact_integer;

    #[test]
    fn finds_the_integers_serde_reads_differently() {
        for text in [
            r#"{"a":-0}"#,
            r#"[1,-0]"#,
            r#"{"n":1234567890123456789}"#,
            "-0",
        ] {
            assert!(has_inexact_integer(text), "{text}");
        }
        for text in [
            r#"{"a":-0.0,"b":0,"c":-0e1,"d":123456789012345678}"#,
            r#"{"s":"-0 and 12345678901234567890"}"#,
            r#"{"s":"q\\"","n":1.2345678901234567890}"#,
        ] {
            assert!(!has_inexact_integer(text), "{text}");
        }
    }
}

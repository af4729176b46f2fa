//! The value model: a JSON tree whose objects keep their key order.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value whose objects keep their keys in insertion order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A non-negative integer above `i64::MAX`.
    UInt(u64),
    /// Any other number; never NaN or infinite once parsed.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, in key order; keys are unique when parsed by [`Json::parse`].
    Object(Vec<(String, Json)>),
}

/// Why a value cannot be signed ([`Json::check_signable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unsignable {
    /// Nested deeper than allowed.
    TooDeep,
    /// Carries NaN or an infinity.
    NotFinite,
}

impl Json {
    /// Any serializable value (the core's output types derive `Serialize`) as the JSON model, key
    /// order kept: the one way the JSON interface, the CLI and the bindings turn results into JSON.
    /// Only a non-finite float fails, which no result of the core holds (`invalid_claims`).
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> crate::Result<Json> {
        super::serialize::to_tree(value).map_err(|e| {
            crate::Error::new(
                crate::ErrorCode::InvalidClaims,
                format!("The value has no JSON form ({e})."),
            )
        })
    }

    /// Checks, in one pass, what signing needs of a value: at most `levels` arrays and objects deep (a
    /// scalar is 0 deep), so that the strict parser reads the token back, and only finite numbers
    /// (JSON has no NaN or infinities; Python's `json.dumps` would write the invalid `NaN`). Never
    /// descends further than `levels`, so a tree of any depth is checked without deep recursion.
    pub(crate) fn check_signable(&self, levels: usize) -> Result<(), Unsignable> {
        match self {
            Json::Float(f) if !f.is_finite() => Err(Unsignable::NotFinite),
            Json::Array(items) => {
                let inner = levels.checked_sub(1).ok_or(Unsignable::TooDeep)?;
                items.iter().try_for_each(|v| v.check_signable(inner))
            }
            Json::Object(entries) => {
                let inner = levels.checked_sub(1).ok_or(Unsignable::TooDeep)?;
                entries
                    .iter()
                    .try_for_each(|(_, v)| v.check_signable(inner))
            }
            _ => Ok(()),
        }
    }

    /// Looks a key up in an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object's entries, if this is one.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The integer, if this is a JSON integer that fits in `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl Serialize for Json {
    /// Objects serialize as maps in key order, so bindings (serde-wasm-bindgen, pyo3 converters) keep it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(n) => serializer.serialize_i64(*n),
            Json::UInt(n) => serializer.serialize_u64(*n),
            Json::Float(f) => serializer.serialize_f64(*f),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

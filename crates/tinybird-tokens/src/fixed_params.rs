//! Fixed params of a JWT `PIPES:READ` scope: values the endpoint receives whatever the request says.
//!
//! Two forms: the CLI's `a=1,b=x` (values are strings, as `tb` sends them) and the API's JSON object
//! (string, number or bool values, as the SDKs type them). Both keep insertion order, which decides the
//! JWT bytes.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{Json, JsonRef};

/// Ordered, unique-keyed fixed params.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FixedParams {
    entries: Vec<(String, Json)>,
}

fn invalid(message: String) -> crate::Error {
    Error::new(ErrorCode::InvalidFixedParams, message)
}

impl FixedParams {
    /// No params.
    pub fn new() -> FixedParams {
        FixedParams::default()
    }

    /// Adds a param; the key must be non-empty and new, the value a string, number or bool.
    pub fn insert(&mut self, key: &str, value: Json) -> Result<()> {
        if key.is_empty() {
            return Err(invalid("A fixed param needs a non-empty name.".to_owned()));
        }
        if self.entries.iter().any(|(k, _)| k == key) {
            return Err(
                invalid(format!("Fixed param \"{key}\" is given more than once.")).with_input(key),
            );
        }
        match value {
            Json::Float(f) if !f.is_finite() => {
                return Err(
                    invalid(format!("Fixed param \"{key}\" must be a finite number."))
                        .with_input(key),
                )
            }
            Json::String(_) | Json::Int(_) | Json::UInt(_) | Json::Float(_) | Json::Bool(_) => {}
            _ => {
                return Err(invalid(format!(
                    "Fixed param \"{key}\" must be a string, number or boolean."
                ))
                .with_input(key))
            }
        }
        self.entries.push((key.to_owned(), value));
        Ok(())
    }

    /// Builds params from a JSON object (the API form): a [`Json`] or a value in a typed tree.
    pub fn from_json<'a>(value: impl Into<JsonRef<'a>>) -> Result<FixedParams> {
        FixedParams::read(value.into())
    }

    fn read(value: JsonRef<'_>) -> Result<FixedParams> {
        if !value.is_object() {
            return Err(invalid(
                "Fixed params must be an object of name → value.".to_owned(),
            ));
        }
        let mut params = FixedParams::new();
        for (k, v) in value.entries() {
            params.insert(k, v.to_json())?;
        }
        Ok(params)
    }

    /// The params as a JSON object, in order.
    pub fn to_json(&self) -> Json {
        Json::Object(self.entries.clone())
    }

    /// The params as `[[name, value], …]`, in order: the form `parse_fixed_params` returns through
    /// the JSON operations and the npm package.
    pub fn to_pairs(&self) -> Json {
        let pair = |(k, v): &(String, Json)| Json::Array(vec![Json::String(k.clone()), v.clone()]);
        Json::Array(self.entries.iter().map(pair).collect())
    }

    /// The params, in order.
    pub fn entries(&self) -> &[(String, Json)] {
        &self.entries
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl std::fmt::Display for FixedParams {
    /// `org_id=acme, plan=pro`: how people read them (strings as written, other values as JSON).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match v {
                Json::String(text) => write!(f, "{k}={text}")?,
                other => write!(f, "{k}={}", other.to_compact_string())?,
            }
        }
        Ok(())
    }
}

impl serde::Serialize for FixedParams {
    /// An object, in order: the form the claims carry.
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Parses the CLI form `a=1,b=x` into string-valued params.
///
/// Like `tb`, pieces are split on `,` then `=` and nothing is trimmed (`" b = 3"` is key `" b "`).
/// Unlike `tb`, which crashes on a piece without `=` and silently keeps the last of repeated keys, both
/// are `invalid_fixed_params` errors, as are an empty key and a piece with two `=`.
///
/// ```
/// use tinybird_tokens::parse_fixed_params;
/// let p = parse_fixed_params("org_id=acme,plan=pro").unwrap();
/// assert_eq!(p.to_json().to_compact_string(), r#"{"org_id":"acme","plan":"pro"}"#);
/// assert!(parse_fixed_params("a=1,a=2").is_err());
/// ```
pub fn parse_fixed_params(text: &str) -> Result<FixedParams> {
    if text.len() > 1 && text.ends_with(',') {
        return Err(invalid(
            "Fixed params end with a trailing comma: drop it (name=value pairs separated by commas, e.g. org_id=acme,plan=pro).".to_owned(),
        )
        .with_input(text));
    }
    let mut params = FixedParams::new();
    for piece in text.split(',') {
        let mut parts = piece.split('=');
        let (Some(key), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid(format!(
                "Invalid fixed param \"{piece}\": write name=value pairs separated by commas, e.g. org_id=acme,plan=pro (one = per pair)."
            ))
            .with_input(text));
        };
        params
            .insert(key, Json::String(value.to_owned()))
            .map_err(|e| e.with_input(text))?;
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_form() {
        let p = parse_fixed_params(" b = 3,c=").unwrap();
        assert_eq!(
            p.entries()[0],
            (" b ".to_owned(), Json::String(" 3".to_owned()))
        );
        assert_eq!(
            p.entries()[1],
            ("c".to_owned(), Json::String(String::new()))
        );
        for bad in ["", "a", "a=1=2", "=1", "a=1,", "a=1,a=3"] {
            assert_eq!(
                parse_fixed_params(bad).unwrap_err().code(),
                ErrorCode::InvalidFixedParams,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn api_form() {
        let v = Json::parse(r#"{"user_id":123,"active":true,"r":1.5}"#).unwrap();
        assert_eq!(FixedParams::from_json(&v).unwrap().entries().len(), 3);
        assert!(FixedParams::from_json(&Json::parse(r#"{"a":null}"#).unwrap()).is_err());
        assert!(FixedParams::from_json(&Json::parse(r#"{"a":[1]}"#).unwrap()).is_err());
        assert!(FixedParams::from_json(&Json::parse("[]").unwrap()).is_err());
    }
}

//! Reading the arguments of an operation: a missing or mistyped one is `invalid_argument`.

use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::{ResourceKind, ScopeMode};

/// The input object of an operation.
pub(crate) struct Args<'a>(&'a Json);

fn misuse(message: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

impl<'a> Args<'a> {
    pub(crate) fn new(input: &'a Json) -> Args<'a> {
        Args(input)
    }

    /// The whole input object.
    pub(crate) fn input(&self) -> &'a Json {
        self.0
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Json> {
        self.0.get(key)
    }

    pub(crate) fn required(&self, key: &str) -> Result<&'a Json> {
        self.get(key)
            .ok_or_else(|| misuse(format!("\"{key}\" is required.")))
    }

    pub(crate) fn str(&self, key: &str) -> Result<&'a str> {
        self.get(key)
            .and_then(Json::as_str)
            .ok_or_else(|| misuse(format!("\"{key}\" must be a string.")))
    }

    pub(crate) fn opt_str(&self, key: &str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(v)) => Ok(Some(v)),
            Some(_) => Err(misuse(format!("\"{key}\" must be a string or null."))),
        }
    }

    pub(crate) fn int(&self, key: &str) -> Result<i64> {
        self.get(key)
            .and_then(Json::as_i64)
            .ok_or_else(|| misuse(format!("\"{key}\" must be an integer.")))
    }

    pub(crate) fn list(&self, key: &str) -> Result<&'a [Json]> {
        match self.get(key) {
            Some(Json::Array(items)) => Ok(items),
            _ => Err(misuse(format!("\"{key}\" must be a list."))),
        }
    }

    pub(crate) fn str_list(&self, key: &str) -> Result<Vec<&'a str>> {
        self.list(key)?
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| misuse(format!("\"{key}\" must be a list of strings.")))
            })
            .collect()
    }

    /// The input without some fields (the rest is a request object of its own).
    pub(crate) fn without(&self, keys: &[&str]) -> Json {
        let mut rest = self.0.clone();
        if let Json::Object(entries) = &mut rest {
            entries.retain(|(k, _)| !keys.contains(&k.as_str()));
        }
        rest
    }

    pub(crate) fn mode(&self) -> Result<ScopeMode> {
        match self.get("mode") {
            None => Ok(ScopeMode::Forward),
            Some(Json::String(mode)) => mode.parse(),
            Some(_) => Err(misuse(
                "\"mode\" must be \"forward\" or \"classic\".".to_owned(),
            )),
        }
    }

    pub(crate) fn kind(&self) -> Result<ResourceKind> {
        match self.get("kind") {
            Some(Json::String(kind)) => kind.parse(),
            _ => Err(misuse(
                "\"kind\" must be \"datasource\" or \"pipe\".".to_owned(),
            )),
        }
    }

    pub(crate) fn hex(&self, key: &str) -> Result<Vec<u8>> {
        from_hex(self.str(key)?).ok_or_else(|| misuse(format!("\"{key}\" is not hex.")))
    }

    /// A key given as `<name>` (UTF-8 text) or `<name>_hex` (bytes).
    pub(crate) fn key_bytes(&self, name: &str) -> Result<Vec<u8>> {
        if let Some(Json::String(text)) = self.get(name) {
            return Ok(text.as_bytes().to_vec());
        }
        self.hex(&format!("{name}_hex"))
    }

    /// Keys given as `keys` (UTF-8 texts) or `keys_hex` (bytes).
    pub(crate) fn keys_bytes(&self) -> Result<Vec<Vec<u8>>> {
        if let Some(Json::Array(items)) = self.get("keys") {
            return items
                .iter()
                .map(|k| {
                    k.as_str()
                        .map(|t| t.as_bytes().to_vec())
                        .ok_or_else(|| misuse("Keys must be strings.".to_owned()))
                })
                .collect();
        }
        match self.get("keys_hex") {
            Some(Json::Array(items)) => items
                .iter()
                .map(|k| {
                    k.as_str()
                        .and_then(from_hex)
                        .ok_or_else(|| misuse("keys_hex must be hex strings.".to_owned()))
                })
                .collect(),
            _ => Err(misuse("Give \"keys\" or \"keys_hex\".".to_owned())),
        }
    }
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        assert_eq!(from_hex("0aff"), Some(vec![10, 255]));
        assert_eq!(from_hex("0g"), None);
        assert_eq!(from_hex("abc"), None);
        assert_eq!(to_hex(&[10, 255]), "0aff");
    }
}

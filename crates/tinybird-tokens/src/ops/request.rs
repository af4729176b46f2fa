//! The JSON form of a JWT request, as the bindings and the vectors pass it.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{plain_decimal, Json};
use crate::jwt::{read_limits, read_scope, Expiry, JwtRequest};
use crate::ttl::parse_ttl;

impl JwtRequest {
    /// Reads a request from its JSON form, the one the bindings and the vectors use: `workspace_id`,
    /// `name`, `ttl` (a string such as `"1h"`, or a number of seconds such as `3600` or `1.5`, read
    /// as its decimal text without an exponent) or `expires_at` (integer Unix seconds), `scopes` (list of `{type,
    /// resource, fixed_params?, filter?}`), `limits` (`{rps}`), `extra_claims` (object).
    ///
    /// An unknown field, or both or neither of `ttl` / `expires_at`, is `invalid_argument`: the call
    /// is wrong before any claim is.
    pub fn from_json(value: &Json) -> Result<JwtRequest> {
        let Some(entries) = value.as_object() else {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "A JWT request must be an object.",
            ));
        };
        if let Some((key, _)) = entries
            .iter()
            .find(|(key, _)| !JwtRequest::FIELDS.contains(&key.as_str()))
        {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("Unknown JWT request field {}.", crate::error::shown(key)),
            ));
        }
        let text = |key: &str| -> Result<String> {
            match value.get(key) {
                Some(Json::String(s)) => Ok(s.clone()),
                None => Ok(String::new()),
                Some(_) => Err(Error::new(
                    ErrorCode::InvalidClaims,
                    format!("\"{key}\" must be a string."),
                )),
            }
        };
        let expiry = match (value.get("ttl"), value.get("expires_at")) {
            (Some(Json::String(ttl)), None) => Expiry::Ttl(parse_ttl(ttl)?),
            (Some(Json::Int(n)), None) => Expiry::Ttl(parse_ttl(&n.to_string())?),
            (Some(Json::UInt(n)), None) => Expiry::Ttl(parse_ttl(&n.to_string())?),
            // Shortest round-tripping digits, never an exponent, which the TTL grammar lacks.
            (Some(Json::Float(f)), None) => Expiry::Ttl(parse_ttl(&plain_decimal(*f))?),
            (Some(_), None) => {
                return Err(Error::new(
                    ErrorCode::InvalidTtl,
                    "\"ttl\" must be a string such as \"1h\" or a number of seconds.",
                ))
            }
            (None, Some(Json::Int(at))) => Expiry::At(*at),
            (None, Some(_)) => {
                return Err(Error::new(
                    ErrorCode::InvalidClaims,
                    "\"expires_at\" must be an integer Unix time in seconds.",
                ))
            }
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    "Give exactly one of \"ttl\" and \"expires_at\".",
                ))
            }
        };
        let scopes = match value.get("scopes") {
            Some(Json::Array(items)) => items.iter().map(read_scope).collect::<Result<Vec<_>>>()?,
            Some(_) => {
                return Err(Error::new(
                    ErrorCode::InvalidClaims,
                    "\"scopes\" must be a list.",
                ))
            }
            None => Vec::new(),
        };
        let rps_limit = match value.get("limits") {
            None | Some(Json::Null) => None,
            Some(limits) => Some(read_limits(limits)?),
        };
        let extra_claims = match value.get("extra_claims") {
            None => Vec::new(),
            Some(Json::Object(extra)) => extra.clone(),
            Some(_) => {
                return Err(Error::new(
                    ErrorCode::InvalidClaims,
                    "\"extra_claims\" must be an object.",
                ))
            }
        };
        Ok(JwtRequest {
            workspace_id: text("workspace_id")?,
            name: text("name")?,
            expiry,
            scopes,
            rps_limit,
            extra_claims,
        })
    }
}

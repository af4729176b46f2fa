//! The JSON form of a JWT request, as the bindings and the vectors pass it.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{plain_decimal, JsonRef, Node};
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
    ///
    /// It reads a [`crate::Json`] or, in place, a typed tree ([`JsonRef::from_tree`]), with the same
    /// rules.
    pub fn from_json<'a>(value: impl Into<JsonRef<'a>>) -> Result<JwtRequest> {
        read_request(value.into())
    }
}

fn read_request(value: JsonRef<'_>) -> Result<JwtRequest> {
    if !value.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "A JWT request must be an object.",
        ));
    }
    // One pass over the entries: JwtRequest::FIELDS, in its order (a field added there without a name
    // below does not compile).
    let mut fields = [None; JwtRequest::FIELDS.len()];
    if let Some(key) = value.fields(JwtRequest::FIELDS, &mut fields) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("Unknown JWT request field {}.", crate::error::shown(key)),
        ));
    }
    let [workspace_id, name, ttl, expires_at, scopes, limits, extra_claims] = fields;
    let text = |field: Option<JsonRef<'_>>, key: &str| -> Result<String> {
        match field.map(JsonRef::node) {
            Some(Node::Str(s)) => Ok(s.to_owned()),
            None => Ok(String::new()),
            Some(_) => Err(Error::new(
                ErrorCode::InvalidClaims,
                format!("\"{key}\" must be a string."),
            )),
        }
    };
    let expiry = match (ttl.map(JsonRef::node), expires_at.map(JsonRef::node)) {
        (Some(Node::Str(ttl)), None) => Expiry::Ttl(parse_ttl(ttl)?),
        (Some(Node::Int(n)), None) => Expiry::Ttl(parse_ttl(&n.to_string())?),
        (Some(Node::UInt(n)), None) => Expiry::Ttl(parse_ttl(&n.to_string())?),
        // Shortest round-tripping digits, never an exponent, which the TTL grammar lacks.
        (Some(Node::Float(f)), None) => Expiry::Ttl(parse_ttl(&plain_decimal(f))?),
        (Some(_), None) => {
            return Err(Error::new(
                ErrorCode::InvalidTtl,
                "\"ttl\" must be a string such as \"1h\" or a number of seconds.",
            ))
        }
        (None, Some(Node::Int(at))) => Expiry::At(at),
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
    let scopes = match scopes {
        Some(items) if items.node() == Node::Array => {
            items.items().map(read_scope).collect::<Result<Vec<_>>>()?
        }
        Some(_) => {
            return Err(Error::new(
                ErrorCode::InvalidClaims,
                "\"scopes\" must be a list.",
            ))
        }
        None => Vec::new(),
    };
    let rps_limit = match limits {
        None => None,
        Some(limits) if limits.is_null() => None,
        Some(limits) => Some(read_limits(limits)?),
    };
    let extra_claims = match extra_claims {
        None => Vec::new(),
        Some(extra) if extra.is_object() => extra
            .entries()
            .map(|(key, value)| (key.to_owned(), value.to_json()))
            .collect(),
        Some(_) => {
            return Err(Error::new(
                ErrorCode::InvalidClaims,
                "\"extra_claims\" must be an object.",
            ))
        }
    };
    Ok(JwtRequest {
        workspace_id: text(workspace_id, "workspace_id")?,
        name: text(name, "name")?,
        expiry,
        scopes,
        rps_limit,
        extra_claims,
    })
}

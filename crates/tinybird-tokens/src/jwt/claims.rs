//! The one reader of Tinybird claims: scopes, limits and the rest as `create_jwt` writes them. The
//! JSON request form, verified tokens and inspection all read them here, so the three give the same
//! code for the same claim.

use crate::error::{Error, ErrorCode, Result};
use crate::fixed_params::FixedParams;
use crate::json::{Json, JsonRef, Node};
use crate::jwt::request::RESERVED_CLAIMS;
use crate::jwt::scope::{JwtScope, JwtScopeType};

/// Reads `limits`: `{"rps": <integer>}`, nothing else. Any integer reads: Tinybird's docs say an
/// `rps` of 0 or less means no rate limit, so a token carrying one is valid (only `create_jwt` refuses
/// to write one, see [`crate::JwtRequest::rps_limit`]). An integer beyond `i64` reads as `i64::MAX`.
pub fn read_limits<'a>(limits: impl Into<JsonRef<'a>>) -> Result<i64> {
    limits_from(limits.into())
}

fn limits_from(limits: JsonRef<'_>) -> Result<i64> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidLimits,
            "limits must be {\"rps\": <integer>}.",
        )
    };
    let mut rps = [None];
    if !limits.is_object() || limits.fields(&["rps"], &mut rps).is_some() {
        return Err(bad());
    }
    match rps[0].map(JsonRef::node) {
        Some(Node::Int(n)) => Ok(n),
        Some(Node::UInt(n)) => Ok(i64::try_from(n).unwrap_or(i64::MAX)),
        _ => Err(bad()),
    }
}

/// Reads one scope object: `{type, resource, fixed_params?, filter?}`, every rule of [`JwtScope`]
/// except one: fixed params on `DATASOURCES:READ` or a filter on `PIPES:READ` are kept and marked
/// ([`JwtScope::ignored_restriction`]), as Tinybird accepts such a token and ignores them;
/// `create_jwt` refuses to write them.
pub fn read_scope<'a>(value: impl Into<JsonRef<'a>>) -> Result<JwtScope> {
    scope_from(value.into())
}

fn scope_from<'a>(value: JsonRef<'a>) -> Result<JwtScope> {
    if !value.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidScope,
            "Each JWT scope must be an object {type, resource}.",
        ));
    }
    let mut fields = [None; 4];
    let unknown = value.fields(&["type", "resource", "fixed_params", "filter"], &mut fields);
    let [scope_type, resource, fixed_params, filter] = fields;
    let text = |field: Option<JsonRef<'a>>, key: &str| match field.map(JsonRef::node) {
        None => Ok(""),
        Some(Node::Str(s)) => Ok(s),
        Some(_) => Err(Error::new(
            ErrorCode::InvalidScope,
            format!("Scope field \"{key}\" must be a string."),
        )),
    };
    let scope_type = JwtScopeType::parse(text(scope_type, "type")?)?;
    let mut scope = JwtScope::new(scope_type, text(resource, "resource")?)?;
    // `null` reads as absent, as `create_jwt` never writes either field empty.
    if let Some(filter) = filter.filter(|v| !v.is_null()) {
        let Some(filter) = filter.as_str() else {
            return Err(Error::new(
                ErrorCode::InvalidScope,
                "Scope field \"filter\" must be a string.",
            ));
        };
        scope = scope.carrying_filter(filter)?;
    }
    if let Some(params) = fixed_params.filter(|v| !v.is_null()) {
        scope = scope.carrying_fixed_params(FixedParams::from_json(params)?);
    }
    if let Some(key) = unknown {
        return Err(Error::new(
            ErrorCode::InvalidScope,
            format!("Unknown JWT scope field \"{key}\"."),
        ));
    }
    Ok(scope)
}

/// Reads a string claim (`workspace_id`, `name`): present, a string.
pub(crate) fn read_string_claim(claims: &Json, name: &str) -> Result<String> {
    match claims.get(name) {
        Some(Json::String(v)) => Ok(v.clone()),
        Some(_) => Err(Error::new(
            ErrorCode::InvalidClaims,
            format!("\"{name}\" must be a string."),
        )
        .with_input(name)),
        None => Err(Error::new(
            ErrorCode::MissingClaim,
            format!("Tinybird JWTs carry a \"{name}\" claim; this one has none."),
        )
        .with_input(name)),
    }
}

/// The claims that hold a NumericDate (RFC 7519): bindings turn their language's date objects given
/// under these names into integer Unix seconds, as PyJWT does for `datetime`s.
pub const NUMERIC_DATE_CLAIMS: &[&str] = &["exp", "nbf", "iat"];

/// A NumericDate (RFC 7519) as Unix seconds: any JSON number. A fraction or an exponent form is
/// truncated toward zero, as Python's `int()` does with the float PyJWT reads; anything beyond `i64`
/// saturates (no real clock is near either end, so the verdict is Python's too). `None` for every
/// other JSON type: strings and booleans, which `int()` would read, are refused on purpose (row
/// `numeric_date_type` of the README's "Verification compared with Tinybird's verifier"). Tools that
/// show a time claim read it here, so they show the instant verification judged.
///
/// ```
/// use tinybird_tokens::{numeric_date, Json};
/// assert_eq!(numeric_date(&Json::parse("1700000000.9").unwrap()), Some(1_700_000_000));
/// assert_eq!(numeric_date(&Json::parse("\"1700000000\"").unwrap()), None);
/// ```
pub fn numeric_date(value: &Json) -> Option<i64> {
    match value {
        Json::Int(n) => Some(*n),
        Json::UInt(n) => Some(i64::try_from(*n).unwrap_or(i64::MAX)),
        // `as` truncates toward zero and saturates; parsed floats are finite.
        Json::Float(f) => Some(*f as i64),
        _ => None,
    }
}

/// Reads a time claim (`exp`, `nbf`, `iat`): absent, or a NumericDate ([`numeric_date`]).
pub(crate) fn read_time_claim(claims: &Json, name: &str) -> Result<Option<i64>> {
    claims
        .get(name)
        .map(|value| time_value(value, name))
        .transpose()
}

/// The value of the time claim `name`: a NumericDate, else `invalid_claims`.
fn time_value(value: &Json, name: &str) -> Result<i64> {
    numeric_date(value).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidClaims,
            format!(
                "The \"{name}\" claim must be a NumericDate, a JSON number of seconds; this one is {}.",
                type_name(value)
            ),
        )
        .with_input(name)
    })
}

/// Reads `exp`, which Tinybird requires: absent or `null` is `missing_claim`, as PyJWT's `require`
/// reads a null `exp` as missing.
pub(crate) fn read_exp(claims: &Json) -> Result<i64> {
    match claims.get("exp") {
        None => Err(missing_exp()),
        Some(Json::Null) => Err(Error::new(
            ErrorCode::MissingClaim,
            "The JWT's \"exp\" claim is null, which Tinybird's verifier reads as no \"exp\"; it requires one.",
        )
        .with_input("exp")),
        Some(value) => time_value(value, "exp"),
    }
}

/// `exp` is absent.
pub(crate) fn missing_exp() -> Error {
    Error::new(
        ErrorCode::MissingClaim,
        "The JWT has no \"exp\" claim; Tinybird requires one.",
    )
    .with_input("exp")
}

/// The JSON type of a value, for messages (never the value: it may be a secret pasted into the
/// wrong claim).
fn type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
        Json::Int(_) | Json::UInt(_) | Json::Float(_) => "a number",
    }
}

/// The `scopes` claim: a list, each item read by [`read_scope`]. Each item's result is kept so that
/// inspection can report every bad scope and explain the good ones.
pub(crate) fn read_scopes(claims: &Json) -> Result<Vec<Result<JwtScope>>> {
    match claims.get("scopes") {
        Some(Json::Array(items)) => Ok(items.iter().map(read_scope).collect()),
        Some(_) => Err(
            Error::new(ErrorCode::InvalidClaims, "\"scopes\" must be a list.").with_input("scopes"),
        ),
        None => Err(Error::new(
            ErrorCode::MissingClaim,
            "Tinybird JWTs carry a \"scopes\" claim; this one has none.",
        )
        .with_input("scopes")),
    }
}

/// The claims of a Tinybird JWT, read with every rule `create_jwt` applies.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TinybirdClaims {
    /// `workspace_id`.
    pub workspace_id: String,
    /// `name`.
    pub name: String,
    /// `exp`, Unix seconds (a NumericDate: truncated toward zero, saturated).
    pub exp: i64,
    /// `scopes`, at least one.
    pub scopes: Vec<JwtScope>,
    /// `limits.rps`; 0 or less means no rate limit.
    pub rps_limit: Option<i64>,
    /// Every other claim, in order.
    pub extra_claims: Vec<(String, Json)>,
}

impl TinybirdClaims {
    /// Reads the claims object of a Tinybird JWT; the first broken claim is the error.
    pub fn from_json(claims: &Json) -> Result<TinybirdClaims> {
        let Some(entries) = claims.as_object() else {
            return Err(Error::new(
                ErrorCode::InvalidClaims,
                "JWT claims must be a JSON object.",
            ));
        };
        let workspace_id = read_string_claim(claims, "workspace_id")?;
        let name = read_string_claim(claims, "name")?;
        let exp = read_exp(claims)?;
        let scopes = read_scopes(claims)?
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        if scopes.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidClaims,
                "A JWT needs at least one scope.",
            ));
        }
        let rps_limit = match claims.get("limits") {
            None => None,
            Some(limits) => Some(read_limits(limits)?),
        };
        let extra_claims = entries
            .iter()
            .filter(|(k, _)| !RESERVED_CLAIMS.contains(&k.as_str()))
            .cloned()
            .collect();
        Ok(TinybirdClaims {
            workspace_id,
            name,
            exp,
            scopes,
            rps_limit,
            extra_claims,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Tinybird accepts reads, marked where it restricts less than it looks; `create_jwt` refuses
    /// the same scopes (see `request.rs`).
    #[test]
    fn the_reader_follows_tinybird() {
        for (rps, want) in [("0", 0), ("-3", -3), ("10", 10)] {
            let limits = Json::parse(&format!(r#"{{"rps":{rps}}}"#)).unwrap();
            assert_eq!(read_limits(&limits).unwrap(), want);
        }
        assert_eq!(
            read_limits(&Json::parse(r#"{"rps":1.5}"#).unwrap())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidLimits
        );
        let claims = Json::parse(
            r#"{"workspace_id":"w","name":"n","exp":1,"limits":{"rps":0},"scopes":[
                {"type":"DATASOURCES:READ","resource":"d","fixed_params":{"a":"1"}},
                {"type":"PIPES:READ","resource":"p","filter":"a = 1"},
                {"type":"PIPES:READ","resource":"q","fixed_params":{"a":"1"}}]}"#,
        )
        .unwrap();
        let read = TinybirdClaims::from_json(&claims).unwrap();
        assert_eq!(read.rps_limit, Some(0));
        let ignored: Vec<Option<&str>> = read
            .scopes
            .iter()
            .map(JwtScope::ignored_restriction)
            .collect();
        assert_eq!(ignored, [Some("fixed_params"), Some("filter"), None]);
        let request = crate::JwtRequest {
            workspace_id: "w".into(),
            name: "n".into(),
            expiry: crate::Expiry::At(10),
            scopes: read.scopes.clone(),
            rps_limit: None,
            extra_claims: vec![],
        };
        assert_eq!(
            request.claims(0).unwrap_err().code(),
            ErrorCode::InvalidFixedParams
        );
        let request = crate::JwtRequest {
            scopes: read.scopes[1..].to_vec(),
            ..request
        };
        assert_eq!(
            request.claims(0).unwrap_err().code(),
            ErrorCode::FilterNotSupported
        );
    }

    /// Expected values are Python's: `int(json.loads(s))` for each spelling `s`, run once with
    /// CPython 3.11 (whose float parsing rounds correctly, ties to even) and pasted here.
    #[test]
    fn numeric_dates_truncate_as_python_int_of_float() {
        for (text, python) in [
            ("1700000000.9", 1_700_000_000),
            ("-0.5", 0),
            ("-0.0", 0),
            ("1e3", 1000),
            ("1.5e-7", 0),
            ("-1700000000.5", -1_700_000_000),
            ("1700000000.9999999", 1_700_000_001),
            ("1700000000.99999999999", 1_700_000_001),
            ("1700000000.9999998", 1_700_000_000),
            ("4.9999999999999999e9", 5_000_000_000),
            ("4.99999999999999e9", 4_999_999_999),
            ("0.99999999999999999", 1),
            // Either side of the midpoint between the two doubles nearest 1700000001.
            ("1700000000.99999988079071045", 1_700_000_001),
            ("1700000000.999999880790710449", 1_700_000_000),
            ("9223372036854774784.0", 9_223_372_036_854_774_784),
        ] {
            let value = Json::parse(text).unwrap();
            assert_eq!(numeric_date(&value), Some(python), "{text}");
        }
        // Beyond i64 Python keeps the exact integer; any such instant is forever past or future, so
        // saturating gives the same verdict.
        for (text, saturated) in [
            ("9223372036854775807.0", i64::MAX),
            ("1e19", i64::MAX),
            ("18446744073709551615", i64::MAX),
            ("123456789012345678901234567890", i64::MAX),
            ("-1e19", i64::MIN),
            ("-9223372036854775808.5", i64::MIN),
        ] {
            let value = Json::parse(text).unwrap();
            assert_eq!(numeric_date(&value), Some(saturated), "{text}");
        }
        for text in [r#""1700000000""#, "true", "null", "[1]", r#"{"a":1}"#] {
            assert_eq!(numeric_date(&Json::parse(text).unwrap()), None, "{text}");
        }
    }

    /// `TinybirdClaims` reads `exp` with verification's rules: a NumericDate, null is missing.
    #[test]
    fn tinybird_claims_read_exp_as_verification_does() {
        let with_exp = |exp: &str| {
            let text = format!(
                r#"{{"workspace_id":"w","name":"n","exp":{exp},"scopes":[{{"type":"PIPES:READ","resource":"p"}}]}}"#
            );
            TinybirdClaims::from_json(&Json::parse(&text).unwrap()).map(|c| c.exp)
        };
        assert_eq!(with_exp("1700000600.9"), Ok(1_700_000_600));
        assert_eq!(with_exp("1e3"), Ok(1000));
        assert_eq!(
            with_exp("null").unwrap_err().code(),
            ErrorCode::MissingClaim
        );
        assert_eq!(
            with_exp(r#""1""#).unwrap_err().code(),
            ErrorCode::InvalidClaims
        );
    }
}

//! Creating and signing Tinybird JWTs (HS256, keyed with the workspace admin token).
//!
//! The bytes equal PyJWT's `jwt.encode(claims, key, algorithm="HS256")` for the same claims in the same
//! order: header `{"alg":"HS256","typ":"JWT"}`, compact JSON with non-ASCII escaped, base64url without
//! padding. Tinybird's server mints with PyJWT, so a self-signed token is indistinguishable from one
//! that `tb token create jwt` would return.
//!
//! Why not the `jsonwebtoken` crate: it serializes with `serde_json` (raw UTF-8, so no PyJWT bytes for
//! non-ASCII claims), keys HMAC again for every token, and its decoder accepts duplicate JSON keys; the
//! rules here need all three the other way. `hmac` + `sha2` are the only crypto dependencies.

use crate::b64;
use crate::error::{err, ErrorCode, Result};
use crate::fixed_params::FixedParams;
use std::fmt::Write as _;

use crate::json::{is_compact_canonical, write_string, Json, Style, Unsignable, MAX_NESTING};
use crate::keys::SigningKey;
use crate::names::validate_resource_name;
use crate::scopes::ScopeType;
use crate::ttl::{parse_ttl, Ttl};

/// base64url of `{"alg":"HS256","typ":"JWT"}`, PyJWT's header (its keys sorted).
pub const JWT_HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// The claims a JWT request sets itself; extra claims may not reuse them.
pub const RESERVED_CLAIMS: &[&str] = &["workspace_id", "name", "exp", "scopes", "limits"];

/// The scope types a JWT may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JwtScopeType {
    /// `PIPES:READ`, optionally with fixed params.
    PipesRead,
    /// `DATASOURCES:READ`, optionally with an SQL filter.
    DatasourcesRead,
}

impl JwtScopeType {
    /// Parses a JWT scope type. Another static scope type is `scope_not_allowed`; anything else
    /// `invalid_scope`.
    pub fn parse(s: &str) -> Result<JwtScopeType> {
        match s {
            "PIPES:READ" => Ok(JwtScopeType::PipesRead),
            "DATASOURCES:READ" => Ok(JwtScopeType::DatasourcesRead),
            _ if ScopeType::from_name(s).is_some() => Err(err(
                ErrorCode::ScopeNotAllowed,
                format!("Scope {s} is not allowed in a JWT: use PIPES:READ or DATASOURCES:READ."),
            )
            .with_input(s)),
            _ => Err(err(
                ErrorCode::InvalidScope,
                format!("Unknown JWT scope {s}: use PIPES:READ or DATASOURCES:READ."),
            )
            .with_input(s)),
        }
    }

    /// `PIPES:READ` / `DATASOURCES:READ`.
    pub fn as_str(self) -> &'static str {
        match self {
            JwtScopeType::PipesRead => "PIPES:READ",
            JwtScopeType::DatasourcesRead => "DATASOURCES:READ",
        }
    }
}

/// One scope of a JWT.
#[derive(Clone, Debug, PartialEq)]
pub struct JwtScope {
    scope_type: JwtScopeType,
    resource: String,
    fixed_params: Option<FixedParams>,
    filter: Option<String>,
}

impl JwtScope {
    /// A scope on a resource (a pipe for `PIPES:READ`, a data source for `DATASOURCES:READ`).
    pub fn new(scope_type: JwtScopeType, resource: &str) -> Result<JwtScope> {
        if resource.is_empty() {
            return Err(err(
                ErrorCode::MissingResource,
                format!("JWT scope {} needs a resource.", scope_type.as_str()),
            ));
        }
        validate_resource_name(resource)?;
        Ok(JwtScope {
            scope_type,
            resource: resource.to_owned(),
            fixed_params: None,
            filter: None,
        })
    }

    /// `PIPES:READ` on `pipe`.
    pub fn read_pipe(pipe: &str) -> Result<JwtScope> {
        JwtScope::new(JwtScopeType::PipesRead, pipe)
    }

    /// `DATASOURCES:READ` on `datasource`.
    pub fn read_datasource(datasource: &str) -> Result<JwtScope> {
        JwtScope::new(JwtScopeType::DatasourcesRead, datasource)
    }

    /// Adds fixed params (`PIPES:READ` only); empty params are left out of the token.
    pub fn with_fixed_params(mut self, params: FixedParams) -> Result<JwtScope> {
        if self.scope_type != JwtScopeType::PipesRead {
            return Err(err(
                ErrorCode::InvalidFixedParams,
                format!(
                    "Fixed params apply to PIPES:READ scopes only, not {}.",
                    self.scope_type.as_str()
                ),
            ));
        }
        self.fixed_params = (!params.is_empty()).then_some(params);
        Ok(self)
    }

    /// Adds an SQL filter (`DATASOURCES:READ` only).
    pub fn with_filter(mut self, filter: &str) -> Result<JwtScope> {
        if self.scope_type != JwtScopeType::DatasourcesRead {
            return Err(err(
                ErrorCode::FilterNotSupported,
                format!(
                    "An SQL filter applies to DATASOURCES:READ scopes only, not {}.",
                    self.scope_type.as_str()
                ),
            ));
        }
        if filter.is_empty() {
            return Err(err(
                ErrorCode::InvalidScope,
                "The SQL filter of a scope must not be empty.",
            ));
        }
        self.filter = Some(filter.to_owned());
        Ok(self)
    }

    /// The scope type.
    pub fn scope_type(&self) -> JwtScopeType {
        self.scope_type
    }

    /// The resource name.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The fixed params, if any.
    pub fn fixed_params(&self) -> Option<&FixedParams> {
        self.fixed_params.as_ref()
    }

    /// The SQL filter, if any.
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    /// Writes `{"type":…,"resource":…[,"fixed_params":…|,"filter":…]}` in PyJWT's compact form.
    fn write(&self, out: &mut String) {
        out.push_str("{\"type\":\"");
        out.push_str(self.scope_type.as_str());
        out.push_str("\",\"resource\":");
        write_string(out, &self.resource);
        if let Some(p) = &self.fixed_params {
            out.push_str(",\"fixed_params\":{");
            for (i, (k, v)) in p.entries().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                v.write(out, Style::Compact);
            }
            out.push('}');
        }
        if let Some(f) = &self.filter {
            out.push_str(",\"filter\":");
            write_string(out, f);
        }
        out.push('}');
    }
}

/// When a JWT expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// A time-to-live from `now` (`exp = now + ttl`, whole seconds).
    Ttl(Ttl),
    /// An absolute Unix time in seconds.
    At(i64),
}

/// Everything needed to mint a Tinybird JWT.
#[derive(Clone, Debug, PartialEq)]
pub struct JwtRequest {
    /// The workspace id (`workspace_id` claim).
    pub workspace_id: String,
    /// The token name (`name` claim): shows in `pipe_stats_rt` and keys the rate limit.
    pub name: String,
    /// When it expires.
    pub expiry: Expiry,
    /// At least one scope.
    pub scopes: Vec<JwtScope>,
    /// `limits.rps`, requests per second, at least 1.
    pub rps_limit: Option<u64>,
    /// More claims, after the Tinybird ones, in order.
    pub extra_claims: Vec<(String, Json)>,
}

impl JwtRequest {
    /// The claims, in Tinybird's documented order (`workspace_id`, `name`, `exp`, `scopes`, `limits`,
    /// then the extra claims), after checking every rule.
    pub fn claims(&self, now: i64) -> Result<Json> {
        let payload = self.payload(now)?;
        // `check` guarantees what the strict parser reads (finite numbers, bounded nesting).
        Json::parse(&payload).map_err(|e| {
            err(
                ErrorCode::InvalidClaims,
                format!("The claims do not read back as JSON ({e})."),
            )
        })
    }

    /// Checks every rule and returns `exp`.
    fn check(&self, now: i64) -> Result<i64> {
        if self.workspace_id.is_empty() {
            return Err(err(ErrorCode::InvalidClaims, "A JWT needs a workspace id."));
        }
        if self.name.is_empty() {
            return Err(err(ErrorCode::InvalidClaims, "A JWT needs a name."));
        }
        if self.scopes.is_empty() {
            return Err(err(
                ErrorCode::InvalidClaims,
                "A JWT needs at least one scope.",
            ));
        }
        let exp = match self.expiry {
            Expiry::Ttl(ttl) => {
                let exp = now.checked_add(ttl.whole_seconds()).ok_or_else(|| {
                    err(
                        ErrorCode::InvalidTtl,
                        "The TTL puts the expiry beyond any representable time.",
                    )
                })?;
                if exp <= now {
                    return Err(err(
                        ErrorCode::InvalidTtl,
                        "The TTL is shorter than one second, so the token would already be expired.",
                    ));
                }
                exp
            }
            Expiry::At(exp) if exp <= now => {
                return Err(err(
                    ErrorCode::InvalidClaims,
                    format!("The expiry {exp} is not in the future (now is {now})."),
                ))
            }
            Expiry::At(exp) => exp,
        };
        if self.rps_limit == Some(0) {
            return Err(err(
                ErrorCode::InvalidLimits,
                "limits.rps must be an integer of at least 1.",
            ));
        }
        for (i, (key, value)) in self.extra_claims.iter().enumerate() {
            // One level is the claims object itself.
            value
                .check_signable(MAX_NESTING - 1)
                .map_err(|why| unsignable(why).with_input(key.clone()))?;
            if RESERVED_CLAIMS.contains(&key.as_str())
                || self.extra_claims[..i].iter().any(|(k, _)| k == key)
            {
                return Err(err(
                    ErrorCode::InvalidClaims,
                    format!("Extra claim \"{key}\" is reserved or repeated."),
                )
                .with_input(key.clone()));
            }
        }
        Ok(exp)
    }

    /// The payload JSON text, written directly (no intermediate tree: this is the signing hot path).
    fn payload(&self, now: i64) -> Result<String> {
        let exp = self.check(now)?;
        let mut out = String::with_capacity(160 + 96 * self.scopes.len());
        out.push_str("{\"workspace_id\":");
        write_string(&mut out, &self.workspace_id);
        out.push_str(",\"name\":");
        write_string(&mut out, &self.name);
        let _ = write!(out, ",\"exp\":{exp},\"scopes\":[");
        for (i, scope) in self.scopes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            scope.write(&mut out);
        }
        out.push(']');
        if let Some(rps) = self.rps_limit {
            let _ = write!(out, ",\"limits\":{{\"rps\":{rps}}}");
        }
        for (key, value) in &self.extra_claims {
            out.push(',');
            write_string(&mut out, key);
            out.push(':');
            value.write(&mut out, Style::Compact);
        }
        out.push('}');
        Ok(out)
    }

    /// Reads a request from its JSON form, the one the bindings and the vectors use: `workspace_id`,
    /// `name`, `ttl` (string) or `expires_at` (integer), `scopes` (list of `{type, resource,
    /// fixed_params?, filter?}`), `limits` (`{rps}`), `extra_claims` (object).
    pub fn from_json(value: &Json) -> Result<JwtRequest> {
        let Some(entries) = value.as_object() else {
            return Err(err(
                ErrorCode::InvalidClaims,
                "A JWT request must be an object.",
            ));
        };
        let text = |key: &str| -> Result<String> {
            match value.get(key) {
                Some(Json::String(s)) => Ok(s.clone()),
                None => Ok(String::new()),
                Some(_) => Err(err(
                    ErrorCode::InvalidClaims,
                    format!("\"{key}\" must be a string."),
                )),
            }
        };
        let expiry = match (value.get("ttl"), value.get("expires_at")) {
            (Some(Json::String(ttl)), None) => Expiry::Ttl(parse_ttl(ttl)?),
            (Some(_), None) => {
                return Err(err(
                    ErrorCode::InvalidTtl,
                    "\"ttl\" must be a string such as \"1h\".",
                ))
            }
            (None, Some(Json::Int(at))) => Expiry::At(*at),
            (None, Some(_)) => {
                return Err(err(
                    ErrorCode::InvalidClaims,
                    "\"expires_at\" must be an integer Unix time in seconds.",
                ))
            }
            _ => {
                return Err(err(
                    ErrorCode::InvalidClaims,
                    "Give exactly one of \"ttl\" and \"expires_at\".",
                ))
            }
        };
        let scopes = match value.get("scopes") {
            Some(Json::Array(items)) => items
                .iter()
                .map(scope_from_json)
                .collect::<Result<Vec<_>>>()?,
            Some(_) => return Err(err(ErrorCode::InvalidClaims, "\"scopes\" must be a list.")),
            None => Vec::new(),
        };
        let rps_limit = match value.get("limits") {
            None | Some(Json::Null) => None,
            Some(limits) => Some(rps_from_json(limits)?),
        };
        let extra_claims = match value.get("extra_claims") {
            None => Vec::new(),
            Some(Json::Object(extra)) => extra.clone(),
            Some(_) => {
                return Err(err(
                    ErrorCode::InvalidClaims,
                    "\"extra_claims\" must be an object.",
                ))
            }
        };
        for (key, _) in entries {
            const KNOWN: &[&str] = &[
                "workspace_id",
                "name",
                "ttl",
                "expires_at",
                "scopes",
                "limits",
                "extra_claims",
            ];
            if !KNOWN.contains(&key.as_str()) {
                return Err(err(
                    ErrorCode::InvalidClaims,
                    format!("Unknown JWT request field \"{key}\"."),
                ));
            }
        }
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

fn rps_from_json(limits: &Json) -> Result<u64> {
    let bad = || {
        err(
            ErrorCode::InvalidLimits,
            "limits must be {\"rps\": <integer of at least 1>}.",
        )
    };
    let entries = limits.as_object().ok_or_else(bad)?;
    if entries.iter().any(|(k, _)| k != "rps") {
        return Err(bad());
    }
    match limits.get("rps") {
        Some(Json::Int(n)) if *n >= 1 => Ok(*n as u64),
        Some(Json::UInt(n)) => Ok(*n),
        _ => Err(bad()),
    }
}

fn scope_from_json(value: &Json) -> Result<JwtScope> {
    let field = |key: &str| match value.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(err(
            ErrorCode::InvalidScope,
            format!("Scope field \"{key}\" must be a string."),
        )),
    };
    if value.as_object().is_none() {
        return Err(err(
            ErrorCode::InvalidScope,
            "Each JWT scope must be an object {type, resource}.",
        ));
    }
    let scope_type = JwtScopeType::parse(field("type")?.unwrap_or_default())?;
    let mut scope = JwtScope::new(scope_type, field("resource")?.unwrap_or_default())?;
    if let Some(filter) = value.get("filter") {
        let Json::String(filter) = filter else {
            return Err(err(
                ErrorCode::InvalidScope,
                "Scope field \"filter\" must be a string.",
            ));
        };
        scope = scope.with_filter(filter)?;
    }
    if let Some(params) = value.get("fixed_params") {
        scope = scope.with_fixed_params(FixedParams::from_json(params)?)?;
    }
    for (key, _) in value.as_object().unwrap_or_default() {
        if !["type", "resource", "fixed_params", "filter"].contains(&key.as_str()) {
            return Err(err(
                ErrorCode::InvalidScope,
                format!("Unknown JWT scope field \"{key}\"."),
            ));
        }
    }
    Ok(scope)
}

/// Mints a Tinybird JWT: checks the request, builds the claims and signs them with the workspace admin
/// token. `now` is Unix seconds; the core never reads the clock.
///
/// ```
/// use tinybird_tokens::{create_jwt, parse_fixed_params, parse_ttl, Expiry, JwtRequest, JwtScope, SigningKey};
/// let admin = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
/// let key = SigningKey::from_admin_token(admin).unwrap();
/// let request = JwtRequest {
///     workspace_id: "11111111-2222-3333-4444-555555555555".into(),
///     name: "frontend_jwt".into(),
///     expiry: Expiry::At(2_000_000_000),
///     scopes: vec![JwtScope::read_pipe("requests_per_day").unwrap()
///         .with_fixed_params(parse_fixed_params("org_id=testing").unwrap()).unwrap()],
///     rps_limit: None,
///     extra_claims: vec![],
/// };
/// let token = create_jwt(&request, &key, 1_700_000_000).unwrap();
/// assert!(token.ends_with(".6jeHBjgLjH3qVpoeBRnTxOXTYm2o38BzAr3i2nXUdQc"));
/// ```
pub fn create_jwt(request: &JwtRequest, key: &SigningKey, now: i64) -> Result<String> {
    if !key.is_admin_token() {
        return Err(err(
            ErrorCode::InvalidSigningKey,
            "create_jwt signs with the workspace admin token: build the key with SigningKey::from_admin_token.",
        ));
    }
    let payload = request.payload(now)?;
    Ok(sign_payload(&payload, key))
}

/// Signs any JSON object as an HS256 JWT, keys in the given order, with PyJWT's bytes.
pub fn sign_jwt(claims: &Json, key: &SigningKey) -> Result<String> {
    sign_object(claims, key, true)
}

/// Signs an object of claims; `check` runs [`Json::check_signable`], which what the strict parser
/// built already satisfies (finite, at most `MAX_NESTING` deep).
fn sign_object(claims: &Json, key: &SigningKey, check: bool) -> Result<String> {
    if claims.as_object().is_none() {
        return Err(err(
            ErrorCode::InvalidClaims,
            "JWT claims must be a JSON object.",
        ));
    }
    if check {
        claims.check_signable(MAX_NESTING).map_err(unsignable)?;
    }
    let mut payload = String::with_capacity(256);
    claims.write(&mut payload, Style::Compact);
    Ok(sign_payload(&payload, key))
}

/// Signs claims given as JSON text (the form a binding gets from its runtime), with the same bytes as
/// [`sign_jwt`] of the parsed text. Text already in the writer's canonical compact form is signed as it
/// is; anything else is parsed strictly (an object, no duplicate keys) and re-written first.
pub fn sign_jwt_json(text: &str, key: &SigningKey) -> Result<String> {
    if is_compact_canonical(text) {
        return Ok(sign_payload(text, key));
    }
    let claims = Json::parse(text).map_err(|e| {
        err(
            ErrorCode::InvalidClaims,
            format!("The claims are not valid JSON ({e})."),
        )
    })?;
    sign_object(&claims, key, false)
}

fn unsignable(why: Unsignable) -> crate::Error {
    let message = match why {
        Unsignable::TooDeep => format!(
            "JWT claims may nest at most {MAX_NESTING} levels deep: deeper ones would not verify."
        ),
        Unsignable::NotFinite => {
            "JWT claims cannot carry NaN or infinite numbers (JSON has none).".to_owned()
        }
    };
    err(ErrorCode::InvalidClaims, message)
}

/// `HEADER.base64url(payload).base64url(HMAC)`.
fn sign_payload(payload: &str, key: &SigningKey) -> String {
    let mut token = String::with_capacity(JWT_HEADER_B64.len() + payload.len() * 4 / 3 + 48);
    token.push_str(JWT_HEADER_B64);
    token.push('.');
    b64::encode_into(payload.as_bytes(), &mut token);
    let signature = key.mac(token.as_bytes());
    token.push('.');
    b64::encode_into(&signature, &mut token);
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Json` built in Rust may hold NaN or an infinity (parsing never makes one): signing it is an
    /// error, not a panic and not the invalid `NaN` Python's `json.dumps` would write.
    #[test]
    fn non_finite_numbers_are_refused() {
        let key = SigningKey::from_bytes(b"k").unwrap();
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let claims = Json::Object(vec![
                ("exp".into(), Json::Int(1)),
                ("x".into(), Json::Array(vec![Json::Float(f)])),
            ]);
            assert_eq!(
                sign_jwt(&claims, &key).unwrap_err().code(),
                ErrorCode::InvalidClaims
            );
            let mut params = FixedParams::new();
            assert_eq!(
                params.insert("p", Json::Float(f)).unwrap_err().code(),
                ErrorCode::InvalidFixedParams
            );
            let request = JwtRequest {
                workspace_id: "w".into(),
                name: "n".into(),
                expiry: Expiry::At(10),
                scopes: vec![JwtScope::read_pipe("p").unwrap()],
                rps_limit: None,
                extra_claims: vec![("x".into(), Json::Float(f))],
            };
            let admin = SigningKey::from_admin_token(
                "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E",
            )
            .unwrap();
            let e = create_jwt(&request, &admin, 0).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidClaims);
            assert!(e.message().contains("NaN or infinite"), "{}", e.message());
        }
    }

    /// Claims deeper than the strict parser reads would make a token that never verifies.
    #[test]
    fn claims_too_deep_to_verify_are_refused() {
        let key = SigningKey::from_bytes(b"k").unwrap();
        let nested = |levels: usize| {
            let mut v = Json::Int(1);
            for _ in 0..levels {
                v = Json::Array(vec![v]);
            }
            v
        };
        let claims = |levels| {
            Json::Object(vec![
                ("exp".into(), Json::Int(10)),
                ("x".into(), nested(levels)),
            ])
        };
        // Far deeper than any stack would survive a recursive walk of: refused, not a crash (leaked,
        // because dropping it would recurse).
        let very_deep = claims(200_000);
        assert_eq!(
            sign_jwt(&very_deep, &key).unwrap_err().code(),
            ErrorCode::InvalidClaims
        );
        std::mem::forget(very_deep);
        let token = sign_jwt(&claims(MAX_NESTING - 1), &key).unwrap();
        assert!(
            crate::verify_jwt(&token, &[key.verifying_key()], &crate::VerifyOptions::at(0)).is_ok()
        );
        let e = sign_jwt(&claims(MAX_NESTING), &key).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidClaims);
        let admin = SigningKey::from_admin_token(
            "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E",
        )
        .unwrap();
        let request = |levels| JwtRequest {
            workspace_id: "w".into(),
            name: "n".into(),
            expiry: Expiry::At(10),
            scopes: vec![JwtScope::read_pipe("p").unwrap()],
            rps_limit: None,
            extra_claims: vec![("x".into(), nested(levels))],
        };
        assert!(request(MAX_NESTING - 1).claims(0).is_ok());
        assert_eq!(
            request(MAX_NESTING).claims(0).unwrap_err().code(),
            ErrorCode::InvalidClaims
        );
        assert_eq!(
            create_jwt(&request(MAX_NESTING), &admin, 0)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidClaims
        );
    }

    #[test]
    fn header_constant_is_pyjwt_header() {
        assert_eq!(
            b64::decode(JWT_HEADER_B64).unwrap(),
            br#"{"alg":"HS256","typ":"JWT"}"#
        );
    }

    #[test]
    fn pyjwt_doctest_vector() {
        let key = SigningKey::from_bytes(b"secret").unwrap();
        let claims = Json::parse(r#"{"hola":"caracola","exp":12312313}"#).unwrap();
        assert_eq!(
            sign_jwt(&claims, &key).unwrap(),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJob2xhIjoiY2FyYWNvbGEiLCJleHAiOjEyMzEyMzEzfQ.5R8SgceydaC2lxLbPnT98hWIBhB4SLltIDvww7NgYXI"
        );
    }

    #[test]
    fn scope_rules() {
        assert_eq!(
            JwtScopeType::parse("DATASOURCES:APPEND")
                .unwrap_err()
                .code(),
            ErrorCode::ScopeNotAllowed
        );
        assert_eq!(
            JwtScopeType::parse("pipes:read").unwrap_err().code(),
            ErrorCode::InvalidScope
        );
        let pipe = JwtScope::read_pipe("p").unwrap();
        assert_eq!(
            pipe.clone().with_filter("a = 1").unwrap_err().code(),
            ErrorCode::FilterNotSupported
        );
        let ds = JwtScope::read_datasource("d").unwrap();
        assert_eq!(
            ds.with_fixed_params(crate::parse_fixed_params("a=1").unwrap())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidFixedParams
        );
        assert_eq!(
            JwtScope::read_pipe("").unwrap_err().code(),
            ErrorCode::MissingResource
        );
    }
}

//! The scopes a Tinybird JWT carries: `PIPES:READ` (with fixed params) and `DATASOURCES:READ` (with an
//! SQL filter), how they are written into the claims, and how they read in words.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use crate::error::{Error, ErrorCode, Result};
use crate::fixed_params::FixedParams;
use crate::json::{write_string, Json, Style};
use crate::names::validate_resource_name;
use crate::scopes::ScopeType;

/// The scope types a JWT may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JwtScopeType {
    /// `PIPES:READ`, optionally with fixed params.
    PipesRead,
    /// `DATASOURCES:READ`, optionally with an SQL filter.
    DatasourcesRead,
}

impl JwtScopeType {
    /// Every JWT scope type.
    pub const ALL: &'static [JwtScopeType] =
        &[JwtScopeType::PipesRead, JwtScopeType::DatasourcesRead];

    /// Parses a JWT scope type. Another static scope type is `scope_not_allowed`; anything else
    /// `invalid_scope`.
    pub fn parse(s: &str) -> Result<JwtScopeType> {
        match s {
            "PIPES:READ" => Ok(JwtScopeType::PipesRead),
            "DATASOURCES:READ" => Ok(JwtScopeType::DatasourcesRead),
            _ if ScopeType::from_name(s).is_some() => Err(Error::new(
                ErrorCode::ScopeNotAllowed,
                format!("Scope {s} is not allowed in a JWT: use PIPES:READ or DATASOURCES:READ."),
            )
            .with_input(s)),
            _ => Err(Error::new(
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

impl FromStr for JwtScopeType {
    type Err = Error;

    fn from_str(s: &str) -> Result<JwtScopeType> {
        JwtScopeType::parse(s)
    }
}

impl fmt::Display for JwtScopeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
            return Err(Error::new(
                ErrorCode::MissingResource,
                format!("JWT scope {} needs a resource.", scope_type.as_str()),
            ));
        }
        if crate::secrets::contains_secret(resource) {
            return Err(Error::new(
                ErrorCode::SecretInClaim,
                format!(
                    "The resource of a JWT scope {} holds a Tinybird token (a static token or a JWT): give a pipe or data source name.",
                    scope_type.as_str()
                ),
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
    pub fn with_fixed_params(self, params: FixedParams) -> Result<JwtScope> {
        let scope = self.carrying_fixed_params(params);
        match scope.ignored_error() {
            Some(e) => Err(e),
            None => Ok(scope),
        }
    }

    /// Adds an SQL filter (`DATASOURCES:READ` only).
    pub fn with_filter(self, filter: &str) -> Result<JwtScope> {
        let scope = self.carrying_filter(filter)?;
        match scope.ignored_error() {
            Some(e) => Err(e),
            None => Ok(scope),
        }
    }

    /// Fixed params as a token carries them, on any scope type: reading a token keeps what Tinybird
    /// would ignore so that it can be reported ([`JwtScope::ignored_restriction`]).
    pub(crate) fn carrying_fixed_params(mut self, params: FixedParams) -> JwtScope {
        self.fixed_params = (!params.is_empty()).then_some(params);
        self
    }

    /// A filter as a token carries it, on any scope type; an empty one is still `invalid_scope`.
    pub(crate) fn carrying_filter(mut self, filter: &str) -> Result<JwtScope> {
        if filter.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidScope,
                "The SQL filter of a scope must not be empty.",
            ));
        }
        self.filter = Some(filter.to_owned());
        Ok(self)
    }

    /// The restriction this scope carries that Tinybird ignores: `"fixed_params"` on a
    /// `DATASOURCES:READ` scope, `"filter"` on a `PIPES:READ` one. Such a token restricts less than
    /// it looks: verification accepts it (Tinybird does), inspection reports it, `create_jwt` refuses
    /// it.
    pub fn ignored_restriction(&self) -> Option<&'static str> {
        match self.scope_type {
            JwtScopeType::PipesRead => self.filter.as_ref().map(|_| "filter"),
            JwtScopeType::DatasourcesRead => self.fixed_params.as_ref().map(|_| "fixed_params"),
        }
    }

    /// The error minting gives for an ignored restriction: `invalid_fixed_params` for fixed params
    /// on `DATASOURCES:READ`, `filter_not_supported` for a filter on `PIPES:READ`.
    pub(crate) fn ignored_error(&self) -> Option<Error> {
        match self.ignored_restriction()? {
            "filter" => Some(Error::new(
                ErrorCode::FilterNotSupported,
                format!(
                    "An SQL filter applies to DATASOURCES:READ scopes only, not {}.",
                    self.scope_type.as_str()
                ),
            )),
            _ => Some(Error::new(
                ErrorCode::InvalidFixedParams,
                format!(
                    "Fixed params apply to PIPES:READ scopes only, not {}.",
                    self.scope_type.as_str()
                ),
            )),
        }
    }

    /// The scope type.
    pub fn scope_type(&self) -> JwtScopeType {
        self.scope_type
    }

    /// The resource name.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The fixed params, if any (on a `DATASOURCES:READ` scope read from a token, Tinybird ignores
    /// them: see [`JwtScope::ignored_restriction`]).
    pub fn fixed_params(&self) -> Option<&FixedParams> {
        self.fixed_params.as_ref()
    }

    /// The SQL filter, if any (on a `PIPES:READ` scope read from a token, Tinybird ignores it: see
    /// [`JwtScope::ignored_restriction`]).
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    /// The scope in words, as inspection shows it: "can read pipe top_pages with org_id fixed to acme".
    /// A restriction Tinybird ignores is said to be ignored.
    pub fn summary(&self) -> String {
        let fixed = |params: &FixedParams| {
            params
                .entries()
                .iter()
                .map(|(k, v)| match v {
                    Json::String(text) => format!("{k} fixed to {text}"),
                    other => format!("{k} fixed to {}", other.to_compact_string()),
                })
                .collect::<Vec<String>>()
                .join(", ")
        };
        let mut s = match self.scope_type {
            JwtScopeType::PipesRead => {
                let mut s = format!("can read pipe {}", self.resource);
                if let Some(params) = &self.fixed_params {
                    s.push_str(" with ");
                    s.push_str(&fixed(params));
                }
                s
            }
            JwtScopeType::DatasourcesRead => match &self.filter {
                Some(f) => format!("can read data source {} where {f}", self.resource),
                None => format!("can read data source {}", self.resource),
            },
        };
        match self.ignored_restriction() {
            Some("filter") => {
                let f = self.filter.as_deref().unwrap_or_default();
                let _ = write!(
                    s,
                    "; Tinybird ignores its filter ({f}): filters apply to DATASOURCES:READ only"
                );
            }
            Some(_) => {
                let params = self.fixed_params.as_ref().map(fixed).unwrap_or_default();
                let _ = write!(
                    s,
                    "; Tinybird ignores its fixed params ({params}): they apply to PIPES:READ only"
                );
            }
            None => {}
        }
        s
    }

    /// Writes `{"type":…,"resource":…[,"fixed_params":…|,"filter":…]}` in PyJWT's compact form.
    pub(crate) fn write(&self, out: &mut String) {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn summaries() {
        let pipe = JwtScope::read_pipe("top")
            .unwrap()
            .with_fixed_params(crate::parse_fixed_params("org=acme,n=3").unwrap())
            .unwrap();
        assert_eq!(
            pipe.summary(),
            "can read pipe top with org fixed to acme, n fixed to 3"
        );
        let ds = JwtScope::read_datasource("ev")
            .unwrap()
            .with_filter("a = 1")
            .unwrap();
        assert_eq!(ds.summary(), "can read data source ev where a = 1");
    }
}

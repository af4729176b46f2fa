//! Token names (`define_token`) and resource names.

use crate::error::{Error, ErrorCode, Result};

/// A named token that resources can reference, as `defineToken` / `define_token` return in the SDKs.
///
/// It carries only the name: scopes come from the resources that reference it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenDefinition {
    name: String,
}

impl TokenDefinition {
    /// The token's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Defines a named token, checking the name the way the SDKs do.
///
/// The rule is `^[A-Za-z_][A-Za-z0-9_]*$` over the whole string. Unlike the Python SDK, whose
/// `re.match(... $)` accepts a trailing newline, a name ending in `\n` is rejected, as in the TS SDK.
///
/// ```
/// use tinybird_tokens::define_token;
/// assert_eq!(define_token("app_read").unwrap().name(), "app_read");
/// let e = define_token("1a").unwrap_err();
/// assert_eq!(e.code().as_str(), "invalid_token_name");
/// ```
pub fn define_token(name: &str) -> Result<TokenDefinition> {
    if !is_identifier(name) {
        return Err(Error::new(
            ErrorCode::InvalidTokenName,
            format!(
                "Invalid token name: \"{name}\". Must start with a letter or underscore and contain only alphanumeric characters and underscores."
            ),
        )
        .with_input(name));
    }
    Ok(TokenDefinition {
        name: name.to_owned(),
    })
}

/// `^[A-Za-z_][A-Za-z0-9_]*$`, the identifier rule shared by token and resource names.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Checks a data source or pipe name used in a scope or a JWT.
///
/// The rule: one identifier (the SDKs' name rule, which Tinybird applies to data sources and pipes, and
/// which resource ids such as `t_0123abcd` also satisfy), or two joined by a dot, the
/// `workspace.datasource` form of a shared data source (the server's "is a Shared Data Source" error
/// names them that way).
pub fn validate_resource_name(resource: &str) -> Result<()> {
    let ok = match resource.split_once('.') {
        Some((ws, ds)) => is_identifier(ws) && is_identifier(ds),
        None => is_identifier(resource),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidScope,
            format!(
                "Invalid resource name: \"{resource}\". A data source or pipe name starts with a letter or underscore and contains only alphanumeric characters and underscores (a shared data source: workspace.datasource)."
            ),
        )
        .with_input(resource))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["app_read", "_x", "A1", "a"] {
            assert!(define_token(ok).is_ok(), "{ok}");
        }
        for bad in ["1a", "a-b", "", "a b", "é", "a\n", " a"] {
            assert_eq!(
                define_token(bad).unwrap_err().code(),
                ErrorCode::InvalidTokenName,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn resources() {
        assert!(validate_resource_name("events").is_ok());
        assert!(validate_resource_name("ws.events").is_ok());
        for bad in ["", "a.b.c", ".a", "a.", "a b", "1x", "a-b"] {
            assert!(validate_resource_name(bad).is_err(), "{bad:?}");
        }
    }
}

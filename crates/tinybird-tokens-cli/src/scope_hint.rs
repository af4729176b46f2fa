//! Did-you-mean for `--scope`: the core's `ScopeType::suggest` applied to the type part of what was
//! typed, written back as the whole `--scope` value to use (`datasources:read:events` →
//! `DATASOURCES:READ:events`).

use tinybird_tokens::{ErrorCode, ScopeType};

use crate::error::CliError;

/// `e` with [`did_you_mean`] added when it is `invalid_scope` (an unknown type) and a type that
/// `accept` takes is close to the one in `scope`.
pub fn with_did_you_mean(e: CliError, scope: &str, accept: impl Fn(ScopeType) -> bool) -> CliError {
    if e.code() != ErrorCode::InvalidScope.as_str() {
        return e;
    }
    match did_you_mean(scope, accept) {
        Some(hint) => e.hint(hint),
        None => e,
    }
}

/// `Did you mean --scope X?` for a scope whose type is unknown, when a grantable type is close;
/// `accept` filters the suggestions (JWTs take only two types).
fn did_you_mean(scope: &str, accept: impl Fn(ScopeType) -> bool) -> Option<String> {
    let segments: Vec<&str> = scope.splitn(3, ':').collect();
    // The type is one or two segments (TOKENS, PIPES:READ); try the longer reading first.
    for len in [2, 1] {
        if segments.len() < len {
            continue;
        }
        let typed = segments[..len].join(":");
        let Some(meant) = ScopeType::suggest(&typed).filter(|t| accept(*t)) else {
            continue;
        };
        let rest = &scope[typed.len()..];
        let fixed = format!("{meant}{rest}");
        if fixed != scope {
            return Some(format!("Did you mean --scope {fixed}?"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_keep_the_resource() {
        let any = |_| true;
        assert_eq!(
            did_you_mean("tokens", any).as_deref(),
            Some("Did you mean --scope TOKENS?")
        );
        assert_eq!(
            did_you_mean("datasources:read:events", any).as_deref(),
            Some("Did you mean --scope DATASOURCES:READ:events?")
        );
        assert_eq!(
            did_you_mean("PIPE:READ", any).as_deref(),
            Some("Did you mean --scope PIPES:READ?")
        );
        assert_eq!(did_you_mean("nonsense", any), None);
        assert_eq!(did_you_mean("tokens", |t| t == ScopeType::PipesRead), None);
    }
}

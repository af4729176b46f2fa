//! Grouping `--scope` with the `--resource`, `--fixed-params` and `--filter` written after it.
//!
//! `tb` pairs them by option index (the 2nd `--filter` goes to the 2nd scope), which silently drops
//! a filter in its own documented example. Here each follower belongs to the `--scope` before it on
//! the command line, read from clap's argv indices; an orphan or a repeated follower is a usage error,
//! never dropped. Whether a follower suits its scope (fixed params on DATASOURCES:READ...) is the
//! core's call.

use clap::ArgMatches;
use tinybird_tokens::{ResourceRule, ScopeType};

use crate::error::{CliError, CliResult};

/// One `--scope` and what follows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeGroup {
    /// The `--scope` value.
    pub scope: String,
    /// Its `--resource`.
    pub resource: Option<String>,
    /// Its `--fixed-params`.
    pub fixed_params: Option<String>,
    /// Its `--filter`.
    pub filter: Option<String>,
}

/// A follower option: clap's argument id and its flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follower {
    /// `--resource`.
    Resource,
    /// `--fixed-params`.
    FixedParams,
    /// `--filter`.
    Filter,
}

impl Follower {
    fn id(self) -> &'static str {
        match self {
            Follower::Resource => "resource",
            Follower::FixedParams => "fixed_params",
            Follower::Filter => "filter",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Follower::Resource => "--resource",
            Follower::FixedParams => "--fixed-params",
            Follower::Filter => "--filter",
        }
    }

    fn slot(self, group: &mut ScopeGroup) -> &mut Option<String> {
        match self {
            Follower::Resource => &mut group.resource,
            Follower::FixedParams => &mut group.fixed_params,
            Follower::Filter => &mut group.filter,
        }
    }

    fn get(self, group: &ScopeGroup) -> Option<&String> {
        match self {
            Follower::Resource => group.resource.as_ref(),
            Follower::FixedParams => group.fixed_params.as_ref(),
            Follower::Filter => group.filter.as_ref(),
        }
    }

    fn repeated_hint(self) -> &'static str {
        match self {
            Follower::Resource => "repeat --scope for each resource",
            Follower::FixedParams => {
                "put every pair in one --fixed-params, comma-separated (a=1,b=2)"
            }
            Follower::Filter => "combine the conditions in one --filter with AND",
        }
    }
}

/// `(argv index, option, value)` of every occurrence of `id`.
fn occurrences<'a>(
    matches: &'a ArgMatches,
    id: &str,
) -> impl Iterator<Item = (usize, &'a String)> + 'a {
    let indices = matches.indices_of(id).into_iter().flatten();
    let values = matches.get_many::<String>(id).into_iter().flatten();
    indices.zip(values)
}

/// tb-style grouping (`--scope A --scope B --resource a --resource b`): when the last scope already
/// has this follower and an earlier one has none, the mistake is that earlier scope, not a repeat.
/// Names scopes by position and type only, never the values (one may be a pasted secret).
fn grouped_advice(groups: &[ScopeGroup], follower: Follower) -> Option<String> {
    let (_, before) = groups.split_last()?;
    let (i, lacking) = before
        .iter()
        .enumerate()
        .find(|(_, g)| follower.get(g).is_none() && !takes_no_resource(follower, &g.scope))?;
    let flag = follower.flag();
    Some(format!(
        "--scope #{} ({}) has no {flag} right after it, and --scope #{} has two. Each {flag} belongs to the --scope written before it (tb pairs them by position instead): write each --scope followed by its own options, e.g. --scope {} {flag} a --scope {} {flag} b",
        i + 1,
        lacking.scope,
        groups.len(),
        lacking.scope,
        groups[groups.len() - 1].scope,
    ))
}

/// Whether `scope` is a type that takes no resource (TOKENS, ADMIN...), so lacking one is right.
fn takes_no_resource(follower: Follower, scope: &str) -> bool {
    follower == Follower::Resource
        && ScopeType::from_name(scope).is_some_and(|t| t.resource_rule() == ResourceRule::None)
}

/// Where `tb` would read the same command line differently: it gives the k-th `--fixed-params` and
/// the k-th `--filter` to the k-th `--scope`, whatever their order. One warning per follower that
/// lands on another scope there, naming scopes by position and type only (values may be secrets).
pub fn tb_pairing_differs(groups: &[ScopeGroup]) -> Vec<String> {
    let mut warnings = Vec::new();
    for follower in [Follower::FixedParams, Follower::Filter] {
        let holders = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| follower.get(g).is_some());
        for (k, (here, group)) in holders.enumerate() {
            if k != here {
                let there = groups.get(k).map_or_else(
                    || "no scope".to_owned(),
                    |g| format!("--scope #{} ({})", k + 1, g.scope),
                );
                warnings.push(format!(
                    "warning: {flag} #{n} belongs here to --scope #{} ({}), the --scope written before it; tb pairs by position and would give it to {there}. Check that the token restricts what you mean, or write the options in tb's order too.",
                    here + 1,
                    group.scope,
                    flag = follower.flag(),
                    n = k + 1,
                ));
            }
        }
    }
    warnings
}

/// Groups the `--scope` options of `matches` with the `followers` written after each.
pub fn group_scopes(matches: &ArgMatches, followers: &[Follower]) -> CliResult<Vec<ScopeGroup>> {
    let mut events: Vec<(usize, Option<Follower>, &String)> = occurrences(matches, "scope")
        .map(|(i, v)| (i, None, v))
        .collect();
    for &f in followers {
        events.extend(occurrences(matches, f.id()).map(|(i, v)| (i, Some(f), v)));
    }
    events.sort_by_key(|(index, _, _)| *index);

    let mut groups: Vec<ScopeGroup> = Vec::new();
    for (_, follower, value) in events {
        let Some(follower) = follower else {
            groups.push(ScopeGroup {
                scope: value.clone(),
                ..ScopeGroup::default()
            });
            continue;
        };
        let Some(group) = groups.last() else {
            return Err(CliError::usage(format!(
                "{} {value:?} comes before any --scope: each --resource, --fixed-params and --filter belongs to the --scope written before it",
                follower.flag()
            )));
        };
        let scope = group.scope.clone();
        if follower.get(group).is_some() {
            if let Some(advice) = grouped_advice(&groups, follower) {
                return Err(CliError::usage(advice));
            }
        }
        let Some(group) = groups.last_mut() else {
            continue;
        };
        let slot = follower.slot(group);
        if let Some(first) = slot {
            return Err(CliError::usage(format!(
                "--scope {scope} has two {} options ({first:?} and {value:?}): {}",
                follower.flag(),
                follower.repeated_hint()
            )));
        }
        *slot = Some(value.clone());
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(scope: &str, fixed_params: Option<&str>, filter: Option<&str>) -> ScopeGroup {
        ScopeGroup {
            scope: scope.into(),
            resource: Some("r".into()),
            fixed_params: fixed_params.map(Into::into),
            filter: filter.map(Into::into),
        }
    }

    #[test]
    fn tb_pairing_agrees_when_followers_sit_on_the_first_scopes() {
        let groups = [
            group("PIPES:READ", Some("a=1"), None),
            group("PIPES:READ", Some("b=2"), None),
        ];
        assert!(tb_pairing_differs(&groups).is_empty());
        assert!(tb_pairing_differs(&[group("PIPES:READ", None, None)]).is_empty());
    }

    #[test]
    fn tb_pairing_differs_for_a_follower_on_a_later_scope() {
        // The audit's case: k=v after the second scope; tb gives it to the first.
        let groups = [
            group("PIPES:READ", None, None),
            group("PIPES:READ", Some("k=v"), None),
        ];
        let warnings = tb_pairing_differs(&groups);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("--fixed-params #1 belongs here to --scope #2 (PIPES:READ)"));
        assert!(warnings[0].contains("would give it to --scope #1 (PIPES:READ)"));
        assert!(!warnings[0].contains("k=v"));
        // The documented mixed example: its filter sits on scope 2, tb drops it onto scope 1.
        let groups = [
            group("PIPES:READ", Some("org_id=x"), None),
            group("DATASOURCES:READ", None, Some("a = 1")),
        ];
        let warnings = tb_pairing_differs(&groups);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("warning: --filter #1 belongs here to --scope #2"));
    }
}

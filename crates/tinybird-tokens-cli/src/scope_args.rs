//! Grouping `--scope` with the `--resource`, `--fixed-params` and `--filter` written after it.
//!
//! `tb` pairs them by option index (the 2nd `--filter` goes to the 2nd scope), which silently drops
//! a filter in its own documented example. Here each follower belongs to the `--scope` before it on
//! the command line, read from clap's argv indices; an orphan or a repeated follower is a usage error,
//! never dropped. Whether a follower suits its scope (fixed params on DATASOURCES:READ...) is the
//! core's call.

use clap::ArgMatches;

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
        let Some(group) = groups.last_mut() else {
            return Err(CliError::usage(format!(
                "{} {value:?} comes before any --scope: each --resource, --fixed-params and --filter belongs to the --scope written before it",
                follower.flag()
            )));
        };
        let scope = group.scope.clone();
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

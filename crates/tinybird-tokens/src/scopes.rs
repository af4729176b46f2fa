//! Static-token scopes: `TYPE[:RESOURCE[:FILTER]]`, in Forward and Classic flavours.
//!
//! Grammar (the server's `AccessToken.parse`): the types `DATASOURCES:*`, `PIPES:*`, `WORKSPACE:*` and
//! `ORG_DATASOURCES:*` take two `:`-segments, the others one; the next segment is the resource; the rest
//! of the string, `:` included, is the SQL filter. Parsing is case-sensitive and never trims: what the
//! server would reject is rejected here, with a typed error.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorCode, Result};
use crate::names::validate_resource_name;
use crate::suggest::distance;

/// Which Tinybird product's rules apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ScopeMode {
    /// Tinybird Forward (the default): no CREATE/DROP scopes, no SQL filters.
    #[default]
    Forward,
    /// Tinybird Classic: adds CREATE/DROP scopes and `:sql_filter` on READ scopes.
    Classic,
}

impl ScopeMode {
    /// Parses `forward` / `classic`.
    pub fn parse(s: &str) -> Option<ScopeMode> {
        match s {
            "forward" => Some(ScopeMode::Forward),
            "classic" => Some(ScopeMode::Classic),
            _ => None,
        }
    }

    /// `forward` / `classic`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeMode::Forward => "forward",
            ScopeMode::Classic => "classic",
        }
    }
}

impl fmt::Display for ScopeMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `invalid_scope` for a type name that is none of Tinybird's, listing the ones `mode` grants.
fn unknown_scope_type(name: &str, mode: ScopeMode) -> Error {
    Error::new(
        ErrorCode::InvalidScope,
        format!(
            "Unknown scope {}. Known scopes: {}.",
            crate::error::shown(name),
            TABLE
                .iter()
                .filter(|row| row.scope_type.allowed_in(mode))
                .map(|row| row.name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

/// Whether a scope type takes a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceRule {
    /// A resource is mandatory.
    Required,
    /// A resource may be given (Classic CREATE scopes; the server ignores it).
    Optional,
    /// No resource.
    None,
}

/// A static-token scope type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeType {
    /// `DATASOURCES:READ`: read a data source (and its quarantine table).
    DatasourcesRead,
    /// `DATASOURCES:APPEND`: append to a data source.
    DatasourcesAppend,
    /// `DATASOURCES:CREATE` (Classic): create data sources and append to any.
    DatasourcesCreate,
    /// `DATASOURCES:DROP` (Classic): drop a data source.
    DatasourcesDrop,
    /// `PIPES:READ`: read a pipe's endpoint.
    PipesRead,
    /// `PIPES:CREATE` (Classic): create pipes.
    PipesCreate,
    /// `PIPES:DROP` (Classic): drop a pipe.
    PipesDrop,
    /// `TOKENS`: manage tokens.
    Tokens,
    /// `ADMIN`: everything.
    Admin,
    /// `WORKSPACE:READ_ALL`: read every data source and pipe.
    WorkspaceReadAll,
    /// `WORKSPACE:DEPLOY`: deploy the project.
    WorkspaceDeploy,
    /// `ORG_DATASOURCES:READ`: read the organization's service data sources.
    OrgDatasourcesRead,
    /// `ADMIN_USER`: internal to Tinybird, never grantable.
    AdminUser,
    /// `AUTH`: internal to Tinybird, never grantable.
    Auth,
}

/// What Tinybird says about one scope type.
struct ScopeTypeInfo {
    scope_type: ScopeType,
    /// The type as written, e.g. `DATASOURCES:READ`.
    name: &'static str,
    resource: ResourceRule,
    /// Grantable in Tinybird Forward (every grantable type is in Classic).
    forward: bool,
    /// May carry an SQL filter (Classic only).
    filter: bool,
}

const fn info(
    scope_type: ScopeType,
    name: &'static str,
    resource: ResourceRule,
    forward: bool,
    filter: bool,
) -> ScopeTypeInfo {
    ScopeTypeInfo {
        scope_type,
        name,
        resource,
        forward,
        filter,
    }
}

/// One row per type, in the order of the enum.
#[rustfmt::skip]
const TABLE: &[ScopeTypeInfo] = &[
    info(ScopeType::DatasourcesRead, "DATASOURCES:READ", ResourceRule::Required, true, true),
    info(ScopeType::DatasourcesAppend, "DATASOURCES:APPEND", ResourceRule::Required, true, false),
    info(ScopeType::DatasourcesCreate, "DATASOURCES:CREATE", ResourceRule::Optional, false, false),
    info(ScopeType::DatasourcesDrop, "DATASOURCES:DROP", ResourceRule::Required, false, false),
    info(ScopeType::PipesRead, "PIPES:READ", ResourceRule::Required, true, true),
    info(ScopeType::PipesCreate, "PIPES:CREATE", ResourceRule::Optional, false, false),
    info(ScopeType::PipesDrop, "PIPES:DROP", ResourceRule::Required, false, false),
    info(ScopeType::Tokens, "TOKENS", ResourceRule::None, true, false),
    info(ScopeType::Admin, "ADMIN", ResourceRule::None, true, false),
    info(ScopeType::WorkspaceReadAll, "WORKSPACE:READ_ALL", ResourceRule::None, true, false),
    info(ScopeType::WorkspaceDeploy, "WORKSPACE:DEPLOY", ResourceRule::None, true, false),
    info(ScopeType::OrgDatasourcesRead, "ORG_DATASOURCES:READ", ResourceRule::None, true, false),
    info(ScopeType::AdminUser, "ADMIN_USER", ResourceRule::Optional, false, false),
    info(ScopeType::Auth, "AUTH", ResourceRule::Optional, false, false),
];

/// Prefixes whose types have two segments.
const TWO_SEGMENT_PREFIXES: &[&str] = &["DATASOURCES", "PIPES", "WORKSPACE", "ORG_DATASOURCES"];

impl ScopeType {
    /// Every scope type, internal ones included, in the enum's order.
    pub fn all() -> impl Iterator<Item = ScopeType> {
        TABLE.iter().map(|row| row.scope_type)
    }

    fn info(self) -> &'static ScopeTypeInfo {
        // The table lists the types in the enum's order (checked by a test).
        &TABLE[self as usize]
    }

    /// The type as Tinybird writes it, e.g. `DATASOURCES:READ`.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// Looks a type string up (case-sensitive).
    pub fn from_name(s: &str) -> Option<ScopeType> {
        TABLE
            .iter()
            .find(|row| row.name == s)
            .map(|row| row.scope_type)
    }

    /// Whether the type takes a resource.
    pub fn resource_rule(self) -> ResourceRule {
        self.info().resource
    }

    /// Whether the type is grantable in `mode` (internal types never are).
    pub fn allowed_in(self, mode: ScopeMode) -> bool {
        match self {
            ScopeType::AdminUser | ScopeType::Auth => false,
            _ => mode == ScopeMode::Classic || self.info().forward,
        }
    }

    /// Whether the type may carry an SQL filter in `mode` (READ scopes, Classic only).
    pub fn takes_filter(self, mode: ScopeMode) -> bool {
        mode == ScopeMode::Classic && self.info().filter
    }

    /// The grantable type an unknown `name` most likely means, for a did-you-mean: the same name in
    /// another case (`tokens`), else the nearest within two edits (`PIPE:READ`, `DATASOURCE:READ`;
    /// swapping two adjacent characters is one edit, as for the project's did-you-mean).
    /// `None` when nothing is that close. Internal types are never suggested.
    pub fn suggest(name: &str) -> Option<ScopeType> {
        let upper = name.to_ascii_uppercase();
        let grantable = || {
            TABLE
                .iter()
                .filter(|row| row.scope_type.allowed_in(ScopeMode::Classic))
        };
        if let Some(row) = grantable().find(|row| row.name == upper) {
            return Some(row.scope_type);
        }
        grantable()
            .map(|row| (distance(&upper, row.name), row))
            .filter(|(d, row)| *d <= 2 && *d * 3 < row.name.len())
            .min_by_key(|(d, _)| *d)
            .map(|(_, row)| row.scope_type)
    }
}

impl fmt::Display for ScopeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed, valid scope. `Scope::to_string` gives back the exact string it was parsed from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    scope_type: ScopeType,
    resource: Option<String>,
    filter: Option<String>,
}

impl Scope {
    /// Builds and validates a scope from its parts, with the same rules as [`parse_scope`].
    pub fn new(
        scope_type: ScopeType,
        resource: Option<&str>,
        filter: Option<&str>,
        mode: ScopeMode,
    ) -> Result<Scope> {
        let input = || render(scope_type, resource, filter);
        if !scope_type.allowed_in(mode) {
            let why = match scope_type {
                ScopeType::AdminUser | ScopeType::Auth => "it is internal to Tinybird".to_owned(),
                _ => "it exists only in Tinybird Classic (use Classic mode)".to_owned(),
            };
            return Err(Error::new(
                ErrorCode::ScopeNotAllowed,
                format!("Scope {scope_type} is not allowed: {why}."),
            )
            .with_input(input()));
        }
        match (scope_type.resource_rule(), resource) {
            (ResourceRule::None, Some(_)) => {
                return Err(Error::new(
                    ErrorCode::UnexpectedResource,
                    format!("Scope {scope_type} does not take a resource."),
                )
                .with_input(input()))
            }
            (ResourceRule::Required, None | Some("")) => {
                return Err(Error::new(
                    ErrorCode::MissingResource,
                    format!("Scope {scope_type} requires a resource, e.g. {scope_type}:<name>."),
                )
                .with_input(input()))
            }
            (_, Some(r)) => validate_resource_name(r).map_err(|e| e.with_input(input()))?,
            _ => {}
        }
        if let Some(f) = filter {
            if !scope_type.takes_filter(mode) {
                let why = if mode == ScopeMode::Forward {
                    "SQL filters on static tokens are not supported in Tinybird Forward; for row-level security, mint a JWT with fixed params"
                } else {
                    "only READ scopes take an SQL filter"
                };
                return Err(Error::new(
                    ErrorCode::FilterNotSupported,
                    format!("Scope {scope_type} cannot have a filter: {why}."),
                )
                .with_input(input()));
            }
            if f.is_empty() {
                return Err(Error::new(
                    ErrorCode::InvalidScope,
                    "The SQL filter of a scope must not be empty.",
                )
                .with_input(input()));
            }
        }
        Ok(Scope {
            scope_type,
            resource: resource.map(str::to_owned),
            filter: filter.map(str::to_owned),
        })
    }

    /// Builds a scope from its parts with the type as a string, as bindings receive it (the inverse of
    /// reading [`Scope::scope_type`], [`Scope::resource`] and [`Scope::filter`]); an unknown type is
    /// `invalid_scope`.
    pub fn from_parts(
        type_name: &str,
        resource: Option<&str>,
        filter: Option<&str>,
        mode: ScopeMode,
    ) -> Result<Scope> {
        let scope_type = ScopeType::from_name(type_name).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidScope,
                format!("Unknown scope {type_name}."),
            )
            .with_input(type_name)
        })?;
        Scope::new(scope_type, resource, filter, mode)
    }

    /// The scope's type.
    pub fn scope_type(&self) -> ScopeType {
        self.scope_type
    }

    /// The resource, if any.
    pub fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }

    /// The SQL filter, if any (Classic READ scopes only).
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_deref()
    }
}

fn render(scope_type: ScopeType, resource: Option<&str>, filter: Option<&str>) -> String {
    let mut s = scope_type.as_str().to_owned();
    if let Some(r) = resource {
        s.push(':');
        s.push_str(r);
    }
    if let Some(f) = filter {
        s.push(':');
        s.push_str(f);
    }
    s
}

impl serde::Serialize for Scope {
    /// A scope serializes as its string, `DATASOURCES:READ:events`.
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(
            self.scope_type,
            self.resource.as_deref(),
            self.filter.as_deref(),
        ))
    }
}

/// Parses a static-token scope string.
///
/// ```
/// use tinybird_tokens::{parse_scope, ScopeMode};
/// let s = parse_scope("DATASOURCES:READ:events:org_id = 'a:b'", ScopeMode::Classic).unwrap();
/// assert_eq!(s.resource(), Some("events"));
/// assert_eq!(s.filter(), Some("org_id = 'a:b'"));
/// assert_eq!(s.to_string(), "DATASOURCES:READ:events:org_id = 'a:b'");
/// let e = parse_scope("DATASOURCES:READ:events:org_id = 1", ScopeMode::Forward).unwrap_err();
/// assert_eq!(e.code().as_str(), "filter_not_supported");
/// ```
pub fn parse_scope(s: &str, mode: ScopeMode) -> Result<Scope> {
    if s.is_empty() {
        return Err(
            Error::new(ErrorCode::InvalidScope, "A scope must not be empty.").with_input(s),
        );
    }
    if s.trim() != s {
        return Err(Error::new(
            ErrorCode::InvalidScope,
            format!("Scope \"{s}\" has whitespace around it; write it without."),
        )
        .with_input(s));
    }
    let mut parts = s.splitn(2, ':');
    let first = parts.next().unwrap_or_default();
    let mut rest = parts.next();
    let type_name = if TWO_SEGMENT_PREFIXES.contains(&first) {
        match rest {
            Some(r) => {
                let mut p = r.splitn(2, ':');
                let second = p.next().unwrap_or_default();
                rest = p.next();
                &s[..first.len() + 1 + second.len()]
            }
            None => first,
        }
    } else {
        first
    };
    let Some(scope_type) = ScopeType::from_name(type_name) else {
        return Err(unknown_scope_type(type_name, mode).with_input(s));
    };
    let (resource, filter) = match rest {
        None => (None, None),
        Some(r) => match r.split_once(':') {
            Some((res, f)) => (Some(res), Some(f)),
            None => (Some(r), None),
        },
    };
    Scope::new(scope_type, resource, filter, mode).map_err(|e| e.with_input(s))
}

/// Something a token may be asked to do, for [`scopes_allow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a data source (needs a resource).
    ReadDatasource,
    /// Append to a data source (needs a resource).
    AppendDatasource,
    /// Drop a data source (needs a resource).
    DropDatasource,
    /// Create a data source.
    CreateDatasource,
    /// Read a pipe (needs a resource).
    ReadPipe,
    /// Drop a pipe (needs a resource).
    DropPipe,
    /// Create a pipe.
    CreatePipe,
    /// Create, change and delete tokens.
    ManageTokens,
    /// Deploy the project.
    Deploy,
    /// Read the organization's service data sources.
    ReadOrgDatasources,
}

const ACTIONS: &[(Action, &str, bool)] = &[
    (Action::ReadDatasource, "read_datasource", true),
    (Action::AppendDatasource, "append_datasource", true),
    (Action::DropDatasource, "drop_datasource", true),
    (Action::CreateDatasource, "create_datasource", false),
    (Action::ReadPipe, "read_pipe", true),
    (Action::DropPipe, "drop_pipe", true),
    (Action::CreatePipe, "create_pipe", false),
    (Action::ManageTokens, "manage_tokens", false),
    (Action::Deploy, "deploy", false),
    (Action::ReadOrgDatasources, "read_org_datasources", false),
];

impl Action {
    /// Every action, in the enum's order.
    pub fn all() -> impl Iterator<Item = Action> {
        ACTIONS.iter().map(|a| a.0)
    }

    /// Parses the snake_case action name used by the bindings and vectors.
    pub fn from_name(s: &str) -> Option<Action> {
        ACTIONS.iter().find(|a| a.1 == s).map(|a| a.0)
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        // The table lists the actions in the enum's order (checked by a test).
        ACTIONS[self as usize].1
    }

    /// Whether the action is about one named resource.
    pub fn takes_resource(self) -> bool {
        ACTIONS[self as usize].2
    }
}

impl FromStr for Action {
    type Err = Error;

    /// The snake_case name; anything else is `invalid_scope`, as `scopes_allow` has always said.
    fn from_str(s: &str) -> Result<Action> {
        Action::from_name(s).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidScope,
                format!("Unknown action \"{}\".", crate::error::shown(s)),
            )
        })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ScopeType {
    type Err = Error;

    /// The type as Tinybird writes it; anything else is `parse_scope`'s `invalid_scope` (listing every
    /// grantable type).
    fn from_str(s: &str) -> Result<ScopeType> {
        ScopeType::from_name(s).ok_or_else(|| unknown_scope_type(s, ScopeMode::Classic))
    }
}

impl FromStr for ScopeMode {
    type Err = Error;

    /// `forward` / `classic`; anything else is `invalid_argument`.
    fn from_str(s: &str) -> Result<ScopeMode> {
        ScopeMode::parse(s).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                "\"mode\" must be \"forward\" or \"classic\".",
            )
        })
    }
}

/// Whether any of `scopes` allows `action` (on `resource`, for actions that take one).
///
/// Rules, each from Tinybird's docs: `ADMIN` allows everything ("All permissions will be granted",
/// Classic auth tokens); `DATASOURCES:READ:x` also reads `x_quarantine` (static tokens doc, "Also gives
/// read for the quarantine Data Source"); `WORKSPACE:READ_ALL` reads every data source and pipe (static
/// tokens doc); `DATASOURCES:CREATE` creates data sources and appends to any ("create and append data to
/// Data Sources", Classic doc; server `may_append_ds`); a READ scope with an SQL filter still allows the
/// read, restricted to the filtered rows.
///
/// ```
/// use tinybird_tokens::{parse_scope, scopes_allow, Action, ScopeMode};
/// let scopes = [parse_scope("DATASOURCES:READ:events", ScopeMode::Forward).unwrap()];
/// assert!(scopes_allow(&scopes, Action::ReadDatasource, Some("events_quarantine")).unwrap());
/// assert!(!scopes_allow(&scopes, Action::AppendDatasource, Some("events")).unwrap());
/// ```
pub fn scopes_allow(scopes: &[Scope], action: Action, resource: Option<&str>) -> Result<bool> {
    let resource = match (action.takes_resource(), resource) {
        (true, Some(r)) if !r.is_empty() => Some(r),
        (true, _) => {
            return Err(Error::new(
                ErrorCode::MissingResource,
                format!("Action {} needs a resource.", action.as_str()),
            ))
        }
        (false, Some(_)) => {
            return Err(Error::new(
                ErrorCode::UnexpectedResource,
                format!("Action {} does not take a resource.", action.as_str()),
            ))
        }
        (false, None) => None,
    };
    Ok(scopes
        .iter()
        .any(|scope| scope_allows(scope, action, resource)))
}

fn scope_allows(scope: &Scope, action: Action, resource: Option<&str>) -> bool {
    let same = |r: Option<&str>| r.is_some() && r == resource;
    match scope.scope_type {
        ScopeType::Admin => true,
        ScopeType::DatasourcesRead => {
            action == Action::ReadDatasource
                && (same(scope.resource())
                    || scope
                        .resource()
                        .zip(resource)
                        .is_some_and(|(own, asked)| asked.strip_suffix("_quarantine") == Some(own)))
        }
        ScopeType::WorkspaceReadAll => {
            matches!(action, Action::ReadDatasource | Action::ReadPipe)
        }
        ScopeType::DatasourcesAppend => {
            action == Action::AppendDatasource && same(scope.resource())
        }
        ScopeType::DatasourcesCreate => {
            matches!(action, Action::CreateDatasource | Action::AppendDatasource)
        }
        ScopeType::DatasourcesDrop => action == Action::DropDatasource && same(scope.resource()),
        ScopeType::PipesRead => action == Action::ReadPipe && same(scope.resource()),
        ScopeType::PipesCreate => action == Action::CreatePipe,
        ScopeType::PipesDrop => action == Action::DropPipe && same(scope.resource()),
        ScopeType::Tokens => action == Action::ManageTokens,
        ScopeType::WorkspaceDeploy => action == Action::Deploy,
        ScopeType::OrgDatasourcesRead => action == Action::ReadOrgDatasources,
        ScopeType::AdminUser | ScopeType::Auth => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_follow_the_enums() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.scope_type as usize, i, "{}", row.name);
            assert_eq!(row.name.parse::<ScopeType>().unwrap(), row.scope_type);
        }
        assert_eq!(TABLE.len(), ScopeType::Auth as usize + 1);
        for (i, (action, name, _)) in ACTIONS.iter().enumerate() {
            assert_eq!(*action as usize, i, "{name}");
            assert_eq!(name.parse::<Action>().unwrap().to_string(), *name);
        }
        assert_eq!(ACTIONS.len(), Action::ReadOrgDatasources as usize + 1);
        assert_eq!(
            "classic".parse::<ScopeMode>().unwrap().to_string(),
            "classic"
        );
    }

    fn code(s: &str, mode: ScopeMode) -> &'static str {
        parse_scope(s, mode).unwrap_err().code().as_str()
    }

    #[test]
    fn round_trips() {
        for s in [
            "DATASOURCES:READ:events",
            "PIPES:READ:top",
            "TOKENS",
            "ADMIN",
            "WORKSPACE:READ_ALL",
            "WORKSPACE:DEPLOY",
            "ORG_DATASOURCES:READ",
            "DATASOURCES:APPEND:ws.events",
        ] {
            assert_eq!(parse_scope(s, ScopeMode::Forward).unwrap().to_string(), s);
        }
        for s in [
            "DATASOURCES:CREATE",
            "DATASOURCES:CREATE:x",
            "PIPES:DROP:p",
            "PIPES:READ:p:a > 1 and b:c",
        ] {
            assert_eq!(parse_scope(s, ScopeMode::Classic).unwrap().to_string(), s);
        }
    }

    #[test]
    fn errors() {
        use ScopeMode::*;
        assert_eq!(code("", Forward), "invalid_scope");
        assert_eq!(code(" TOKENS", Forward), "invalid_scope");
        assert_eq!(code("tokens", Forward), "invalid_scope");
        assert_eq!(code("DATASOURCES", Forward), "invalid_scope");
        assert_eq!(code("READ:x", Forward), "invalid_scope");
        assert_eq!(code("ADMIN_USER:test", Classic), "scope_not_allowed");
        assert_eq!(code("DATASOURCES:DROP:x", Forward), "scope_not_allowed");
        assert_eq!(code("TOKENS:x", Forward), "unexpected_resource");
        assert_eq!(code("DATASOURCES:DROP", Classic), "missing_resource");
        assert_eq!(code("PIPES:READ:", Forward), "missing_resource");
        assert_eq!(code("PIPES:READ:a-b", Forward), "invalid_scope");
        assert_eq!(code("PIPES:READ:p:x", Forward), "filter_not_supported");
        assert_eq!(
            code("DATASOURCES:APPEND:p:x", Classic),
            "filter_not_supported"
        );
        assert_eq!(code("PIPES:READ:p:", Classic), "invalid_scope");
    }

    #[test]
    fn allows() {
        let p = |s: &str| parse_scope(s, ScopeMode::Classic).unwrap();
        let admin = [p("ADMIN")];
        assert!(scopes_allow(&admin, Action::DropPipe, Some("x")).unwrap());
        let read_all = [p("WORKSPACE:READ_ALL")];
        assert!(scopes_allow(&read_all, Action::ReadPipe, Some("x")).unwrap());
        assert!(!scopes_allow(&read_all, Action::AppendDatasource, Some("x")).unwrap());
        let create = [p("DATASOURCES:CREATE")];
        assert!(scopes_allow(&create, Action::AppendDatasource, Some("any")).unwrap());
        let read = [p("DATASOURCES:READ:ev")];
        assert!(scopes_allow(&read, Action::ReadDatasource, Some("ev_quarantine")).unwrap());
        assert!(!scopes_allow(&read, Action::ReadDatasource, Some("ev2")).unwrap());
        assert!(!scopes_allow(&read, Action::ReadDatasource, Some("_quarantine")).unwrap());
        assert_eq!(
            scopes_allow(&read, Action::ReadDatasource, None)
                .unwrap_err()
                .code(),
            ErrorCode::MissingResource
        );
        assert_eq!(
            scopes_allow(&read, Action::Deploy, Some("x"))
                .unwrap_err()
                .code(),
            ErrorCode::UnexpectedResource
        );
    }

    #[test]
    fn suggestions() {
        for (typed, meant) in [
            ("tokens", Some(ScopeType::Tokens)),
            ("pipes:read", Some(ScopeType::PipesRead)),
            ("PIPE:READ", Some(ScopeType::PipesRead)),
            ("DATASOURCE:READ", Some(ScopeType::DatasourcesRead)),
            ("datasources:apend", Some(ScopeType::DatasourcesAppend)),
            ("WORKSPACE:READ-ALL", Some(ScopeType::WorkspaceReadAll)),
            ("TOKEN", Some(ScopeType::Tokens)),
            ("TOKNES", Some(ScopeType::Tokens)),
            ("admin_user", None),
            ("auth", None),
            ("READ", None),
            ("XYZ", None),
            ("", None),
        ] {
            assert_eq!(ScopeType::suggest(typed), meant, "{typed}");
        }
    }
}

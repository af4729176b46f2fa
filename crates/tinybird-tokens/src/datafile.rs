//! Resource-scoped tokens: `TOKEN <name> <READ|APPEND>` lines in `.datasource` and `.pipe` files.
//!
//! Rendering matches the SDKs' generators byte for byte (`TOKEN app_read READ`, unquoted, in order,
//! duplicates kept). Parsing follows `tb`'s datafile parser, its messages included, and adds the line.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};
use crate::names::TokenDefinition;
use crate::scopes::{Scope, ScopeMode, ScopeType};

/// The kind of resource a TOKEN line sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    /// A `.datasource` file: READ or APPEND.
    Datasource,
    /// A `.pipe` file of any type (endpoint, materialized, copy, sink): READ only.
    Pipe,
}

impl ResourceKind {
    /// Parses `datasource` / `pipe`.
    pub fn parse(s: &str) -> Option<ResourceKind> {
        match s {
            "datasource" => Some(ResourceKind::Datasource),
            "pipe" => Some(ResourceKind::Pipe),
            _ => None,
        }
    }

    /// `datasource` / `pipe`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Datasource => "datasource",
            ResourceKind::Pipe => "pipe",
        }
    }
}

/// What a resource-scoped token may do with the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Permission {
    /// `READ`.
    Read,
    /// `APPEND` (data sources only).
    Append,
}

impl Permission {
    /// Parses exactly `READ` or `APPEND`, as the SDK types allow.
    pub fn parse(s: &str) -> Option<Permission> {
        match s {
            "READ" => Some(Permission::Read),
            "APPEND" => Some(Permission::Append),
            _ => None,
        }
    }

    /// `READ` / `APPEND`.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "READ",
            Permission::Append => "APPEND",
        }
    }
}

impl std::str::FromStr for ResourceKind {
    type Err = Error;

    /// `datasource` / `pipe`; anything else is `invalid_argument`.
    fn from_str(s: &str) -> Result<ResourceKind> {
        ResourceKind::parse(s).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                "\"kind\" must be \"datasource\" or \"pipe\".",
            )
        })
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `tb`'s error for a pipe token with a permission other than READ (the project's read of an SDK spec
/// reports it too).
pub(crate) fn pipe_permission_error(permission: &str, name: &str) -> crate::Error {
    Error::new(
        ErrorCode::InvalidPermission,
        format!("Invalid permission {permission} for token {name}. Only READ is allowed for pipes"),
    )
}

/// A token attached to a resource with a permission; only valid combinations can be built.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TokenAttachment {
    token: TokenDefinition,
    permission: Permission,
}

impl TokenAttachment {
    /// Attaches `token` to a resource of `kind`; APPEND on a pipe is an `invalid_permission` error with
    /// `tb`'s message.
    pub fn new(
        token: &TokenDefinition,
        kind: ResourceKind,
        permission: Permission,
    ) -> Result<Self> {
        if kind == ResourceKind::Pipe && permission == Permission::Append {
            return Err(pipe_permission_error("APPEND", token.name()));
        }
        Ok(TokenAttachment {
            token: token.clone(),
            permission,
        })
    }

    /// Like [`TokenAttachment::new`] with the permission as a string (`READ` / `APPEND`, exact case).
    pub fn parse(token: &TokenDefinition, kind: ResourceKind, permission: &str) -> Result<Self> {
        match Permission::parse(permission) {
            Some(p) => TokenAttachment::new(token, kind, p),
            None => Err(match kind {
                ResourceKind::Pipe => pipe_permission_error(permission, token.name()),
                ResourceKind::Datasource => Error::new(
                    ErrorCode::InvalidPermission,
                    format!(
                        "Invalid permission {permission} for token {}. Only READ and APPEND are allowed for datasources",
                        token.name()
                    ),
                ),
            }),
        }
    }

    /// The token.
    pub fn token(&self) -> &TokenDefinition {
        &self.token
    }

    /// The permission.
    pub fn permission(&self) -> Permission {
        self.permission
    }
}

/// Renders the TOKEN block of a datafile, one line per attachment, in order, joined by `\n` with no
/// trailing newline (the SDK generators' bytes).
///
/// ```
/// use tinybird_tokens::{define_token, render_token_lines, Permission, ResourceKind, TokenAttachment};
/// let read = define_token("app_read").unwrap();
/// let a = TokenAttachment::new(&read, ResourceKind::Pipe, Permission::Read).unwrap();
/// assert_eq!(render_token_lines(&[a]), "TOKEN app_read READ");
/// ```
pub fn render_token_lines(attachments: &[TokenAttachment]) -> String {
    attachments
        .iter()
        .map(|a| format!("TOKEN {} {}", a.token.name(), a.permission))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A TOKEN line read from a datafile.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct DatafileToken {
    /// The token name, quotes removed; not validated, as in `tb`.
    pub name: String,
    /// The permission, uppercased.
    pub permission: Permission,
    /// The 1-based line.
    pub line: usize,
}

/// Reads the TOKEN lines of a `.datasource` or `.pipe` file with `tb`'s rules.
///
/// Only lines that start without whitespace are commands (indented lines are block content, such as
/// SQL); `#` starts a comment line; the command name is case-insensitive; arguments are split like a
/// shell when the line has quotes, otherwise on whitespace.
pub fn parse_datafile_tokens(text: &str, kind: ResourceKind) -> Result<Vec<DatafileToken>> {
    let mut tokens = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() || line.starts_with(char::is_whitespace) || line.starts_with('#') {
            continue;
        }
        let command = line.split_whitespace().next().unwrap_or_default();
        if !command.eq_ignore_ascii_case("TOKEN") {
            continue;
        }
        let args_text = &line[command.len()..];
        let args = if args_text.contains(['"', '\'']) {
            shell_split(args_text).map_err(|e| e.with_line(line_no))?
        } else {
            args_text.split_whitespace().map(str::to_owned).collect()
        };
        let token = token_from_args(&args, kind).map_err(|e| e.with_line(line_no))?;
        tokens.push(DatafileToken {
            name: token.0,
            permission: token.1,
            line: line_no,
        });
    }
    Ok(tokens)
}

fn token_from_args(args: &[String], kind: ResourceKind) -> Result<(String, Permission)> {
    match args.len() {
        0 | 1 => {
            return Err(Error::new(
                ErrorCode::DatafileSyntax,
                "TOKEN takes two params: token name and permission e.g TOKEN \"read api token\" READ",
            ))
        }
        2 => {}
        n => {
            return Err(Error::new(
                ErrorCode::DatafileSyntax,
                format!(
                    "Invalid number of arguments for TOKEN command: {n}. Expected 2 arguments: token name and permission"
                ),
            ))
        }
    }
    let (name, written) = (&args[0], &args[1]);
    let Some(permission) = Permission::parse(&written.to_ascii_uppercase()) else {
        return Err(Error::new(
            ErrorCode::InvalidPermission,
            format!("Invalid permission: {written}. Only READ and APPEND are supported"),
        ));
    };
    if kind == ResourceKind::Pipe && permission == Permission::Append {
        return Err(pipe_permission_error("APPEND", name));
    }
    Ok((name.clone(), permission))
}

/// Splits like Python's `shlex.split` (POSIX mode): quotes group and are removed, a backslash escapes
/// outside single quotes.
fn shell_split(s: &str) -> Result<Vec<String>> {
    let mut args = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if let Some(arg) = current.take() {
                    args.push(arg);
                }
            }
            '\'' => {
                let arg = current.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => arg.push(ch),
                        None => {
                            return Err(Error::new(
                                ErrorCode::DatafileSyntax,
                                "No closing quotation",
                            ))
                        }
                    }
                }
            }
            '"' => {
                let arg = current.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\')) => arg.push(ch),
                            Some(ch) => {
                                arg.push('\\');
                                arg.push(ch);
                            }
                            None => {
                                return Err(Error::new(
                                    ErrorCode::DatafileSyntax,
                                    "No closing quotation",
                                ))
                            }
                        },
                        Some(ch) => arg.push(ch),
                        None => {
                            return Err(Error::new(
                                ErrorCode::DatafileSyntax,
                                "No closing quotation",
                            ))
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                Some(ch) => current.get_or_insert_with(String::new).push(ch),
                None => {
                    return Err(Error::new(
                        ErrorCode::DatafileSyntax,
                        "No escaped character",
                    ))
                }
            },
            c => current.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(arg) = current {
        args.push(arg);
    }
    Ok(args)
}

/// One datafile of a project, as input to [`plan_tokens`]: its kind, its resource name (the file name
/// without extension) and its text.
#[derive(Clone, Debug)]
pub struct DatafileSource<'a> {
    /// `.datasource` or `.pipe`.
    pub kind: ResourceKind,
    /// The resource name.
    pub name: &'a str,
    /// The file's text.
    pub text: &'a str,
}

/// One token of a [`TokenPlan`]: its name and its API scopes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct PlannedToken {
    /// The token name.
    pub name: String,
    /// Its scopes, in first-seen order, each once.
    pub scopes: Vec<Scope>,
}

impl PlannedToken {
    /// A token and its scopes.
    pub fn new(name: impl Into<String>, scopes: Vec<Scope>) -> PlannedToken {
        PlannedToken {
            name: name.into(),
            scopes,
        }
    }
}

/// Every resource-scoped token of a project with its API scopes, sorted by token name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct TokenPlan {
    tokens: Vec<PlannedToken>,
}

impl TokenPlan {
    /// Builds a plan from named tokens: sorted by name, scopes deduplicated in order.
    pub fn from_tokens(tokens: impl IntoIterator<Item = PlannedToken>) -> TokenPlan {
        let mut plan = TokenPlan::default();
        for PlannedToken { name, scopes } in tokens {
            for scope in scopes {
                plan.add(&name, scope);
            }
            if plan.scopes(&name).is_none() {
                plan.insert_empty(&name);
            }
        }
        plan
    }

    fn insert_empty(&mut self, name: &str) -> usize {
        match self.tokens.binary_search_by(|t| t.name.as_str().cmp(name)) {
            Ok(i) => i,
            Err(i) => {
                self.tokens.insert(
                    i,
                    PlannedToken {
                        name: name.to_owned(),
                        scopes: Vec::new(),
                    },
                );
                i
            }
        }
    }

    fn add(&mut self, name: &str, scope: Scope) {
        let i = self.insert_empty(name);
        let scopes = &mut self.tokens[i].scopes;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }

    /// The tokens, sorted by name, each with its scopes in first-seen order.
    pub fn tokens(&self) -> &[PlannedToken] {
        &self.tokens
    }

    /// The scopes of one token.
    pub fn scopes(&self, name: &str) -> Option<&[Scope]> {
        self.tokens
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.scopes.as_slice())
    }
}

/// Reads every TOKEN line of a project's datafiles into one plan: a name used in several files becomes
/// one token with all those scopes, as the server reconciles them at deploy time.
///
/// ```
/// use tinybird_tokens::{plan_tokens, DatafileSource, ResourceKind};
/// let files = [
///     DatafileSource { kind: ResourceKind::Datasource, name: "events", text: "TOKEN app READ\n" },
///     DatafileSource { kind: ResourceKind::Pipe, name: "top", text: "TOKEN app READ\n" },
/// ];
/// let plan = plan_tokens(&files).unwrap();
/// let scopes: Vec<String> = plan.scopes("app").unwrap().iter().map(|s| s.to_string()).collect();
/// assert_eq!(scopes, ["DATASOURCES:READ:events", "PIPES:READ:top"]);
/// ```
pub fn plan_tokens(files: &[DatafileSource<'_>]) -> Result<TokenPlan> {
    let mut plan = TokenPlan::default();
    for file in files {
        for token in parse_datafile_tokens(file.text, file.kind)? {
            let scope_type = match (file.kind, token.permission) {
                (ResourceKind::Datasource, Permission::Read) => ScopeType::DatasourcesRead,
                (ResourceKind::Datasource, Permission::Append) => ScopeType::DatasourcesAppend,
                (ResourceKind::Pipe, _) => ScopeType::PipesRead,
            };
            let scope = Scope::new(scope_type, Some(file.name), None, ScopeMode::Forward)
                .map_err(|e| e.with_line(token.line))?;
            plan.add(&token.name, scope);
        }
    }
    Ok(plan)
}

/// A token whose scopes change between two plans.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct TokenUpdate {
    /// The token name.
    pub name: String,
    /// Scopes only in the new plan, in its order.
    pub added: Vec<Scope>,
    /// Scopes only in the old plan, in its order.
    pub removed: Vec<Scope>,
}

/// What a deployment would do to resource-scoped tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct TokenPlanDiff {
    /// Tokens only in the new plan, with their scopes.
    pub create: Vec<PlannedToken>,
    /// Tokens in both whose scope sets differ.
    pub update: Vec<TokenUpdate>,
    /// Tokens only in the old plan.
    pub delete: Vec<String>,
}

impl TokenPlanDiff {
    /// Whether the deployment changes no token.
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.update.is_empty() && self.delete.is_empty()
    }
}

/// Compares two plans: what to create, update (added and removed scopes) and delete, each by name.
pub fn diff_token_plans(old: &TokenPlan, new: &TokenPlan) -> TokenPlanDiff {
    let mut diff = TokenPlanDiff::default();
    for PlannedToken {
        name,
        scopes: new_scopes,
    } in &new.tokens
    {
        match old.scopes(name) {
            None => diff.create.push(PlannedToken {
                name: name.clone(),
                scopes: new_scopes.clone(),
            }),
            Some(old_scopes) => {
                let added: Vec<Scope> = new_scopes
                    .iter()
                    .filter(|s| !old_scopes.contains(s))
                    .cloned()
                    .collect();
                let removed: Vec<Scope> = old_scopes
                    .iter()
                    .filter(|s| !new_scopes.contains(s))
                    .cloned()
                    .collect();
                if !added.is_empty() || !removed.is_empty() {
                    diff.update.push(TokenUpdate {
                        name: name.clone(),
                        added,
                        removed,
                    });
                }
            }
        }
    }
    for PlannedToken { name, .. } in &old.tokens {
        if new.scopes(name).is_none() {
            diff.delete.push(name.clone());
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::define_token;

    #[test]
    fn render_matches_sdk() {
        let app = define_token("app_read").unwrap();
        let ingest = define_token("ingest").unwrap();
        let lines = render_token_lines(&[
            TokenAttachment::new(&app, ResourceKind::Datasource, Permission::Read).unwrap(),
            TokenAttachment::new(&ingest, ResourceKind::Datasource, Permission::Append).unwrap(),
        ]);
        assert_eq!(lines, "TOKEN app_read READ\nTOKEN ingest APPEND");
        let e = TokenAttachment::new(&app, ResourceKind::Pipe, Permission::Append).unwrap_err();
        assert_eq!(
            e.message(),
            "Invalid permission APPEND for token app_read. Only READ is allowed for pipes"
        );
    }

    #[test]
    fn parse_like_tb() {
        let text = "DESCRIPTION x\nTOKEN \"app read\" READ\nSQL >\n    TOKEN in sql\ntoken x append\n# TOKEN c\n";
        let t = parse_datafile_tokens(text, ResourceKind::Datasource).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].name.as_str(), t[0].permission, t[0].line),
            ("app read", Permission::Read, 2)
        );
        assert_eq!(
            (t[1].name.as_str(), t[1].permission, t[1].line),
            ("x", Permission::Append, 5)
        );
        let e = parse_datafile_tokens("\nTOKEN a b c", ResourceKind::Pipe).unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert_eq!(e.code(), ErrorCode::DatafileSyntax);
        let e = parse_datafile_tokens("TOKEN 'a READ", ResourceKind::Pipe).unwrap_err();
        assert_eq!(e.message(), "No closing quotation");
    }

    #[test]
    fn diff() {
        let s = |x: &str| crate::parse_scope(x, ScopeMode::Forward).unwrap();
        let old = TokenPlan::from_tokens([
            PlannedToken::new("a", vec![s("PIPES:READ:p")]),
            PlannedToken::new("gone", vec![s("PIPES:READ:p")]),
            PlannedToken::new("same", vec![s("PIPES:READ:p"), s("PIPES:READ:q")]),
        ]);
        let new = TokenPlan::from_tokens([
            PlannedToken::new("a", vec![s("PIPES:READ:q")]),
            PlannedToken::new("new", vec![s("PIPES:READ:p")]),
            PlannedToken::new("same", vec![s("PIPES:READ:q"), s("PIPES:READ:p")]),
        ]);
        let d = diff_token_plans(&old, &new);
        assert_eq!(d.create.len(), 1);
        assert_eq!(d.delete, ["gone"]);
        assert_eq!(d.update.len(), 1);
        assert_eq!(d.update[0].added, [s("PIPES:READ:q")]);
        assert_eq!(d.update[0].removed, [s("PIPES:READ:p")]);
    }
}

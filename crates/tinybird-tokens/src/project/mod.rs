//! A Tinybird project as the token checks need it: each data source and pipe, each pipe's kind and
//! template parameters, and the TOKEN lines, read from datafile texts or from the SDKs' resource
//! objects. The core does no I/O: callers pass paths and texts.
//!
//! - [`Project::from_files`] reads `.datasource` / `.pipe` texts of a Forward (or Classic) project in any
//!   folder layout; other extensions are ignored. Kind from the extension, name from the file stem.
//! - [`Project::from_resources`] takes [`ResourceSpec`]s, what the npm and Python packages build from
//!   `defineDatasource` / `definePipe` / `defineEndpoint` / … objects.
//! - [`Project::lint`] reports datafile mistakes; [`check_jwt_request`] and [`check_static_scopes`]
//!   check a token request against the project; [`create_jwt_checked`] refuses to mint on an error.
//!
//! Reading never fails: whatever cannot be read is a [`Finding`]. The rules below are also those of
//! the conformance vectors (`tests/vectors/README.md`, "Projects").
//!
//! # Reading datafiles
//!
//! A datafile is read line by line as `tb` does: a line that starts without whitespace is a directive;
//! a directive ending in `>` opens a block whose indented (and empty) lines are its content. TOKEN
//! lines are parsed by [`crate::parse_datafile_tokens`], one line at a time, so one bad line is a
//! finding and the rest of the file still reads. Near misses (reported, never read as tokens):
//! - a directive within one edit of `TOKEN` (`TOKNE`, `TOKENS`, `TOKN`) or `TOKEN` glued to a
//!   non-space (`TOKEN:`, `TOKEN=`);
//! - an indented `TOKEN` line outside any block;
//! - a UTF-8 byte order mark before a `TOKEN` on line 1: `tb` reads `\u{feff}TOKEN` as an unknown
//!   directive, so the line is not a token here either, and it is an error (not a warning) because
//!   the token silently disappears otherwise.
//!
//! # Template parameters
//!
//! A pipe's parameters are the names a request can set. Tinybird's templates (<https://www.tinybird.co/docs/forward/dev-reference/template-functions>,
//! <https://www.tinybird.co/docs/forward/core-concepts/templating-language>) are Tornado-style:
//! `{{ expression }}`, `{% statement %}` and `{# comment #}` inside a node whose SQL starts with `%`.
//! Reading them fully would need Python; this reader only collects the free names, which is what a
//! request's parameters bind to:
//!
//! - every identifier of an expression (`{{ … }}`, the condition of `{% if %}` / `{% elif %}` /
//!   `{% while %}`, the value of `{% set %}` and the iterable of `{% for %}`) is a parameter, so
//!   `{{ name }}`, `{{ Int32(days, 7) }}`, `{{ column(c, 'x') }}`, `{{ columns(cols) }}`,
//!   `{{ symbol(s) }}`, `defined(name)`, `{% if not name %}`, `{% if a == 'x' and b %}` all count;
//! - except: names followed by `(` (functions), names after `.` (attributes), keyword argument names
//!   (`description=`, `required=`), string and number literals, Python keywords and constants (`None`,
//!   `True`, `False`, `and`, `or`, `not`, `in`, `is`, `if`, `else`, `for`, `lambda`, …), names bound by
//!   a comprehension or a `lambda` in the same expression, and names bound by `{% set x = … %}` or
//!   `{% for x in … %}` anywhere in the template (unless the name is also given a type or tested with
//!   `defined(…)`, the pattern of a parameter with a computed default);
//! - the first argument of a type function gives the parameter's declared type: `String`, `Boolean`,
//!   `Date`, `DateTime`, `DateTime64`, `Float32`, `Float64`, `Int`, `Integer`, `Int8` … `Int256`,
//!   `UInt8` … `UInt256`, and `Array(name, 'Type', …)` (declared as `Array(Type)`, or `Array` when the
//!   element type is not a string literal).
//!
//! A tag that does not close, or a string inside a tag that does not close, stops the reading: the
//! names found before it are kept and the caller is told the list may be incomplete.
//!
//! # Checks
//!
//! What Tinybird's API would refuse or silently ignore, caught before the token is minted. A resource is looked up by exact name, preferring the kind the scope wants. One that is not in the
//! project is `unknown_resource` (with the closest name as did-you-mean), unless it cannot be known
//! offline: a resource id (`t_` and at least 8 hex digits) or a shared data source (`workspace.name`)
//! is `unchecked_resource`. For a JWT's `PIPES:READ`, the pipe must be an endpoint, each fixed param
//! must name one of its parameters and fit the parameter's declared type (below).
//! Extra claims other than `nbf` and `iat` are carried but not read by Tinybird: `ignored_claim`.
//! Static scopes get the resource and kind checks only (`PIPES:READ` on a non-endpoint is not
//! reported for them: a static token's reach is decided server-side).
//!
//! A pipe without a `TYPE` line is `plain`, which Forward does not serve as an endpoint, so a JWT for
//! it is `pipe_not_endpoint`. Classic datafiles often publish endpoints without a `TYPE` line; this
//! reader follows Forward, so such a project gets that error until the line is added.
//!
//! # Fixed param types
//!
//! A fixed param value must be able to be its parameter's declared type. The rules (lenient where Tinybird's own parsing is not documented, so that a finding always means
//! a value that cannot work):
//! - `String`, and any type this list does not name: anything.
//! - `Int8` … `Int64`, `UInt8` … `UInt64`: a JSON integer, or text of optional sign and digits, within
//!   the type's range. `Int`, `Integer`, `Int128`, `Int256`, `UInt128`, `UInt256`: the same syntax,
//!   no range check (no sign `-` for the unsigned ones). A JSON float or boolean is not an integer.
//! - `Float32`, `Float64`: a JSON number, or decimal text (`1`, `-1.5`, `.5`, `1e3`).
//! - `Boolean`: a JSON boolean, the integers 0 and 1, or the text `true`, `false`, `1`, `0` in any case.
//! - `Date`: `YYYY-MM-DD`, a real calendar day.
//! - `DateTime`: `YYYY-MM-DD HH:MM:SS` (or with `T`), or a date alone.
//! - `DateTime64`: as `DateTime`, with an optional fraction of 1 to 9 digits.
//! - `Array(T)`: text split on commas, each item (trimmed) a `T`; a JSON number or boolean is one item.
//!   `Array` without an element type: anything.
//!
//! # Finding codes
//!
//! A test checks this table against [`FindingCode`]:
//!
//! | finding | reported when |
//! | --- | --- |
//! | `datafile_syntax` | A TOKEN line with the wrong number of arguments or an unclosed quote (error). |
//! | `invalid_permission` | A TOKEN permission other than READ/APPEND, or APPEND on a pipe (error). |
//! | `near_miss_token` | A line that was probably meant as a TOKEN line but is not read as one: `TOKNE`, `TOKEN:`, `TOKENS`, an indented TOKEN outside a block, a byte order mark before it (error). |
//! | `empty_token_name` | A TOKEN line whose token name is empty (error). |
//! | `duplicate_token` | The same token with the same permission attached twice to one resource (warning). |
//! | `duplicate_resource` | Two files or specs define the same resource name (error). |
//! | `invalid_resource_name` | A datafile name or resource spec name that is not a valid resource name (error). |
//! | `unreadable_template` | A template the reader cannot follow (an unclosed tag or string, an INCLUDE), so the pipe's parameters may be incomplete (warning). |
//! | `conflicting_param_type` | One template parameter declared with two different types; the first one is used (warning). |
//! | `unknown_resource` | A scope names a resource the project does not define (error). |
//! | `unchecked_resource` | A scope names a resource id (`t_…`) or a shared data source (`workspace.name`) that cannot be checked offline (warning). |
//! | `wrong_resource_kind` | A scope for pipes names a data source, or one for data sources names a pipe (error). |
//! | `pipe_not_endpoint` | A JWT reads a pipe that is not an endpoint, so the token can read nothing (error). |
//! | `unknown_fixed_param` | A fixed param names no parameter of the pipe (error; a warning when the pipe's parameters could not all be read). |
//! | `fixed_param_type` | A fixed param value that cannot be the parameter's declared type (error). |
//! | `ignored_claim` | Something the token would carry that Tinybird does not read: an extra claim other than `nbf` and `iat` (warning). |

mod check;
mod finding;
mod lint;
mod read;
mod template;
mod values;

use std::fmt;

pub use check::{check_jwt_request, check_static_scopes, create_jwt_checked};
pub use finding::{Finding, FindingCode, Severity};

use crate::datafile::{Permission, ResourceKind};
use finding::sort_findings;

/// A resource kind in words, as messages name it.
fn kind_words(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Datasource => "data source",
        ResourceKind::Pipe => "pipe",
    }
}

/// The kind of a pipe: its `TYPE` line (case-insensitive; none is `plain`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PipeType {
    /// `TYPE endpoint`: an API endpoint, the only kind a JWT's `PIPES:READ` can call.
    Endpoint,
    /// `TYPE materialized`: writes into a data source.
    Materialized,
    /// `TYPE copy`: copies into a data source.
    Copy,
    /// `TYPE sink`: exports.
    Sink,
    /// No `TYPE`: nodes only.
    Plain,
}

impl PipeType {
    /// Every pipe type.
    pub const ALL: &'static [PipeType] = &[
        PipeType::Endpoint,
        PipeType::Materialized,
        PipeType::Copy,
        PipeType::Sink,
        PipeType::Plain,
    ];

    /// `endpoint`, `materialized`, `copy`, `sink`, `plain`.
    pub fn as_str(self) -> &'static str {
        match self {
            PipeType::Endpoint => "endpoint",
            PipeType::Materialized => "materialized",
            PipeType::Copy => "copy",
            PipeType::Sink => "sink",
            PipeType::Plain => "plain",
        }
    }

    /// Parses a type name in any case (`TYPE ENDPOINT` in Classic files, `endpoint` in Forward ones).
    pub fn parse(s: &str) -> Option<PipeType> {
        PipeType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for PipeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A template parameter of a pipe, with its declared type when a type function gives one
/// (`Int32`, `String`, `Array(Int32)`, …).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TemplateParam {
    /// The parameter name.
    pub name: String,
    /// The declared type, as the type function's name.
    #[serde(rename = "type")]
    pub param_type: Option<String>,
}

impl TemplateParam {
    /// A parameter, typed or not.
    pub fn new(name: impl Into<String>, param_type: Option<&str>) -> TemplateParam {
        TemplateParam {
            name: name.into(),
            param_type: param_type.map(str::to_owned),
        }
    }
}

/// A token attached to a resource: a TOKEN line (with its line) or an SDK `tokens` entry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ResourceToken {
    /// The token name.
    pub name: String,
    /// READ or APPEND.
    pub permission: Permission,
    /// The 1-based line of the TOKEN line, for datafiles.
    pub line: Option<usize>,
}

/// One data source or pipe of a project.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Resource {
    /// Data source or pipe.
    pub kind: ResourceKind,
    /// Its name (the file stem, or the spec's name).
    pub name: String,
    /// The datafile it was read from.
    pub path: Option<String>,
    /// For pipes: the kind of pipe (`None` for data sources, and for specs that do not say).
    pub pipe_type: Option<PipeType>,
    /// For pipes: the template parameters, in first-use order.
    pub params: Vec<TemplateParam>,
    /// Whether `params` is known to be the whole list (false after an unreadable template, or for a
    /// spec with neither `params` nor `sql`).
    #[serde(skip)]
    pub params_complete: bool,
    /// The tokens attached to it, in order.
    pub tokens: Vec<ResourceToken>,
}

impl Resource {
    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&TemplateParam> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One datafile of a project: its path (any layout, `/` or `\` separated) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFile {
    /// The path, as the caller wants it shown in findings.
    pub path: String,
    /// The file's text.
    pub text: String,
}

impl ProjectFile {
    /// A file of a project.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> ProjectFile {
        ProjectFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// A resource as an SDK defines it (`defineDatasource`, `defineEndpoint`, …), for
/// [`Project::from_resources`]: build it with [`ResourceSpec::new`] and set the fields that apply.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceSpec {
    /// Data source or pipe.
    pub kind: ResourceKind,
    /// Its name.
    pub name: String,
    /// For pipes, when the SDK object says (`defineEndpoint` → endpoint, …).
    pub pipe_type: Option<PipeType>,
    /// The declared params (`None` when the object has none to give).
    pub params: Option<Vec<TemplateParam>>,
    /// The nodes' SQL texts; their template parameters are added to `params`.
    pub sql: Vec<String>,
    /// Its tokens: name and permission.
    pub tokens: Vec<(String, Permission)>,
}

impl ResourceSpec {
    /// A resource with nothing but a kind and a name.
    pub fn new(kind: ResourceKind, name: impl Into<String>) -> ResourceSpec {
        ResourceSpec {
            kind,
            name: name.into(),
            pipe_type: None,
            params: None,
            sql: Vec::new(),
            tokens: Vec::new(),
        }
    }
}

/// A project: its resources, and what reading them found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    resources: Vec<Resource>,
    findings: Vec<Finding>,
}

impl Project {
    /// Reads datafile texts: `.datasource` and `.pipe` files, others ignored. Never fails; what cannot
    /// be read is in [`Project::findings`].
    ///
    /// ```
    /// use tinybird_tokens::{Project, ProjectFile, PipeType};
    /// let project = Project::from_files(&[ProjectFile::new(
    ///     "endpoints/top_pages.pipe",
    ///     "NODE n\nSQL >\n    %\n    SELECT * FROM t WHERE d > {{ Int32(days, 7) }}\n\nTYPE endpoint\nTOKEN app READ\n",
    /// )]);
    /// let pipe = &project.resources()[0];
    /// assert_eq!((pipe.name.as_str(), pipe.pipe_type), ("top_pages", Some(PipeType::Endpoint)));
    /// assert_eq!(pipe.params[0].param_type.as_deref(), Some("Int32"));
    /// assert_eq!(pipe.tokens[0].line, Some(7));
    /// assert!(project.lint().is_empty());
    /// ```
    pub fn from_files(files: &[ProjectFile]) -> Project {
        Project::new(files, &[])
    }

    /// Builds a project from SDK resource objects.
    pub fn from_resources(specs: &[ResourceSpec]) -> Project {
        Project::new(&[], specs)
    }

    /// Both: the files first, then the specs.
    pub fn new(files: &[ProjectFile], specs: &[ResourceSpec]) -> Project {
        let mut project = Project::default();
        for file in files {
            if let Some((resource, findings)) = read::read_file(&file.path, &file.text) {
                project.resources.push(resource);
                project.findings.extend(findings);
            }
        }
        for spec in specs {
            let (resource, findings) = read::read_spec(spec);
            project.resources.push(resource);
            project.findings.extend(findings);
        }
        sort_findings(&mut project.findings);
        project
    }

    /// Every data source and pipe, in input order.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// The first resource named `name`, preferring one of `kind` when given.
    pub fn resource(&self, name: &str, kind: Option<ResourceKind>) -> Option<&Resource> {
        let mut named = self.resources.iter().filter(|r| r.name == name);
        match kind {
            Some(k) => named.clone().find(|r| r.kind == k).or_else(|| named.next()),
            None => named.next(),
        }
    }

    /// What reading each file or spec found (TOKEN line errors and near misses, unreadable templates,
    /// …), sorted. [`Project::lint`] adds the cross-file findings.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Everything wrong with the project: the reading findings plus duplicate resource names, sorted.
    pub fn lint(&self) -> Vec<Finding> {
        let mut all = self.findings.clone();
        all.extend(lint::duplicate_resources(&self.resources));
        sort_findings(&mut all);
        all
    }

    /// [`check_jwt_request`] as a method.
    pub fn check_jwt(&self, request: &crate::JwtRequest, now: i64) -> crate::Result<Vec<Finding>> {
        check_jwt_request(request, self, now)
    }

    /// [`check_static_scopes`] as a method.
    pub fn check_static_scopes(&self, scopes: &[crate::Scope]) -> Vec<Finding> {
        check_static_scopes(scopes, self)
    }
}

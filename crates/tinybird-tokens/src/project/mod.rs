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
//! Reading never fails: whatever cannot be read is a [`Finding`]. The template parameters recognised
//! are listed in the `template` module's docs (and in `tests/vectors/README.md`); in short, the free
//! names of `{{ … }}` and `{% … %}` tags of nodes whose SQL starts with `%`, typed by Tinybird's type
//! functions (<https://www.tinybird.co/docs/forward/dev-reference/template-functions>).
//!
//! Finding codes (a test checks this table against [`FindingCode`]):
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
//! | `ignored_claim` | Something the token would carry that Tinybird does not read: an extra claim, fixed params or a filter on a scope that ignores them (warning). |

mod check;
mod finding;
mod lint;
mod read;
mod suggest;
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

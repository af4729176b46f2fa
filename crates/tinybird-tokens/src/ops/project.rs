//! The project operations (`read_project`, `lint_project`, `check_jwt`, `check_static_token`) and the
//! JSON form of a project, as `tests/vectors/README.md` and `notes/project-contract.md` define them.

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::ops::args::Args;
use crate::project::{
    Finding, PipeType, Project, ProjectFile, Resource, ResourceSpec, TemplateParam,
};
use crate::{check_jwt_request, check_static_scopes, parse_scope, JwtRequest, Permission};

fn misuse(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

impl Project {
    /// Reads a project's JSON form: `files` (list of `{path, text}`) and/or `resources` (list of
    /// resource specs: `{kind, name, pipe_type?, params?: [{name, type?, required?}], sql?: [str],
    /// tokens?: [{name, permission}]}`). Other keys are ignored (they belong to the operation); a
    /// missing or mistyped field is `invalid_argument`.
    pub fn from_json(value: &Json) -> Result<Project> {
        let a = Args::new(value);
        if a.get("files").is_none() && a.get("resources").is_none() {
            return Err(misuse("A project needs \"files\" or \"resources\"."));
        }
        let mut files = Vec::new();
        if a.get("files").is_some() {
            for item in a.list("files")? {
                let f = Args::new(item);
                files.push(ProjectFile::new(f.str("path")?, f.str("text")?));
            }
        }
        let mut specs = Vec::new();
        if a.get("resources").is_some() {
            for item in a.list("resources")? {
                specs.push(spec_from_json(&Args::new(item))?);
            }
        }
        Ok(Project::new(&files, &specs))
    }
}

fn spec_from_json(a: &Args<'_>) -> Result<ResourceSpec> {
    let mut spec = ResourceSpec::new(a.kind()?, a.str("name")?);
    if let Some(t) = a.opt_str("pipe_type")? {
        spec.pipe_type = Some(PipeType::parse(t).filter(|p| p.as_str() == t).ok_or_else(|| {
            misuse("\"pipe_type\" must be \"endpoint\", \"materialized\", \"copy\", \"sink\" or \"plain\".")
        })?);
    }
    if a.get("params").is_some() {
        let mut params = Vec::new();
        for item in a.list("params")? {
            let p = Args::new(item);
            if !matches!(p.get("required"), None | Some(Json::Bool(_))) {
                return Err(misuse("A param's \"required\" must be a boolean."));
            }
            params.push(TemplateParam::new(p.str("name")?, p.opt_str("type")?));
        }
        spec.params = Some(params);
    }
    if a.get("sql").is_some() {
        spec.sql = a.str_list("sql")?.into_iter().map(str::to_owned).collect();
    }
    if a.get("tokens").is_some() {
        for item in a.list("tokens")? {
            // The SDKs' token shapes, read as `render_token_lines` reads them: `{name, permission}`,
            // `{name, permissions: [...]}` (one token per permission), `{name}` on a pipe (READ).
            let t = Args::new(item);
            let name = t.str("name")?;
            for permission in super::item_permissions(&t, spec.kind)? {
                let permission = Permission::parse(permission).ok_or_else(|| {
                    misuse("A token's \"permission\" must be \"READ\" or \"APPEND\".")
                })?;
                spec.tokens.push((name.to_owned(), permission));
            }
        }
    }
    Ok(spec)
}

#[derive(Serialize)]
struct ReadOut<'a> {
    resources: &'a [Resource],
    findings: &'a [Finding],
}

pub(super) fn read_project(a: &Args<'_>) -> Result<Json> {
    let project = Project::from_json(a.input())?;
    super::wire(&ReadOut {
        resources: project.resources(),
        findings: project.findings(),
    })
}

pub(super) fn lint_project(a: &Args<'_>) -> Result<Json> {
    super::wire(&Project::from_json(a.input())?.lint())
}

pub(super) fn check_jwt(a: &Args<'_>) -> Result<Json> {
    let project = Project::from_json(a.input())?;
    let request = JwtRequest::from_json(a.required("request")?)?;
    super::wire(&check_jwt_request(&request, &project, a.int("now")?)?)
}

pub(super) fn check_static_token(a: &Args<'_>) -> Result<Json> {
    let project = Project::from_json(a.input())?;
    let mode = a.mode()?;
    let scopes = a
        .str_list("scopes")?
        .into_iter()
        .map(|s| parse_scope(s, mode))
        .collect::<Result<Vec<_>>>()?;
    super::wire(&check_static_scopes(&scopes, &project))
}

/// The optional `project` of `create_jwt`.
pub(super) fn optional_project(a: &Args<'_>) -> Result<Option<Project>> {
    match a.get("project") {
        None | Some(Json::Null) => Ok(None),
        Some(p @ Json::Object(_)) => Project::from_json(p).map(Some),
        Some(_) => Err(misuse(
            "\"project\" must be an object with \"files\" or \"resources\".",
        )),
    }
}

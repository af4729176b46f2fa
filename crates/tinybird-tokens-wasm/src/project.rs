//! The project checks as plain Rust (no `JsValue`): a [`Project`] is read once from its JSON form
//! (`Project::from_json`, the same reader as the `read_project` op) and kept in WebAssembly, so that
//! checking many requests, or minting a JWT per request with `createJwt(…, { project })`
//! (`glue::create_jwt`), does not read every datafile again. JSON text in and out; every rule and
//! message is the core's.

use serde::Serialize;
use tinybird_tokens::json::Json;
use tinybird_tokens::{
    check_jwt_request, check_static_scopes, parse_scope, Error, ErrorCode, Finding, Project,
    Resource, ScopeMode,
};

use crate::glue::{jwt_request, parse};

fn misuse(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    Ok(Json::from_serialize(value)?.to_compact_string())
}

/// Reads a project from its JSON form (`{files?, resources?}`); a bad shape is `invalid_argument`.
pub fn read(input: &str) -> Result<Project, Error> {
    Project::from_json(&parse(input, "The project")?)
}

#[derive(Serialize)]
struct ReadOut<'a> {
    resources: &'a [Resource],
    findings: &'a [Finding],
}

/// `{"resources", "findings"}` as the `read_project` op writes them.
pub fn resources(project: &Project) -> Result<String, Error> {
    json_text(&ReadOut {
        resources: project.resources(),
        findings: project.findings(),
    })
}

/// The project's lint findings, as a JSON array.
pub fn lint(project: &Project) -> Result<String, Error> {
    json_text(&project.lint())
}

/// The findings of a JWT request (the core's JSON request form) against the project.
pub fn check_jwt(project: &Project, request: &str, now: f64) -> Result<String, Error> {
    let (request, now) = jwt_request(request, now)?;
    json_text(&check_jwt_request(&request, project, now)?)
}

/// The findings of static-token scopes (a JSON array of scope strings) against the project; `mode`
/// defaults to Forward.
pub fn check_static_token(
    project: &Project,
    scopes: &str,
    mode: Option<String>,
) -> Result<String, Error> {
    let mode = match mode {
        None => ScopeMode::Forward,
        Some(m) => m.parse()?,
    };
    let Json::Array(items) = parse(scopes, "The scopes")? else {
        return Err(misuse("\"scopes\" must be a list of scope strings."));
    };
    let scopes = items
        .iter()
        .map(|s| match s {
            Json::String(s) => parse_scope(s, mode),
            _ => Err(misuse("Each scope must be a string.")),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    json_text(&check_static_scopes(&scopes, project))
}

/// The findings an error carries (`project_check_failed`), as a JSON array; `None` for other errors.
pub fn error_findings(e: &Error) -> Option<String> {
    if e.code() != ErrorCode::ProjectCheckFailed {
        return None;
    }
    json_text(e.findings()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinybird_tokens::KeySet;

    const ADMIN: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
    const PROJECT: &str = r#"{"files":[{"path":"top_pages.pipe","text":"NODE n\nSQL >\n    %\n    SELECT {{ String(org_id) }}\n\nTYPE endpoint\n"}]}"#;

    fn request(param: &str) -> String {
        format!(
            r#"{{"workspace_id":"w","name":"n","expires_at":2000000000,"scopes":[{{"type":"PIPES:READ","resource":"top_pages","fixed_params":{{"{param}":"acme"}}}}]}}"#
        )
    }

    #[test]
    fn a_project_is_read_once_and_checked_many_times() {
        let p = read(PROJECT).unwrap();
        assert!(resources(&p)
            .unwrap()
            .contains(r#""params":[{"name":"org_id","type":"String"}]"#));
        assert_eq!(lint(&p).unwrap(), "[]");
        assert_eq!(check_jwt(&p, &request("org_id"), 1.7e9).unwrap(), "[]");
        let found = check_jwt(&p, &request("orgid"), 1.7e9).unwrap();
        assert!(found.contains(r#""code":"unknown_fixed_param""#), "{found}");
        assert_eq!(
            check_static_token(&p, r#"["DATASOURCES:READ:top_pages"]"#, None).unwrap(),
            r#"[{"code":"wrong_resource_kind","severity":"error","message":"DATASOURCES:READ names top_pages, which is a pipe, not a data source: use PIPES:READ to read a pipe.","path":null,"line":null,"scope":0,"suggestion":null}]"#
        );
    }

    #[test]
    fn bad_input_is_the_cores_error() {
        let code = |r: Result<Project, Error>| r.err().unwrap().code().as_str();
        assert_eq!(code(read("{}")), "invalid_argument");
        assert_eq!(code(read(r#"["x"]"#)), "invalid_argument");
        assert_eq!(code(read("{")), "invalid_argument");
        let p = read(PROJECT).unwrap();
        let err = |r: Result<String, Error>| r.unwrap_err().code().as_str();
        assert_eq!(
            err(check_static_token(&p, r#"[1]"#, None)),
            "invalid_argument"
        );
        assert_eq!(
            err(check_static_token(&p, r#"{}"#, None)),
            "invalid_argument"
        );
        assert_eq!(
            err(check_static_token(&p, r#"[]"#, Some("x".into()))),
            "invalid_argument"
        );
        assert_eq!(
            err(check_static_token(&p, r#"["PIPES:READ:a b"]"#, None)),
            "invalid_scope"
        );
        assert_eq!(
            err(check_jwt(&p, &request("org_id"), 1.5)),
            "invalid_argument"
        );
    }

    #[test]
    fn create_jwt_refuses_with_the_findings() {
        let mut keys = KeySet::new();
        keys.push_secret(ADMIN.as_bytes()).unwrap();
        let p = read(PROJECT).unwrap();
        assert!(crate::glue::create_jwt(&keys, &request("org_id"), 1.7e9, Some(&p)).is_ok());
        let e = crate::glue::create_jwt(&keys, &request("orgid"), 1.7e9, Some(&p)).unwrap_err();
        assert_eq!(e.code().as_str(), "project_check_failed");
        let findings = error_findings(&e).unwrap();
        assert!(
            findings.starts_with(r#"[{"code":"unknown_fixed_param","severity":"error""#),
            "{findings}"
        );
        assert_eq!(error_findings(&misuse("x")), None);
    }
}

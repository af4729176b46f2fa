//! Checks of a token request against a project (the rules are in the `project` module docs,
//! "Checks").

use crate::datafile::ResourceKind;
use crate::error::{shown, Error, ErrorCode, Result};
use crate::jwt::{JwtRequest, JwtScopeType};
use crate::keys::SigningKey;
use crate::scopes::{Scope, ScopeType};
use crate::suggest::closest;

use super::finding::{sort_findings, Finding, FindingCode};
use super::values::type_mismatch;
use super::{kind_words, PipeType, Project, Resource};

/// The claims Tinybird reads besides those a request always sets.
const READ_EXTRA_CLAIMS: &[&str] = &["nbf", "iat"];

/// A resource id (`t_` and at least 8 hex digits) or a shared data source name.
fn offline_unknowable(name: &str) -> Option<&'static str> {
    if name.contains('.') {
        return Some("a shared data source of another workspace");
    }
    let id = name
        .strip_prefix("t_")
        .is_some_and(|hex| hex.len() >= 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    id.then_some("a resource id")
}

/// Finds the resource a scope names, or says why not.
fn locate<'p>(
    project: &'p Project,
    scope_type: &str,
    name: &str,
    wanted: ResourceKind,
    index: usize,
    findings: &mut Vec<Finding>,
) -> Option<&'p Resource> {
    let shown_name = shown(name);
    if let Some(r) = project.resource(name, Some(wanted)) {
        if r.kind == wanted {
            return Some(r);
        }
        let hint = match (wanted, scope_type) {
            (ResourceKind::Pipe, "PIPES:READ") => "use DATASOURCES:READ to read a data source.",
            (ResourceKind::Pipe, _) => "only pipes take it.",
            (ResourceKind::Datasource, "DATASOURCES:READ") => "use PIPES:READ to read a pipe.",
            (ResourceKind::Datasource, _) => "only data sources take it.",
        };
        findings.push(
            Finding::error(
                FindingCode::WrongResourceKind,
                format!(
                    "{scope_type} names {shown_name}, which is a {}, not a {}: {hint}",
                    kind_words(r.kind),
                    kind_words(wanted)
                ),
            )
            .in_scope(index),
        );
        return None;
    }
    if let Some(what) = offline_unknowable(name) {
        findings.push(
            Finding::warning(
                FindingCode::UncheckedResource,
                format!(
                    "{scope_type} names {shown_name}, {what}, which cannot be checked offline."
                ),
            )
            .in_scope(index),
        );
        return None;
    }
    let names = |kind: Option<ResourceKind>| {
        project
            .resources()
            .iter()
            .filter(move |r| kind.is_none_or(|k| r.kind == k))
            .map(|r| r.name.as_str())
    };
    let suggestion = closest(name, names(Some(wanted))).or_else(|| closest(name, names(None)));
    findings.push(
        Finding::error(
            FindingCode::UnknownResource,
            format!(
                "{scope_type} names {} {shown_name}, which the project does not define.",
                kind_words(wanted)
            ),
        )
        .in_scope(index)
        .suggest(suggestion.map(str::to_owned)),
    );
    None
}

fn check_fixed_params(
    pipe: &Resource,
    params: &crate::FixedParams,
    index: usize,
    findings: &mut Vec<Finding>,
) {
    for (key, value) in params.entries() {
        let shown_key = shown(key);
        let Some(param) = pipe.param(key) else {
            let suggestion =
                closest(key, pipe.params.iter().map(|p| p.name.as_str())).map(str::to_owned);
            let finding = if pipe.params_complete {
                let list = if pipe.params.is_empty() {
                    "it has no parameters".to_owned()
                } else {
                    let names: Vec<&str> = pipe.params.iter().map(|p| p.name.as_str()).collect();
                    format!("its parameters: {}", names.join(", "))
                };
                Finding::error(
                    FindingCode::UnknownFixedParam,
                    format!(
                        "Fixed param {shown_key} is not a parameter of pipe {}, so it restricts nothing; {list}.",
                        pipe.name
                    ),
                )
            } else {
                Finding::warning(
                    FindingCode::UnknownFixedParam,
                    format!(
                        "Fixed param {shown_key} could not be checked: the parameters of pipe {} could not all be read.",
                        pipe.name
                    ),
                )
            };
            findings.push(finding.in_scope(index).suggest(suggestion));
            continue;
        };
        let Some(declared) = &param.param_type else {
            continue;
        };
        if let Some(why) = type_mismatch(declared, value) {
            findings.push(
                Finding::error(
                    FindingCode::FixedParamType,
                    format!(
                        "Fixed param {shown_key} of pipe {} is declared {declared}, and {why}.",
                        pipe.name
                    ),
                )
                .in_scope(index),
            );
        }
    }
}

/// Checks a JWT request against a project. The request's own rules come first, as
/// [`crate::create_jwt`] checks them (an error there is returned as the error); then every finding
/// about the project, sorted. `now` is Unix seconds.
///
/// ```
/// use tinybird_tokens::{check_jwt_request, parse_fixed_params, Expiry, JwtRequest, JwtScope, Project, ProjectFile};
/// let project = Project::from_files(&[ProjectFile::new(
///     "top_pages.pipe",
///     "NODE n\nSQL >\n    %\n    SELECT 1 WHERE org = {{ String(org_id) }}\n\nTYPE endpoint\n",
/// )]);
/// let request = JwtRequest {
///     workspace_id: "w".into(),
///     name: "tenant".into(),
///     expiry: Expiry::At(2_000_000_000),
///     scopes: vec![JwtScope::read_pipe("top_pages")?.with_fixed_params(parse_fixed_params("orgid=acme")?)?],
///     rps_limit: None,
///     extra_claims: vec![],
/// };
/// let findings = check_jwt_request(&request, &project, 1_700_000_000)?;
/// assert_eq!(findings[0].code.as_str(), "unknown_fixed_param");
/// assert_eq!(findings[0].suggestion.as_deref(), Some("org_id"));
/// # Ok::<(), tinybird_tokens::Error>(())
/// ```
pub fn check_jwt_request(
    request: &JwtRequest,
    project: &Project,
    now: i64,
) -> Result<Vec<Finding>> {
    request.check(now)?;
    Ok(project_findings(request, project))
}

/// The findings about the project for a request whose own rules hold (a restriction Tinybird would
/// ignore is already refused by them, so every scope applies what it carries).
fn project_findings(request: &JwtRequest, project: &Project) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, scope) in request.scopes.iter().enumerate() {
        let type_name = scope.scope_type().as_str();
        let wanted = match scope.scope_type() {
            JwtScopeType::PipesRead => ResourceKind::Pipe,
            JwtScopeType::DatasourcesRead => ResourceKind::Datasource,
        };
        let Some(resource) = locate(
            project,
            type_name,
            scope.resource(),
            wanted,
            index,
            &mut findings,
        ) else {
            continue;
        };
        if wanted != ResourceKind::Pipe {
            continue;
        }
        if let Some(pipe_type) = resource.pipe_type.filter(|t| *t != PipeType::Endpoint) {
            let what = match pipe_type {
                PipeType::Plain => "a pipe without TYPE endpoint".to_owned(),
                other => format!("a {other} pipe"),
            };
            findings.push(
                Finding::error(
                    FindingCode::PipeNotEndpoint,
                    format!(
                        "PIPES:READ names {}, {what}: a JWT reads endpoints only, so this scope reads nothing.",
                        resource.name
                    ),
                )
                .in_scope(index),
            );
        }
        if let Some(params) = scope.fixed_params() {
            check_fixed_params(resource, params, index, &mut findings);
        }
    }
    for (key, _) in &request.extra_claims {
        if !READ_EXTRA_CLAIMS.contains(&key.as_str()) {
            findings.push(Finding::warning(
                FindingCode::IgnoredClaim,
                format!(
                    "Extra claim {} is carried in the token but Tinybird does not read it.",
                    shown(key)
                ),
            ));
        }
    }
    sort_findings(&mut findings);
    findings
}

/// Checks static-token scopes against a project: each named resource exists and is of the kind the
/// scope is for. Scopes without a resource (and `*:CREATE`) are not checked.
pub fn check_static_scopes(scopes: &[Scope], project: &Project) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, scope) in scopes.iter().enumerate() {
        let wanted = match scope.scope_type() {
            ScopeType::DatasourcesRead
            | ScopeType::DatasourcesAppend
            | ScopeType::DatasourcesDrop => ResourceKind::Datasource,
            ScopeType::PipesRead | ScopeType::PipesDrop => ResourceKind::Pipe,
            _ => continue,
        };
        if let Some(name) = scope.resource() {
            locate(
                project,
                scope.scope_type().as_str(),
                name,
                wanted,
                index,
                &mut findings,
            );
        }
    }
    sort_findings(&mut findings);
    findings
}

/// [`crate::create_jwt`], then [`check_jwt_request`]: any finding of severity `error` refuses the
/// request with `project_check_failed`, whose message lists those findings (one line each) and which
/// carries all the findings ([`Error::findings`]).
pub fn create_jwt_checked(
    request: &JwtRequest,
    key: &SigningKey,
    now: i64,
    project: &Project,
) -> Result<String> {
    // Minted first, in memory: the minting rules (a token in a claim, the size cap) come before the
    // project's verdict, the order the CLI and every binding report in. Nothing is returned on refusal.
    // Minting has checked the request's own rules, so only the project's findings are left to find.
    let token = crate::create_jwt(request, key, now)?;
    let findings = project_findings(request, project);
    if findings.iter().any(Finding::is_error) {
        return Err(project_check_failed(findings));
    }
    Ok(token)
}

/// The `project_check_failed` error for a list of findings with at least one error.
pub(crate) fn project_check_failed(findings: Vec<Finding>) -> Error {
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| format!("- {f}"))
        .collect();
    let message = format!(
        "The request does not match the project ({} error{}):\n{}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        errors.join("\n")
    );
    Error::new(ErrorCode::ProjectCheckFailed, message).with_findings(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{ProjectFile, ResourceSpec, TemplateParam};
    use crate::{parse_fixed_params, Expiry, JwtScope};

    fn request(scopes: Vec<JwtScope>) -> JwtRequest {
        JwtRequest {
            workspace_id: "w".into(),
            name: "n".into(),
            expiry: Expiry::At(100),
            scopes,
            rps_limit: None,
            extra_claims: vec![],
        }
    }

    fn codes(project: &Project, scopes: Vec<JwtScope>) -> Vec<(&'static str, Option<usize>)> {
        check_jwt_request(&request(scopes), project, 0)
            .unwrap()
            .iter()
            .map(|f| (f.code.as_str(), f.scope))
            .collect()
    }

    /// A pipe and a data source of one name (a lint error of its own): each scope finds its kind.
    #[test]
    fn the_scope_kind_is_preferred() {
        let project = Project::from_files(&[
            ProjectFile::new("events.datasource", ""),
            ProjectFile::new("events.pipe", "TYPE endpoint\n"),
        ]);
        let scopes = vec![
            JwtScope::read_pipe("events").unwrap(),
            JwtScope::read_datasource("events").unwrap(),
        ];
        assert_eq!(codes(&project, scopes), []);
    }

    /// Specs: an unknown pipe type skips the endpoint check; no params and no SQL make the parameter
    /// check a warning; declared params are checked by type.
    #[test]
    fn specs_are_checked_like_files() {
        let mut typed = ResourceSpec::new(ResourceKind::Pipe, "typed");
        typed.params = Some(vec![TemplateParam::new("n", Some("UInt8"))]);
        let project = Project::from_resources(&[
            ResourceSpec::new(ResourceKind::Pipe, "unknown_shape"),
            typed,
        ]);
        let fixed = |p: &str, f: &str| {
            JwtScope::read_pipe(p)
                .unwrap()
                .with_fixed_params(parse_fixed_params(f).unwrap())
                .unwrap()
        };
        let findings = check_jwt_request(
            &request(vec![fixed("unknown_shape", "a=1"), fixed("typed", "n=300")]),
            &project,
            0,
        )
        .unwrap();
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.code.as_str(), f.severity.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("unknown_fixed_param", "warning"),
                ("fixed_param_type", "error")
            ]
        );
    }

    #[test]
    fn request_rules_come_first() {
        let project = Project::default();
        let e = check_jwt_request(&request(vec![]), &project, 0).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidClaims);
    }
}

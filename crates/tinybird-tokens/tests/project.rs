//! The project checks on `examples/project`, the repository's own example: it lints clean, and the
//! audit's mistakes against it (`shared/reference/cli-audit.md` §3 #8) are each caught.

use std::path::{Path, PathBuf};

use tinybird_tokens::{
    check_jwt_request, check_static_scopes, create_jwt_checked, parse_fixed_params, parse_scope,
    ErrorCode, Expiry, JwtRequest, JwtScope, PipeType, Project, ProjectFile, ScopeMode, SigningKey,
};

const ADMIN: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
const NOW: i64 = 1_700_000_000;

fn collect(dir: &Path, root: &Path, out: &mut Vec<ProjectFile>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(ProjectFile::new(rel, text));
        }
    }
}

fn example() -> Project {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/project");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    Project::from_files(&files)
}

fn request(scope: JwtScope) -> JwtRequest {
    JwtRequest {
        workspace_id: "11111111-2222-3333-4444-555555555555".into(),
        name: "tenant".into(),
        expiry: Expiry::At(NOW + 3600),
        scopes: vec![scope],
        rps_limit: None,
        extra_claims: vec![],
    }
}

fn pipe(name: &str, fixed: Option<&str>) -> JwtScope {
    let scope = JwtScope::read_pipe(name).unwrap();
    match fixed {
        Some(text) => scope
            .with_fixed_params(parse_fixed_params(text).unwrap())
            .unwrap(),
        None => scope,
    }
}

fn codes(project: &Project, scope: JwtScope) -> Vec<(String, Option<String>)> {
    check_jwt_request(&request(scope), project, NOW)
        .unwrap()
        .into_iter()
        .map(|f| (f.code.as_str().to_owned(), f.suggestion))
        .collect()
}

#[test]
fn the_example_project_reads_and_lints_clean() {
    let project = example();
    assert_eq!(project.lint(), []);
    let names: Vec<&str> = project
        .resources()
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["orgs", "page_views", "org_usage", "top_pages"]);
    let top = project.resource("top_pages", None).unwrap();
    assert_eq!(top.pipe_type, Some(PipeType::Endpoint));
    let params: Vec<(&str, Option<&str>)> = top
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.param_type.as_deref()))
        .collect();
    assert_eq!(
        params,
        [
            ("org_id", Some("String")),
            ("days", Some("Int32")),
            ("limit", Some("Int32"))
        ]
    );
}

#[test]
fn the_audit_mistakes_are_caught() {
    let project = example();
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(
        codes(&project, pipe("top_pagez", Some("org_id=acme"))),
        [("unknown_resource".into(), s("top_pages"))]
    );
    assert_eq!(
        codes(&project, pipe("page_views", None)),
        [("wrong_resource_kind".into(), None)]
    );
    assert_eq!(
        codes(&project, pipe("top_pages", Some("orgid=acme"))),
        [("unknown_fixed_param".into(), s("org_id"))]
    );
    assert_eq!(
        codes(&project, pipe("top_pages", Some("org_id=acme,days=abc"))),
        [("fixed_param_type".into(), None)]
    );
    assert_eq!(
        codes(&project, pipe("t_0123456789abcdef", None)),
        [("unchecked_resource".into(), None)]
    );
    assert_eq!(
        codes(&project, pipe("top_pages", Some("org_id=acme,days=30"))),
        []
    );

    let key = SigningKey::from_admin_token(ADMIN).unwrap();
    let e = create_jwt_checked(
        &request(pipe("top_pages", Some("orgid=acme"))),
        &key,
        NOW,
        &project,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ProjectCheckFailed);
    assert_eq!(e.findings().len(), 1);
    assert!(e.message().contains("orgid"), "{}", e.message());
    assert!(create_jwt_checked(
        &request(pipe("top_pages", Some("org_id=acme"))),
        &key,
        NOW,
        &project
    )
    .is_ok());

    let scopes = [
        parse_scope("DATASOURCES:APPEND:top_pages", ScopeMode::Forward).unwrap(),
        parse_scope("PIPES:READ:org_usage", ScopeMode::Forward).unwrap(),
        parse_scope("DATASOURCES:READ:page_view", ScopeMode::Forward).unwrap(),
    ];
    let found: Vec<(usize, &str)> = check_static_scopes(&scopes, &project)
        .iter()
        .map(|f| (f.scope.unwrap(), f.code.as_str()))
        .collect();
    assert_eq!(found, [(0, "wrong_resource_kind"), (2, "unknown_resource")]);
}

/// A token given as a fixed param value or an extra claim name is never shown: not in the findings,
/// and not in the error when the request is refused (whether by the project check or by a rule of
/// the request itself).
#[test]
fn findings_never_echo_a_token() {
    let project = example();
    let fixed = format!("org_id=acme,days={ADMIN}");
    let mut req = request(pipe("top_pages", Some(&fixed)));
    req.extra_claims
        .push((ADMIN.to_owned(), tinybird_tokens::Json::Int(1)));
    let mut shown = String::new();
    match check_jwt_request(&req, &project, NOW) {
        Ok(findings) => {
            assert!(!findings.is_empty());
            for f in findings {
                shown += &format!("{f} {f:?}");
            }
        }
        Err(e) => shown += &format!("{e} {e:?}"),
    }
    let key = SigningKey::from_admin_token(ADMIN).unwrap();
    let e = create_jwt_checked(&req, &key, NOW, &project).unwrap_err();
    shown += &format!("{e} {e:?} {}", e.input().unwrap_or_default());
    for f in e.findings() {
        shown += &f.to_string();
    }
    assert!(!shown.contains(ADMIN), "{shown}");
    assert!(!shown.contains(&ADMIN[ADMIN.len() - 20..]), "{shown}");
}

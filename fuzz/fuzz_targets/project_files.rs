//! Any text as a pipe and a data source of a project: reading, linting and checking a request never
//! panic, and every finding about a file points inside it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{check_jwt_request, Expiry, JwtRequest, JwtScope, Project, ProjectFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    let project = Project::from_files(&[
        ProjectFile::new("fuzz.pipe", text),
        ProjectFile::new("fuzz.datasource", text),
    ]);
    for f in project.lint() {
        assert!(f.path.is_some());
        assert!(f.line.is_none_or(|l| l >= 1 && l <= lines));
    }
    let request = JwtRequest {
        workspace_id: "w".into(),
        name: "n".into(),
        expiry: Expiry::At(1),
        scopes: vec![JwtScope::read_pipe("fuzz").unwrap()],
        rps_limit: None,
        extra_claims: vec![],
    };
    let _ = check_jwt_request(&request, &project, 0);
});

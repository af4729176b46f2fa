//! The closed word lists of the token model (`tests/vectors/bindings/vocabulary.json`, written by the
//! vector generator from its own tables) are exactly the core's enums. The JS and Python suites check
//! their type-level mirrors against the same file, so no list can drift from the core.

use std::path::PathBuf;

use tinybird_tokens::{
    Action, ErrorCode, FindingCode, Json, JwtScopeType, Part, PipeType, ScopeType, Severity,
    TokenKind,
};

fn vocabulary(list: &str) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors/bindings/vocabulary.json");
    let doc = Json::parse(&std::fs::read_to_string(path).expect("vocabulary.json exists")).unwrap();
    let Some(Json::Array(items)) = doc.get(list) else {
        panic!("vocabulary.json has no list {list}")
    };
    assert!(!items.is_empty(), "{list} is empty");
    items
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn sorted(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = names.into_iter().collect();
    v.sort();
    v
}

#[test]
fn word_lists_are_the_core_enums() {
    assert_eq!(
        vocabulary("scope_types"),
        sorted(ScopeType::all().map(|t| t.to_string()))
    );
    assert_eq!(
        vocabulary("jwt_scope_types"),
        sorted(JwtScopeType::ALL.iter().map(|t| t.to_string()))
    );
    assert_eq!(
        vocabulary("actions"),
        sorted(Action::all().map(|a| a.to_string()))
    );
    assert_eq!(
        vocabulary("error_codes"),
        sorted(ErrorCode::ALL.iter().map(|c| c.to_string()))
    );
    assert_eq!(
        vocabulary("finding_codes"),
        sorted(FindingCode::ALL.iter().map(|c| c.to_string()))
    );
    assert_eq!(
        vocabulary("pipe_types"),
        sorted(PipeType::ALL.iter().map(|t| t.to_string()))
    );
    assert_eq!(
        vocabulary("severities"),
        [Severity::Error, Severity::Warning].map(|s| s.to_string())
    );
    assert_eq!(
        vocabulary("token_kinds"),
        TokenKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        vocabulary("token_parts"),
        sorted(Part::ALL.iter().map(|p| p.as_str().to_owned()))
    );
    for mode in vocabulary("scope_modes") {
        assert_eq!(
            mode.parse::<tinybird_tokens::ScopeMode>()
                .unwrap()
                .to_string(),
            mode
        );
    }
    for kind in vocabulary("resource_kinds") {
        assert_eq!(
            kind.parse::<tinybird_tokens::ResourceKind>()
                .unwrap()
                .to_string(),
            kind
        );
    }
}

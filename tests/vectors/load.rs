//! Loads the conformance vectors for the Rust runners: the core's `tests/vectors.rs` and the CLI's
//! both include this file (`#[path = ...] mod`), so the two read the files the same way. Both crates
//! sit at `crates/<name>`, hence the one relative path from `CARGO_MANIFEST_DIR`.
//!
//! Every failure panics, and so does an empty result: a runner must never pass on zero cases.

use std::path::PathBuf;

use tinybird_tokens::Json;

pub struct Case {
    /// The vector file's name, for failure messages.
    pub file: String,
    pub id: String,
    pub op: String,
    pub input: Json,
    pub expect: Json,
}

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// Every case of `tests/vectors/*.json`, files in name order.
pub fn load() -> Vec<Case> {
    let dir = vectors_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Some(Json::Array(items)) = doc.get("cases") else {
            panic!("{}: no cases", path.display())
        };
        for item in items {
            let field = |k: &str| {
                item.get(k)
                    .unwrap_or_else(|| panic!("case without {k}: {item}"))
                    .clone()
            };
            let text_field = |k: &str| {
                field(k)
                    .as_str()
                    .unwrap_or_else(|| panic!("case {k} is not a string: {item}"))
                    .to_owned()
            };
            cases.push(Case {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                id: text_field("id"),
                op: text_field("op"),
                input: field("input"),
                expect: field("expect"),
            });
        }
    }
    assert!(!cases.is_empty(), "no vector cases in {}", dir.display());
    cases
}

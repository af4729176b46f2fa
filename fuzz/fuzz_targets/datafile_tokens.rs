//! Any text as a datafile: TOKEN parsing and planning never panic; errors carry a line inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{parse_datafile_tokens, plan_tokens, DatafileSource, ResourceKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    for kind in [ResourceKind::Datasource, ResourceKind::Pipe] {
        match parse_datafile_tokens(text, kind) {
            Ok(tokens) => assert!(tokens.iter().all(|t| t.line >= 1 && t.line <= lines)),
            Err(e) => assert!(e.line().is_some_and(|l| l >= 1 && l <= lines)),
        }
        let _ = plan_tokens(&[DatafileSource {
            kind,
            name: "fuzz",
            text,
        }]);
    }
});

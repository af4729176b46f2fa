//! Any text as a scope, in both modes: a parsed scope always formats back to the exact input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{parse_scope, ScopeMode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [ScopeMode::Forward, ScopeMode::Classic] {
        if let Ok(scope) = parse_scope(text, mode) {
            assert_eq!(scope.to_string(), text);
        }
    }
});

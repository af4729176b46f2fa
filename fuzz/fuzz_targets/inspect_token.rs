//! Any text to inspect: never panics, and the report always serializes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let report = tinybird_tokens::inspect_token(text, 1_700_000_000);
        let _ = report.to_json().to_compact_string();
    }
});

//! Any text to inspect: never panics, and the report always serializes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let report = tinybird_tokens::inspect_token(text, 1_700_000_000);
        serde_json::to_string(&report).expect("the report serializes");
    }
});

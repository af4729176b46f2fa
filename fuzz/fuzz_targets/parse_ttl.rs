//! Any text as a TTL: never panics, and an accepted TTL stays within Python's timedelta range.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(ttl) = tinybird_tokens::parse_ttl(text) {
            assert!(ttl.whole_seconds() <= 86_399_999_999_999);
        }
    }
});

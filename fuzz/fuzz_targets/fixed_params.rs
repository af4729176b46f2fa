//! Any text as CLI fixed params: never panics; accepted params have unique, non-empty keys.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = tinybird_tokens::parse_fixed_params(text) {
            let keys: std::collections::HashSet<_> = p.entries().iter().map(|(k, _)| k).collect();
            assert_eq!(keys.len(), p.entries().len());
            assert!(keys.iter().all(|k| !k.is_empty()));
        }
    }
});

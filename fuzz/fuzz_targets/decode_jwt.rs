//! Any text as a JWT to decode without verification: never panics, and `decode_jwt` (which may skip
//! the claims tree) gives the same texts or the same error as its full-parse reference.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(token) = std::str::from_utf8(data) {
        let text = tinybird_tokens::decode_jwt(token);
        if let Ok(d) = &text {
            assert!(d.header().as_object().is_some() && d.claims().as_object().is_some());
        }
        let text = text.map(|d| (d.header_text, d.claims_text));
        let tree =
            tinybird_tokens::decode_jwt_full_parse(token).map(|d| (d.header_text, d.claims_text));
        assert_eq!(format!("{tree:?}"), format!("{text:?}"));
    }
});

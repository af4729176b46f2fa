//! Any `{"op": ..., "input": ...}` JSON through the JSON interface the bindings use: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tinybird_tokens::{ops, Json};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = Json::parse_bytes(data) {
        if let (Some(op), Some(input)) = (doc.get("op").and_then(Json::as_str), doc.get("input")) {
            let _ = ops::call(op, input);
        }
    }
});

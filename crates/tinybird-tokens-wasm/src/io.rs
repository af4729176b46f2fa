//! The hot JWT calls without wasm-bindgen's string marshalling (`bindings/js/src/internal/io.ts`).
//!
//! The TypeScript layer writes the input (a token, claims JSON text, or a request as a typed tree,
//! the core's `json::tree`; always ASCII) straight into one input buffer that lives here and is
//! reused across calls; the result goes into one reused output buffer, whose place and length come
//! back as a single number (`ptr * 2^21 + len`, exact in an f64 for any 32-bit `ptr` and any `len`
//! below 2 MiB, which the TypeScript layer's 64 KiB input bound keeps every result under), so the
//! transport allocates no JS string and no Rust buffer per call (the core still allocates what it
//! builds). Errors are the exports' usual ones (`js_error`), handed over by [`io_error`] after a
//! call returns [`FAILED`]: a plain `f64` return, where a `Result` would make wasm-bindgen return three
//! values, which V8 hands to JS as a new array on every call. Transport only: each export runs the
//! same glue function as its JSON-text twin in `lib.rs`.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::{glue, js_error, JsResult, Keys};
use tinybird_tokens::json::JsonRef;
use tinybird_tokens::Error;

thread_local! {
    /// Input bytes, written by JS at [`io_input`]'s pointer; always fully initialised (`len` = size).
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The last result, read by JS at the pointer each call returns.
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
    /// The error of the last call that returned [`FAILED`], until [`io_error`] takes it.
    static ERROR: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// What an io export returns when it failed: never a result (those are `ptr * 2^21 + len` >= 0).
const FAILED: f64 = -1.0;

/// The error of the io call that just returned [`FAILED`] (taken: a second call gives `undefined`).
#[wasm_bindgen(js_name = ioError)]
pub fn io_error() -> JsValue {
    ERROR
        .with_borrow_mut(Option::take)
        .unwrap_or(JsValue::UNDEFINED)
}

/// An io export's return value: the result, or [`FAILED`] with the error kept for [`io_error`].
fn returned(result: JsResult<f64>) -> f64 {
    result.unwrap_or_else(|e| {
        ERROR.with_borrow_mut(|slot| *slot = Some(e));
        FAILED
    })
}

/// The module's memory, so the TypeScript layer can view it (and see it grow).
#[wasm_bindgen(js_name = ioMemory)]
pub fn io_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Makes the input buffer hold at least `size` bytes; its address (valid until the next call that
/// grows it).
#[wasm_bindgen(js_name = ioInput)]
pub fn io_input(size: usize) -> usize {
    INPUT.with_borrow_mut(|input| {
        if input.len() < size {
            input.resize(size, 0);
        }
        input.as_ptr() as usize
    })
}

/// Results are shorter than this (2^21 bytes), so `ptr * 2^21 + len` is exact in an f64.
const MAX_OUTPUT: usize = 1 << 21;

/// Runs `f` on the first `len` input bytes as text and leaves its result in the output buffer:
/// `ptr * 2^21 + len` of the result, or [`FAILED`] (`returned`).
fn run(len: usize, f: impl FnOnce(&str, &mut String) -> Result<(), Error>) -> f64 {
    returned(INPUT.with_borrow(|input| {
        // The TypeScript layer writes ASCII only; anything else is a bug there, refused as misuse.
        let text = input
            .get(..len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| js_error(glue::misuse("The I/O buffer holds no text.".into())))?;
        OUTPUT.with_borrow_mut(|out| {
            out.clear();
            f(text, out).map_err(js_error)?;
            if out.len() >= MAX_OUTPUT {
                return Err(js_error(glue::misuse(
                    "The result is too large for the I/O buffer.".into(),
                )));
            }
            Ok(out.as_ptr() as usize as f64 * MAX_OUTPUT as f64 + out.len() as f64)
        })
    }))
}

/// `signJwt` on claims JSON text in the input buffer: the token.
#[wasm_bindgen(js_name = ioSignJwt)]
pub fn io_sign_jwt(keys: &Keys, len: usize) -> f64 {
    run(len, |claims, out| {
        out.push_str(&glue::sign_jwt(&keys.0, claims)?);
        Ok(())
    })
}

/// `createJwt` on the core's request form written as a typed tree (the core's `json::tree`) in the
/// input buffer: the token. The same `JwtRequest::from_json` reads it, in place, as reads the
/// JSON-text path's `Json`.
#[wasm_bindgen(js_name = ioCreateJwt)]
pub fn io_create_jwt(keys: &Keys, len: usize, now: f64) -> f64 {
    run(len, |text, out| {
        let request = JsonRef::from_tree(text)
            .ok_or_else(|| glue::misuse("The I/O buffer holds no request.".into()))?;
        out.push_str(&glue::create_jwt_from(&keys.0, request, now)?);
        Ok(())
    })
}

/// The header nearly every JWT carries (PyJWT's and Tinybird's, as the core writes it). The io results
/// leave it out, so the TypeScript layer makes the object instead of parsing it (`takeParts` in
/// io.ts): a `JSON.parse` is most of a `decodeJwt`.
const USUAL_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// A verified or decoded JWT for the TypeScript layer: `H<keyIndex>:<claims>` when its header is
/// [`USUAL_HEADER`] (no key index for a decoded one), else the JSON text of the JSON-text exports.
fn push_parts(out: &mut String, header: &str, claims: &str, key_index: Option<usize>) {
    if header == USUAL_HEADER {
        out.reserve(claims.len() + 24);
        out.push('H');
        if let Some(i) = key_index {
            out.push_str(&i.to_string());
        }
        out.push(':');
        out.push_str(claims);
    } else {
        glue::push_texts(out, header, claims, key_index);
    }
}

/// `verifyJwt` on the token in the input buffer: its parts (`push_parts`).
#[wasm_bindgen(js_name = ioVerifyJwt)]
pub fn io_verify_jwt(
    keys: &Keys,
    len: usize,
    now: f64,
    leeway: f64,
    max_token_bytes: Option<f64>,
) -> f64 {
    run(len, |token, out| {
        let options = glue::verify_options(now, leeway, max_token_bytes)?;
        let v = crate::verify(keys, token, &options)?;
        push_parts(out, &v.header_text, &v.claims_text, Some(v.key_index));
        Ok(())
    })
}

/// `decodeJwt` on the token in the input buffer: its parts (`push_parts`).
#[wasm_bindgen(js_name = ioDecodeJwt)]
pub fn io_decode_jwt(len: usize) -> f64 {
    run(len, |token, out| {
        let d = tinybird_tokens::decode_jwt(token)?;
        push_parts(out, &d.header_text, &d.claims_text, None);
        Ok(())
    })
}

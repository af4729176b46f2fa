//! wasm-bindgen glue for the npm package `tinybird-tokens` (TypeScript layer in `bindings/js`).
//!
//! Glue only: every token rule lives in the `tinybird-tokens` core. Data crosses the boundary as JSON
//! text (the core's ordered [`Json`](tinybird_tokens::json::Json) on this side, `JSON.stringify` /
//! `JSON.parse` on the other), which is faster than building JS objects field by field and keeps key
//! order. Bytes (keys, secrets, HMAC data and tags) cross as bytes (`&[u8]` in, `Vec<u8>` out as a
//! `Uint8Array`), never as hex for the core to decode again. Keys are prepared once and held here ([`Keys`]); the TypeScript layer wraps them so callers
//! never free anything. Errors cross as plain `{code, message, line?, input?}` objects that the
//! TypeScript layer turns into `TinybirdTokenError` subclasses; nothing here panics on bad input.
//!
//! The hot JWT calls also have exports without string marshalling ([`io`]): the TypeScript layer
//! takes them for ASCII input and prepared or string keys.
//!
//! The logic is in [`glue`], plain Rust with native unit tests; this file only converts types.

/// Talc instead of std's dlmalloc: the hot paths allocate for every JSON string and container the core
/// parses, and Talc is faster and smaller on wasm32 (bench/js/RESULTS.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod glue;
pub mod io;
#[cfg(feature = "project")]
pub mod project;
pub mod ring;

use wasm_bindgen::prelude::*;

use ring::Ring;
use tinybird_tokens::{Error, VerifiedJwt, VerifyOptions};

/// Turns a core error into the plain object the TypeScript layer converts: `{code, message}`, plus
/// `line` for datafile errors and `input` (the offending scope, TTL, claim name; never a secret).
fn js_error(e: Error) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        // `Reflect.set` on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code().as_str()));
    set("message", JsValue::from_str(e.message()));
    if let Some(line) = e.line() {
        set("line", JsValue::from_f64(line as f64));
    }
    if let Some(input) = e.input() {
        set("input", JsValue::from_str(input));
    }
    if let Some(parts) = e.verified() {
        // Expired / not yet valid after the signature matched: `{keyIndex, header, claims}` with the
        // header and claims as the JSON text the core verified.
        let v = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &v,
            &"keyIndex".into(),
            &JsValue::from_f64(parts.key_index as f64),
        );
        let _ = js_sys::Reflect::set(&v, &"header".into(), &JsValue::from_str(&parts.header_text));
        let _ = js_sys::Reflect::set(&v, &"claims".into(), &JsValue::from_str(&parts.claims_text));
        set("verified", v.into());
    }
    #[cfg(feature = "project")]
    if let Some(findings) = project::error_findings(&e) {
        // `project_check_failed`: every finding of the check, as JSON text (the TypeScript layer
        // parses it into `err.findings`).
        set("findings", JsValue::from_str(&findings));
    }
    o.into()
}

type JsResult<T> = Result<T, JsValue>;

/// Runs a JSON operation (`tinybird_tokens::ops::call`) on JSON text and returns JSON text.
#[cfg(feature = "project")]
#[wasm_bindgen]
pub fn call(op: &str, input: &str) -> JsResult<String> {
    glue::call(op, input).map_err(js_error)
}

/// One or more HS256 keys, prepared once: the core's [`KeySet`](tinybird_tokens::KeySet) (the first
/// signs, all verify, in order, for rotation), and an optional verification cache ([`Ring`]).
#[wasm_bindgen]
pub struct Keys(Ring);

#[wasm_bindgen]
impl Keys {
    /// An empty key ring.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Keys {
        Keys(Ring::default())
    }

    /// Adds a key given as text (its UTF-8 bytes; a workspace admin token can also mint JWTs).
    #[wasm_bindgen(js_name = addText)]
    pub fn add_text(&mut self, key: &str) -> JsResult<()> {
        self.0.push_secret(key.as_bytes()).map_err(js_error)
    }

    /// Adds a key given as raw bytes (UTF-8 bytes of an admin token count as the admin token).
    #[wasm_bindgen(js_name = addBytes)]
    pub fn add_bytes(&mut self, key: &[u8]) -> JsResult<()> {
        self.0.push_secret(key).map_err(js_error)
    }

    /// Adds every key of another ring (copies of the prepared state; not its cache).
    #[wasm_bindgen(js_name = addKeys)]
    pub fn add_keys(&mut self, other: &Keys) {
        self.0.extend(&other.0);
    }

    /// Caches up to `capacity` successful verifications (a positive integer), keyed by token text;
    /// every hit still runs the size and claim checks against its call's options.
    #[wasm_bindgen(js_name = enableCache)]
    pub fn enable_cache(&mut self, capacity: f64) -> JsResult<()> {
        glue::enable_cache(&mut self.0, capacity).map_err(js_error)
    }

    /// How many tokens the verification cache holds (`undefined` without one).
    #[wasm_bindgen(getter, js_name = cacheSize)]
    pub fn cache_size(&self) -> Option<usize> {
        self.0.cached()
    }

    /// How many keys verify.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.len()
    }

    /// Whether the first key is a workspace admin token (so it can mint Tinybird JWTs).
    #[wasm_bindgen(getter, js_name = isAdminToken)]
    pub fn is_admin_token(&self) -> bool {
        self.0.admin_key().is_ok()
    }

    /// The workspace id of the first key, when it is a workspace admin token (its `u` id).
    #[wasm_bindgen(getter, js_name = workspaceId)]
    pub fn workspace_id(&self) -> Option<String> {
        self.0
            .signing_key()
            .ok()
            .and_then(|k| k.workspace_id())
            .map(str::to_owned)
    }
}

/// Signs claims given as JSON text (an object) with the ring's first key.
#[wasm_bindgen(js_name = signJwt)]
pub fn sign_jwt(keys: &Keys, claims: &str) -> JsResult<String> {
    glue::sign_jwt(&keys.0, claims).map_err(js_error)
}

/// Mints a Tinybird JWT from a request in the core's JSON form, at `now` (Unix seconds).
#[wasm_bindgen(js_name = createJwt)]
pub fn create_jwt(keys: &Keys, request: &str, now: f64) -> JsResult<String> {
    glue::create_jwt(&keys.0, request, now, None).map_err(js_error)
}

/// A project read once (datafile texts and/or resource specs, as JSON text) and kept here, so that
/// each check or checked mint does not read it again.
#[cfg(feature = "project")]
#[wasm_bindgen]
pub struct Project(tinybird_tokens::Project);

#[cfg(feature = "project")]
#[wasm_bindgen]
impl Project {
    /// Reads a project from its JSON form `{files?, resources?}`.
    #[wasm_bindgen(constructor)]
    pub fn new(input: &str) -> JsResult<Project> {
        project::read(input).map(Project).map_err(js_error)
    }

    /// `{"resources", "findings"}` as JSON text.
    pub fn read(&self) -> JsResult<String> {
        project::resources(&self.0).map_err(js_error)
    }

    /// The lint findings as JSON text.
    pub fn lint(&self) -> JsResult<String> {
        project::lint(&self.0).map_err(js_error)
    }

    /// The findings of a JWT request (the core's JSON form) at `now`, as JSON text.
    #[wasm_bindgen(js_name = checkJwt)]
    pub fn check_jwt(&self, request: &str, now: f64) -> JsResult<String> {
        project::check_jwt(&self.0, request, now).map_err(js_error)
    }

    /// The findings of static-token scopes (a JSON array of strings), as JSON text.
    #[wasm_bindgen(js_name = checkStaticToken)]
    pub fn check_static_token(&self, scopes: &str, mode: Option<String>) -> JsResult<String> {
        project::check_static_token(&self.0, scopes, mode).map_err(js_error)
    }
}

/// Mints a Tinybird JWT like [`create_jwt`], refused with `project_check_failed` (and the findings)
/// when the request does not match the project. (A separate export: wasm-bindgen takes no
/// `Option<&Project>`.)
#[cfg(feature = "project")]
#[wasm_bindgen(js_name = createJwtChecked)]
pub fn create_jwt_checked(
    keys: &Keys,
    request: &str,
    now: f64,
    project: &Project,
) -> JsResult<String> {
    glue::create_jwt(&keys.0, request, now, Some(&project.0)).map_err(js_error)
}

/// Verifies a JWT against every key of the ring: the one verify of the glue, which every verify
/// export (JSON text out, or the I/O buffer of [`io`]) ends in.
pub(crate) fn verify(
    keys: &Keys,
    token: &str,
    options: &VerifyOptions,
) -> Result<VerifiedJwt, Error> {
    keys.0.verify(token, options)
}

/// Verifies a JWT against every key of the ring; returns `{"header","claims","keyIndex"}` as JSON
/// text. No `max_token_bytes` (`undefined`) means the core's default.
#[wasm_bindgen(js_name = verifyJwt)]
pub fn verify_jwt(
    keys: &Keys,
    token: &str,
    now: f64,
    leeway: f64,
    max_token_bytes: Option<f64>,
) -> JsResult<String> {
    let run = || {
        let v = verify(
            keys,
            token,
            &glue::verify_options(now, leeway, max_token_bytes)?,
        )?;
        let mut out = String::new();
        glue::push_verified(&mut out, &v);
        Ok(out)
    };
    run().map_err(js_error)
}

/// Empties every ring's verification cache (`clearKeyCache()`; see [`ring`]).
#[wasm_bindgen(js_name = clearVerifyCaches)]
pub fn clear_verify_caches() {
    ring::clear_verify_caches();
}

/// Decodes a JWT without verifying it; returns `{"header","claims"}` as JSON text.
#[wasm_bindgen(js_name = decodeJwt)]
pub fn decode_jwt(token: &str) -> JsResult<String> {
    glue::decode_jwt(token).map_err(js_error)
}

/// Explains a JWT or static token at `now` (the `inspect_token` op without the ops table, so the
/// lean module has it); the core's `Inspection` as JSON text.
#[wasm_bindgen(js_name = inspectToken)]
pub fn inspect_token(token: &str, now: f64) -> JsResult<String> {
    glue::inspect_token(token, now).map_err(js_error)
}

/// Parses `--fixed-params` text (the `parse_fixed_params` op without the ops table, so the lean module
/// has it: the token inspector page builds requests with it); `[name, value]` pairs as JSON text.
#[wasm_bindgen(js_name = parseFixedParams)]
pub fn parse_fixed_params(text: &str) -> JsResult<String> {
    glue::parse_fixed_params(text).map_err(js_error)
}

/// Reads a static token without checking its signature (the `decode_static_token` op without the
/// ops table); its fields as JSON text.
#[wasm_bindgen(js_name = decodeStaticToken)]
pub fn decode_static_token(token: &str) -> JsResult<String> {
    glue::decode_static_token(token).map_err(js_error)
}

/// HMAC-SHA256 of `data` under `key` (bytes in, the 32-byte tag out as a `Uint8Array`).
#[wasm_bindgen(js_name = hmacSha256)]
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    glue::hmac_sha256(key, data)
}

/// Checks a full 32-byte HMAC-SHA256 tag in constant time.
#[wasm_bindgen(js_name = verifyHmacSha256)]
pub fn verify_hmac_sha256(key: &[u8], data: &[u8], tag: &[u8]) -> JsResult<()> {
    glue::verify_hmac_sha256(key, data, tag).map_err(js_error)
}

/// Verifies a static token with the secret's bytes; its fields as JSON text.
#[wasm_bindgen(js_name = verifyStaticToken)]
pub fn verify_static_token(token: &str, secret: &[u8]) -> JsResult<String> {
    glue::verify_static_token(token, secret).map_err(js_error)
}

/// Signs a static token from its fields as JSON text, with the secret's bytes.
#[wasm_bindgen(js_name = generateStaticToken)]
pub fn generate_static_token(fields: &str, secret: &[u8]) -> JsResult<String> {
    glue::generate_static_token(fields, secret).map_err(js_error)
}

/// Fresh Tinybird Local tokens from 64 random bytes (`crypto.getRandomValues` on the JS side);
/// `{"workspace_token","user_token"}` as JSON text.
#[wasm_bindgen(js_name = generateLocalTokens)]
pub fn generate_local_tokens(random: &[u8]) -> JsResult<String> {
    glue::generate_local_tokens(random).map_err(js_error)
}

/// The claims the core names as NumericDates (`exp`, `nbf`, `iat`), as a JSON array: the TypeScript
/// layer signs a `Date` given under one of them as integer seconds.
#[wasm_bindgen(js_name = numericDateClaims)]
pub fn numeric_date_claims() -> String {
    glue::numeric_date_claims()
}

/// Every error code of the core, as a JSON array (the TypeScript layer tests its class table with it).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> String {
    glue::error_codes()
}

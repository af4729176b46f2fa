//! The claims scan moved to [`crate::json`] (`json/scan_claims.rs`); this old path stays until
//! `verify.rs` names the new one, so that branches touching either merge cleanly.

pub(crate) use crate::json::{scan_claims, TimeClaims};

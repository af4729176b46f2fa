//! A small ordered JSON model, a strict parser, a Python-compatible writer, and two fast paths that
//! judge text without building a tree.
//!
//! Why not `serde_json::Value`: JWT bytes depend on key order (Tinybird documents `workspace_id`, `name`,
//! `exp`, `scopes`) and on escaping (PyJWT escapes non-ASCII as `\uXXXX`), and a verifier must reject
//! duplicate keys, which `Value` silently collapses. The parser is our own (no `serde_json` in the
//! WebAssembly module); it bounds nesting (deeper input is an error, never a stack overflow).
//!
//! - `value`: the [`Json`] tree and what signing needs of it.
//! - `parse`: the strict parser, the one judge of what is valid; `float` its decimal-to-double step.
//! - `deserialize`: [`Json`] from any serde deserializer (for types that hold it).
//! - `write`: the compact (PyJWT) and `json.dumps` writers, with Python's float spelling.
//! - `canonical` and `scan_claims`: the two fast paths, walked by one `cursor`; each vouches only for
//!   text the parser would accept, and leaves the rest to it.
//! - `view`: [`JsonRef`], what the readers of requests and claims take: a [`Json`], or a value inside
//!   a `tree`, the typed form a binding writes from its own objects (no JSON text, no [`Json`] built).

mod canonical;
mod cursor;
mod deserialize;
mod float;
mod parse;
mod scan_claims;
mod serialize;
mod tree;
mod value;
mod view;
mod write;

// Hidden: the core's test suite (`tests/properties.rs`) checks the fast path against the writer.
#[doc(hidden)]
pub use canonical::is_compact_canonical;
pub use parse::JsonError;
pub(crate) use scan_claims::{scan_claims, TimeClaims};
pub use tree::{write_tree, TreeRef, MAX_TREE_DEPTH};
pub use value::Json;
pub(crate) use value::Unsignable;
pub use view::{Entries, Items, JsonRef, Node};
pub(crate) use write::{plain_decimal, write_int, write_string, Style};

/// The deepest nesting [`Json::parse`] reads, in arrays and objects (a scalar is 0 deep): where
/// `serde_json`, the parser before ours, gave up (the 128th level), so that what was accepted still
/// is, and the parser's recursion stays short. What is signed must verify, so signing refuses deeper
/// claims.
#[doc(hidden)] // Public for the Python glue, which bounds its conversion of Python objects with it.
pub const MAX_NESTING: usize = 127;

/// The deepest nesting the two fast paths (`is_compact_canonical`, `scan_claims`) walk. Both recurse,
/// and deeper text is no error to them: they return "not vouched for" and the full parser decides. It
/// is lower than [`MAX_NESTING`] because claims are shallow (Tinybird's are 4 levels): the fast paths
/// need not cover everything the parser reads, only the common case, and a lower bound keeps their
/// stack use small (WebAssembly stacks are 1 MiB).
pub(crate) const MAX_SCAN_NESTING: usize = 64;

// A fast path must never vouch for text the parser rejects as too deep.
const _: () = assert!(MAX_SCAN_NESTING <= MAX_NESTING);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_nesting_is_what_parse_reads() {
        for n in [MAX_NESTING, MAX_NESTING + 1] {
            let text = "[".repeat(n) + &"]".repeat(n);
            assert_eq!(Json::parse(&text).is_ok(), n <= MAX_NESTING);
        }
        let mut deep = Json::Int(1);
        for _ in 0..100_000 {
            deep = Json::Array(vec![deep]);
        }
        assert_eq!(deep.check_signable(MAX_NESTING), Err(Unsignable::TooDeep));
        assert_eq!(Json::Object(vec![]).check_signable(1), Ok(()));
        assert_eq!(
            Json::Array(vec![]).check_signable(0),
            Err(Unsignable::TooDeep)
        );
        let nan = Json::Array(vec![Json::Int(1), Json::Float(f64::NAN)]);
        assert_eq!(nan.check_signable(1), Err(Unsignable::NotFinite));
        // Dropping a tree this deep recurses too; leak it rather than test the drop.
        std::mem::forget(deep);
    }
}

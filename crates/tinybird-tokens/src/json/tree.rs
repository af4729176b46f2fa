//! The typed tree: a JSON value in a compact ASCII form that a binding writes straight from its own
//! objects, so that a request reaches the core's readers without JSON text to write and parse, and
//! without a [`Json`] to build first: the readers walk the bytes in place through [`JsonRef`]. The npm
//! package's `createJwt` sends its options so (`bindings/js/src/internal/tree.ts`).
//!
//! `n` null, `t` / `f` booleans, `i<digits>;` an integer (an optional `-`, at most `i64`),
//! `s<len>:<text>` a string, `a<count>:<len>:<items>` an array, `o<count>:<len>:<entries>` an
//! object, each entry `<keylen>:<key><value>`, keys in order. A container's `<len>` is the byte length
//! of its items or entries, so a reader steps over it without walking it; the whole tree is walked
//! once, when it is checked. Counts and lengths are decimal, leading zeros allowed (the JS writer
//! fills them into fixed slots once they are known). No floats and no escapes: the whole tree is
//! ASCII, and writers send anything else as JSON text, so a value read here is the one the JSON-text
//! path reads.

use crate::json::view::Node;
use crate::json::Json;

/// Arrays and objects nest at most this deep in a tree (a scalar is 0 deep); writers send deeper
/// values as JSON text. It also bounds the recursion of every walk over a tree.
pub const MAX_TREE_DEPTH: usize = 64;

/// A value inside a checked tree ([`crate::json::JsonRef::from_tree`]): the tree and where the value's tag is.
#[derive(Clone, Copy)]
pub struct TreeRef<'a> {
    tree: &'a str,
    at: usize,
}

impl std::fmt::Debug for TreeRef<'_> {
    /// The place only: a tree may carry claims, which may carry secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TreeRef {{ at: {}, of: {} bytes }}",
            self.at,
            self.tree.len()
        )
    }
}

impl<'a> TreeRef<'a> {
    /// The root of `bytes` when they are exactly one well-formed tree, else `None` (a writer bug: the
    /// format has no user-facing errors).
    pub(crate) fn root(tree: &'a str) -> Option<TreeRef<'a>> {
        if !tree.is_ascii() {
            return None;
        }
        let end = check(tree, 0, 0)?;
        (end == tree.len()).then_some(TreeRef { tree, at: 0 })
    }

    /// The value's kind, with a scalar's value.
    #[inline]
    pub(crate) fn node(self) -> Node<'a> {
        match self.tree.as_bytes().get(self.at) {
            Some(b't') => Node::Bool(true),
            Some(b'f') => Node::Bool(false),
            Some(b'i') => number(self.tree.as_bytes(), self.at + 1, b';')
                .map_or(Node::Null, |(n, _)| Node::Int(n)),
            Some(b's') => text(self.tree, self.at + 1).map_or(Node::Null, |(s, _)| Node::Str(s)),
            Some(b'a') => Node::Array,
            Some(b'o') => Node::Object,
            _ => Node::Null,
        }
    }

    /// The children of an array (`b'a'`) or an object (`b'o'`); none for anything else.
    pub(crate) fn children(self, tag: u8) -> Children<'a> {
        let (left, at) = match self.tree.as_bytes().get(self.at) {
            Some(t) if *t == tag => {
                container(self.tree.as_bytes(), self.at).map_or((0, 0), |(n, start, _)| (n, start))
            }
            _ => (0, 0),
        };
        Children {
            tree: self.tree,
            at,
            left,
            keyed: tag == b'o',
        }
    }
}

/// The entries of an object or the items of an array in a tree (keys are empty for items).
pub(crate) struct Children<'a> {
    tree: &'a str,
    at: usize,
    left: usize,
    keyed: bool,
}

impl<'a> Iterator for Children<'a> {
    type Item = (&'a str, TreeRef<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        let (key, value) = if self.keyed {
            text(self.tree, self.at)?
        } else {
            ("", self.at)
        };
        self.at = end(self.tree, value)?;
        Some((
            key,
            TreeRef {
                tree: self.tree,
                at: value,
            },
        ))
    }
}

/// Decimal digits (after an optional `-`) up to `end`, at `at`: the number and the place after `end`.
/// At most 19 digits, so a `u64` holds them without overflow checks (which cost a 128-bit multiply
/// per digit in WebAssembly); the value must fit in `i64` either way.
#[inline(always)]
fn number(bytes: &[u8], at: usize, end: u8) -> Option<(i64, usize)> {
    let negative = matches!(bytes.get(at), Some(b'-'));
    let start = at + usize::from(negative);
    let mut i = start;
    let mut n: u64 = 0;
    loop {
        let b = *bytes.get(i)?;
        if b == end {
            break;
        }
        if !b.is_ascii_digit() || i - start == 19 {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
        i += 1;
    }
    if i == start {
        return None;
    }
    let n = i64::try_from(n).ok()?;
    Some((if negative { -n } else { n }, i + 1))
}

/// `<count>:` at `at`: the count and the place after the colon.
#[inline]
fn count(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let (n, next) = number(bytes, at, b':')?;
    Some((usize::try_from(n).ok()?, next))
}

/// `<len>:<text>` at `at` of `tree`: the text and the place after it.
#[inline]
fn text(tree: &str, at: usize) -> Option<(&str, usize)> {
    let (len, start) = count(tree.as_bytes(), at)?;
    let end = start.checked_add(len)?;
    Some((tree.get(start..end)?, end))
}

/// `<count>:<len>:` of the container at `at`: its count, where its children start and where they end.
#[inline]
fn container(bytes: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let (n, next) = count(bytes, at + 1)?;
    let (len, start) = count(bytes, next)?;
    Some((n, start, start.checked_add(len)?))
}

/// The place after the value at `at` of a checked tree: a container's length says where it ends.
fn end(tree: &str, at: usize) -> Option<usize> {
    let bytes = tree.as_bytes();
    match bytes.get(at)? {
        b'n' | b't' | b'f' => Some(at + 1),
        b'i' => Some(number(bytes, at + 1, b';')?.1),
        b's' => Some(text(tree, at + 1)?.1),
        b'a' | b'o' => Some(container(bytes, at)?.2),
        _ => None,
    }
}

/// Checks the value at `at`, `depth` levels down, all of it: the place after it, or `None` if it is
/// malformed (a container whose children do not end where its length says included) or nests deeper
/// than [`MAX_TREE_DEPTH`].
fn check(tree: &str, at: usize, depth: usize) -> Option<usize> {
    let bytes = tree.as_bytes();
    match bytes.get(at)? {
        tag @ (b'a' | b'o') => {
            if depth >= MAX_TREE_DEPTH {
                return None;
            }
            let (n, mut next, end) = container(bytes, at)?;
            for _ in 0..n {
                if *tag == b'o' {
                    next = text(tree, next)?.1;
                }
                next = check(tree, next, depth + 1)?;
            }
            (next == end).then_some(end)
        }
        _ => end(tree, at),
    }
}

/// The tree of a value, or `None` when the format cannot carry it (a float, non-ASCII text, more
/// than [`MAX_TREE_DEPTH`] levels): the reference writer, which the bindings' writers mirror and the
/// tests compare them with.
pub fn write_tree(value: &Json) -> Option<String> {
    let mut out = String::new();
    write(value, &mut out, 0)?;
    Some(out)
}

fn write(value: &Json, out: &mut String, depth: usize) -> Option<()> {
    use std::fmt::Write as _;
    let text = |s: &str, out: &mut String| {
        s.is_ascii().then(|| {
            let _ = write!(out, "{}:{s}", s.len());
        })
    };
    let mut children = String::new();
    let n = match value {
        Json::Null => {
            out.push('n');
            return Some(());
        }
        Json::Bool(b) => {
            out.push(if *b { 't' } else { 'f' });
            return Some(());
        }
        Json::Int(n) => {
            let _ = write!(out, "i{n};");
            return Some(());
        }
        Json::UInt(_) | Json::Float(_) => return None,
        Json::String(s) => {
            out.push('s');
            return text(s, out);
        }
        Json::Array(_) | Json::Object(_) if depth >= MAX_TREE_DEPTH => return None,
        Json::Array(items) => {
            out.push('a');
            for item in items {
                write(item, &mut children, depth + 1)?;
            }
            items.len()
        }
        Json::Object(entries) => {
            out.push('o');
            for (key, item) in entries {
                text(key, &mut children)?;
                write(item, &mut children, depth + 1)?;
            }
            entries.len()
        }
    };
    let _ = write!(out, "{n}:{}:{children}", children.len());
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::JsonRef;

    fn read(tree: &str) -> Option<Json> {
        JsonRef::from_tree(tree).map(JsonRef::to_json)
    }

    /// A tree reads as the `Json` the core's parser gives for the same value's JSON text.
    #[test]
    fn reads_what_the_parser_reads() {
        let tree = "o4:120:4:names3:a:b6:scopesa1:59:o2:53:4:types10:PIPES:READ12:fixed_paramso2:12:1:xi-42;1:yn6:limitso1:9:3:rpsi10;1:za3:5:tfi0;";
        let json = r#"{"name":"a:b","scopes":[{"type":"PIPES:READ","fixed_params":{"x":-42,"y":null}}],"limits":{"rps":10},"z":[true,false,0]}"#;
        let value = Json::parse(json).unwrap();
        assert_eq!(read(tree), Some(value.clone()));
        assert_eq!(write_tree(&value).as_deref(), Some(tree));
        // Counts are of entries and lengths of bytes: one more of either than written is malformed.
        assert_eq!(read(&tree.replacen("o4:", "o5:", 1)), None);
        assert_eq!(read(&tree.replacen("o4:120:", "o4:121:", 1)), None);
        assert_eq!(read(&tree.replacen("a3:5:", "a3:4:", 1)), None);
        let root = JsonRef::from_tree(tree).unwrap();
        let scope = root.get("scopes").unwrap().items().next().unwrap();
        assert!(matches!(
            scope.get("type").map(JsonRef::node),
            Some(Node::Str("PIPES:READ"))
        ));
        assert!(root.get("nope").is_none());
        assert_eq!(root.get("z").unwrap().items().count(), 3);
        assert_eq!(root.get("z").unwrap().entries().count(), 0);
    }

    #[test]
    fn refuses_malformed_trees() {
        for bad in [
            "",
            "x",
            "i12",
            "s5:abc",
            "a2:1:n",
            "a1:2:n",
            "a1:n",
            "o1:2:1:k",
            "o1:3:1:kn",
            "nn",
            "i1.5;",
            "s-1:",
            "i;",
            "i-;",
            "i+1;",
            "i99999999999999999999;",
            "s2:\u{e9}",
            "s1:\u{e9}",
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
        let deep = |levels: usize| {
            (0..levels).fold("n".to_owned(), |inner, _| {
                format!("a1:{}:{inner}", inner.len())
            })
        };
        assert!(read(&deep(MAX_TREE_DEPTH)).is_some());
        assert_eq!(read(&deep(MAX_TREE_DEPTH + 1)), None);
        assert_eq!(read("a0:0:"), Some(Json::Array(vec![])));
        // The JS writer fills counts and lengths into zero-padded slots.
        assert_eq!(
            read("o0001:00007:1:ki-0;"),
            Some(Json::Object(vec![("k".into(), Json::Int(0))]))
        );
    }

    #[test]
    fn the_writer_refuses_what_the_format_lacks() {
        for value in [
            "1.5",
            "18446744073709551615",
            "\"\u{e9}\"",
            "{\"\u{e9}\":1}",
        ] {
            assert_eq!(write_tree(&Json::parse(value).unwrap()), None, "{value}");
        }
        let mut deep = Json::Null;
        for _ in 0..MAX_TREE_DEPTH {
            deep = Json::Array(vec![deep]);
        }
        assert!(write_tree(&deep).is_some());
        assert_eq!(write_tree(&Json::Array(vec![deep])), None);
    }

    /// Debug output shows where a value is, never what it holds.
    #[test]
    fn debug_shows_no_content() {
        let root = JsonRef::from_tree("s6:secret").unwrap();
        assert!(!format!("{root:?}").contains("secret"));
    }
}

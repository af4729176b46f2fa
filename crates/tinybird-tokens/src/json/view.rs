//! [`JsonRef`]: a borrowed JSON value, either the core's [`Json`] or a value inside a typed tree
//! (`tree`). The readers of requests and claims (`JwtRequest::from_json`, `read_scope`,
//! `read_limits`, `FixedParams::from_json`) take one, so each rule is written once for both forms, and
//! a request written as a tree is read in place, without a [`Json`] built and dropped per call.
//!
//! One concrete type rather than a trait: the readers are compiled once, not once per form (the
//! npm package's WebAssembly module has a size budget).

use std::slice;

use crate::json::tree::{Children, TreeRef};
use crate::json::Json;

/// A borrowed JSON value: a [`Json`], or a value inside a typed tree ([`JsonRef::from_tree`]).
#[derive(Clone, Copy, Debug)]
pub enum JsonRef<'a> {
    /// A value of the core's model.
    Value(&'a Json),
    /// A value inside a typed tree.
    Tree(TreeRef<'a>),
}

/// What a [`JsonRef`] is, with a scalar's value (walk arrays and objects with
/// [`JsonRef::items`] and [`JsonRef::entries`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A non-negative integer above `i64::MAX`.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(&'a str),
    /// An array.
    Array,
    /// An object.
    Object,
}

impl<'a> From<&'a Json> for JsonRef<'a> {
    fn from(value: &'a Json) -> JsonRef<'a> {
        JsonRef::Value(value)
    }
}

impl<'a> JsonRef<'a> {
    /// The root of a typed tree (the `tree` module's format), or `None` when `tree` is not exactly one
    /// well-formed tree, no deeper than [`crate::json::MAX_TREE_DEPTH`].
    pub fn from_tree(tree: &'a str) -> Option<JsonRef<'a>> {
        TreeRef::root(tree).map(JsonRef::Tree)
    }

    /// What the value is.
    pub fn node(self) -> Node<'a> {
        match self {
            JsonRef::Tree(t) => t.node(),
            JsonRef::Value(v) => match v {
                Json::Null => Node::Null,
                Json::Bool(b) => Node::Bool(*b),
                Json::Int(n) => Node::Int(*n),
                Json::UInt(n) => Node::UInt(*n),
                Json::Float(f) => Node::Float(*f),
                Json::String(s) => Node::Str(s),
                Json::Array(_) => Node::Array,
                Json::Object(_) => Node::Object,
            },
        }
    }

    /// Whether this is an object.
    pub fn is_object(self) -> bool {
        matches!(self.node(), Node::Object)
    }

    /// Whether this is `null`.
    pub fn is_null(self) -> bool {
        matches!(self.node(), Node::Null)
    }

    /// The string, if this is one.
    pub fn as_str(self) -> Option<&'a str> {
        match self.node() {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of an object's first entry named `key` (`None` for other values).
    pub fn get(self, key: &str) -> Option<JsonRef<'a>> {
        self.entries().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// In one pass over an object's entries (none for other values): the value of the first entry
    /// named `names[i]` into `found[i]`, and the first key not in `names`. What a reader of a fixed
    /// set of fields needs, without a lookup (a walk of the entries) per field.
    pub fn fields(self, names: &[&str], found: &mut [Option<JsonRef<'a>>]) -> Option<&'a str> {
        let mut unknown = None;
        for (key, value) in self.entries() {
            match names.iter().position(|name| *name == key) {
                Some(i) => {
                    if let Some(slot) = found.get_mut(i).filter(|slot| slot.is_none()) {
                        *slot = Some(value);
                    }
                }
                None => {
                    unknown = unknown.or(Some(key));
                }
            }
        }
        unknown
    }

    /// An object's entries, in order (none for other values).
    pub fn entries(self) -> Entries<'a> {
        Entries(match self {
            JsonRef::Tree(t) => Walk::Tree(t.children(b'o')),
            JsonRef::Value(Json::Object(entries)) => Walk::Entries(entries.iter()),
            JsonRef::Value(_) => Walk::Entries([].iter()),
        })
    }

    /// An array's items, in order (none for other values).
    pub fn items(self) -> Items<'a> {
        Items(match self {
            JsonRef::Tree(t) => Walk::Tree(t.children(b'a')),
            JsonRef::Value(Json::Array(items)) => Walk::Items(items.iter()),
            JsonRef::Value(_) => Walk::Items([].iter()),
        })
    }

    /// The value as an owned [`Json`].
    pub fn to_json(self) -> Json {
        match self {
            JsonRef::Value(v) => v.clone(),
            JsonRef::Tree(_) => match self.node() {
                Node::Null => Json::Null,
                Node::Bool(b) => Json::Bool(b),
                Node::Int(n) => Json::Int(n),
                Node::UInt(n) => Json::UInt(n),
                Node::Float(f) => Json::Float(f),
                Node::Str(s) => Json::String(s.to_owned()),
                // A tree's depth is bounded, and so is this recursion.
                Node::Array => Json::Array(self.items().map(JsonRef::to_json).collect()),
                Node::Object => Json::Object(
                    self.entries()
                        .map(|(k, v)| (k.to_owned(), v.to_json()))
                        .collect(),
                ),
            },
        }
    }
}

/// The children of either form.
enum Walk<'a> {
    Tree(Children<'a>),
    Entries(slice::Iter<'a, (String, Json)>),
    Items(slice::Iter<'a, Json>),
}

impl<'a> Iterator for Walk<'a> {
    type Item = (&'a str, JsonRef<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Walk::Tree(children) => children.next().map(|(k, v)| (k, JsonRef::Tree(v))),
            Walk::Entries(entries) => entries.next().map(|(k, v)| (k.as_str(), JsonRef::Value(v))),
            Walk::Items(items) => items.next().map(|v| ("", JsonRef::Value(v))),
        }
    }
}

/// An object's entries ([`JsonRef::entries`]).
pub struct Entries<'a>(Walk<'a>);

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a str, JsonRef<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

/// An array's items ([`JsonRef::items`]).
pub struct Items<'a>(Walk<'a>);

impl<'a> Iterator for Items<'a> {
    type Item = JsonRef<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(_, v)| v)
    }
}

//! Stable string codes: one macro for [`crate::ErrorCode`] and [`crate::FindingCode`], so both kinds of
//! code get the same guarantees (every code listed once, round-trips through its string, serializes and
//! displays as that string) from one definition.

/// Declares a `#[non_exhaustive]` enum of stable snake_case codes with `ALL`, `as_str`, `description`
/// (the variant's doc line), `from_code`, `Display` and `Serialize` as the string.
macro_rules! stable_codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($variant:ident => $code:literal, $doc:literal;)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = $doc] $variant,)*
        }

        impl $name {
            /// Every code, in documentation order; bindings and tests use it to check coverage.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable snake_case code, identical in Rust, JS, Python, the CLI and the vectors.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            /// One line saying when the code is used: the crate docs' tables are checked against it.
            pub fn description(self) -> &'static str {
                match self { $($name::$variant => $doc,)* }
            }

            /// The code for a string produced by `as_str`.
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use stable_codes;

/// The `| `code` | description |` rows of a markdown table in doc comments (`//! | ...`), in order: the
/// tests that keep the crate docs' tables equal to the codes' own descriptions read them with this.
#[cfg(test)]
pub(crate) fn docs_table_rows(docs: &str) -> Vec<(&str, &str)> {
    docs.lines()
        .filter_map(|l| l.strip_prefix("//! | `"))
        .filter_map(|l| l.split_once("` | "))
        .map(|(code, rest)| (code, rest.trim_end_matches(" |")))
        .collect()
}

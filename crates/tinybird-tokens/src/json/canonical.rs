//! The signing fast path: is a claims text already exactly what the writer would write?

use super::cursor::{Cursor, Dialect, Kind, Number};

/// Whether `text` is exactly what [`Json::to_compact_string`] writes for the object it denotes, and
/// valid for signing as it is: an object, printable ASCII with the writer's escapes, integers of at
/// most 15 digits (no floats: the writer spells them like Python), no duplicate keys, at most
/// `MAX_SCAN_NESTING` (64) levels.
///
/// This lets a binding sign the text its own runtime produced (`JSON.stringify` gives this form for
/// ASCII, integer claims, the common case) without parsing and re-writing it; any other text takes the
/// parse-and-write path and gets the same bytes.
///
/// [`Json::to_compact_string`]: super::Json::to_compact_string
pub fn is_compact_canonical(text: &str) -> bool {
    let mut cursor = Cursor::new(text);
    cursor.peek() == Some(b'{')
        && cursor.object::<Canonical>(1, |_, _| Some(())).is_some()
        && cursor.at_end()
}

/// The writer's compact spelling, which is unique: equal keys have equal bytes.
struct Canonical;

impl Dialect for Canonical {
    const WHITESPACE: bool = false;

    #[inline(always)]
    fn raw(byte: u8) -> bool {
        (0x20..=0x7e).contains(&byte)
    }

    fn escape(cursor: &mut Cursor<'_>, _key: bool) -> Option<()> {
        if cursor.short_escape() {
            return Some(());
        }
        let unit = cursor.unicode_escape(true)?;
        // Only what the writer escapes this way and has no short form for.
        let short = matches!(unit, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
        (!short && (unit < 0x20 || (0x7f..0x100).contains(&unit))).then_some(())
    }

    fn number(number: Number<'_>) -> Option<Kind> {
        // No floats, no `-0`, and integers that any JSON runtime reads exactly.
        let negative_zero = number.negative && number.int == b"0";
        (!number.float && !negative_zero && number.int.len() <= 15).then_some(Kind::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    #[test]
    fn canonical_means_the_writer_would_write_it() {
        let cases = [
            (
                r#"{"workspace_id":"w","exp":1700003600,"scopes":[{"type":"PIPES:READ","fixed_params":{"n":-42}}],"limits":{"rps":10}}"#,
                true,
            ),
            (
                r#"{"a":true,"b":false,"c":null,"d":[],"e":{},"f":"x\"y\\z\n\t\u001f\b\f\r/"}"#,
                true,
            ),
            (r#"{}"#, true),
            (r#"{"z":0,"y":[0,1,[2]]}"#, true),
            (r#"{"s":"\u007f\u00f1\u0000"}"#, true),
            (r#"{"f":1.5}"#, false),
            (r#"{"f":1e21}"#, false),
            (r#"{"f":1234567890123456}"#, false),
            (r#"{"f":-0}"#, false),
            (r#"{"f":01}"#, false),
            (r#"{"s":"ñ"}"#, false),
            (r#"{"s":"\ud83d\ude00"}"#, false),
            (r#"{"s":"\u0041"}"#, false),
            (r#"{"s":"\u000a"}"#, false),
            (r#"{"s":"\u00F1"}"#, false),
            (r#"{"s":"\/"}"#, false),
            (r#"{"a":1,"a":2}"#, false),
            (r#"{"a":{"b":1,"b":1}}"#, false),
            (r#"{"a": 1}"#, false),
            (r#"{"a":1}x"#, false),
            (r#"{"a":"unterminated}"#, false),
            ("[1]", false),
            ("", false),
        ];
        for (text, canonical) in cases {
            assert_eq!(is_compact_canonical(text), canonical, "{text}");
            if canonical {
                assert_eq!(Json::parse(text).unwrap().to_compact_string(), text);
            }
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(!is_compact_canonical(&deep));
    }
}

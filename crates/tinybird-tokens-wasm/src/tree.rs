//! A JSON value as a typed tree in ASCII, written by `bindings/js/src/internal/tree.ts` so that
//! `createJwt`'s request reaches the core's `Json` without JSON text to parse:
//!
//! `n` null, `t` / `f` booleans, `i<digits>;` a safe integer, `s<len>:<text>` a string,
//! `a<count>:<items>` an array, `o<count>:<len>:<key><value>...` an object (keys in order).
//!
//! The writer only writes what `JSON.stringify` then the core's parser would read the same way (no
//! floats, no escapes needed: the text is the raw ASCII), so a request read here is the one the
//! JSON-text path reads.

use tinybird_tokens::json::Json;

/// The value written in `bytes`, or `None` if they are not one well-formed tree (a writer bug).
pub fn read(bytes: &[u8]) -> Option<Json> {
    let mut cursor = Cursor { bytes, at: 0 };
    let value = cursor.value(0)?;
    (cursor.at == bytes.len()).then_some(value)
}

/// The writer nests at most this deep (deeper requests take the JSON-text path).
const MAX_DEPTH: usize = 64;

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// Decimal digits (with an optional `-`) up to `end`, read in place (no text to convert).
    fn number(&mut self, end: u8) -> Option<i64> {
        let rest = self.bytes.get(self.at..)?;
        let negative = rest.first() == Some(&b'-');
        let digits = &rest[usize::from(negative)..];
        let len = digits
            .iter()
            .position(|b| *b == end)
            .filter(|len| *len > 0)?;
        let mut n: i64 = 0;
        for b in &digits[..len] {
            let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
            n = n.checked_mul(10)?.checked_add(i64::from(digit))?;
        }
        self.at += usize::from(negative) + len + 1;
        Some(if negative { -n } else { n })
    }

    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.number(b':')?).ok()
    }

    fn text(&mut self) -> Option<String> {
        let len = self.count()?;
        let end = self.at.checked_add(len)?;
        let s = std::str::from_utf8(self.bytes.get(self.at..end)?).ok()?;
        self.at = end;
        Some(s.to_owned())
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.byte()? {
            b'n' => Json::Null,
            b't' => Json::Bool(true),
            b'f' => Json::Bool(false),
            b'i' => Json::Int(self.number(b';')?),
            b's' => Json::String(self.text()?),
            b'a' => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n.min(64));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Json::Array(items)
            }
            b'o' => {
                let n = self.count()?;
                let mut entries = Vec::with_capacity(n.min(64));
                for _ in 0..n {
                    let key = self.text()?;
                    entries.push((key, self.value(depth + 1)?));
                }
                Json::Object(entries)
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree reads as the `Json` the core's parser gives for the same value's JSON text.
    #[test]
    fn reads_what_the_parser_reads() {
        let tree = "o4:4:names3:a:b6:scopesa1:o2:4:types10:PIPES:READ12:fixed_paramso2:1:xi-42;1:yn6:limitso1:3:rpsi10;1:za3:tfi0;";
        let json = r#"{"name":"a:b","scopes":[{"type":"PIPES:READ","fixed_params":{"x":-42,"y":null}}],"limits":{"rps":10},"z":[true,false,0]}"#;
        assert_eq!(read(tree.as_bytes()), Some(Json::parse(json).unwrap()));
        // Counts are of entries: one more declared than written is malformed.
        assert_eq!(read(tree.replacen("o4:", "o5:", 1).as_bytes()), None);
    }

    #[test]
    fn refuses_malformed_trees() {
        for bad in [
            "",
            "x",
            "i12",
            "s5:abc",
            "a2:n",
            "o1:1:k",
            "nn",
            "i1.5;",
            "s-1:",
            "i;",
            "i-;",
            "i+1;",
            "i99999999999999999999;",
        ] {
            assert_eq!(read(bad.as_bytes()), None, "{bad:?}");
        }
        let deep = format!("{}n", "a1:".repeat(MAX_DEPTH + 2));
        assert_eq!(read(deep.as_bytes()), None);
        assert_eq!(read(b"a0:"), Some(Json::Array(vec![])));
        // The JS writer fills an object's count into a zero-padded slot.
        assert_eq!(
            read(b"o0001:1:ki-0;"),
            Some(Json::Object(vec![("k".into(), Json::Int(0))]))
        );
    }
}

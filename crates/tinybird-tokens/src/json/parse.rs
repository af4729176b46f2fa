//! The strict parser: bytes into [`Json`], refusing duplicate keys, trailing data, non-finite numbers
//! and nesting past [`MAX_NESTING`].
//!
//! It replaced `serde_json`'s tokenizer (about 30 KB of the WebAssembly module) and reports what that
//! one reported, in the same words and at the same place ("expected value at line 1 column 3"): the
//! messages reach users inside the callers' errors, and the shared vectors pin one. Where `serde_json`
//! points is followed exactly, including its two conventions: most errors point at the byte after the
//! one that failed, the rest (`error` below) at the position reached.

use std::fmt;

use super::float::parse_decimal;
use super::{Json, MAX_NESTING};

/// Why a text is not acceptable JSON (the caller maps it to its own error code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Json {
    /// Parses JSON strictly: one value, no trailing data, no duplicate object keys, at most 127
    /// levels.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        Json::parse_bytes(text.as_bytes())
    }

    /// [`Json::parse`] over bytes, which must be UTF-8.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Json, JsonError> {
        let mut p = Parser {
            bytes,
            pos: 0,
            scratch: Vec::new(),
        };
        let value = p.value(0)?;
        if p.ws().is_some() {
            return Err(p.peek_error("trailing characters"));
        }
        Ok(value)
    }
}

type Parsed<T> = Result<T, JsonError>;

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// A string's unescaped bytes, reused across strings.
    scratch: Vec<u8>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace; the byte after it.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
        self.peek()
    }

    /// Takes the next byte.
    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    /// `what` at byte `index`, as "… at line L column C" (C counts bytes from 0 at the line start).
    #[cold]
    fn error_at(&self, what: &str, index: usize, back: usize) -> JsonError {
        let before = &self.bytes[..index];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
        let column = (index - line_start).saturating_sub(back);
        JsonError(format!("{what} at line {line} column {column}"))
    }

    /// An error at the position reached.
    #[cold]
    fn error(&self, what: &str) -> JsonError {
        self.error_at(what, self.pos, 0)
    }

    /// An error at the byte after the next one (the one that failed, counted from 1).
    #[cold]
    fn peek_error(&self, what: &str) -> JsonError {
        self.error_at(what, (self.pos + 1).min(self.bytes.len()), 0)
    }

    /// The value at the next non-whitespace byte, `depth` containers deep.
    fn value(&mut self, depth: usize) -> Parsed<Json> {
        let Some(byte) = self.ws() else {
            return Err(self.peek_error("EOF while parsing a value"));
        };
        match byte {
            b'n' => self.literal(b"null", Json::Null),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.pos += 1;
                self.string().map(Json::String)
            }
            b'[' | b'{' if depth == MAX_NESTING => Err(self.peek_error("recursion limit exceeded")),
            b'[' => {
                self.pos += 1;
                self.array(depth + 1)
            }
            b'{' => {
                self.pos += 1;
                self.object(depth + 1)
            }
            _ => Err(self.peek_error("expected value")),
        }
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Parsed<Json> {
        self.pos += 1;
        for &expected in &word[1..] {
            match self.next() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b) if b != expected => return Err(self.error("expected ident")),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    fn array(&mut self, depth: usize) -> Parsed<Json> {
        let mut items = Vec::new();
        loop {
            match self.ws() {
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                Some(b',') if !items.is_empty() => {
                    self.pos += 1;
                    if self.ws() == Some(b']') {
                        return Err(self.peek_error("trailing comma"));
                    }
                }
                Some(_) if !items.is_empty() => return Err(self.peek_error("expected `,` or `]`")),
                Some(_) => {}
                None => return Err(self.peek_error("EOF while parsing a list")),
            }
            items.push(self.value(depth)?);
        }
    }

    fn object(&mut self, depth: usize) -> Parsed<Json> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        loop {
            let byte = match self.ws() {
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(entries));
                }
                Some(b',') if !entries.is_empty() => {
                    self.pos += 1;
                    match self.ws() {
                        Some(b) => b,
                        None => return Err(self.peek_error("EOF while parsing a value")),
                    }
                }
                Some(_) if !entries.is_empty() => {
                    return Err(self.peek_error("expected `,` or `}`"))
                }
                Some(b) => b,
                None => return Err(self.peek_error("EOF while parsing an object")),
            };
            match byte {
                b'"' => self.pos += 1,
                b'}' => return Err(self.peek_error("trailing comma")),
                _ => return Err(self.peek_error("key must be a string")),
            }
            let key = self.string()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(self.duplicate(&key));
            }
            match self.ws() {
                Some(b':') => self.pos += 1,
                Some(_) => return Err(self.peek_error("expected `:`")),
                None => return Err(self.peek_error("EOF while parsing an object")),
            }
            let value = self.value(depth)?;
            entries.push((key, value));
        }
    }

    /// The duplicate key error, masked (a key may be a token). It points where `serde_json` did: past
    /// the whitespace after the key, and past a `}` there.
    #[cold]
    fn duplicate(&mut self, key: &str) -> JsonError {
        if self.ws() == Some(b'}') {
            self.pos += 1;
        }
        let shown = crate::secrets::mask_secrets(key);
        self.error(&format!("duplicate key {}", crate::error::quoted(&shown)))
    }

    /// The string whose opening quote was just passed.
    fn string(&mut self) -> Parsed<String> {
        self.scratch.clear();
        let mut start = self.pos;
        loop {
            // Straight to the next byte that is not plain text.
            let plain = self.bytes[self.pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let Some(plain) = plain else {
                self.pos = self.bytes.len();
                return Err(self.error("EOF while parsing a string"));
            };
            self.pos += plain;
            match self.bytes[self.pos] {
                b'"' => break,
                b'\\' => {
                    self.scratch.extend_from_slice(&self.bytes[start..self.pos]);
                    self.pos += 1;
                    self.escape()?;
                    start = self.pos;
                }
                // A control character (all that is left).
                _ => {
                    self.pos += 1;
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
        let raw = &self.bytes[start..self.pos];
        self.pos += 1;
        let text = if self.scratch.is_empty() {
            raw
        } else {
            self.scratch.extend_from_slice(raw);
            &self.scratch
        };
        match std::str::from_utf8(text) {
            Ok(s) => Ok(s.to_owned()),
            // Pointed at the first bad byte, counted back from the closing quote.
            Err(e) => Err(self.error_at(
                "invalid unicode code point",
                self.pos,
                text.len() - e.valid_up_to(),
            )),
        }
    }

    /// The escape whose backslash was just passed, unescaped into `scratch`.
    fn escape(&mut self) -> Parsed<()> {
        let Some(byte) = self.next() else {
            return Err(self.error("EOF while parsing a string"));
        };
        let unescaped = match byte {
            b'"' | b'\\' | b'/' => byte,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(self.error("invalid escape")),
        };
        self.scratch.push(unescaped);
        Ok(())
    }

    /// A `\uXXXX` escape whose `u` was just passed; a high surrogate must be followed by a low one.
    fn unicode_escape(&mut self) -> Parsed<()> {
        let high = self.hex4()?;
        let code = match high {
            0xDC00..=0xDFFF => return Err(self.error("lone leading surrogate in hex escape")),
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    let Some(byte) = self.next() else {
                        return Err(self.error("EOF while parsing a string"));
                    };
                    if byte != expected {
                        return Err(self.error("unexpected end of hex escape"));
                    }
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((high - 0xD800) << 10 | (low - 0xDC00))
            }
            _ => high,
        };
        let c = char::from_u32(code).expect("not a surrogate");
        self.scratch
            .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }

    /// Four hex digits, as a code unit.
    fn hex4(&mut self) -> Parsed<u32> {
        let Some(hex) = self.bytes.get(self.pos..self.pos + 4) else {
            self.pos = self.bytes.len();
            return Err(self.error("EOF while parsing a string"));
        };
        self.pos += 4;
        hex.iter()
            .try_fold(0u32, |acc, &h| Some(acc * 16 + (h as char).to_digit(16)?))
            .ok_or_else(|| self.error("invalid escape"))
    }

    /// A number at `-` or a digit: an integer that fits 64 bits as `Int`/`UInt` (but `-0` as a float,
    /// as `serde_json` read it), anything else as the nearest finite `f64`.
    fn number(&mut self) -> Parsed<Json> {
        let negative = self.peek() == Some(b'-');
        self.pos += usize::from(negative);
        let int = match self.next() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'0') if self.peek().is_some_and(|b| b.is_ascii_digit()) => {
                return Err(self.peek_error("invalid number"))
            }
            Some(b'0'..=b'9') => self.digits(self.pos - 1),
            Some(_) => return Err(self.error("invalid number")),
        };
        let mut frac: &[u8] = &[];
        if self.peek() == Some(b'.') {
            self.pos += 1;
            frac = self.digits(self.pos);
            if frac.is_empty() {
                let what = match self.peek() {
                    Some(_) => "invalid number",
                    None => "EOF while parsing a value",
                };
                return Err(self.peek_error(what));
            }
        }
        let mut exp = 0i64;
        if let Some(b'e' | b'E') = self.peek() {
            let zero = int.iter().chain(frac).all(|&d| d == b'0');
            match self.exponent(zero)? {
                Some(e) => exp = e,
                // An exponent past i32 (serde_json's bound) on zero, or negative: the value is 0.
                None => return Ok(Json::Float(if negative { -0.0 } else { 0.0 })),
            }
        } else if frac.is_empty() {
            if let Some(n) = integer(int) {
                return Ok(match (negative, i64::try_from(n)) {
                    (false, Ok(n)) => Json::Int(n),
                    (false, Err(_)) => Json::UInt(n),
                    (true, _) if n == 0 => Json::Float(-0.0),
                    (true, _) => match 0i64.checked_sub_unsigned(n) {
                        Some(n) => Json::Int(n),
                        None => Json::Float(-(n as f64)),
                    },
                });
            }
        }
        let magnitude = parse_decimal(int, frac, exp);
        if magnitude.is_infinite() {
            return Err(self.error("number out of range"));
        }
        Ok(Json::Float(if negative { -magnitude } else { magnitude }))
    }

    /// The digits from `start` on (the first already passed).
    fn digits(&mut self, start: usize) -> &'a [u8] {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    /// The exponent at `e`. `None` when it exceeds `i32` and the value is 0 whatever it is (negative,
    /// or `zero` digits); positive past `i32` on non-zero digits is out of range, refused where
    /// `serde_json` gave up.
    fn exponent(&mut self, zero: bool) -> Parsed<Option<i64>> {
        self.pos += 1;
        let negative = self.peek() == Some(b'-');
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        let mut exp = match self.next() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b @ b'0'..=b'9') => i64::from(b - b'0'),
            Some(_) => return Err(self.error("invalid number")),
        };
        while let Some(b @ b'0'..=b'9') = self.peek() {
            self.pos += 1;
            exp = exp * 10 + i64::from(b - b'0');
            if exp > i64::from(i32::MAX) {
                if !zero && !negative {
                    return Err(self.error("number out of range"));
                }
                self.digits(self.pos);
                return Ok(None);
            }
        }
        Ok(Some(if negative { -exp } else { exp }))
    }
}

/// The digits as a `u64`, if they fit.
fn integer(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_order_and_rejects_duplicates() {
        let v = Json::parse(r#"{"b":1,"a":[true,null,1.5,"x"]}"#).unwrap();
        assert_eq!(v.to_compact_string(), r#"{"b":1,"a":[true,null,1.5,"x"]}"#);
        assert_eq!(
            v.to_python_string(),
            r#"{"b": 1, "a": [true, null, 1.5, "x"]}"#
        );
        assert_eq!(
            Json::parse(r#"{"a":1,"a":2}"#).unwrap_err().to_string(),
            r#"duplicate key "a" at line 1 column 10"#
        );
        assert_eq!(
            Json::parse("1e400").unwrap_err().to_string(),
            "number out of range at line 1 column 5"
        );
        assert_eq!(
            Json::parse("{} x").unwrap_err().to_string(),
            "trailing characters at line 1 column 4"
        );
        assert_eq!(
            Json::parse("18446744073709551615").unwrap(),
            Json::UInt(u64::MAX)
        );
        assert_eq!(
            Json::parse("-9223372036854775808").unwrap(),
            Json::Int(i64::MIN)
        );
        assert_eq!(Json::parse("-0").unwrap(), Json::Float(-0.0));
        assert_eq!(Json::parse("1e-400").unwrap(), Json::Float(0.0));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(
            Json::parse(&deep).unwrap_err().to_string(),
            "recursion limit exceeded at line 1 column 128"
        );
    }
}

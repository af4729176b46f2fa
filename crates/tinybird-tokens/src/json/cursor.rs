//! The byte cursor and the JSON walk that both fast paths share ([`is_compact_canonical`] and
//! [`scan_claims`]). They differ only in what a [`Dialect`] says: whether whitespace may stand between
//! tokens, which bytes and escapes a string may hold, and which numbers are in. Neither builds a tree
//! or unescapes a string, and both answer `None` for anything outside their subset.
//!
//! [`is_compact_canonical`]: super::is_compact_canonical
//! [`scan_claims`]: super::scan_claims()

use super::MAX_SCAN_NESTING;

/// What a value was, as far as a caller cares (the claims scan reads the top-level `exp` / `nbf`).
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// An integer of at most 18 digits, so it fits in `i64`.
    SmallInt(i64),
    Other,
}

/// A JSON number as lexed (valid grammar, nothing judged yet about its size).
pub(super) struct Number<'a> {
    pub negative: bool,
    /// The integer part: digits, no leading zero unless it is `0`.
    pub int: &'a [u8],
    /// Whether it has a fraction or an exponent (the parser reads it as a float then).
    pub float: bool,
    /// The exponent's digits, and whether it is negative.
    pub exponent: Option<(bool, &'a [u8])>,
}

/// Where the two fast paths differ.
pub(super) trait Dialect {
    /// Whether JSON's whitespace may stand between tokens (the canonical form has none).
    const WHITESPACE: bool;
    /// Whether a string may hold this byte as it is.
    fn raw(byte: u8) -> bool;
    /// Reads the escape whose backslash was just passed (the cursor is at `u`, `n`, ...); `key` when
    /// the string is an object key.
    fn escape(cursor: &mut Cursor<'_>, key: bool) -> Option<()>;
    /// Whether a number is in, and what it was.
    fn number(number: Number<'_>) -> Option<Kind>;
}

/// A position in the bytes being scanned.
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The keys of every object being walked, innermost last (a stack: one allocation per scan).
    keys: Vec<&'a [u8]>,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            bytes: text.as_bytes(),
            pos: 0,
            keys: Vec::with_capacity(16),
        }
    }

    #[inline(always)]
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    pub(super) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Passes `byte` if it is next.
    #[inline(always)]
    pub(super) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Passes one of the short escapes both dialects write (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`).
    #[inline]
    pub(super) fn short_escape(&mut self) -> bool {
        let short = matches!(
            self.peek(),
            Some(b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't')
        );
        self.pos += usize::from(short);
        short
    }

    /// The code unit of the `\uXXXX` escape whose `u` is next, which it passes; `lowercase` allows
    /// only `0-9a-f` as digits.
    pub(super) fn unicode_escape(&mut self, lowercase: bool) -> Option<u32> {
        if self.peek() != Some(b'u') {
            return None;
        }
        let hex = self.bytes.get(self.pos + 1..self.pos + 5)?;
        let unit = hex.iter().try_fold(0u32, |acc, &h| {
            let digit = match h {
                b'0'..=b'9' => h - b'0',
                b'a'..=b'f' => h - b'a' + 10,
                b'A'..=b'F' if !lowercase => h - b'A' + 10,
                _ => return None,
            };
            Some(acc * 16 + u32::from(digit))
        })?;
        self.pos += 5;
        Some(unit)
    }

    /// JSON's four whitespace bytes, as the strict parser skips them, where the dialect allows them.
    #[inline]
    pub(super) fn ws<D: Dialect>(&mut self) {
        if D::WHITESPACE {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.pos += 1;
            }
        }
    }

    fn digits(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    fn literal(&mut self, word: &[u8]) -> Option<Kind> {
        self.bytes[self.pos..].starts_with(word).then(|| {
            self.pos += word.len();
            Kind::Other
        })
    }

    /// A number in JSON's grammar, at `-` or a digit.
    fn number(&mut self) -> Option<Number<'a>> {
        let negative = self.eat(b'-');
        let int = self.digits();
        if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
            return None;
        }
        let mut float = false;
        if self.eat(b'.') {
            float = true;
            if self.digits().is_empty() {
                return None;
            }
        }
        let mut exponent = None;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.pos += 1;
            let negative = self.eat(b'-');
            if !negative {
                self.eat(b'+');
            }
            let digits = self.digits();
            if digits.is_empty() {
                return None;
            }
            exponent = Some((negative, digits));
        }
        Some(Number {
            negative,
            int,
            float,
            exponent,
        })
    }

    /// A string whose opening quote was just passed; returns its raw bytes between the quotes.
    #[inline]
    fn string<D: Dialect>(&mut self, key: bool) -> Option<&'a [u8]> {
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => {
                    let text = &self.bytes[start..self.pos];
                    self.pos += 1;
                    return Some(text);
                }
                b'\\' => {
                    self.pos += 1;
                    D::escape(self, key)?;
                }
                byte if D::raw(byte) => self.pos += 1,
                _ => return None,
            }
        }
    }

    fn value<D: Dialect>(&mut self, depth: usize) -> Option<Kind> {
        match self.peek()? {
            b'{' if depth < MAX_SCAN_NESTING => self
                .object::<D>(depth + 1, |_, _| Some(()))
                .map(|()| Kind::Other),
            b'[' if depth < MAX_SCAN_NESTING => self.array::<D>(depth + 1).map(|()| Kind::Other),
            b'"' => {
                self.pos += 1;
                self.string::<D>(false).map(|_| Kind::Other)
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => D::number(self.number()?),
            _ => None,
        }
    }

    /// The object at `{`, `depth` levels deep counting itself; `member` sees each key (its raw bytes)
    /// and what its value was. Keys are compared as raw bytes, so each dialect must admit one spelling
    /// per key. Expects the caller to have checked that `{` is next.
    pub(super) fn object<D: Dialect>(
        &mut self,
        depth: usize,
        mut member: impl FnMut(&'a [u8], Kind) -> Option<()>,
    ) -> Option<()> {
        self.pos += 1;
        let base = self.keys.len();
        self.ws::<D>();
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            if !self.eat(b'"') {
                return None;
            }
            let key = self.string::<D>(true)?;
            if self.keys[base..].contains(&key) {
                return None;
            }
            self.keys.push(key);
            self.ws::<D>();
            if !self.eat(b':') {
                return None;
            }
            self.ws::<D>();
            let kind = self.value::<D>(depth)?;
            member(key, kind)?;
            self.ws::<D>();
            if self.eat(b'}') {
                self.keys.truncate(base);
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
            self.ws::<D>();
        }
    }

    fn array<D: Dialect>(&mut self, depth: usize) -> Option<()> {
        self.pos += 1;
        self.ws::<D>();
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.value::<D>(depth)?;
            self.ws::<D>();
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
            self.ws::<D>();
        }
    }
}

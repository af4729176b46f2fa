//! A validating scan of JWT claims that builds no tree.
//!
//! Why: a binding that hands the decoded claims text to its own JSON parser (the npm package gives it
//! to `JSON.parse`) needs the core to judge the text strictly and to read `exp` / `nbf`, not to build an
//! owned [`Json`](crate::Json) tree that is dropped at once. Skipping it makes `verify_jwt_text` 40 %
//! faster than `verify_jwt` natively and 5-12 % in WebAssembly, where SHA-256 dominates (BENCHMARKS.md).
//!
//! The scan accepts only a subset of what [`Json::parse`](crate::Json::parse) accepts, and says nothing
//! about the rest: any text outside the subset gets `None`, and the caller parses it in full, so every
//! error (and its message) still comes from the one strict parser. Outside the subset: keys with escapes
//! (they must be unescaped to be compared), `\u` surrogates, more than 64 levels, a top-level `exp` /
//! `nbf` that is not a plain integer of at most 18 digits, and anything invalid.

/// The top-level time claims of claims text that [`scan_claims`] vouched for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TimeClaims {
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
}

const MAX_DEPTH: usize = 64;

/// `Some` when `text` is surely a valid, duplicate-free JSON object (as the strict parser judges it)
/// whose `exp` and `nbf`, if present, are the integers returned; `None` when the full parser must decide.
pub(crate) fn scan_claims(text: &str) -> Option<TimeClaims> {
    let mut s = Scan {
        b: text.as_bytes(),
        i: 0,
        keys: Vec::with_capacity(16),
        time: TimeClaims::default(),
    };
    s.ws();
    if s.b.get(s.i) != Some(&b'{') {
        return None;
    }
    s.object(1)?;
    s.ws();
    (s.i == s.b.len()).then_some(s.time)
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    /// The keys of every object being scanned, innermost last (a stack, one allocation per scan).
    keys: Vec<&'a [u8]>,
    time: TimeClaims,
}

/// The value of at most 18 ASCII digits.
fn decimal(digits: &[u8]) -> i64 {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + i64::from(d - b'0'))
}

/// What a value was, as far as the top-level time claims care.
enum Kind {
    /// An integer of at most 18 digits, so it fits in `i64`.
    SmallInt(i64),
    Other,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// JSON's four whitespace bytes, as the strict parser skips them.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Kind> {
        match self.peek()? {
            b'{' if depth < MAX_DEPTH => self.object(depth + 1).map(|()| Kind::Other),
            b'[' if depth < MAX_DEPTH => self.array(depth + 1).map(|()| Kind::Other),
            b'"' => self.string(false).map(|_| Kind::Other),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn word(&mut self, w: &[u8]) -> Option<Kind> {
        self.b[self.i..].starts_with(w).then(|| {
            self.i += w.len();
            Kind::Other
        })
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Option<Kind> {
        let negative = self.eat(b'-');
        let int_start = self.i;
        let int_digits = self.digits();
        if int_digits == 0 || (int_digits > 1 && self.b[int_start] == b'0') {
            return None;
        }
        let mut float = false;
        if self.eat(b'.') {
            float = true;
            if self.digits() == 0 {
                return None;
            }
        }
        let mut exponent = 0i64;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.i += 1;
            let sign = match self.peek() {
                Some(b'-') => -1,
                Some(b'+') => 1,
                _ => 0,
            };
            if sign != 0 {
                self.i += 1;
            }
            let exp_start = self.i;
            let exp_digits = self.digits();
            if exp_digits == 0 || exp_digits > 4 {
                // Five exponent digits may overflow an f64: the parser decides.
                return None;
            }
            let magnitude = decimal(&self.b[exp_start..self.i]);
            exponent = if sign < 0 { -magnitude } else { magnitude };
        }
        let digits = &self.b[int_start..int_start + int_digits];
        // `-0` is a float to the parser (-0.0), not the integer 0.
        if !float && int_digits <= 18 && !(negative && digits == b"0") {
            let magnitude = decimal(digits);
            return Some(Kind::SmallInt(if negative {
                -magnitude
            } else {
                magnitude
            }));
        }
        // Valid while finite as an f64 (the parser's rule): below 10^300 surely is; nearer f64::MAX
        // (about 1.8e308) the parser decides. Underflow to zero is accepted, as the parser does.
        let order = i64::try_from(int_digits).ok()? + exponent;
        (order <= 300).then_some(Kind::Other)
    }

    /// A string; returns its raw bytes between the quotes. A key (`key`) with any escape is outside the
    /// subset, as is a `\u` surrogate anywhere. Raw bytes of 0x80 and above are taken as they are: the
    /// caller has checked that the whole text is UTF-8.
    fn string(&mut self, key: bool) -> Option<&'a [u8]> {
        self.i += 1;
        let start = self.i;
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(&self.b[start..self.i - 1]);
                }
                b'\\' if key => return None,
                b'\\' => {
                    self.i += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                        b'u' => {
                            let hex = self.b.get(self.i + 1..self.i + 5)?;
                            let v = hex.iter().try_fold(0u32, |acc, &h| {
                                Some(acc * 16 + char::from(h).to_digit(16)?)
                            })?;
                            if (0xd800..0xe000).contains(&v) {
                                return None;
                            }
                            self.i += 5;
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.i += 1;
        let base = self.keys.len();
        self.ws();
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return None;
            }
            let key = self.string(true)?;
            if self.keys[base..].contains(&key) {
                return None;
            }
            self.keys.push(key);
            self.ws();
            if !self.eat(b':') {
                return None;
            }
            self.ws();
            let kind = self.value(depth)?;
            if depth == 1 && (key == b"exp" || key == b"nbf") {
                let Kind::SmallInt(n) = kind else {
                    return None;
                };
                if key == b"exp" {
                    self.time.exp = Some(n);
                } else {
                    self.time.nbf = Some(n);
                }
            }
            self.ws();
            if self.eat(b'}') {
                self.keys.truncate(base);
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
            self.ws();
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.i += 1;
        self.ws();
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.value(depth)?;
            self.ws();
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
            self.ws();
        }
    }
}

/// What the full parser says about the same text, in [`scan_claims`]'s terms; the scan must never
/// disagree with it when it answers.
#[cfg(test)]
pub(crate) fn parsed_time_claims(text: &str) -> Option<TimeClaims> {
    use crate::Json;
    let json = Json::parse(text).ok()?;
    json.as_object()?;
    let int = |name| match json.get(name) {
        None => Some(None),
        Some(Json::Int(n)) => Some(Some(*n)),
        Some(_) => None,
    };
    Some(TimeClaims {
        exp: int("exp")?,
        nbf: int("nbf")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_only_for_text_the_parser_accepts() {
        let vouched = [
            r#"{"workspace_id":"w","name":"n","exp":1700003600,"scopes":[{"type":"PIPES:READ","resource":"t","fixed_params":{"org":"a","n":1.5e3}}],"limits":{"rps":10}}"#,
            r#" { "exp" : -5 , "nbf":0, "s":"ñ\u00f1\n\/", "a":[true,false,null,[],{}] } "#,
            r#"{}"#,
            r#"{"a":{"a":{"a":1}},"b":{"a":2}}"#,
            r#"{"big":123456789012345678901234567890,"f":-0.0,"e":1E-400,"g":9.99e299,"h":0.5e-0}"#,
            r#"{"exp":999999999999999999}"#,
            r#"{"z":-0,"exp":-999999999999999999}"#,
        ];
        for text in vouched {
            assert_eq!(scan_claims(text), parsed_time_claims(text), "{text}");
            assert!(scan_claims(text).is_some(), "{text}");
        }
        let left_to_the_parser = [
            r#"{"a":1,"a":2}"#,
            r#"{"o":{"k":1,"k":1}}"#,
            r#"{"\u0065xp":1}"#,
            r#"{"s":"\ud83d\ude00"}"#,
            r#"{"exp":1.0}"#,
            r#"{"exp":-0}"#,
            r#"{"exp":"1"}"#,
            r#"{"exp":9999999999999999999}"#,
            r#"{"n":1e400}"#,
            r#"{"n":1e301}"#,
            r#"{"n":1e00001}"#,
            r#"{"n":01}"#,
            r#"{"n":1.}"#,
            r#"{"n":-}"#,
            r#"{"s":"tab	inside"}"#,
            r#"{"s":"\x"}"#,
            r#"{"a":1,}"#,
            r#"{"a":1} x"#,
            r#"[1]"#,
            "",
            r#"{"a":[1,]}"#,
        ];
        for text in left_to_the_parser {
            assert_eq!(scan_claims(text), None, "{text}");
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(70), "]".repeat(70));
        assert_eq!(scan_claims(&deep), None);
        let nested = format!("{{\"a\":{}{}}}", "[".repeat(60), "]".repeat(60));
        assert_eq!(scan_claims(&nested), parsed_time_claims(&nested));
    }
}

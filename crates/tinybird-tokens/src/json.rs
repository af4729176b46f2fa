//! A small ordered JSON model, a strict parser and a Python-compatible writer.
//!
//! Why not `serde_json::Value`: JWT bytes depend on key order (Tinybird documents `workspace_id`, `name`,
//! `exp`, `scopes`) and on escaping (PyJWT escapes non-ASCII as `\uXXXX`), and a verifier must reject
//! duplicate keys, which `Value` silently collapses. Parsing still goes through `serde_json`'s tokenizer,
//! which bounds nesting at 128 levels (deeper input is an error, never a stack overflow).

use std::fmt::{self, Write as _};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value whose objects keep their keys in insertion order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A non-negative integer above `i64::MAX`.
    UInt(u64),
    /// Any other number; never NaN or infinite once parsed.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, in key order; keys are unique when parsed by [`Json::parse`].
    Object(Vec<(String, Json)>),
}

/// The deepest nesting [`Json::parse`] reads (serde_json's recursion limit): what is signed must
/// verify, so signing refuses deeper claims.
pub const MAX_NESTING: usize = 127;

/// Why a value cannot be signed ([`Json::check_signable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsignable {
    /// Nested deeper than allowed.
    TooDeep,
    /// Carries NaN or an infinity.
    NotFinite,
}

/// Why a text is not acceptable JSON (the caller maps it to its own error code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Json {
    /// Parses JSON strictly: one value, no trailing data, no duplicate object keys, at most 128 levels.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        Json::parse_bytes(text.as_bytes())
    }

    /// [`Json::parse`] over bytes, which must be UTF-8.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Json, JsonError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let value = Json::deserialize(&mut de).map_err(|e| JsonError(e.to_string()))?;
        de.end().map_err(|e| JsonError(e.to_string()))?;
        Ok(value)
    }

    /// Checks, in one pass, what signing needs of a value: at most `levels` arrays and objects deep (a
    /// scalar is 0 deep), so that the strict parser reads the token back, and only finite numbers
    /// (JSON has no NaN or infinities; Python's `json.dumps` would write the invalid `NaN`). Never
    /// descends further than `levels`, so a tree of any depth is checked without deep recursion.
    pub fn check_signable(&self, levels: usize) -> Result<(), Unsignable> {
        match self {
            Json::Float(f) if !f.is_finite() => Err(Unsignable::NotFinite),
            Json::Array(items) => {
                let inner = levels.checked_sub(1).ok_or(Unsignable::TooDeep)?;
                items.iter().try_for_each(|v| v.check_signable(inner))
            }
            Json::Object(entries) => {
                let inner = levels.checked_sub(1).ok_or(Unsignable::TooDeep)?;
                entries
                    .iter()
                    .try_for_each(|(_, v)| v.check_signable(inner))
            }
            _ => Ok(()),
        }
    }

    /// Looks a key up in an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object's entries, if this is one.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The integer, if this is a JSON integer that fits in `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// Compact text as PyJWT writes payloads: `separators=(",", ":")`, non-ASCII escaped.
    pub fn to_compact_string(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Style::Compact);
        out
    }

    /// Text as Python's `json.dumps` writes it by default: `", "` and `": "`, non-ASCII escaped.
    pub fn to_python_string(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Style::Python);
        out
    }

    /// Appends this value to `out` in the given style.
    pub(crate) fn write(&self, out: &mut String, style: Style) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Json::UInt(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Float(f) => write_python_float(out, *f),
            Json::String(s) => write_string(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(style.item_sep());
                    }
                    item.write(out, style);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(style.item_sep());
                    }
                    write_string(out, k);
                    out.push_str(style.key_sep());
                    v.write(out, style);
                }
                out.push('}');
            }
        }
    }
}

/// Separator style of the writer.
#[derive(Clone, Copy)]
pub(crate) enum Style {
    /// `,` and `:` (PyJWT payloads).
    Compact,
    /// `, ` and `: ` (Python's `json.dumps` defaults, used by static tokens).
    Python,
}

impl Style {
    fn item_sep(self) -> &'static str {
        match self {
            Style::Compact => ",",
            Style::Python => ", ",
        }
    }
    fn key_sep(self) -> &'static str {
        match self {
            Style::Compact => ":",
            Style::Python => ": ",
        }
    }
}

/// Writes a string the way Python's `json.dumps(ensure_ascii=True)` does.
pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Most claims are plain printable ASCII: copy them whole.
    if s.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(s);
        out.push('"');
        return;
    }
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// Writes a float as Python's `repr` does: shortest round-trip digits, scientific notation outside
/// `1e-4 <= |f| < 1e16`, an exponent of at least two digits, and `.0` on integral values.
///
/// The digits come from `ryu` (the same shortest round-trip digits as Python's `repr`) rather than
/// `{:e}`, whose float machinery is a tenth of the WebAssembly module.
fn write_python_float(out: &mut String, f: f64) {
    if !f.is_finite() {
        // Never parsed, and refused by every signing entry point (`Json::is_finite`); written as
        // Python's `json.dumps` would, so the writer itself stays total.
        out.push_str(if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        });
        return;
    }
    if f == 0.0 {
        out.push_str(if f.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    let mut buffer = ryu::Buffer::new();
    let (digits, exp) = shortest_digits(buffer.format_finite(f.abs()));
    if f.is_sign_negative() {
        out.push('-');
    }
    let digits = digits.as_str();
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(itoa::Buffer::new().format(e));
    }
}

/// The significant digits (no leading or trailing zeros) and the decimal exponent of the first digit
/// of a positive number as `ryu` spells it: `123.45`, `0.00012`, `1e16`, `1.5e-7`.
fn shortest_digits(text: &str) -> (String, i32) {
    let (mantissa, exp) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = [int_part, frac_part].concat();
    let leading = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all[leading..].trim_end_matches('0');
    let first = int_part.len() as i32 - 1 - leading as i32;
    (digits.to_owned(), exp + first)
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_compact_string())
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

impl Serialize for Json {
    /// Objects serialize as maps in key order, so bindings (serde-wasm-bindgen, pyo3 converters) keep it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(n) => serializer.serialize_i64(*n),
            Json::UInt(n) => serializer.serialize_u64(*n),
            Json::Float(f) => serializer.serialize_f64(*f),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(i64::try_from(v).map(Json::Int).unwrap_or(Json::UInt(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        if v.is_finite() {
            Ok(Json::Float(v))
        } else {
            Err(E::custom("number out of range"))
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("duplicate key {key:?}")));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(f: f64) -> String {
        let mut s = String::new();
        write_python_float(&mut s, f);
        s
    }

    /// The previous writer, on `{:e}` (the standard library's shortest round-trip digits): a second
    /// opinion on the `ryu` one.
    fn reference_repr(f: f64) -> String {
        if f == 0.0 {
            return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
        }
        let sci = format!("{:e}", f.abs());
        let (mantissa, exp) = sci.split_once('e').unwrap();
        let exp: i32 = exp.parse().unwrap();
        let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
        let sign = if f < 0.0 { "-" } else { "" };
        if (-4..16).contains(&exp) {
            if exp < 0 {
                format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize))
            } else {
                let int_len = exp as usize + 1;
                if digits.len() <= int_len {
                    format!("{sign}{digits}{}.0", "0".repeat(int_len - digits.len()))
                } else {
                    format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
                }
            }
        } else {
            let rest = if digits.len() > 1 {
                format!(".{}", &digits[1..])
            } else {
                String::new()
            };
            let e_sign = if exp < 0 { '-' } else { '+' };
            format!("{sign}{}{rest}e{e_sign}{:02}", &digits[..1], exp.abs())
        }
    }

    #[test]
    fn float_writer_matches_the_reference_everywhere() {
        // Every power of ten and its neighbours, the subnormals, the extremes, and a pseudo-random
        // sweep of bit patterns.
        let mut values = vec![f64::MIN_POSITIVE, 5e-324, f64::MAX, f64::EPSILON, 0.1 + 0.2];
        for e in -324..=308 {
            let p = format!("1e{e}").parse::<f64>().unwrap();
            values.extend([
                p,
                p * 1.5,
                p * 9.999999999999999,
                p.next_up(),
                p.next_down(),
            ]);
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
        }
        let mut differing = 0;
        for v in values.into_iter().filter(|v| v.is_finite()) {
            for v in [v, -v] {
                let (ours, reference) = (py(v), reference_repr(v));
                assert_eq!(
                    ours.parse::<f64>().unwrap().to_bits(),
                    v.to_bits(),
                    "{ours}"
                );
                if ours != reference {
                    // Two shortest spellings both round-trip: `{:e}` does not always pick the one
                    // nearer the exact value (1658206780088562.25 gives "...562.3"), ryu and
                    // Python do ("...562.2"). The vectors pin Python's choice.
                    assert_eq!(ours.len(), reference.len(), "{ours} vs {reference}");
                    assert_eq!(reference.parse::<f64>().unwrap().to_bits(), v.to_bits());
                    differing += 1;
                }
            }
        }
        assert!(
            differing < 1000,
            "{differing} spellings differ from the reference"
        );
        assert_eq!(py(1658206780088562.2), "1658206780088562.2");
        assert_eq!(py(f64::NAN), "NaN");
        assert_eq!(py(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn floats_match_python_repr() {
        assert_eq!(py(1.0), "1.0");
        assert_eq!(py(1.5), "1.5");
        assert_eq!(py(-0.0), "-0.0");
        assert_eq!(py(0.1), "0.1");
        assert_eq!(py(0.0001), "0.0001");
        assert_eq!(py(0.00001), "1e-05");
        assert_eq!(py(1e15), "1000000000000000.0");
        assert_eq!(py(1e16), "1e+16");
        assert_eq!(py(1.5e300), "1.5e+300");
        assert_eq!(py(123.456), "123.456");
        assert_eq!(py(-2.5e-7), "-2.5e-07");
        assert_eq!(py(2000000000.0), "2000000000.0");
    }

    #[test]
    fn strings_escape_like_python() {
        let mut s = String::new();
        write_string(&mut s, "a\"\\\n\u{7f}ñ😀\u{1}");
        assert_eq!(s, r#""a\"\\\n\u007f\u00f1\ud83d\ude00\u0001""#);
    }

    #[test]
    fn parse_keeps_order_and_rejects_duplicates() {
        let v = Json::parse(r#"{"b":1,"a":[true,null,1.5,"x"]}"#).unwrap();
        assert_eq!(v.to_compact_string(), r#"{"b":1,"a":[true,null,1.5,"x"]}"#);
        assert_eq!(
            v.to_python_string(),
            r#"{"b": 1, "a": [true, null, 1.5, "x"]}"#
        );
        assert!(Json::parse(r#"{"a":1,"a":2}"#).is_err());
        assert!(Json::parse("1e400").is_err());
        assert!(Json::parse("{} x").is_err());
        assert_eq!(
            Json::parse("18446744073709551615").unwrap(),
            Json::UInt(u64::MAX)
        );
    }

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

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(Json::parse(&deep).is_err());
    }
}

/// Whether `text` is exactly what [`Json::to_compact_string`] writes for the object it denotes, and
/// valid for signing as it is: an object, printable ASCII with the writer's escapes, integers of at
/// most 15 digits (no floats: the writer spells them like Python), no duplicate keys, at most 64 levels.
///
/// This lets a binding sign the text its own runtime produced (`JSON.stringify` gives this form for
/// ASCII, integer claims, the common case) without parsing and re-writing it; any other text takes the
/// parse-and-write path and gets the same bytes.
pub fn is_compact_canonical(text: &str) -> bool {
    let mut scanner = Canonical {
        b: text.as_bytes(),
        i: 0,
    };
    scanner.b.first() == Some(&b'{') && scanner.value(0) && scanner.i == scanner.b.len()
}

struct Canonical<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Canonical<'a> {
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> bool {
        match self.b.get(self.i) {
            Some(b'{') => depth < 64 && self.object(depth + 1),
            Some(b'[') => depth < 64 && self.array(depth + 1),
            Some(b'"') => self.string().is_some(),
            Some(b't') => self.word(b"true"),
            Some(b'f') => self.word(b"false"),
            Some(b'n') => self.word(b"null"),
            Some(b'-' | b'0'..=b'9') => self.integer(),
            _ => false,
        }
    }

    fn word(&mut self, w: &[u8]) -> bool {
        if self.b[self.i..].starts_with(w) {
            self.i += w.len();
            true
        } else {
            false
        }
    }

    fn integer(&mut self) -> bool {
        let negative = self.eat(b'-');
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let digits = &self.b[start..self.i];
        let canonical_zero = digits == b"0" && !negative;
        let no_leading_zero = !digits.is_empty() && digits[0] != b'0';
        (canonical_zero || (no_leading_zero && digits.len() <= 15))
            && !matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E'))
    }

    /// A string in the writer's spelling; returns its text between the quotes.
    fn string(&mut self) -> Option<&'a [u8]> {
        let start = self.i;
        if !self.eat(b'"') {
            return None;
        }
        loop {
            match *self.b.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(&self.b[start + 1..self.i - 1]);
                }
                b'\\' => {
                    self.i += 1;
                    match *self.b.get(self.i)? {
                        b'"' | b'\\' | b'n' | b'r' | b't' | b'b' | b'f' => self.i += 1,
                        b'u' => {
                            let hex = self.b.get(self.i + 1..self.i + 5)?;
                            if !hex
                                .iter()
                                .all(|h| h.is_ascii_digit() || (b'a'..=b'f').contains(h))
                            {
                                return None;
                            }
                            let v = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                            // Only what the writer escapes this way and has no short form for.
                            let short = matches!(v, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
                            if short || !(v < 0x20 || (0x7f..0x100).contains(&v)) {
                                return None;
                            }
                            self.i += 5;
                        }
                        _ => return None,
                    }
                }
                0x20..=0x7e => self.i += 1,
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize) -> bool {
        self.i += 1;
        if self.eat(b'}') {
            return true;
        }
        // Canonical spelling is unique, so equal keys have equal bytes.
        let mut keys: Vec<&[u8]> = Vec::new();
        loop {
            let Some(key) = self.string() else {
                return false;
            };
            if keys.contains(&key) {
                return false;
            }
            keys.push(key);
            if !self.eat(b':') || !self.value(depth) {
                return false;
            }
            if self.eat(b'}') {
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }

    fn array(&mut self, depth: usize) -> bool {
        self.i += 1;
        if self.eat(b']') {
            return true;
        }
        loop {
            if !self.value(depth) {
                return false;
            }
            if self.eat(b']') {
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }
}

#[cfg(test)]
mod canonical_tests {
    use super::*;

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

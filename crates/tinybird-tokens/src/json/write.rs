//! The writer: compact text as PyJWT signs it and `json.dumps`' default text, both with Python's
//! escapes and float spelling, so that tokens are byte-equal to PyJWT's.

use std::fmt::{self, Write as _};

use super::Json;

impl Json {
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
            Json::Int(n) => write_int(out, *n),
            Json::UInt(n) => write_int(out, *n),
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

/// Writes an integer's decimal digits: itoa, not `write!`, whose formatting machinery was 2% of a
/// `createJwt` in WebAssembly.
pub(crate) fn write_int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
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
        // Never parsed, and refused by every signing entry point (`Json::check_signable`);
        // written as Python's `json.dumps` would, so the writer itself stays total.
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
        write_int(out, e);
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

/// A finite number as its shortest round-tripping digits in plain decimal, never with an exponent
/// (`1.5` is "1.5", `1e-7` is "0.0000001", `1e21` is "1000000000000000000000"): how a number of
/// seconds reads as a TTL, whose grammar has no exponent. (Rust's `{}` would do the same but links
/// the standard library's float formatting, 13 KB of the WebAssembly module.)
pub(crate) fn plain_decimal(f: f64) -> String {
    let text = ryu::Buffer::new().format_finite(f).to_owned();
    let Some((mantissa, exp)) = text.split_once('e') else {
        return text.strip_suffix(".0").unwrap_or(&text).to_owned();
    };
    let exp: i64 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    // Where the decimal point goes, counted in digits from the left.
    let point = int.len() as i64 + exp;
    if point <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!(
            "{sign}{digits}{}",
            "0".repeat(point as usize - digits.len())
        )
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{sign}{a}.{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals() {
        for (f, text) in [
            (1.5, "1.5"),
            (3600.0, "3600"),
            (1e-7, "0.0000001"),
            (1.25e-5, "0.0000125"),
            (1e21, "1000000000000000000000"),
            (1.5e22, "15000000000000000000000"),
            (-2.5, "-2.5"),
            (123456.789, "123456.789"),
        ] {
            assert_eq!(plain_decimal(f), text);
            assert_eq!(plain_decimal(f), format!("{f}"));
        }
    }

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
}

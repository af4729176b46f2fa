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
//! (they must be unescaped to be compared), `\u` surrogates, more than
//! [`MAX_SCAN_NESTING`](super::MAX_SCAN_NESTING) levels, a top-level `exp` / `nbf` that is not a plain
//! integer of at most 18 digits (a float, `null` or any other type: the full reader truncates, refuses or
//! calls it missing), a top-level `aud` of any value (verification judges its Python truth value, which
//! the tree gives), and anything invalid.

use super::cursor::{Cursor, Dialect, Kind, Number};

/// The top-level time claims of claims text that [`scan_claims`] vouched for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TimeClaims {
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
}

/// `Some` when `text` is surely a valid, duplicate-free JSON object (as the strict parser judges it)
/// with no `aud`, whose `exp` and `nbf`, if present, are the integers returned; `None` when the full
/// parser must decide.
pub(crate) fn scan_claims(text: &str) -> Option<TimeClaims> {
    let mut cursor = Cursor::new(text);
    cursor.ws::<Claims>();
    if cursor.peek() != Some(b'{') {
        return None;
    }
    let mut time = TimeClaims::default();
    cursor.object::<Claims>(1, |key, kind| {
        let slot = match key {
            b"exp" => &mut time.exp,
            b"nbf" => &mut time.nbf,
            b"aud" => return None,
            _ => return Some(()),
        };
        let Kind::SmallInt(n) = kind else {
            return None;
        };
        *slot = Some(n);
        Some(())
    })?;
    cursor.ws::<Claims>();
    cursor.at_end().then_some(time)
}

/// The subset of JSON that the scan can judge as the strict parser would.
struct Claims;

impl Dialect for Claims {
    const WHITESPACE: bool = true;

    /// Raw bytes of 0x80 and above are taken as they are: the caller has checked that the whole text
    /// is UTF-8.
    fn raw(byte: u8) -> bool {
        byte >= 0x20
    }

    /// A key with any escape is outside the subset (it must be unescaped to be compared), as is a
    /// `\u` surrogate anywhere.
    fn escape(cursor: &mut Cursor<'_>, key: bool) -> Option<()> {
        if key {
            return None;
        }
        if cursor.short_escape() || cursor.eat(b'/') {
            return Some(());
        }
        let unit = cursor.unicode_escape(false)?;
        (!(0xd800..0xe000).contains(&unit)).then_some(())
    }

    fn number(number: Number<'_>) -> Option<Kind> {
        let mut exponent = 0i64;
        if let Some((negative, digits)) = number.exponent {
            if digits.len() > 4 {
                // Five exponent digits may overflow an f64: the parser decides.
                return None;
            }
            let magnitude = decimal(digits);
            exponent = if negative { -magnitude } else { magnitude };
        }
        let int = number.int;
        // `-0` is a float to the parser (-0.0), not the integer 0.
        if !number.float && int.len() <= 18 && !(number.negative && int == b"0") {
            let magnitude = decimal(int);
            return Some(Kind::SmallInt(if number.negative {
                -magnitude
            } else {
                magnitude
            }));
        }
        // Valid while finite as an f64 (the parser's rule): below 10^300 surely is; nearer f64::MAX
        // (about 1.8e308) the parser decides. Underflow to zero is accepted, as the parser does.
        let order = i64::try_from(int.len()).ok()? + exponent;
        (order <= 300).then_some(Kind::Other)
    }
}

/// The value of at most 18 ASCII digits.
fn decimal(digits: &[u8]) -> i64 {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + i64::from(d - b'0'))
}

/// What the full parser says about the same text, in [`scan_claims`]'s terms; the scan must never
/// disagree with it when it answers.
#[cfg(test)]
fn parsed_time_claims(text: &str) -> Option<TimeClaims> {
    use crate::Json;
    let json = Json::parse(text).ok()?;
    json.as_object()?;
    if json.get("aud").is_some() {
        return None;
    }
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
            r#"{"exp":1,"o":{"aud":"nested is not the claim"},"audience":"x","iat":1.5}"#,
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
            r#"{"exp":1700000000.5}"#,
            r#"{"nbf":1e3,"exp":1}"#,
            r#"{"exp":null}"#,
            r#"{"exp":1,"nbf":null}"#,
            r#"{"exp":1,"aud":null}"#,
            r#"{"exp":1,"aud":"x"}"#,
            r#"{"aud":[],"exp":1}"#,
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

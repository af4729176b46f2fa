//! The core's strict parser (`Json::parse_bytes`) against the one it replaced: `serde_json`'s
//! tokenizer driving `Json`'s serde `Deserialize`, then `end()` for trailing data. Over generated
//! values and texts, number spellings and mutated bytes, both must accept the same texts, give equal
//! trees (floats bit for bit) and refuse with the same message, so every caller's error (code and
//! message) is unchanged. Floats are also checked against `str::parse::<f64>`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;
use serde::Deserialize;
use tinybird_tokens::{decode_jwt_full_parse, ErrorCode, Json, JWT_HEADER_B64};

/// The parser as it was: serde_json with `float_roundtrip`.
fn old_parse(bytes: &[u8]) -> Result<Json, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Json::deserialize(&mut de).map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// Equality with floats compared by bits (so -0.0 and 0.0 differ).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Float(x), Json::Float(y)) => x.to_bits() == y.to_bits(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

fn check(bytes: &[u8]) {
    let new = Json::parse_bytes(bytes).map_err(|e| e.to_string());
    let old = old_parse(bytes);
    let shown = String::from_utf8_lossy(bytes);
    match (&new, &old) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "{shown:?}: {a:?} != {b:?}"),
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{shown:?}");
            // What a caller makes of it: a payload that is not JSON is a malformed token, with the
            // parser's message.
            let token = format!("{JWT_HEADER_B64}.{}.c2ln", URL_SAFE_NO_PAD.encode(bytes));
            let e = decode_jwt_full_parse(&token).unwrap_err();
            assert_eq!(e.code(), ErrorCode::MalformedToken, "{shown:?}");
            assert!(e.message().contains(&format!("({a})")), "{shown:?}: {e}");
        }
        _ => panic!("{shown:?}: new {new:?}, old {old:?}"),
    }
}

fn check_float(text: &str) {
    check(text.as_bytes());
    let expected = text.parse::<f64>().unwrap();
    match Json::parse(text) {
        Ok(Json::Float(f)) => assert_eq!(f.to_bits(), expected.to_bits(), "{text}"),
        Ok(Json::Int(n)) => assert_eq!(n as f64, expected, "{text}"),
        Ok(Json::UInt(n)) => assert_eq!(n as f64, expected, "{text}"),
        Ok(other) => panic!("{text}: {other:?}"),
        // Refused only when out of range.
        Err(e) => assert!(expected.is_infinite(), "{text}: {e}"),
    }
}

#[test]
fn hand_picked_texts() {
    let texts = [
        "", " ", "null", "nul", "nulx", "true", "tru", "truex", "false", "f", "n", "x", "-", "-x",
        "--1", "01", "-01", "00", "0", "-0", "-0.0", "0.", "0.x", "1.", "1e", "1e+", "1e-", "1ex",
        "1E5", ".5", "+1", "1.5.3", "1 2", "[", "]", "[1,]", "[1 2]", "[,1]", "[1,", "[1", "{",
        "}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{\"a\":1", "{\"a\":1,",
        "{1:2}", "{\"a\":1 \"b\":2}", "{\"a\":1,\"a\":2}", "{\"a\":1,\"a\"}", "{\"a\":1,\"a\"  :2}",
        "{\"a\":1,\"a\"  ", "{\"b\":{\"c\":1,\"c\":1}}", "\"", "\"abc", "\"a\\", "\"\\x\"",
        "\"\\u\"", "\"\\u12\"", "\"\\u12", "\"\\u00e9\"", "\"\\uD83D\\uDE00\"", "\"\\uD83D\"",
        "\"\\uD83D\\\"", "\"\\uD83Dx\"", "\"\\uD83D\\x\"", "\"\\uD83D\\u0041\"", "\"\\uDE00\"",
        "\"\\uD83D\\uD83D\"", "\"\\uzzzz\"", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"a\nb\"",
        "\"\t\"", "\"\u{7f}\"", "\n\n  [1,\n  x]", "{\"a\":1}\n\n x", "[1]  ", "  [1]",
        "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "-18446744073709551615", "-18446744073709551616",
        "9223372036854775807", "9223372036854775808", "1e2147483647", "1e2147483648",
        "1e21474836480", "0e2147483648", "1e-2147483648", "1e-21474836489", "-1e-400", "1e400",
        "-1e400", "0.0e999999999999", "1.0e-999999999999", "[1e400]", "{\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU\":1,\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU\":2}",
    ];
    for text in texts {
        check(text.as_bytes());
    }
    for bytes in [
        &b"\"\xff\""[..],
        b"\"ab\xc3\"",
        b"\"\\n\xe2\x82\"",
        b"\"\xed\xa0\x80\"",
        b"[\"ok\", \"\xc0\xaf\"]",
        b"\xef\xbb\xbf{}",
        b"{\"\xff\":1}",
    ] {
        check(bytes);
    }
    for n in [126, 127, 128, 129, 500] {
        check(("[".repeat(n) + &"]".repeat(n)).as_bytes());
        check(("{\"a\":".repeat(n) + "1" + &"}".repeat(n)).as_bytes());
        check(("[".repeat(n)).as_bytes());
    }
}

#[test]
fn hard_floats() {
    for text in [
        "9007199254740993",
        "9007199254740993.0",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072014e-308",
        "1e23",
        "1e22",
        "1e-22",
        "1e-23",
        "5e-324",
        "3000e-328",
        "1e-324",
        "7e-324",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        "0.1",
        "0.3",
        "123456789012345678901234567890",
        "7.038531e-26",
        "1448997445238699",
        "0.000000000000000000000000000000000000000000001e45",
        "100000000000000000000000000000000000000000000000000000000000e-60",
        "1e-400",
        "-1e-400",
        "1e400",
        "2.225073858507201136057409796709131975934819546351645648023426109724822222021076945516529523908135087914149158913039621106870086438694594645527657207407820621743379988141063267329253552286881372149012981122451451889849057222307285255133155755015914397476397983411801999323962548289017107081850690630666655994938275772572015763062690663332647565300009245888316433037779791869612049497390377829704905051080609940730262937128958950003583799967207254304360284078895771796150945516748243471030702609144621572289880258182545180325707018860872113128079512233426288368622321503775666622503982534335974568884423900265498198385487948292206894721689831099698365846814022854243330660339850886445804001034933970427567186443383770486037861622771738545623065874679014086723327636718751234567890123456789012345678901e-308",
    ] {
        check_float(text);
    }
    // Exactly halfway between two neighbouring doubles (ties to even), then a hair either side, from
    // the subnormals to the largest finite double.
    for bits in [
        1u64,
        2,
        0x000F_FFFF_FFFF_FFFF,
        0x0010_0000_0000_0000,
        0x3FF0_0000_0000_0000,
        0x3FF0_0000_0000_0001,
        0x4340_0000_0000_0001,
        0x44B5_2D02_C7E1_4AF6, // 1e23's neighbourhood
        0x7FEF_FFFF_FFFF_FFFE,
    ] {
        let (int, frac) = halfway(f64::from_bits(bits), f64::from_bits(bits + 1));
        // A hair below: one less in the last place, then 9999.
        let mut digits = format!("{int}{frac}").into_bytes();
        let last = digits.iter().rposition(|&d| d != b'0').unwrap();
        digits[last] -= 1;
        digits[last + 1..].fill(b'9');
        let (bi, bf) = std::str::from_utf8(&digits).unwrap().split_at(int.len());
        let bi = bi.trim_start_matches('0');
        let bi = if bi.is_empty() { "0" } else { bi };
        for text in [
            format!("{int}.{frac}0"),
            format!("{bi}.{bf}9999"),
            format!("{int}.{frac}0001"),
        ] {
            check_float(&text);
        }
    }
}

/// The exact decimal midpoint of two doubles (from their fixed-point spellings: both are exact in
/// 1,100 fraction digits), as integer and fraction digits, the fraction without trailing zeros.
fn halfway(lo: f64, hi: f64) -> (String, String) {
    let (a, b) = (format!("{lo:.1100}"), format!("{hi:.1100}"));
    let (ia, fa) = a.split_once('.').unwrap();
    let (ib, fb) = b.split_once('.').unwrap();
    let width = ia.len().max(ib.len());
    let digits = |i: &str, f: &str| -> Vec<u32> {
        format!("{i:0>width$}{f}")
            .bytes()
            .map(|c| u32::from(c - b'0'))
            .collect()
    };
    let (x, y) = (digits(ia, fa), digits(ib, fb));
    // Sum, then halve by long division (an odd sum leaves a final 5).
    let mut sum = vec![0u32; x.len() + 1];
    let mut carry = 0;
    for i in (0..x.len()).rev() {
        let d = x[i] + y[i] + carry;
        sum[i + 1] = d % 10;
        carry = d / 10;
    }
    sum[0] = carry;
    let mut half = String::new();
    let mut rem = 0;
    for d in sum {
        let n = rem * 10 + d;
        half.push(char::from_digit(n / 2, 10).unwrap());
        rem = n % 2;
    }
    if rem == 1 {
        half.push('5');
    }
    let (int, frac) = half.split_at(width + 1);
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    (int.to_owned(), frac.trim_end_matches('0').to_owned())
}

/// A float spelling: many digits, leading/trailing zeros, any exponent.
fn float_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![
            Just("0".to_owned()),
            "[1-9][0-9]{0,30}",
            ("[1-9]", prop::collection::vec(0u8..10, 300..400))
                .prop_map(|(head, tail)| tail.iter().fold(head, |s, d| s + &d.to_string())),
        ],
        proptest::option::of("[0-9]{1,40}"),
        proptest::option::of((
            prop_oneof![Just("e"), Just("E")],
            prop_oneof![Just(""), Just("+"), Just("-")],
            0u32..400,
        )),
    )
        .prop_map(|(neg, int, frac, exp)| {
            let mut s = String::new();
            if neg {
                s.push('-');
            }
            s += &int;
            if let Some(f) = frac {
                s.push('.');
                s += &f;
            }
            if let Some((e, sign, n)) = exp {
                s += e;
                s += sign;
                s += &n.to_string();
            }
            s
        })
}

/// A string literal: plain, with escapes of every kind, or with non-ASCII.
fn string_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,10}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        prop::collection::vec(
            prop_oneof![
                Just("\\n".to_owned()),
                Just("\\/".to_owned()),
                Just("\\ud83d\\ude00".to_owned()),
                (0u32..0x10000).prop_map(|u| format!("\\u{u:04X}")),
                "[a-z\u{e9}\u{1f600}]{1,3}",
            ],
            0..5,
        )
        .prop_map(|parts| format!("\"{}\"", parts.concat())),
    ]
}

/// A JSON text, compact or with whitespace, whose objects draw keys from a few names so that
/// duplicates occur.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::to_string(&f).unwrap()),
        float_text(),
        string_text(),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let sep = prop_oneof![Just(","), Just(" , "), Just(",\n  ")];
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..6), sep.clone())
                .prop_map(|(items, sep)| format!("[{}]", items.join(sep))),
            (
                prop::collection::vec((prop_oneof!["[ab]", string_text()], inner), 0..6),
                sep
            )
                .prop_map(|(entries, sep)| {
                    let body: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| {
                            let k = if k.starts_with('"') {
                                k.clone()
                            } else {
                                format!("\"{k}\"")
                            };
                            format!("{k}:{v}")
                        })
                        .collect();
                    format!("{{{}}}", body.join(sep))
                }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn floats_match(text in float_text()) {
        check_float(&text);
    }

    #[test]
    fn texts_match(text in json_text()) {
        check(text.as_bytes());
    }

    #[test]
    fn mutated_texts_match(
        text in json_text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..4),
    ) {
        let mut bytes = text.into_bytes();
        for (at, kind, byte) in edits {
            let byte = if byte & 1 == 0 {
                // Mostly bytes that matter to JSON.
                b"{}[]:,\"\\0123456789.eE+-ntfu \n\xff\xc3\x01"[usize::from(byte >> 1) % 28]
            } else {
                byte
            };
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => { bytes.remove(i); }
                _ => bytes.truncate(i),
            }
        }
        check(&bytes);
    }

    #[test]
    fn arbitrary_bytes_match(bytes in prop::collection::vec(any::<u8>(), 0..24)) {
        check(&bytes);
    }
}

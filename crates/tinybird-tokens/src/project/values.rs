//! Whether a fixed-param value can be a template parameter's declared type (the rules are in the
//! `project` module docs, "Fixed param types").

use crate::json::{plain_decimal, Json};

/// Whether `value` can be of `declared` type; `None` when it can, else what is wrong, as the end of a
/// sentence: "abc is not an integer", "its item x is not an integer" (values masked as names are).
pub(crate) fn type_mismatch(declared: &str, value: &Json) -> Option<String> {
    if let Some(inner) = declared
        .strip_prefix("Array(")
        .and_then(|s| s.strip_suffix(')'))
    {
        if let Json::String(text) = value {
            return text.split(',').find_map(|item| {
                let item = Json::String(item.trim().to_owned());
                scalar_mismatch(inner, &item)
                    .map(|why| format!("its item {} is {why}", shown_value(&item)))
            });
        }
        return scalar_mismatch(inner, value).map(|why| format!("{} is {why}", shown_value(value)));
    }
    scalar_mismatch(declared, value).map(|why| format!("{} is {why}", shown_value(value)))
}

fn scalar_mismatch(declared: &str, value: &Json) -> Option<&'static str> {
    if let Some((lo, hi)) = int_range(declared) {
        let n = match value {
            Json::Int(n) => Some(i128::from(*n)),
            Json::UInt(n) => Some(i128::from(*n)),
            // Digits beyond i128 are outside every range here.
            Json::String(s) if is_integer(s) => Some(s.parse::<i128>().unwrap_or(i128::MAX)),
            _ => None,
        };
        return match n {
            None => Some("not an integer"),
            Some(n) if n < lo || n > hi => Some("outside the type's range"),
            Some(_) => None,
        };
    }
    match declared {
        "Int" | "Integer" | "Int128" | "Int256" | "UInt128" | "UInt256" => {
            let unsigned = declared.starts_with('U');
            let ok = match value {
                Json::Int(n) => !unsigned || *n >= 0,
                Json::UInt(_) => true,
                Json::String(s) => is_integer(s) && !(unsigned && s.starts_with('-')),
                _ => false,
            };
            (!ok).then_some("not an integer")
        }
        "Float32" | "Float64" => {
            let ok = match value {
                Json::Int(_) | Json::UInt(_) => true,
                Json::Float(f) => f.is_finite(),
                Json::String(s) => is_decimal(s),
                _ => false,
            };
            (!ok).then_some("not a number")
        }
        "Boolean" => {
            let ok = match value {
                Json::Bool(_) => true,
                Json::Int(n) => *n == 0 || *n == 1,
                Json::UInt(n) => *n <= 1,
                Json::String(s) => ["true", "false", "1", "0"]
                    .iter()
                    .any(|b| s.eq_ignore_ascii_case(b)),
                _ => false,
            };
            (!ok).then_some("not true, false, 1 or 0")
        }
        "Date" => {
            (!matches!(value, Json::String(s) if is_date(s))).then_some("not a YYYY-MM-DD date")
        }
        "DateTime" => (!matches!(value, Json::String(s) if is_datetime(s, false)))
            .then_some("not a YYYY-MM-DD HH:MM:SS date and time"),
        "DateTime64" => (!matches!(value, Json::String(s) if is_datetime(s, true)))
            .then_some("not a YYYY-MM-DD HH:MM:SS[.fraction] date and time"),
        _ => None,
    }
}

/// The value range of the integer types with one.
fn int_range(t: &str) -> Option<(i128, i128)> {
    Some(match t {
        "Int8" => (i8::MIN.into(), i8::MAX.into()),
        "Int16" => (i16::MIN.into(), i16::MAX.into()),
        "Int32" => (i32::MIN.into(), i32::MAX.into()),
        "Int64" => (i64::MIN.into(), i64::MAX.into()),
        "UInt8" => (0, u8::MAX.into()),
        "UInt16" => (0, u16::MAX.into()),
        "UInt32" => (0, u32::MAX.into()),
        "UInt64" => (0, u64::MAX.into()),
        _ => return None,
    })
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || !frac.is_empty())
        && digits(int)
        && digits(frac)
        && exponent.is_none_or(is_integer)
}

fn number(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn is_datetime(s: &str, fraction: bool) -> bool {
    if s.len() == 10 {
        return is_date(s);
    }
    let (Some(date), Some(sep), Some(time)) = (s.get(..10), s.get(10..11), s.get(11..)) else {
        return false;
    };
    if !is_date(date) || !(sep == " " || sep == "T") {
        return false;
    }
    let (clock, frac) = match time.split_once('.') {
        Some((c, f)) if fraction => (c, Some(f)),
        Some(_) => return false,
        None => (time, None),
    };
    let mut parts = clock.split(':');
    let ok_clock = matches!(
        (parts.next().and_then(|h| number(h, 2)), parts.next().and_then(|m| number(m, 2)),
         parts.next().and_then(|x| number(x, 2)), parts.next()),
        (Some(h), Some(m), Some(x), None) if h < 24 && m < 60 && x < 60
    );
    ok_clock
        && frac.is_none_or(|f| (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A value as a message shows it: text as is (masked when it looks like a secret), others as JSON.
pub(crate) fn shown_value(value: &Json) -> String {
    match value {
        Json::String(s) => crate::error::shown(s).into_owned(),
        Json::Float(f) => plain_decimal(*f),
        other => other.to_compact_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Json {
        Json::String(x.to_owned())
    }

    #[test]
    fn rules() {
        assert!(type_mismatch("Int32", &s("abc")).is_some());
        assert!(type_mismatch("Int32", &s("-7")).is_none());
        assert!(type_mismatch("Int8", &s("128")).is_some());
        assert!(type_mismatch("UInt64", &Json::Int(-1)).is_some());
        assert!(type_mismatch("UInt64", &s("18446744073709551615")).is_none());
        assert!(type_mismatch("Int256", &s("99999999999999999999999999")).is_none());
        assert!(type_mismatch("UInt256", &s("-1")).is_some());
        assert!(type_mismatch("Int32", &Json::Float(1.5)).is_some());
        assert!(type_mismatch("Float64", &s("1e3")).is_none());
        assert!(type_mismatch("Float64", &s("nan")).is_some());
        assert!(type_mismatch("Boolean", &s("TRUE")).is_none());
        assert!(type_mismatch("Boolean", &s("yes")).is_some());
        assert!(type_mismatch("Date", &s("2024-02-29")).is_none());
        assert!(type_mismatch("Date", &s("2023-02-29")).is_some());
        assert!(type_mismatch("DateTime", &s("2024-01-01 10:00:00")).is_none());
        assert!(type_mismatch("DateTime", &s("2024-01-01")).is_none());
        assert!(type_mismatch("DateTime", &s("2024-01-01 10:00:00.5")).is_some());
        assert!(type_mismatch("DateTime64", &s("2024-01-01T10:00:00.123")).is_none());
        assert!(type_mismatch("DateTime", &s("2024-01-01 24:00:00")).is_some());
        assert!(type_mismatch("Array(Int32)", &s("1, 2,3")).is_none());
        assert!(type_mismatch("Array(Int32)", &s("1,x")).is_some());
        assert!(type_mismatch("Array", &s("x")).is_none());
        assert!(type_mismatch("String", &Json::Bool(true)).is_none());
        assert!(type_mismatch("UUID", &s("x")).is_none());
    }
}

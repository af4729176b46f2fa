//! `--ttl` values, parsed exactly as `tb token create jwt` parses them (humanfriendly 8.2's
//! `parse_timespan`, then Python's `timedelta`), with a clear error instead of `tb`'s raw one.
//!
//! The arithmetic is exact decimal, then rounded to microseconds as `timedelta` does, so `1.5h` is
//! 5,400 s and `999999999ns` is 1 s, as in `tb`.

use crate::error::{Error, ErrorCode, Result};

/// Python's `timedelta.max` in whole seconds: `tb` fails beyond it.
const MAX_SECONDS: u128 = 86_399_999_999_999;

/// Units: names (lowercase) and length in nanoseconds. A year is 52 weeks, as in humanfriendly.
const UNITS: &[(&[&str], u128)] = &[
    (&["ns", "nanosecond", "nanoseconds"], 1),
    (&["us", "microsecond", "microseconds"], 1_000),
    (&["ms", "millisecond", "milliseconds"], 1_000_000),
    (&["s", "sec", "secs", "second", "seconds"], 1_000_000_000),
    (
        &["m", "min", "mins", "minute", "minutes"],
        60 * 1_000_000_000,
    ),
    (&["h", "hour", "hours"], 3_600 * 1_000_000_000),
    (&["d", "day", "days"], 86_400 * 1_000_000_000),
    (&["w", "week", "weeks"], 604_800 * 1_000_000_000),
    (&["y", "year", "years"], 52 * 604_800 * 1_000_000_000),
];

/// A parsed time-to-live, held in microseconds like Python's `timedelta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ttl {
    micros: u128,
}

impl Ttl {
    /// The TTL in whole seconds, rounded down: `exp = now + whole_seconds()` for an integer `now`,
    /// which is what `tb`'s `int((now + ttl).timestamp())` gives.
    pub fn whole_seconds(self) -> i64 {
        (self.micros / 1_000_000) as i64 // at most timedelta.max, so it fits
    }

    /// The TTL in microseconds.
    pub fn micros(self) -> u128 {
        self.micros
    }
}

fn invalid(input: &str, why: &str) -> crate::Error {
    Error::new(
        ErrorCode::InvalidTtl,
        format!(
            "Invalid TTL \"{input}\": {why}. Use a number of seconds, or a number and one unit: 30s, 15m, 1h, 1.5h, 7d, 2w, 1y (units ns, us, ms, s/sec, m/min, h/hour, d/day, w/week, y/year = 52 weeks, singular or plural; no combinations like 1h30m, no signs)."
        ),
    )
    .with_input(input)
}

/// Parses a TTL such as `1h`, `30min`, `1.5 hours`, `2weeks` or `90` (seconds).
///
/// ```
/// use tinybird_tokens::parse_ttl;
/// assert_eq!(parse_ttl("1h").unwrap().whole_seconds(), 3600);
/// assert_eq!(parse_ttl("1.5 H").unwrap().whole_seconds(), 5400);
/// assert_eq!(parse_ttl("1y").unwrap().whole_seconds(), 31_449_600);
/// assert_eq!(parse_ttl("1h30m").unwrap_err().code().as_str(), "invalid_ttl");
/// ```
pub fn parse_ttl(input: &str) -> Result<Ttl> {
    let text = input.trim_matches(|c: char| c.is_ascii_whitespace());
    let int_len = text.bytes().take_while(u8::is_ascii_digit).count();
    if int_len == 0 {
        return Err(invalid(input, "it does not start with a number"));
    }
    let (int_part, rest) = text.split_at(int_len);
    let (frac_part, rest) = match rest.strip_prefix('.') {
        Some(after) => {
            let n = after.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return Err(invalid(input, "a decimal point must be followed by digits"));
            }
            after.split_at(n)
        }
        None => ("", rest),
    };
    let unit = rest
        .trim_start_matches(|c: char| c.is_ascii_whitespace())
        .to_ascii_lowercase();
    let unit_nanos = if unit.is_empty() {
        1_000_000_000
    } else {
        match UNITS
            .iter()
            .find(|(names, _)| names.contains(&unit.as_str()))
        {
            Some((_, nanos)) => *nanos,
            None => {
                return Err(invalid(
                    input,
                    &format!("\"{}\" is not a unit", rest.trim()),
                ))
            }
        }
    };
    // Beyond 18 decimals the value cannot change the microsecond rounding below.
    let frac_part = &frac_part[..frac_part.len().min(18)];
    let too_large = || {
        invalid(
            input,
            "it is longer than Python's timedelta allows (about 2.7 million years)",
        )
    };
    let scale = 10u128.pow(frac_part.len() as u32);
    let mantissa = int_part
        .parse::<u128>()
        .ok()
        .and_then(|i| i.checked_mul(scale))
        .and_then(|i| i.checked_add(frac_part.parse::<u128>().unwrap_or(0)))
        .ok_or_else(too_large)?;
    // value in nanoseconds = mantissa * unit_nanos / scale; round to microseconds, half to even.
    let scaled = mantissa.checked_mul(unit_nanos).ok_or_else(too_large)?;
    let per_micro = scale * 1_000;
    let (q, r) = (scaled / per_micro, scaled % per_micro);
    let micros = if r * 2 > per_micro || (r * 2 == per_micro && q % 2 == 1) {
        q + 1
    } else {
        q
    };
    if micros > MAX_SECONDS * 1_000_000 {
        return Err(too_large());
    }
    Ok(Ttl { micros })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> i64 {
        parse_ttl(s).unwrap().whole_seconds()
    }

    #[test]
    fn accepted_like_tb() {
        assert_eq!(secs("1h"), 3600);
        assert_eq!(secs("1 h"), 3600);
        assert_eq!(secs(" 1h "), 3600);
        assert_eq!(secs("1d"), 86_400);
        assert_eq!(secs("2weeks"), 1_209_600);
        assert_eq!(secs("1y"), 31_449_600);
        assert_eq!(secs("1.5h"), 5400);
        assert_eq!(secs("10"), 10);
        assert_eq!(secs("1ms"), 0);
        assert_eq!(secs("0"), 0);
        assert_eq!(secs("30MIN"), 1800);
        assert_eq!(secs("999999999ns"), 1);
        assert_eq!(secs("0.0000005s"), 0);
        assert_eq!(secs("0.0000015s"), 0);
    }

    #[test]
    fn rejected_like_tb() {
        for bad in [
            "", " ", "1h30m", "-1h", "1mo", "abc", "1hr", ".5h", "1e3", "1,5h", "1.h", "+1h",
            "1 h h",
        ] {
            assert_eq!(
                parse_ttl(bad).unwrap_err().code(),
                ErrorCode::InvalidTtl,
                "{bad:?}"
            );
        }
        assert!(parse_ttl("2750000y").is_err());
        assert!(parse_ttl("99999999999999999999999999999999999999999y").is_err());
    }
}

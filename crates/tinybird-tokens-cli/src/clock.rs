//! Time for the CLI: the system clock (the core never reads it) and UTC dates for people.
//!
//! Dates are always printed in UTC with a `Z`, computed from the Unix time itself, so there is no
//! local-time-labelled-as-UTC mistake to make.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current Unix time in seconds.
pub fn system_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// ISO-8601 UTC, e.g. `2023-11-14T22:13:20Z`.
pub fn iso_utc(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `2023-11-14T22:13:20Z (3 years ago)` / `... (in 1 hour)`: a time for people in messages.
pub fn when(unix: i64, now: i64) -> String {
    let delta = i128::from(unix) - i128::from(now);
    let span = span(delta.unsigned_abs());
    if delta > 0 {
        format!("{} (in {span})", iso_utc(unix))
    } else {
        format!("{} ({span} ago)", iso_utc(unix))
    }
}

/// What `--expires-at` accepts, for its error message.
pub const WHEN_FORMATS: &str = "Unix seconds (2000000000) or an ISO 8601 date or date-time (2030-01-01, 2030-01-01T00:00:00Z, 2030-01-01T02:00:00+02:00; no offset means UTC)";

/// Unix seconds from `--expires-at`: an integer (negative too, so that the core reports it as past),
/// or an ISO 8601 date (`2030-01-01`, midnight UTC) or date-time (`T` or a space, `HH:MM[:SS[.fff]]`,
/// then `Z`, `±HH:MM`, `±HHMM` or nothing for UTC), as the TS SDK's `expiresAt` takes a date.
/// Fractions of a second are dropped. `None` for anything else.
pub fn parse_when(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let mut rest = &text[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    rest = rest.strip_prefix(['T', 't', ' '])?;
    let r = rest.as_bytes();
    if r.len() < 5 || r[2] != b':' {
        return None;
    }
    let (hh, mm) = (num2(r, 0)?, num2(r, 3)?);
    let mut i = 5;
    let mut ss = 0;
    if r.get(i) == Some(&b':') {
        ss = num2(r, i + 1)?;
        i += 3;
        if r.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while r.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    if hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    secs += hh * 3600 + mm * 60 + ss;
    let offset = match &rest[i..] {
        "" | "Z" | "z" => 0,
        zone => {
            let z = zone.as_bytes();
            let sign = match z[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = match z.len() {
                6 if z[3] == b':' => (num2(z, 1)?, num2(z, 4)?),
                5 => (num2(z, 1)?, num2(z, 3)?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(secs - offset)
}

/// Two ASCII digits at `at`.
fn num2(b: &[u8], at: usize) -> Option<i64> {
    let (hi, lo) = (*b.get(at)?, *b.get(at + 1)?);
    (hi.is_ascii_digit() && lo.is_ascii_digit()).then(|| i64::from((hi - b'0') * 10 + (lo - b'0')))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2023-11-14T23:13:20Z (expires in 1 hour)`: an expiry for people, as `create jwt`, `inspect` and
/// `verify` print it.
pub fn expires(exp: i64, now: i64) -> String {
    format!("{} ({})", iso_utc(exp), relative_expiry(exp, now))
}

/// "expires in 59 min" / "expired 3 days ago", from `exp - now`.
fn relative_expiry(exp: i64, now: i64) -> String {
    let delta = i128::from(exp) - i128::from(now);
    let span = span(delta.unsigned_abs());
    if delta > 0 {
        format!("expires in {span}")
    } else {
        format!("expired {span} ago")
    }
}

/// A duration rounded down to its largest unit.
fn span(secs: u128) -> String {
    let plural = |n: u128, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3_599 => format!("{} min", secs / 60),
        3_600..=86_399 => plural(secs / 3_600, "hour"),
        86_400..=63_071_999 => plural(secs / 86_400, "day"),
        _ => plural(secs / 31_536_000, "year"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso_utc(1_700_003_600), "2023-11-14T23:13:20Z");
        assert_eq!(iso_utc(2_000_000_000), "2033-05-18T03:33:20Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
        assert!(iso_utc(i64::MAX).ends_with('Z'));
        assert!(iso_utc(i64::MIN).ends_with('Z'));
    }

    #[test]
    fn expires_at_forms() {
        for (text, unix) in [
            ("2000000000", 2_000_000_000),
            ("-1", -1),
            ("1970-01-01", 0),
            ("2030-01-01", 1_893_456_000),
            ("2030-01-01T00:00:00Z", 1_893_456_000),
            ("2030-01-01T00:00Z", 1_893_456_000),
            ("2030-01-01 00:00:00", 1_893_456_000),
            ("2030-01-01T02:00:00+02:00", 1_893_456_000),
            ("2029-12-31T22:00:00-0200", 1_893_456_000),
            ("2030-01-01T00:00:00.999Z", 1_893_456_000),
            ("2000-02-29", 951_782_400),
            ("2023-11-14T22:13:20Z", 1_700_000_000),
        ] {
            assert_eq!(parse_when(text), Some(unix), "{text}");
        }
        for bad in [
            "",
            "-",
            "abc",
            "2030-13-01",
            "2030-02-30",
            "2031-02-29",
            "2030-01-01T",
            "2030-01-01T24:00",
            "2030-01-01T00:00:00+2",
            "2030-01-01X",
            "2030/01/01",
            "2030-01-01T00:00:00.Z",
            "1e9",
            "99999999999999999999",
        ] {
            assert_eq!(parse_when(bad), None, "{bad}");
        }
        for unix in [0, 951_782_400, 1_700_000_000, -86_400 * 400] {
            assert_eq!(parse_when(&iso_utc(unix)), Some(unix));
        }
    }

    #[test]
    fn when_reads_both_ways() {
        assert_eq!(
            when(1_700_000_000, 1_796_189_313),
            "2023-11-14T22:13:20Z (3 years ago)"
        );
        assert_eq!(when(3_600, 0), "1970-01-01T01:00:00Z (in 1 hour)");
    }

    #[test]
    fn relative() {
        assert_eq!(relative_expiry(3_599, 0), "expires in 59 min");
        assert_eq!(relative_expiry(0, 3 * 86_400 + 5), "expired 3 days ago");
        assert_eq!(relative_expiry(3_600, 0), "expires in 1 hour");
        assert_eq!(relative_expiry(0, 0), "expired 0 s ago");
        assert_eq!(relative_expiry(10 * 31_536_000, 0), "expires in 10 years");
        assert!(relative_expiry(i64::MAX, i64::MIN).starts_with("expires in "));
        assert_eq!(
            expires(3_600, 0),
            "1970-01-01T01:00:00Z (expires in 1 hour)"
        );
    }
}

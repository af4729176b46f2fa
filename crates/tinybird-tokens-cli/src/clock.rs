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

/// "expires in 59 min" / "expired 3 days ago", from `exp - now`.
pub fn relative_expiry(exp: i64, now: i64) -> String {
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
    fn relative() {
        assert_eq!(relative_expiry(3_599, 0), "expires in 59 min");
        assert_eq!(relative_expiry(0, 3 * 86_400 + 5), "expired 3 days ago");
        assert_eq!(relative_expiry(3_600, 0), "expires in 1 hour");
        assert_eq!(relative_expiry(0, 0), "expired 0 s ago");
        assert_eq!(relative_expiry(10 * 31_536_000, 0), "expires in 10 years");
        assert!(relative_expiry(i64::MAX, i64::MIN).starts_with("expires in "));
    }
}

//! The registered claims Tinybird's verifier judges, `exp`, `nbf` and `aud`, in PyJWT 2.9's order
//! (`require: ["exp"]`, then `nbf`, `exp`, and `aud` with no audience given), each time claim read as a
//! NumericDate by the one reader ([`numeric_date`](crate::jwt::claims::numeric_date), through
//! [`read_exp`] and [`read_time_claim`]). Verification, decoding and inspection all judge
//! them here, so the three agree on the code and on the order.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{Json, TimeClaims};
use crate::jwt::claims::{missing_exp, read_exp, read_time_claim};

/// Python's truth value of the JSON value `json.loads` gives: PyJWT refuses an `aud` that is truthy.
pub(crate) fn python_truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Int(n) => *n != 0,
        Json::UInt(n) => *n != 0,
        Json::Float(f) => *f != 0.0,
        Json::String(s) => !s.is_empty(),
        Json::Array(items) => !items.is_empty(),
        Json::Object(entries) => !entries.is_empty(),
    }
}

/// A time claim as the checks see it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Time {
    /// Absent (`nbf`).
    Absent,
    /// `exp` absent or `null` (PyJWT's `require` reads a null `exp` as missing): `missing_claim`.
    Missing(Error),
    /// A NumericDate, truncated and saturated.
    At(i64),
    /// Present but not a NumericDate: the reader's `invalid_claims`.
    Not(Error),
}

impl Time {
    /// `nbf`: absent, a NumericDate, or not one.
    fn read(claims: &Json, name: &str) -> Time {
        match read_time_claim(claims, name) {
            Ok(None) => Time::Absent,
            Ok(Some(n)) => Time::At(n),
            Err(e) => Time::Not(e),
        }
    }

    /// `exp`, which is required: missing (absent or `null`), a NumericDate, or not one.
    fn read_exp(claims: &Json) -> Time {
        match read_exp(claims) {
            Ok(exp) => Time::At(exp),
            Err(e) if e.code() == ErrorCode::MissingClaim => Time::Missing(e),
            Err(e) => Time::Not(e),
        }
    }

    /// The value, when the claim is a NumericDate.
    pub(crate) fn at(&self) -> Option<i64> {
        match self {
            Time::At(n) => Some(*n),
            _ => None,
        }
    }
}

/// The clock verification judges `exp` and `nbf` against.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    pub now: i64,
    pub leeway: u64,
}

impl Clock {
    fn expired(self, exp: i64) -> bool {
        i128::from(exp) <= i128::from(self.now) - i128::from(self.leeway)
    }

    fn not_yet_valid(self, nbf: i64) -> bool {
        i128::from(nbf) > i128::from(self.now) + i128::from(self.leeway)
    }
}

/// What the checks read of the claims: `exp`, `nbf`, and whether `aud` binds the token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Registered {
    pub exp: Time,
    pub nbf: Time,
    /// `aud` is present and truthy.
    pub audience: bool,
}

impl Registered {
    /// Reads the three claims of a parsed claims object.
    pub(crate) fn read(claims: &Json) -> Registered {
        Registered {
            exp: Time::read_exp(claims),
            nbf: Time::read(claims, "nbf"),
            audience: claims.get("aud").is_some_and(python_truthy),
        }
    }

    /// What [`scan_claims`](crate::json::scan_claims) vouched for: a text with no `aud` whose `exp` and
    /// `nbf` are absent or small integers, read as [`Registered::read`] reads its tree.
    pub(crate) fn scanned(time: &TimeClaims) -> Registered {
        Registered {
            exp: time
                .exp
                .map_or_else(|| Time::Missing(missing_exp()), Time::At),
            nbf: time.nbf.map_or(Time::Absent, Time::At),
            audience: false,
        }
    }

    /// Every failing check, in verification's order (PyJWT's): `exp` missing, `nbf` not a NumericDate
    /// or not yet valid, `exp` not a NumericDate or expired, `aud` bound. Without a clock the two time
    /// comparisons are skipped (decoding). Verification stops at the first; inspection lists them all.
    pub(crate) fn problems(&self, clock: Option<Clock>) -> Vec<Error> {
        let mut problems = Vec::new();
        if let Time::Missing(e) = &self.exp {
            problems.push(e.clone());
        }
        match (&self.nbf, clock) {
            (Time::Not(e) | Time::Missing(e), _) => problems.push(e.clone()),
            (Time::At(nbf), Some(clock)) if clock.not_yet_valid(*nbf) => problems.push(Error::new(
                ErrorCode::TokenNotYetValid,
                format!("The JWT is not valid before {nbf} (now is {}).", clock.now),
            )),
            _ => {}
        }
        match (&self.exp, clock) {
            (Time::Not(e), _) => problems.push(e.clone()),
            (Time::At(exp), Some(clock)) if clock.expired(*exp) => problems.push(Error::new(
                ErrorCode::TokenExpired,
                format!("The JWT expired at {exp} (now is {}).", clock.now),
            )),
            _ => {}
        }
        if self.audience {
            problems.push(
                Error::new(
                    ErrorCode::InvalidClaims,
                    "The JWT is bound to an audience (\"aud\"); Tinybird's verifier is given no \
                     audience, so it refuses a token bound to one.",
                )
                .with_input("aud"),
            );
        }
        problems
    }

    /// The first failing check, or `exp`.
    pub(crate) fn check(&self, clock: Option<Clock>) -> Result<i64> {
        match (self.problems(clock).into_iter().next(), &self.exp) {
            (Some(first), _) => Err(first),
            (None, Time::At(exp)) => Ok(*exp),
            // Not reached: a missing or bad `exp` is a problem above.
            (None, _) => Err(missing_exp()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(claims: &str) -> Registered {
        Registered::read(&Json::parse(claims).unwrap())
    }

    fn codes(claims: &str, now: i64) -> Vec<ErrorCode> {
        read(claims)
            .problems(Some(Clock { now, leeway: 0 }))
            .iter()
            .map(Error::code)
            .collect()
    }

    #[test]
    fn truthiness_is_pythons() {
        for falsy in [
            "null", "false", "0", "-0", "0.0", "0e5", "1e-400", r#""""#, "[]", "{}",
        ] {
            assert!(!python_truthy(&Json::parse(falsy).unwrap()), "{falsy}");
        }
        for truthy in [
            "true",
            "1",
            "-1",
            "0.5",
            r#""x""#,
            "[0]",
            r#"{"a":null}"#,
            "1e30",
        ] {
            assert!(python_truthy(&Json::parse(truthy).unwrap()), "{truthy}");
        }
    }

    #[test]
    fn checks_run_in_pyjwts_order() {
        use ErrorCode::*;
        assert_eq!(codes(r#"{"exp":10}"#, 0), []);
        assert_eq!(codes(r#"{}"#, 0), [MissingClaim]);
        assert_eq!(codes(r#"{"exp":null}"#, 0), [MissingClaim]);
        assert_eq!(
            codes(r#"{"exp":null,"nbf":null}"#, 0),
            [MissingClaim, InvalidClaims]
        );
        assert_eq!(codes(r#"{"exp":10,"nbf":null}"#, 0), [InvalidClaims]);
        assert_eq!(
            codes(r#"{"exp":"10","nbf":5}"#, 0),
            [TokenNotYetValid, InvalidClaims]
        );
        assert_eq!(codes(r#"{"exp":5,"nbf":5}"#, 0), [TokenNotYetValid]);
        assert_eq!(codes(r#"{"exp":5,"nbf":5}"#, 5), [TokenExpired]);
        assert_eq!(
            codes(r#"{"exp":0,"nbf":1,"aud":"x"}"#, 0),
            [TokenNotYetValid, TokenExpired, InvalidClaims]
        );
        assert_eq!(codes(r#"{"exp":10,"aud":["a"]}"#, 0), [InvalidClaims]);
        assert_eq!(codes(r#"{"exp":10,"aud":""}"#, 0), []);
        assert_eq!(codes(r#"{"exp":10.9,"nbf":0.9}"#, 0), []);
        assert_eq!(codes(r#"{"exp":0.9,"nbf":0}"#, 0), [TokenExpired]);
        assert_eq!(codes(r#"{"exp":10,"iat":"x"}"#, 0), []);
        // Without a clock only the types and the audience are judged.
        assert_eq!(read(r#"{"exp":1,"nbf":9}"#).check(None), Ok(1));
        assert_eq!(
            read(r#"{"exp":true}"#).check(None).unwrap_err().code(),
            InvalidClaims
        );
    }

    /// What the scan vouches for reads as the tree does.
    #[test]
    fn scanned_reads_as_the_tree() {
        for text in [
            r#"{}"#,
            r#"{"exp":10}"#,
            r#"{"nbf":-3,"a":[1]}"#,
            r#"{"exp":10,"nbf":5,"iat":"x"}"#,
        ] {
            let scanned = crate::json::scan_claims(text).expect(text);
            assert_eq!(Registered::scanned(&scanned), read(text), "{text}");
        }
    }

    #[test]
    fn messages_name_the_type_not_the_value() {
        let e = read(r#"{"exp":"p.secretish"}"#).check(None).unwrap_err();
        assert!(e.message().contains("a string"), "{}", e.message());
        assert!(!e.message().contains("secretish"));
        let e = read(r#"{"exp":null}"#).check(None).unwrap_err();
        assert!(e.message().contains("null"), "{}", e.message());
        let e = read(r#"{"exp":1,"aud":"secretish"}"#)
            .check(None)
            .unwrap_err();
        assert!(e.message().contains("no audience"), "{}", e.message());
        assert!(!e.message().contains("secretish"));
    }
}

//! Decimal text to the nearest `f64` (ties to even), as `str::parse::<f64>` rounds, in a fraction of
//! its code size (`core`'s float parser would add about 22 KB to the WebAssembly module).
//!
//! Two paths. The fast one is exact by construction: at most 2^53 as the significand and a power of
//! ten up to 10^22, both exactly representable, so one IEEE multiplication or division rounds once.
//! The slow one is the "simple decimal conversion" algorithm: the number is kept as decimal digits and
//! scaled by powers of two (exact decimal shifts) until it lies in [1, 2), then 53 bits are taken,
//! rounded with every remaining digit in view. Past [`MAX_DIGITS`] digits only "something non-zero
//! follows" matters (no halfway point of two doubles needs more than 767 significant digits), which
//! the `truncated` flag keeps.

/// Digits kept by the slow path (see the module comment for why this many suffice).
const MAX_DIGITS: usize = 800;
/// The largest shift done at once: `digit << 60` plus a carry stays within `u64`.
const MAX_SHIFT: u32 = 60;
/// 10^0 ..= 10^22, the powers of ten that are exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The magnitude of `0.digits × 10^point`, `digits` being `head` then `tail` (ASCII, no leading zero,
/// no trailing zero), rounded to nearest-even: infinite when it overflows, 0 when it underflows.
fn from_decimal(head: &[u8], tail: &[u8], point: i64) -> f64 {
    let count = head.len() + tail.len();
    if count == 0 {
        return 0.0;
    }
    let digits = || head.iter().chain(tail).map(|c| c - b'0');
    // Fast path: the digits as an integer `w` of at most 2^53, times an exact power of ten.
    let exp10 = point - count as i64;
    if count <= 19 {
        let w = digits().fold(0u64, |acc, d| acc * 10 + u64::from(d));
        if w <= 1 << 53 {
            let f = w as f64;
            if (0..=22).contains(&exp10) {
                return f * POW10[exp10 as usize];
            }
            if (-22..0).contains(&exp10) {
                return f / POW10[(-exp10) as usize];
            }
            // Past 10^22, moving zeros into `w` keeps both factors exact while `w` stays <= 2^53.
            if (23..=22 + 15).contains(&exp10) {
                let w = (0..exp10 - 22).try_fold(w, |w, _| w.checked_mul(10));
                if let Some(w) = w.filter(|&w| w <= 1 << 53) {
                    return w as f64 * POW10[22];
                }
            }
        }
    }
    // Outside these bounds the value is infinite or zero whatever the digits.
    if point > 310 {
        return f64::INFINITY;
    }
    if point < -330 {
        return 0.0;
    }
    let mut d = Decimal {
        digits: digits().take(MAX_DIGITS).collect(),
        point: point as i32,
        truncated: count > MAX_DIGITS,
    };
    d.trim();
    d.into_f64()
}

/// A decimal `0.digits × 10^point`, digits as values 0-9, with no trailing zeros.
struct Decimal {
    digits: Vec<u8>,
    point: i32,
    truncated: bool,
}

/// How far to shift (in bits) while the decimal point is `n` places away from [0.5, 1): 2^SHIFTS[n]
/// stays below 10^n, so scaling up never overshoots; past the table 27 bits (below 10^9), and from
/// 19 places on the largest shift (2^60 < 10^19).
const SHIFTS: [u32; 9] = [1, 3, 6, 9, 13, 16, 19, 23, 26];

fn shift_for(places: i32) -> u32 {
    match places.unsigned_abs() {
        n @ 0..=8 => SHIFTS[n as usize],
        9..=18 => 27,
        _ => MAX_SHIFT,
    }
}

impl Decimal {
    fn trim(&mut self) {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
    }

    /// Multiplies by 2^k (k <= MAX_SHIFT), from the last digit up.
    fn shift_left(&mut self, k: u32) {
        let mut out = vec![0u8; self.digits.len() + 20];
        let mut carry = 0u64;
        let mut i = out.len();
        for &d in self.digits.iter().rev() {
            let n = (u64::from(d) << k) + carry;
            i -= 1;
            out[i] = (n % 10) as u8;
            carry = n / 10;
        }
        while carry > 0 {
            i -= 1;
            out[i] = (carry % 10) as u8;
            carry /= 10;
        }
        self.point += (self.digits.len() + 20 - i) as i32 - self.digits.len() as i32;
        out.drain(..i);
        if out.len() > MAX_DIGITS {
            self.truncated |= out[MAX_DIGITS..].iter().any(|&d| d != 0);
            out.truncate(MAX_DIGITS);
        }
        self.digits = out;
        self.trim();
    }

    /// Divides by 2^k (k <= MAX_SHIFT), by long division.
    fn shift_right(&mut self, k: u32) {
        let mask = (1u64 << k) - 1;
        let mut n = 0u64;
        let mut read = 0;
        // Reads digits until the quotient has one.
        while n >> k == 0 {
            if let Some(&d) = self.digits.get(read) {
                n = n * 10 + u64::from(d);
            } else if n == 0 {
                self.digits.clear();
                return;
            } else {
                n *= 10;
            }
            read += 1;
        }
        self.point -= read as i32 - 1;
        let mut out = Vec::with_capacity(self.digits.len() + 20);
        loop {
            let more = self.digits.get(read).copied();
            if more.is_none() && n == 0 {
                break;
            }
            if out.len() == MAX_DIGITS {
                self.truncated |= n != 0 || self.digits[read..].iter().any(|&d| d != 0);
                break;
            }
            out.push((n >> k) as u8);
            n = (n & mask) * 10 + u64::from(more.unwrap_or(0));
            read += 1;
        }
        self.digits = out;
        self.trim();
    }

    /// Multiplies by 2^bits (negative: divides), in steps of at most MAX_SHIFT.
    fn shift(&mut self, mut bits: i32) {
        while bits > 0 {
            let k = bits.min(MAX_SHIFT as i32);
            self.shift_left(k as u32);
            bits -= k;
        }
        while bits < 0 {
            let k = (-bits).min(MAX_SHIFT as i32);
            self.shift_right(k as u32);
            bits += k;
        }
    }

    /// The integer part, rounded to nearest-even by what follows it (the point is at most 19).
    fn rounded_integer(&self) -> u64 {
        // Below 0.1: rounds to 0.
        let Ok(end) = usize::try_from(self.point) else {
            return 0;
        };
        let mut n = 0u64;
        for i in 0..end {
            n = n * 10 + u64::from(self.digits.get(i).copied().unwrap_or(0));
        }
        let up = match self.digits.get(end) {
            // Exactly half: ties go to the even neighbour.
            Some(5) if end + 1 == self.digits.len() && !self.truncated => n & 1 == 1,
            Some(&d) => d >= 5,
            None => false,
        };
        n + u64::from(up)
    }

    fn into_f64(mut self) -> f64 {
        const MANTISSA_BITS: i32 = 52;
        const MIN_EXP: i32 = -1022;
        const MAX_EXP: i32 = 1023;
        if self.digits.is_empty() {
            return 0.0;
        }
        // Scale into [0.5, 1), counting the power of two taken out.
        let mut exp = 0i32;
        while self.point > 0 {
            let k = shift_for(self.point);
            self.shift(-(k as i32));
            exp += k as i32;
        }
        while self.point < 0 || (self.point == 0 && self.digits[0] < 5) {
            let k = shift_for(self.point);
            self.shift(k as i32);
            exp -= k as i32;
        }
        // [0.5, 1) -> [1, 2); below the normal range, the value is subnormal: fewer bits are kept.
        exp -= 1;
        if exp < MIN_EXP {
            self.shift(exp - MIN_EXP);
            exp = MIN_EXP;
        }
        if exp > MAX_EXP {
            return f64::INFINITY;
        }
        self.shift(MANTISSA_BITS + 1);
        let mut mantissa = self.rounded_integer();
        // Rounding up may carry into one more bit.
        if mantissa == 2 << MANTISSA_BITS {
            mantissa >>= 1;
            exp += 1;
            if exp > MAX_EXP {
                return f64::INFINITY;
            }
        }
        let biased = if mantissa & (1 << MANTISSA_BITS) == 0 {
            0 // subnormal (or zero)
        } else {
            (exp - MIN_EXP + 1) as u64
        };
        f64::from_bits((biased << MANTISSA_BITS) | (mantissa & ((1 << MANTISSA_BITS) - 1)))
    }
}

/// A lexed JSON number's magnitude from its parts as they stand in the text: `int` and `frac` are
/// digit strings (`frac` may be empty), `exp` the exponent's value.
pub(super) fn parse_decimal(int: &[u8], frac: &[u8], exp: i64) -> f64 {
    // Leading zeros do not count; the point sits after `int`.
    let lead = int.iter().take_while(|&&c| c == b'0').count();
    let (head, tail, point) = if lead < int.len() {
        (&int[lead..], frac, (int.len() - lead) as i64)
    } else {
        let zeros = frac.iter().take_while(|&&c| c == b'0').count();
        (&frac[zeros..], &[][..], -(zeros as i64))
    };
    // Nor do trailing ones (a long run of them must not reach the slow path).
    let (head, tail) = match tail.iter().rposition(|&c| c != b'0') {
        Some(i) => (head, &tail[..=i]),
        None => (trim_zeros(head), &[][..]),
    };
    from_decimal(head, tail, point.saturating_add(exp))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let end = digits.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
    &digits[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> f64 {
        let (mantissa, exp) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i64>().unwrap()),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        parse_decimal(int.as_bytes(), frac.as_bytes(), exp)
    }

    #[test]
    fn hard_cases_round_like_std() {
        for text in [
            "9007199254740993",
            "9007199254740992",
            "9007199254740995",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "1e23",
            "8.988465674311579e307",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "5e-324",
            "0.1",
            "123456789012345678901234567890",
            "0.000001",
            "1e-400",
            "1e400",
            "0",
            "0.0000",
        ] {
            assert_eq!(
                parse(text).to_bits(),
                text.parse::<f64>().unwrap().to_bits(),
                "{text}"
            );
        }
    }
}

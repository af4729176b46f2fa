//! Strict base64url without padding (RFC 7515 §2): no `=`, no whitespace, no `+` or `/`, and canonical
//! trailing bits, so every token has exactly one encoding.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Encodes bytes as base64url without padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Appends the base64url encoding of `bytes` to `out`.
pub(crate) fn encode_into(bytes: &[u8], out: &mut String) {
    URL_SAFE_NO_PAD.encode_string(bytes, out)
}

/// Each byte's 6-bit value in the base64url alphabet, or `INVALID`.
const INVALID: u8 = 0xff;
const SEXTETS: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes strict base64url; `None` for anything not in canonical unpadded form.
///
/// Our own loop rather than the `base64` crate's decoder (which encodes): that one is generic code,
/// compiled into this crate at the npm module's size-first `opt-level`, where it was 8% of a
/// `decodeJwt` and 3.9 KB of the module; this is a fraction of both. The tests below hold it to the
/// crate's decoder.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let tail = bytes.len() % 4;
    if tail == 1 {
        return None;
    }
    let mut out = vec![0u8; bytes.len() / 4 * 3 + tail.saturating_sub(1)];
    let (whole, last) = out.split_at_mut(bytes.len() / 4 * 3);
    let quads = bytes.chunks_exact(4);
    // The tail, padded with `A` (zero bits) to a quad of its own.
    let mut padded = *b"AAAA";
    padded[..tail].copy_from_slice(quads.remainder());
    let mut last_n = 0;
    for (i, quad) in quads.chain(std::iter::once(&padded[..])).enumerate() {
        let &[a, b, c, d] = quad else {
            return None;
        };
        let [a, b, c, d] = [
            SEXTETS[usize::from(a)],
            SEXTETS[usize::from(b)],
            SEXTETS[usize::from(c)],
            SEXTETS[usize::from(d)],
        ];
        // INVALID is the only value with its top bit set.
        if (a | b | c | d) & 0x80 != 0 {
            return None;
        }
        let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        match whole.get_mut(i * 3..i * 3 + 3) {
            Some(three) => {
                three[0] = (n >> 16) as u8;
                three[1] = (n >> 8) as u8;
                three[2] = n as u8;
            }
            None => last_n = n,
        }
    }
    // A tail of 2 or 3 characters carries 1 or 2 bytes; the bits left over must be zero (canonical).
    if tail > 0 {
        let used = if tail == 2 { 0xff_0000 } else { 0xff_ff00 };
        if last_n & !used != 0 {
            return None;
        }
        for (i, byte) in last.iter_mut().enumerate() {
            *byte = (last_n >> (16 - 8 * i)) as u8;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The `base64` crate's strict decoder, which [`decode`] must agree with.
    fn reference_decode(text: &str) -> Option<Vec<u8>> {
        URL_SAFE_NO_PAD.decode(text).ok()
    }

    proptest! {
        /// Any text over the alphabet, with now and then a byte from outside it.
        #[test]
        fn agrees_with_the_crate(text in "[A-Za-z0-9_-]{0,90}([=+/ \\n\u{e9}.]?[A-Za-z0-9_-]{0,5})") {
            prop_assert_eq!(decode(&text), reference_decode(&text));
        }

        /// What the crate encodes decodes back.
        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(decode(&encode(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn strict() {
        assert_eq!(decode("YQ").unwrap(), b"a");
        assert_eq!(decode("YWI").unwrap(), b"ab");
        assert_eq!(decode("YWJj").unwrap(), b"abc");
        assert_eq!(decode("").unwrap(), b"");
        assert!(decode("YQ==").is_none());
        assert!(decode("YR").is_none(), "non-canonical trailing bits");
        assert!(decode("YWJ").is_none(), "non-canonical trailing bits");
        assert!(decode("Y Q").is_none());
        assert!(decode("+/").is_none());
        assert!(decode("Y").is_none());
        assert!(decode("YWJjZ").is_none());
        assert!(decode("YWJ\u{e9}").is_none());
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
    }

    /// Every short text over the alphabet and a few other bytes decodes as the crate's decoder does.
    #[test]
    fn agrees_with_the_crate_on_every_short_text() {
        let chars = ["A", "Q", "g", "w", "_", "-", "8", "9", "=", "+", " "];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts = texts
                .iter()
                .flat_map(|t| chars.iter().map(move |c| format!("{t}{c}")))
                .chain(texts.iter().cloned())
                .collect();
            texts.sort();
            texts.dedup();
        }
        assert!(texts.len() > 10_000);
        for t in &texts {
            assert_eq!(decode(t), reference_decode(t), "{t:?}");
        }
    }
}

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

/// Decodes strict base64url; `None` for anything not in canonical unpadded form.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict() {
        assert_eq!(decode("YQ").unwrap(), b"a");
        assert!(decode("YQ==").is_none());
        assert!(decode("YR").is_none(), "non-canonical trailing bits");
        assert!(decode("Y Q").is_none());
        assert!(decode("+/").is_none());
        assert!(decode("Y").is_none());
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }
}

//! GLUE HELPERS, to move to the core: fast paths for the hot operations, byte-identical to the core's
//! results (native tests below check it). They exist because the core's JSON interface builds and
//! re-writes a `Json` tree, which for the npm package's hot paths costs more than the crypto:
//!
//! - [`sign_canonical`]: the TypeScript layer signs `JSON.stringify(claims)`; when that text is already
//!   exactly what the core's writer would produce (ASCII, integers only: the common case), it is signed
//!   as is instead of being parsed and re-written. Core wish: `sign_jwt_compact_json(text, key)`.
//! - [`raw_segments`]: after the core has verified or decoded a token (and so validated its header and
//!   payload as strict base64url of UTF-8 JSON objects without duplicate keys), the glue returns the
//!   decoded JSON text as it is instead of re-writing the parsed trees. Core wish: `VerifiedJwt` /
//!   `DecodedJwt` keeping the decoded segment text.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use tinybird_tokens::SigningKey;

/// base64url of `{"alg":"HS256","typ":"JWT"}`: the core's JWT header (PyJWT's), as in `jwt.rs`.
const HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Whether `text`, which the TypeScript layer made with `JSON.stringify` on an object, is already
/// byte-for-byte the core's compact form: printable ASCII only (the core escapes the rest as `\uXXXX`,
/// `JSON.stringify` does not), no fraction or exponent (the core writes floats as Python's `repr`),
/// integers of at most 15 digits, escapes `JSON.stringify` and the core spell alike, moderate nesting.
/// Anything else returns false and takes the parse-and-write path.
pub fn is_canonical(text: &str) -> bool {
    let b = text.as_bytes();
    if b.first() != Some(&b'{') {
        return false;
    }
    let (mut i, mut depth, mut in_string) = (0, 0usize, false);
    while i < b.len() {
        let c = b[i];
        if !(0x20..=0x7e).contains(&c) {
            return false;
        }
        if in_string {
            match c {
                b'"' => in_string = false,
                b'\\' => match b.get(i + 1) {
                    Some(b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                    // `\u00XX` as the core writes it: a control character without a short form,
                    // DEL or Latin-1, lowercase hex.
                    Some(b'u') => match b.get(i + 2..i + 6).map(|h| std::str::from_utf8(h)) {
                        Some(Ok(hex))
                            if hex
                                .bytes()
                                .all(|h| h.is_ascii_digit() || (b'a'..=b'f').contains(&h)) =>
                        {
                            match u32::from_str_radix(hex, 16) {
                                Ok(0x08 | 0x09 | 0x0a | 0x0c | 0x0d) => return false,
                                Ok(v) if v < 0x20 || (0x7f..0x100).contains(&v) => i += 5,
                                _ => return false,
                            }
                        }
                        _ => return false,
                    },
                    _ => return false,
                },
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth > 64 {
                        return false;
                    }
                }
                b'}' | b']' => depth = depth.saturating_sub(1),
                b'-' | b'0'..=b'9' => {
                    let start = i;
                    while i + 1 < b.len()
                        && matches!(b[i + 1], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                    {
                        i += 1;
                    }
                    let number = &b[start..=i];
                    if number.len() > 16
                        || number
                            .iter()
                            .any(|d| matches!(d, b'.' | b'e' | b'E' | b'+'))
                    {
                        return false;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    !in_string && depth == 0
}

/// Signs canonical compact claims text (see [`is_canonical`]) exactly as the core's `sign_jwt` does.
pub fn sign_canonical(text: &str, key: &SigningKey) -> String {
    let mut token = String::with_capacity(HEADER_B64.len() + text.len() * 4 / 3 + 48);
    token.push_str(HEADER_B64);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(text.as_bytes(), &mut token);
    let signature = key.mac(token.as_bytes());
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut token);
    token
}

/// The decoded header and payload text of a token the core has already verified or decoded; `None`
/// if anything is off (the caller then writes the parsed trees instead).
pub fn raw_segments(token: &str) -> Option<(String, String)> {
    let mut parts = token.split('.');
    let (header, payload) = (parts.next()?, parts.next()?);
    let text = |segment: &str| String::from_utf8(URL_SAFE_NO_PAD.decode(segment).ok()?).ok();
    Some((text(header)?, text(payload)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinybird_tokens::json::Json;

    #[test]
    fn canonical_text_signs_like_the_core() {
        let key = SigningKey::from_bytes(
            b"a key longer than sixty-four bytes, like a Tinybird admin token....",
        )
        .unwrap();
        let cases = [
            (
                r#"{"workspace_id":"w","name":"n","exp":1700003600,"scopes":[{"type":"PIPES:READ","resource":"p","fixed_params":{"org_id":"acme","user_id":-42}}],"limits":{"rps":10}}"#,
                true,
            ),
            (
                r#"{"a":true,"b":false,"c":null,"d":[],"e":{},"f":"x\"y\\z\n\t\u001f\b\f\r/"}"#,
                true,
            ),
            (r#"{}"#, true),
            (r#"{"f":1.5}"#, false),
            (r#"{"f":1e21}"#, false),
            (r#"{"f":12345678901234567}"#, false),
            (r#"{"s":"ñ"}"#, false),
            (r#"{"s":"\ud83d\ude00"}"#, false),
            (r#"{"s":"\u007f\u00f1\u0000"}"#, true),
            (r#"{"s":"\u0041"}"#, false),
            (r#"{"s":"\u000a"}"#, false),
            (r#"{"s":"\u00F1"}"#, false),
            (r#"{"s":"\/"}"#, false),
            ("[1]", false),
        ];
        for (text, canonical) in cases {
            assert_eq!(is_canonical(text), canonical, "{text}");
            let json = Json::parse(text).unwrap();
            if canonical {
                assert_eq!(json.to_compact_string(), text);
                assert_eq!(
                    sign_canonical(text, &key),
                    tinybird_tokens::sign_jwt(&json, &key).unwrap()
                );
            }
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(!is_canonical(&deep));
        assert!(!is_canonical(r#"{"a":"unterminated}"#));
    }

    #[test]
    fn raw_segments_are_the_decoded_text() {
        let key = SigningKey::from_bytes(b"k").unwrap();
        let token =
            tinybird_tokens::sign_jwt(&Json::parse(r#"{"s":"ñ","n":1.0}"#).unwrap(), &key).unwrap();
        let (h, p) = raw_segments(&token).unwrap();
        assert_eq!(h, r#"{"alg":"HS256","typ":"JWT"}"#);
        assert_eq!(p, r#"{"s":"\u00f1","n":1.0}"#);
        assert_eq!(raw_segments("a"), None);
    }
}

//! Finding Tinybird secrets inside text: static tokens (`p.eyJ….…`) and JWTs (`eyJ….….…`), whole or
//! inside a longer input (`org_id=p.eyJ…`, `Bearer eyJ…`). Errors mask them before a message or an
//! `input` leaves the crate, and JWT claims refuse them, so a token pasted into the wrong place
//! reaches neither a log nor a browser.

use std::borrow::Cow;
use std::ops::Range;

/// How many characters of a secret a masked form keeps: enough to recognise the kind of token
/// (`p.eyJ1`, `eyJhbG`), all of them from the base64 of a JSON object's first key, never from a
/// signature.
const KEPT: usize = 6;

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The end of a base64url segment starting at `at`; padding `=` is taken at its end only when a `.`
/// follows it (an inner segment), so `org_id=<token>=x` keeps its `=x`.
fn segment_end(bytes: &[u8], at: usize) -> usize {
    let mut end = at;
    while end < bytes.len() && is_b64url(bytes[end]) {
        end += 1;
    }
    let mut padded = end;
    while padded < bytes.len() && bytes[padded] == b'=' {
        padded += 1;
    }
    if padded > end && bytes.get(padded) == Some(&b'.') {
        padded
    } else {
        end
    }
}

/// The span of `eyJ<seg>.<seg>` + (`.<seg>` when `three`) at `at`, if there is one: the first segment
/// is the base64 of a JSON object, which is what makes the shape a token and not a dotted name.
fn token_at(bytes: &[u8], at: usize, three: bool) -> Option<usize> {
    if !bytes[at..].starts_with(b"eyJ") {
        return None;
    }
    let first = segment_end(bytes, at);
    if first < at + 4 || bytes.get(first) != Some(&b'.') {
        return None;
    }
    let second = segment_end(bytes, first + 1);
    if second == first + 1 {
        return None;
    }
    if !three {
        return Some(second);
    }
    if bytes.get(second) != Some(&b'.') {
        return None;
    }
    Some(segment_end(bytes, second + 1))
}

/// The first secret in `text` at or after byte `from` (a char boundary). Each run of base64url
/// characters is looked at once, from its first `eyJ`, so a long input costs linear time.
fn find(text: &str, from: usize) -> Option<Range<usize>> {
    // Every secret starts with `eyJ` or `p.eyJ`: text without one (nearly every claim set minted, and
    // every message) is answered by one scan for it, without the walk below. (A plain scan: the
    // standard library's substring search costs the WebAssembly module half a kilobyte more, and is
    // no faster on texts this short.)
    let bytes = text.as_bytes();
    if !bytes
        .get(from..)
        .unwrap_or_default()
        .windows(3)
        .any(|w| w == b"eyJ")
    {
        return None;
    }
    let mut i = from;
    while i < bytes.len() {
        if !is_b64url(bytes[i]) {
            i += 1;
            continue;
        }
        let run_end = segment_end(bytes, i);
        if i >= from + 2 && &bytes[i - 2..i] == b"p." {
            if let Some(end) = token_at(bytes, i, false) {
                return Some(i - 2..end);
            }
        }
        if let Some(offset) = bytes[i..run_end].windows(3).position(|w| w == b"eyJ") {
            if let Some(end) = token_at(bytes, i + offset, true) {
                return Some(i + offset..end);
            }
        }
        i = run_end.max(i + 1);
    }
    None
}

/// Whether `text` holds a Tinybird static token or a JWT, whole or as a substring.
///
/// ```
/// use tinybird_tokens::contains_secret;
/// assert!(contains_secret("org_id=p.eyJ1IjogIngifQ.c2lnbmF0dXJl"));
/// assert!(!contains_secret("app.example.com"));
/// ```
pub fn contains_secret(text: &str) -> bool {
    find(text, 0).is_some()
}

/// `text` with every Tinybird static token and JWT in it replaced by its first six characters and `…`
/// (`p.eyJ1…`, `eyJhbG…`); the rest is kept, so a message still shows where the mistake is. Text
/// without a secret is returned as it is. The CLI and the bindings use it for anything they echo.
///
/// ```
/// use tinybird_tokens::mask_secrets;
/// let admin = "p.eyJ1IjogIngifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
/// assert_eq!(mask_secrets(&format!("org_id={admin},plan=pro")), "org_id=p.eyJ1…,plan=pro");
/// assert_eq!(mask_secrets("Bearer eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln"), "Bearer eyJhbG…");
/// assert_eq!(mask_secrets("1h"), "1h");
/// ```
pub fn mask_secrets(text: &str) -> Cow<'_, str> {
    let Some(mut span) = find(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    loop {
        out.push_str(&text[done..span.start]);
        // Every byte of a span is ASCII, so any cut is a char boundary.
        out.push_str(&text[span.start..span.start + KEPT]);
        out.push('…');
        done = span.end;
        match find(text, done) {
            Some(next) => span = next,
            None => break,
        }
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

/// Refuses a value that holds a Tinybird token where it would be shown to others, e.g. a static
/// token's name (listed to everyone in the workspace): `secret_in_claim`, naming `what`, never the value.
/// JWT claims are checked by `create_jwt` / `sign_jwt` themselves.
///
/// ```
/// use tinybird_tokens::refuse_secret;
/// assert!(refuse_secret("The static token name", "app_read").is_ok());
/// let e = refuse_secret("The static token name", "p.eyJ1IjogIngifQ.c2lnbmF0dXJl").unwrap_err();
/// assert_eq!(e.code().as_str(), "secret_in_claim");
/// ```
pub fn refuse_secret(what: &str, value: &str) -> crate::Result<()> {
    if contains_secret(value) {
        return Err(crate::Error::new(
            crate::ErrorCode::SecretInClaim,
            format!(
                "{what} holds a Tinybird token (a static token or a JWT): anyone who can read it would hold the token, so it is refused."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: &str = "p.eyJ1IjogImQxNjBmMDMwLTFhZjgtNGFkOC04NTVkLTVkYjk5NTk2MzMyOCIsICJpZCI6ICI0ZTNjYzUwZC04ZWRiLTQ5ZDgtODE5OS04ZDBjZjg3YjBhMjMiLCAiaG9zdCI6IG51bGx9.kIotnytbpb0zrMP4fmMNFTpqQBFC00OxcXmNk5n1ahg";
    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJob2xhIjoiY2FyYWNvbGEiLCJleHAiOjEyMzEyMzEzfQ.5R8SgceydaC2lxLbPnT98hWIBhB4SLltIDvww7NgYXI";

    #[test]
    fn masks_whole_and_inside() {
        assert_eq!(mask_secrets(ADMIN), "p.eyJ1…");
        assert_eq!(mask_secrets(JWT), "eyJhbG…");
        assert_eq!(
            mask_secrets(&format!("a={ADMIN},b={JWT}.")),
            "a=p.eyJ1…,b=eyJhbG…."
        );
        assert_eq!(
            mask_secrets(&format!("DATASOURCES:READ:{ADMIN}")),
            "DATASOURCES:READ:p.eyJ1…"
        );
        assert_eq!(mask_secrets(&format!("x{ADMIN}y")), "xp.eyJ1…");
        assert_eq!(mask_secrets(&format!("a={ADMIN}=x")), "a=p.eyJ1…=x");
        assert_eq!(mask_secrets("p.eyJ1IjoieCJ9==.c2lnbmF0dXJl"), "p.eyJ1…");
        // Masking is idempotent: the masked form is no longer a token.
        assert_eq!(mask_secrets(&mask_secrets(ADMIN)), "p.eyJ1…");
    }

    #[test]
    fn leaves_other_text_alone() {
        for text in [
            "",
            "1h",
            "app.example.com",
            "p.settings.value",
            "eyJ.x.y",
            "eyJhbGciOiJIUzI1NiJ9",
            "p.eyJ1",
            "Ünïcödé…",
            "ws.events",
        ] {
            assert!(matches!(mask_secrets(text), Cow::Borrowed(_)), "{text:?}");
            assert!(!contains_secret(text), "{text:?}");
        }
    }

    #[test]
    fn detects_substrings() {
        assert!(contains_secret(&format!("Bearer {JWT}")));
        assert!(contains_secret(&format!("org_id={ADMIN}")));
        assert!(contains_secret(&format!("é{ADMIN}é")));
    }
}

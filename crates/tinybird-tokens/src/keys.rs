//! HS256 keys, prepared once.
//!
//! An admin token is about 150 bytes, longer than SHA-256's 64-byte block, so HMAC must hash it before
//! every use unless the keyed state is kept: these types key HMAC once and clone the state per token.
//! They never print their key: `Debug` shows only that a key is there, and the keyed state is wiped when
//! they are dropped (`hmac`/`sha2` with their `zeroize` feature).

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{err, ErrorCode, Result};
use crate::static_token::decode_static_token;

type HmacSha256 = Hmac<Sha256>;

fn keyed(key: &[u8]) -> Result<HmacSha256> {
    if key.is_empty() {
        return Err(err(
            ErrorCode::InvalidSigningKey,
            "The signing key must not be empty.",
        ));
    }
    Ok(HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length"))
}

/// A key that signs HS256 JWTs.
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha256,
    admin_token: bool,
}

impl SigningKey {
    /// Any non-empty byte string, for [`crate::sign_jwt`].
    pub fn from_bytes(key: &[u8]) -> Result<SigningKey> {
        Ok(SigningKey {
            mac: keyed(key)?,
            admin_token: false,
        })
    }

    /// A workspace admin token (`p.…`), the key Tinybird verifies JWTs with; required by
    /// [`crate::create_jwt`]. A string that does not decode as a static token is `invalid_signing_key`.
    pub fn from_admin_token(token: &str) -> Result<SigningKey> {
        if decode_static_token(token).is_err() {
            return Err(err(
                ErrorCode::InvalidSigningKey,
                "The signing key must be the workspace admin token (a static token starting with \"p.\"), as Tinybird verifies JWTs with it.",
            ));
        }
        Ok(SigningKey {
            mac: keyed(token.as_bytes())?,
            admin_token: true,
        })
    }

    /// Whether the key was built from a workspace admin token.
    pub fn is_admin_token(&self) -> bool {
        self.admin_token
    }

    /// HMAC-SHA256 of `data` with this key.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// The key for verifying what this key signs.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            mac: self.mac.clone(),
        }
    }
}

/// A key that verifies HS256 JWTs.
#[derive(Clone)]
pub struct VerifyingKey {
    mac: HmacSha256,
}

impl VerifyingKey {
    /// Any non-empty byte string (usually the workspace admin token's UTF-8 bytes).
    pub fn from_bytes(key: &[u8]) -> Result<VerifyingKey> {
        Ok(VerifyingKey { mac: keyed(key)? })
    }

    /// Checks `tag` against HMAC-SHA256 of `data`, in constant time; only a full 32-byte tag passes.
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.mac.clone();
        mac.update(data);
        tag.len() == 32 && mac.verify_slice(tag).is_ok()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerifyingKey(<redacted>)")
    }
}

/// HMAC-SHA256 of `data` under `key` (any key, the empty one included): the raw primitive.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Checks a full 32-byte HMAC-SHA256 tag in constant time; a truncated or wrong tag is
/// `invalid_signature`.
pub fn verify_hmac_sha256(key: &[u8], data: &[u8], tag: &[u8]) -> Result<()> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    if tag.len() == 32 && mac.verify_slice(tag).is_ok() {
        Ok(())
    } else {
        Err(err(
            ErrorCode::InvalidSignature,
            "The HMAC-SHA256 tag does not match.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_state_is_wiped_on_drop() {
        // The prepared HMAC state (two SHA-256 cores keyed with ipad/opad) is derived from the key: each
        // core wipes itself on drop, so the state does not outlive the key object.
        fn zeroized_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        zeroized_on_drop::<<Sha256 as hmac::digest::block_api::EagerHash>::Core>();
    }

    #[test]
    fn debug_is_redacted() {
        let k = SigningKey::from_bytes(b"super-secret").unwrap();
        assert_eq!(format!("{k:?}"), "SigningKey(<redacted>)");
        assert_eq!(
            format!("{:?}", k.verifying_key()),
            "VerifyingKey(<redacted>)"
        );
    }

    #[test]
    fn empty_and_non_admin_keys() {
        assert_eq!(
            SigningKey::from_bytes(b"").unwrap_err().code(),
            ErrorCode::InvalidSigningKey
        );
        assert_eq!(
            SigningKey::from_admin_token("secret").unwrap_err().code(),
            ErrorCode::InvalidSigningKey
        );
    }

    #[test]
    fn prepared_equals_raw() {
        let key = [7u8; 150];
        let k = SigningKey::from_bytes(&key).unwrap();
        assert_eq!(k.mac(b"data"), hmac_sha256(&key, b"data"));
        assert!(k.verifying_key().verify(b"data", &k.mac(b"data")));
        assert!(!k.verifying_key().verify(b"data", &k.mac(b"data")[..16]));
    }
}

//! HS256 keys, prepared once.
//!
//! An admin token is about 150 bytes, longer than SHA-256's 64-byte block, so HMAC must hash it before
//! every use unless the keyed state is kept: these types key HMAC once and clone the state per token.
//! They never print their key: `Debug` shows only that a key is there, and the keyed state is wiped when
//! they are dropped (`hmac`/`sha2` with their `zeroize` feature).

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Error, ErrorCode, Result};
use crate::static_token::decode_static_token;

type HmacSha256 = Hmac<Sha256>;

/// The key's own bytes, kept only with the `jsonwebtoken` feature: that crate builds its keys from
/// bytes, not from a keyed state ([`crate::jsonwebtoken`]). Wiped on drop, like the keyed state.
#[cfg(feature = "jsonwebtoken")]
pub(crate) type KeyBytes = zeroize::Zeroizing<Vec<u8>>;

/// The HMAC state keyed once (what signing and verifying reuse), and with the `jsonwebtoken`
/// feature the key's bytes beside it: the one place both kinds of key are made from bytes.
#[derive(Clone)]
pub(crate) struct Keyed {
    mac: HmacSha256,
    #[cfg(feature = "jsonwebtoken")]
    pub(crate) bytes: KeyBytes,
}

impl Keyed {
    fn new(key: &[u8]) -> Result<Keyed> {
        if key.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidSigningKey,
                "The signing key must not be empty.",
            ));
        }
        Ok(Keyed {
            mac: HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length"),
            #[cfg(feature = "jsonwebtoken")]
            bytes: zeroize::Zeroizing::new(key.to_vec()),
        })
    }

    /// A fresh copy of the keyed state, for one message.
    fn start(&self) -> HmacSha256 {
        self.mac.clone()
    }
}

/// A key that signs HS256 JWTs.
#[derive(Clone)]
pub struct SigningKey {
    pub(crate) key: Keyed,
    origin: Origin,
}

/// What a signing key was made from: it decides whether the key may mint Tinybird JWTs.
#[derive(Clone)]
enum Origin {
    /// A workspace admin token; `owner_id` is its `u` id.
    AdminToken { owner_id: String },
    /// Any other secret, with the error [`SigningKey::require_admin`] reports for it.
    Secret { not_admin: Box<Error> },
}

fn not_admin_token() -> Error {
    Error::new(
        ErrorCode::InvalidSigningKey,
        "The signing key must be the workspace admin token (a static token starting with \"p.\"), as Tinybird verifies JWTs with it.",
    )
}

impl SigningKey {
    /// Any non-empty byte string, for [`crate::sign_jwt`]; such a key cannot mint Tinybird JWTs.
    pub fn from_bytes(key: &[u8]) -> Result<SigningKey> {
        Ok(SigningKey {
            key: Keyed::new(key)?,
            origin: Origin::Secret {
                not_admin: Box::new(Error::new(
                    ErrorCode::InvalidSigningKey,
                    "create_jwt signs with the workspace admin token: build the key with SigningKey::from_admin_token.",
                )),
            },
        })
    }

    /// A workspace admin token (`p.…`), the key Tinybird verifies JWTs with; required by
    /// [`crate::create_jwt`]. A string that does not decode as a static token is `invalid_signing_key`.
    pub fn from_admin_token(token: &str) -> Result<SigningKey> {
        let decoded = decode_static_token(token).map_err(|_| not_admin_token())?;
        Ok(SigningKey {
            key: Keyed::new(token.as_bytes())?,
            origin: Origin::AdminToken {
                owner_id: decoded.owner_id,
            },
        })
    }

    /// The bindings' key policy, once: a secret that reads as a workspace admin token (UTF-8 text of
    /// a `p.` token) is one and may mint JWTs; any other non-empty secret signs and verifies only,
    /// and [`SigningKey::require_admin`] says why it cannot mint.
    pub fn from_secret(secret: &[u8]) -> Result<SigningKey> {
        let admin = std::str::from_utf8(secret)
            .map_err(|_| not_admin_token())
            .and_then(SigningKey::from_admin_token);
        match admin {
            Ok(key) => Ok(key),
            Err(not_admin) => Ok(SigningKey {
                key: Keyed::new(secret)?,
                origin: Origin::Secret {
                    not_admin: Box::new(not_admin),
                },
            }),
        }
    }

    /// Whether the key was built from a workspace admin token.
    pub fn is_admin_token(&self) -> bool {
        matches!(self.origin, Origin::AdminToken { .. })
    }

    /// The key itself when it may mint Tinybird JWTs, else why not (`invalid_signing_key`).
    pub fn require_admin(&self) -> Result<&SigningKey> {
        match &self.origin {
            Origin::AdminToken { .. } => Ok(self),
            Origin::Secret { not_admin } => Err((**not_admin).clone()),
        }
    }

    /// The `u` id of the admin token this key was made from: the workspace id, when the token is the
    /// workspace admin token (a user's `Admin <email>` token carries the user's id instead, which the
    /// token alone cannot tell apart). `None` for other keys.
    pub fn workspace_id(&self) -> Option<&str> {
        match &self.origin {
            Origin::AdminToken { owner_id } => Some(owner_id),
            Origin::Secret { .. } => None,
        }
    }

    /// HMAC-SHA256 of `data` with this key.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.key.start();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// The key for verifying what this key signs.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            key: self.key.clone(),
        }
    }
}

/// A key that verifies HS256 JWTs.
#[derive(Clone)]
pub struct VerifyingKey {
    pub(crate) key: Keyed,
}

impl VerifyingKey {
    /// Any non-empty byte string (usually the workspace admin token's UTF-8 bytes).
    pub fn from_bytes(key: &[u8]) -> Result<VerifyingKey> {
        Ok(VerifyingKey {
            key: Keyed::new(key)?,
        })
    }

    /// Checks `tag` against HMAC-SHA256 of `data`, in constant time; only a full 32-byte tag passes.
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.key.start();
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
        Err(Error::new(
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
        // The copy of the key's bytes kept for the `jsonwebtoken` bridge is wiped the same way.
        #[cfg(feature = "jsonwebtoken")]
        zeroized_on_drop::<KeyBytes>();
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
    fn from_secret_policy() {
        let admin = "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";
        let k = SigningKey::from_secret(admin.as_bytes()).unwrap();
        assert!(k.is_admin_token());
        assert_eq!(k.workspace_id(), Some("w"));
        assert!(k.require_admin().is_ok());
        for secret in [&b"secret"[..], &[0xff, 0xfe][..]] {
            let k = SigningKey::from_secret(secret).unwrap();
            assert!(!k.is_admin_token());
            assert_eq!(k.workspace_id(), None);
            let e = k.require_admin().unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidSigningKey);
            assert!(e.message().contains("workspace admin token"), "{e}");
        }
        assert_eq!(
            SigningKey::from_secret(b"").unwrap_err().code(),
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

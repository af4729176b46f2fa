//! An ordered set of keys, as the bindings take them: the first key signs (and mints Tinybird JWTs
//! when it is a workspace admin token), every key verifies, in order (the admin token before and
//! after `tb token refresh`). The policy lives here once so that the npm and Python packages cannot
//! drift apart.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};
use crate::keys::{SigningKey, VerifyingKey};

/// Prepared HS256 keys: the first signs, all verify.
#[derive(Clone, Default)]
pub struct KeySet {
    signing: Option<SigningKey>,
    verifying: Vec<VerifyingKey>,
}

impl KeySet {
    /// An empty set.
    pub fn new() -> KeySet {
        KeySet::default()
    }

    /// A set of one key.
    pub fn of(key: SigningKey) -> KeySet {
        let mut set = KeySet::new();
        set.push(key);
        set
    }

    /// Adds a key at the end; the first key added is the one that signs.
    pub fn push(&mut self, key: SigningKey) {
        self.verifying.push(key.verifying_key());
        if self.signing.is_none() {
            self.signing = Some(key);
        }
    }

    /// Adds a key given as a secret, under [`SigningKey::from_secret`]'s policy.
    pub fn push_secret(&mut self, secret: &[u8]) -> Result<()> {
        self.push(SigningKey::from_secret(secret)?);
        Ok(())
    }

    /// Adds every key of `other`, after this set's own.
    pub fn extend(&mut self, other: &KeySet) {
        if self.signing.is_none() {
            self.signing.clone_from(&other.signing);
        }
        self.verifying.extend(other.verifying.iter().cloned());
    }

    /// How many keys verify.
    pub fn len(&self) -> usize {
        self.verifying.len()
    }

    /// Whether the set has no key.
    pub fn is_empty(&self) -> bool {
        self.verifying.is_empty()
    }

    /// The key that signs: the first one (`invalid_argument` when there is none).
    pub fn signing_key(&self) -> Result<&SigningKey> {
        self.signing
            .as_ref()
            .ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "Give a key to sign with."))
    }

    /// The key that mints Tinybird JWTs: the first one, which must be a workspace admin token.
    pub fn admin_key(&self) -> Result<&SigningKey> {
        self.signing_key()?.require_admin()
    }

    /// Every key, for verification, in order.
    pub fn verifying_keys(&self) -> &[VerifyingKey] {
        &self.verifying
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeySet({} keys, <redacted>)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: &str = "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";

    #[test]
    fn first_signs_all_verify() {
        let mut set = KeySet::new();
        assert_eq!(
            set.signing_key().unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        set.push_secret(b"plain").unwrap();
        set.push_secret(ADMIN.as_bytes()).unwrap();
        assert_eq!(set.len(), 2);
        assert!(!set.signing_key().unwrap().is_admin_token());
        assert_eq!(
            set.admin_key().unwrap_err().code(),
            ErrorCode::InvalidSigningKey
        );
        let mut admin_first = KeySet::of(SigningKey::from_admin_token(ADMIN).unwrap());
        admin_first.extend(&set);
        assert_eq!(admin_first.len(), 3);
        assert!(admin_first.admin_key().is_ok());
        assert_eq!(format!("{admin_first:?}"), "KeySet(3 keys, <redacted>)");
    }
}

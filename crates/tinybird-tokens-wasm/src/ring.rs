//! A key ring as the npm package holds it: the core's [`KeySet`] and, when the caller asked for one,
//! the core's [`VerifyCache`] for that set. [`Ring::verify`] is the one verify every wasm export ends
//! in, so the cache applies to every call path.
//!
//! `clearKeyCache()` empties every ring's cache through a global epoch rather than a registry of
//! rings: the rings belong to JS objects (freed by their finalizers), so a registry would hold
//! pointers to memory this side does not own. A cache older than the epoch is emptied, releasing its
//! tokens, the next time its ring is used; until then no call can see its entries.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};

use tinybird_tokens::{Error, KeySet, VerifiedJwt, VerifyCache, VerifyOptions};

/// Bumped by [`clear_verify_caches`]; a cache filled under an older value is stale.
static EPOCH: AtomicU64 = AtomicU64::new(0);

/// Empties every ring's verification cache (at each ring's next use).
pub fn clear_verify_caches() {
    EPOCH.fetch_add(1, Ordering::Relaxed);
}

/// Prepared keys and an optional verification cache.
#[derive(Default)]
pub struct Ring {
    keys: KeySet,
    /// A `RefCell` because verifying through `&Ring` stores; wasm is single-threaded and nothing in
    /// [`Ring::verify`] calls back into JS, so the borrow never overlaps.
    cache: Option<RefCell<Epoched>>,
}

struct Epoched {
    cache: VerifyCache,
    epoch: u64,
}

impl Epoched {
    fn new(keys: &KeySet, capacity: usize) -> Result<Epoched, Error> {
        Ok(Epoched {
            cache: VerifyCache::new(keys.verifying_keys(), capacity)?,
            epoch: EPOCH.load(Ordering::Relaxed),
        })
    }

    /// The cache, emptied first if `clear_verify_caches` ran since it was filled.
    fn current(&mut self) -> &mut VerifyCache {
        let epoch = EPOCH.load(Ordering::Relaxed);
        if self.epoch != epoch {
            self.cache.clear();
            self.epoch = epoch;
        }
        &mut self.cache
    }
}

impl From<KeySet> for Ring {
    fn from(keys: KeySet) -> Ring {
        Ring { keys, cache: None }
    }
}

/// Read access to the keys, so the glue's signing functions take a ring as they take a [`KeySet`].
impl Deref for Ring {
    type Target = KeySet;

    fn deref(&self) -> &KeySet {
        &self.keys
    }
}

impl Ring {
    /// Adds a key given as a secret (see [`KeySet::push_secret`]).
    pub fn push_secret(&mut self, secret: &[u8]) -> Result<(), Error> {
        self.keys.push_secret(secret)?;
        self.rebuild_cache()
    }

    /// Adds every key of `other` after this ring's own.
    pub fn extend(&mut self, other: &KeySet) {
        self.keys.extend(other);
        // Same capacity as before, which was accepted then.
        let _ = self.rebuild_cache();
    }

    /// Starts a verification cache of at most `capacity` tokens (`invalid_argument` for 0),
    /// replacing any earlier one.
    pub fn enable_cache(&mut self, capacity: usize) -> Result<(), Error> {
        self.cache = Some(RefCell::new(Epoched::new(&self.keys, capacity)?));
        Ok(())
    }

    /// The cache holds its own copy of the keys: new keys mean a new, empty cache.
    fn rebuild_cache(&mut self) -> Result<(), Error> {
        match self.cache.as_ref().map(|c| c.borrow().cache.capacity()) {
            Some(capacity) => self.enable_cache(capacity),
            None => Ok(()),
        }
    }

    /// How many tokens the cache holds, `None` without a cache.
    pub fn cached(&self) -> Option<usize> {
        self.cache.as_ref().map(|c| c.borrow_mut().current().len())
    }

    /// The one verify of the glue: through the cache when there is one, else the core's
    /// `verify_jwt`; the same result either way.
    pub fn verify(&self, token: &str, options: &VerifyOptions) -> Result<VerifiedJwt, Error> {
        match &self.cache {
            Some(cache) => cache.borrow_mut().current().verify(token, options),
            None => tinybird_tokens::verify_jwt(token, self.keys.verifying_keys(), options),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinybird_tokens::{sign_jwt, Json, SigningKey};

    fn ring(secret: &[u8], capacity: Option<usize>) -> Ring {
        let mut ring = Ring::default();
        ring.push_secret(secret).unwrap();
        if let Some(capacity) = capacity {
            ring.enable_cache(capacity).unwrap();
        }
        ring
    }

    fn token(claims: &str, secret: &[u8]) -> String {
        let claims = Json::parse(claims).unwrap();
        sign_jwt(&claims, &SigningKey::from_secret(secret).unwrap()).unwrap()
    }

    /// Held by the tests that count entries, as one of them bumps the global epoch.
    static EPOCH_USERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn caches_answer_as_the_core_and_clear_by_epoch() {
        let _epoch = EPOCH_USERS.lock().unwrap();
        let t = token(r#"{"exp":100}"#, b"k");
        let (cached, plain) = (ring(b"k", Some(2)), ring(b"k", None));
        assert_eq!(plain.cached(), None);
        for now in [0, 50, 99, 100, 0] {
            let options = VerifyOptions::at(now);
            assert_eq!(cached.verify(&t, &options), plain.verify(&t, &options));
        }
        assert_eq!(cached.cached(), Some(1));
        let other = ring(b"k", Some(5));
        other.verify(&t, &VerifyOptions::at(0)).unwrap();
        clear_verify_caches();
        assert_eq!(cached.cached(), Some(0));
        assert_eq!(other.cached(), Some(0));
        cached.verify(&t, &VerifyOptions::at(0)).unwrap();
        assert_eq!(cached.cached(), Some(1));
    }

    #[test]
    fn new_keys_mean_a_new_cache() {
        let _epoch = EPOCH_USERS.lock().unwrap();
        let t = token(r#"{"exp":100}"#, b"k");
        let mut r = ring(b"k", Some(3));
        r.verify(&t, &VerifyOptions::at(0)).unwrap();
        assert_eq!(r.cached(), Some(1));
        r.push_secret(b"other").unwrap();
        assert_eq!(r.cached(), Some(0));
        assert_eq!(r.verify(&t, &VerifyOptions::at(0)).unwrap().key_index, 0);
        r.extend(&ring(b"third", None));
        assert_eq!((r.len(), r.cached()), (3, Some(0)));
        assert!(Ring::default().enable_cache(0).is_err());
    }
}

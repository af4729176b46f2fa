//! An opt-in cache of successful verifications, for servers that see the same JWT on many requests.
//!
//! [`VerifyCache`] maps the exact token text to what its signature vouched for (the matching key, the
//! header and claims texts) and the `exp` / `nbf` verification read. A hit skips the HMAC and the
//! decoding, never the clock: it runs [`verify_jwt`](crate::verify_jwt)'s own size check and claim
//! checks again against the call's options, so every call returns exactly what verifying afresh
//! would return, `token_expired` (with the verified parts) included. Only successes are stored; a
//! token that fails is verified again on every call.
//!
//! The cache owns its keys, so entries verified with one key set are never seen by another.
//!
//! # Memory
//!
//! The cache keeps the token texts themselves (bearer secrets) in memory, up to `capacity` of them,
//! with their decoded header and claims, until they are evicted, expire on a hit, or the cache is
//! cleared or dropped. Its `Debug` prints only its counts. (fast-jwt keys its cache with a hash of the
//! token instead; a SHA-256 of the token costs about what the HMAC it would save costs.)
//!
//! # Eviction: CLOCK
//!
//! When full, the cache evicts with CLOCK (second chance): a hit only sets the entry's bit; a hand
//! sweeps the slots, clearing set bits and evicting the first entry whose bit is clear. A token used
//! since the hand last passed survives, as under LRU, without LRU's reordering on every hit (the hot
//! path) and without FIFO's eviction of the busiest token every `capacity` misses.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};
use crate::jwt::verify::{admit, authenticate, Authentic, VerifiedJwt, VerifyOptions};
use crate::keys::VerifyingKey;

/// A bounded cache of verified JWTs for one key set (module docs).
pub struct VerifyCache {
    keys: Vec<VerifyingKey>,
    capacity: usize,
    /// `(tail_hash(token), slot)` for every stored token, sorted: a binary search finds a token's
    /// slot. (A sorted vector, not a `HashMap`: the same speed at these sizes, for a fraction of the
    /// WebAssembly module's bytes.) Only signed tokens get in, so an attacker who lacks the key
    /// cannot choose what the index holds.
    index: Vec<(u64, usize)>,
    slots: Vec<Slot>,
    /// The CLOCK hand: the next slot considered for eviction.
    hand: usize,
}

struct Slot {
    token: Box<str>,
    authentic: Authentic,
    /// Used since the hand last passed.
    referenced: bool,
}

impl VerifyCache {
    /// A cache of at most `capacity` tokens verified with `keys` (in order, as
    /// [`verify_jwt`](crate::verify_jwt) takes them). A capacity of 0 is `invalid_argument`. Nothing
    /// is allocated for the entries until they are stored.
    pub fn new(keys: &[VerifyingKey], capacity: usize) -> Result<VerifyCache> {
        if capacity == 0 {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "A verification cache must hold at least 1 token.",
            ));
        }
        Ok(VerifyCache {
            keys: keys.to_vec(),
            capacity,
            index: Vec::new(),
            slots: Vec::new(),
            hand: 0,
        })
    }

    /// [`verify_jwt`](crate::verify_jwt) with this cache's keys: the same result for every token and
    /// options, from the cache when the token verified before (its size and claims are checked again
    /// against `options`).
    pub fn verify(&mut self, token: &str, options: &VerifyOptions) -> Result<VerifiedJwt> {
        if let Some(i) = self.find(token) {
            return self.hit(i, token, options);
        }
        let authentic = authenticate(token, &self.keys, options.max_token_bytes, false)?;
        let exp = authentic.judge(options)?;
        self.store(token, authentic.clone());
        Ok(authentic.into_verified(exp))
    }

    /// The slot holding `token`, if it is stored.
    fn find(&self, token: &str) -> Option<usize> {
        let hash = tail_hash(token);
        let from = self.index.partition_point(|&(h, _)| h < hash);
        self.index[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, slot)| slot)
            .find(|&slot| &*self.slots[slot].token == token)
    }

    /// Files `slot` under `token`'s hash.
    fn index_insert(&mut self, token: &str, slot: usize) {
        let entry = (tail_hash(token), slot);
        let at = self.index.partition_point(|e| *e < entry);
        self.index.insert(at, entry);
    }

    /// Removes the index entry of `slot`, which holds `token`.
    fn index_remove(&mut self, token: &str, slot: usize) {
        let entry = (tail_hash(token), slot);
        let at = self.index.partition_point(|e| *e < entry);
        debug_assert_eq!(self.index.get(at), Some(&entry));
        self.index.remove(at);
    }

    fn hit(&mut self, i: usize, token: &str, options: &VerifyOptions) -> Result<VerifiedJwt> {
        admit(token, options.max_token_bytes)?;
        let slot = &mut self.slots[i];
        slot.referenced = true;
        match slot.authentic.judge(options) {
            Ok(exp) => Ok(slot.authentic.clone().into_verified(exp)),
            Err(e) => {
                if e.code() == ErrorCode::TokenExpired {
                    // Expired for this clock, and for every later one: its room is better used.
                    self.remove(i);
                }
                Err(e)
            }
        }
    }

    fn store(&mut self, token: &str, authentic: Authentic) {
        let slot = Slot {
            token: token.into(),
            authentic,
            referenced: false,
        };
        if self.slots.len() < self.capacity {
            self.index_insert(token, self.slots.len());
            self.slots.push(slot);
            return;
        }
        // Full: give each referenced slot a second chance until one is not; at most one lap.
        while self.slots[self.hand].referenced {
            self.slots[self.hand].referenced = false;
            self.hand = (self.hand + 1) % self.slots.len();
        }
        let victim = std::mem::replace(&mut self.slots[self.hand], slot);
        self.index_remove(&victim.token, self.hand);
        self.index_insert(token, self.hand);
        self.hand = (self.hand + 1) % self.slots.len();
    }

    fn remove(&mut self, i: usize) {
        let last = self.slots.len() - 1;
        let slot = self.slots.swap_remove(i);
        self.index_remove(&slot.token, i);
        if i != last {
            // The last slot moved into `i`.
            let moved: Box<str> = self.slots[i].token.clone();
            self.index_remove(&moved, last);
            self.index_insert(&moved, i);
        }
        if self.hand >= self.slots.len() {
            self.hand = 0;
        }
    }

    /// Forgets every token (after rotating a key, say), releasing their memory.
    pub fn clear(&mut self) {
        self.index = Vec::new();
        self.slots = Vec::new();
        self.hand = 0;
    }

    /// How many tokens are stored.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether no token is stored.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The most tokens stored at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The keys tokens are verified with.
    pub fn keys(&self) -> &[VerifyingKey] {
        &self.keys
    }
}

/// A token's index hash, from its last 16 bytes. Every stored token is signed, and its tail (the
/// HMAC's base64url) is uniformly random to anyone without the key, so it spreads the index as well
/// as a hash of the whole text would, at a fraction of the cost per lookup. A lookup with a token an
/// attacker chose can collide with stored tokens, not crowd them.
fn tail_hash(token: &str) -> u64 {
    let bytes = token.as_bytes();
    let mut hash = 0u64;
    for chunk in bytes[bytes.len().saturating_sub(16)..].chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        // A multiply-rotate mix (as FxHash's), enough for inputs that are random already.
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    hash
}

/// Counts only: the tokens are bearer secrets and the keys are keys.
impl fmt::Debug for VerifyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyCache")
            .field("keys", &self.keys.len())
            .field("len", &self.len())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::verify::tests::{token, vk};
    use crate::jwt::verify::verify_jwt;
    use proptest::prelude::*;

    fn cache(capacity: usize) -> VerifyCache {
        VerifyCache::new(&[vk(b"old"), vk(b"new")], capacity).unwrap()
    }

    /// The cache's answer, checked against verifying afresh with the same keys.
    fn both(c: &mut VerifyCache, t: &str, options: &VerifyOptions) -> Result<VerifiedJwt> {
        let cached = c.verify(t, options);
        assert_eq!(cached, verify_jwt(t, c.keys(), options), "{options:?}");
        assert!(c.len() <= c.capacity());
        // The index holds exactly the stored tokens, each under its own slot.
        assert_eq!(c.index.len(), c.len());
        for (i, slot) in c.slots.iter().enumerate() {
            assert_eq!(c.find(&slot.token), Some(i));
        }
        cached
    }

    #[test]
    fn a_token_with_a_stored_tail_is_not_a_hit() {
        let mut c = cache(4);
        let t = token(r#"{"exp":100}"#, b"new");
        both(&mut c, &t, &VerifyOptions::at(0)).unwrap();
        // Same last 16 bytes, so the same index hash: found by comparing the whole text.
        for other in [
            format!("x{t}"),
            format!("{}.{}", "e30", &t[t.find('.').unwrap() + 1..]),
        ] {
            assert_eq!(tail_hash(&other), tail_hash(&t));
            both(&mut c, &other, &VerifyOptions::at(0)).unwrap_err();
        }
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn a_hit_returns_what_verification_returns() {
        let mut c = cache(4);
        let t = token(r#"{"exp":100,"a":"b"}"#, b"new");
        let first = both(&mut c, &t, &VerifyOptions::at(50)).unwrap();
        assert_eq!(c.len(), 1);
        let again = both(&mut c, &t, &VerifyOptions::at(60)).unwrap();
        assert_eq!((again.key_index, again.exp), (1, 100));
        assert_eq!(again, first);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn expiry_after_caching_is_token_expired_with_the_parts() {
        let mut c = cache(4);
        let t = token(r#"{"exp":100}"#, b"old");
        both(&mut c, &t, &VerifyOptions::at(50)).unwrap();
        let e = both(&mut c, &t, &VerifyOptions::at(100)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenExpired);
        assert_eq!(e.verified().unwrap().key_index, 0);
        // An expired entry leaves; a token that fails is never stored.
        assert!(c.is_empty());
        both(&mut c, &t, &VerifyOptions::at(100)).unwrap_err();
        assert!(c.is_empty());
    }

    #[test]
    fn nbf_and_leeway_are_judged_on_every_hit() {
        let mut c = cache(4);
        let t = token(r#"{"exp":100,"nbf":60}"#, b"new");
        both(&mut c, &t, &VerifyOptions::at(70)).unwrap();
        let early = both(&mut c, &t, &VerifyOptions::at(59)).unwrap_err();
        assert_eq!(early.code(), ErrorCode::TokenNotYetValid);
        assert!(early.verified().is_some());
        // Not yet valid stays: it becomes valid later.
        assert_eq!(c.len(), 1);
        both(&mut c, &t, &VerifyOptions::at(59).with_leeway(1)).unwrap();
        both(&mut c, &t, &VerifyOptions::at(100).with_leeway(1)).unwrap();
        both(&mut c, &t, &VerifyOptions::at(101).with_leeway(1)).unwrap_err();
    }

    #[test]
    fn the_size_cap_is_judged_on_every_hit() {
        let mut c = cache(4);
        let t = token(r#"{"exp":100}"#, b"new");
        both(&mut c, &t, &VerifyOptions::at(0)).unwrap();
        let mut small = VerifyOptions::at(0);
        small.max_token_bytes = t.len() - 1;
        let e = both(&mut c, &t, &small).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenTooLarge);
        small.max_token_bytes = t.len();
        both(&mut c, &t, &small).unwrap();
    }

    #[test]
    fn failures_are_never_stored() {
        let mut c = cache(4);
        let at = VerifyOptions::at(50);
        for t in [
            token(r#"{"exp":100}"#, b"other"),
            token(r#"{"exp":10}"#, b"new"),
            token(r#"{"exp":100,"nbf":60}"#, b"new"),
            token(r#"{"a":1}"#, b"new"),
            token(r#"{"exp":100,"aud":"x"}"#, b"new"),
            "p.x".into(),
            "a.b".into(),
        ] {
            both(&mut c, &t, &at).unwrap_err();
            both(&mut c, &t, &at).unwrap_err();
        }
        assert!(c.is_empty());
    }

    #[test]
    fn another_key_set_never_sees_the_entries() {
        let t = token(r#"{"exp":100}"#, b"new");
        let mut new = cache(4);
        both(&mut new, &t, &VerifyOptions::at(0)).unwrap();
        let mut other = VerifyCache::new(&[vk(b"other")], 4).unwrap();
        let e = both(&mut other, &t, &VerifyOptions::at(0)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidSignature);
        let mut empty = VerifyCache::new(&[], 4).unwrap();
        let e = both(&mut empty, &t, &VerifyOptions::at(0)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn clock_eviction_spares_what_was_used() {
        let mut c = cache(2);
        let at = VerifyOptions::at(0);
        let [a, b, d, e] =
            [1, 2, 3, 4].map(|n| token(&format!(r#"{{"exp":100,"n":{n}}}"#), b"new"));
        both(&mut c, &a, &at).unwrap();
        both(&mut c, &b, &at).unwrap();
        both(&mut c, &a, &at).unwrap(); // a referenced
        both(&mut c, &d, &at).unwrap(); // evicts b, the unreferenced one
        assert_eq!(c.len(), 2);
        assert!(c.find(&a).is_some() && c.find(&d).is_some());
        both(&mut c, &e, &at).unwrap(); // a's second chance is spent: evicts a
        assert!(c.find(&d).is_some() && c.find(&e).is_some());
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn capacity_zero_is_refused_and_clear_empties() {
        let e = VerifyCache::new(&[vk(b"k")], 0).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let mut c = cache(1);
        let t = token(r#"{"exp":100}"#, b"new");
        both(&mut c, &t, &VerifyOptions::at(0)).unwrap();
        assert_eq!(c.len(), 1);
        c.clear();
        assert!(c.is_empty());
        both(&mut c, &t, &VerifyOptions::at(0)).unwrap();
    }

    /// The Python package can hold one in a `#[pyclass]` (which must be `Send`) and share it.
    #[test]
    fn can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<VerifyCache>();
    }

    #[test]
    fn debug_prints_no_token_or_key() {
        let mut c = VerifyCache::new(&[vk(b"secret-key")], 3).unwrap();
        let t = token(r#"{"exp":100,"name":"claim-text"}"#, b"secret-key");
        c.verify(&t, &VerifyOptions::at(0)).unwrap();
        let shown = format!("{c:?}");
        assert_eq!(shown, "VerifyCache { keys: 1, len: 1, capacity: 3, .. }");
        for part in t.split('.') {
            assert!(!shown.contains(part));
        }
    }

    /// Every answer of a small cache, under any sequence of tokens and clocks, equals a fresh
    /// verification's (checked by `both`), and the cache never holds more than its capacity.
    #[test]
    fn any_sequence_answers_as_verification_does() {
        let pool: Vec<String> = [
            (r#"{"exp":20}"#, &b"old"[..]),
            (r#"{"exp":30,"nbf":10}"#, b"new"),
            (r#"{"exp":40,"nbf":25.5}"#, b"new"),
            (r#"{"exp":1e30,"x":[1,{"y":null}]}"#, b"old"),
            (r#"{"exp":25,"aud":""}"#, b"new"),
            (r#"{"exp":25,"aud":"x"}"#, b"new"),
            (r#"{"exp":50}"#, b"stranger"),
            (r#"{"nbf":1}"#, b"new"),
        ]
        .iter()
        .map(|(claims, key)| token(claims, key))
        .chain(["p.abc".to_owned(), "x.y".to_owned()])
        .collect();
        let step = (
            0..pool.len(),
            0i64..50,
            0u64..5,
            prop::option::of(100usize..200),
        );
        proptest!(|(capacity in 1usize..4, steps in prop::collection::vec(step, 1..40))| {
            let mut c = cache(capacity);
            for (i, now, leeway, max) in steps {
                let mut options = VerifyOptions::at(now).with_leeway(leeway);
                if let Some(max) = max {
                    options.max_token_bytes = max;
                }
                both(&mut c, &pool[i], &options).ok();
            }
        });
    }
}

//! `SigningKey` / `VerifyingKey`: the core's prepared HS256 keys as Python objects, and the lookup that
//! turns a key argument (`str`, `bytes` or a key object) into a prepared key. The classes' methods are in
//! `key_methods.rs`, above `jwt.rs`, which uses this lookup.
//!
//! Preparing a key hashes it (an admin token is longer than SHA-256's block) and, for an admin token,
//! decodes it; a key passed as `str` / `bytes` is therefore kept prepared in a small per-process cache,
//! keyed by the identity of the (immutable) key object, which the cache keeps alive while it is listed.
//! Lookups hand out shared (`Arc`) or borrowed keys, never copies: a copy of a prepared key allocates
//! (an admin token's owner id), and a call is a microsecond or two.

use std::ops::Deref;
use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use tinybird_tokens::{SigningKey, VerifyingKey};

use crate::convert::{key_bytes, type_error};
use crate::errors::CoreResultExt;

/// How many `str` / `bytes` keys stay prepared (a signing key and a verifying key per workspace for a
/// few workspaces, or the old and new admin token during a rotation).
const CACHED_KEYS: usize = 8;

struct Cache<T> {
    entries: Mutex<Vec<(Py<PyAny>, Arc<T>)>>,
}

impl<T> Cache<T> {
    const fn new() -> Self {
        Cache {
            entries: Mutex::new(Vec::new()),
        }
    }

    fn get_or_try_insert(
        &self,
        obj: &Bound<'_, PyAny>,
        make: impl FnOnce() -> PyResult<T>,
    ) -> PyResult<Arc<T>> {
        let cacheable =
            obj.is_exact_instance_of::<PyString>() || obj.is_exact_instance_of::<PyBytes>();
        if cacheable {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((_, key)) = entries.iter().find(|(o, _)| o.as_ptr() == obj.as_ptr()) {
                return Ok(Arc::clone(key));
            }
        }
        let key = Arc::new(make()?);
        if cacheable {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if entries.len() == CACHED_KEYS {
                entries.pop();
            }
            entries.insert(0, (obj.clone().unbind(), Arc::clone(&key)));
        }
        Ok(key)
    }

    fn clear(&self) -> Vec<(Py<PyAny>, Arc<T>)> {
        std::mem::take(&mut *self.entries.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySigningKey>()?;
    m.add_class::<PyVerifyingKey>()?;
    m.add_function(wrap_pyfunction!(clear_key_cache, m)?)?;
    Ok(())
}

static SIGNING: Cache<SigningKey> = Cache::new();
static VERIFYING: Cache<VerifyingKey> = Cache::new();

/// Forgets the prepared keys kept for ``str`` / ``bytes`` key arguments.
#[pyfunction]
fn clear_key_cache() {
    // Dropped here, while attached to the interpreter (a `#[pyfunction]` runs attached).
    drop(SIGNING.clear());
    drop(VERIFYING.clear());
}

/// A key that signs HS256 JWTs, prepared once.
///
/// ``SigningKey(key)`` takes the key as ``str`` (UTF-8) or ``bytes``. When the key is a workspace admin
/// token (``p.…``), the key can also mint Tinybird JWTs (:meth:`create_jwt`); any other non-empty key
/// signs arbitrary claims (:meth:`sign_jwt`). The key itself is never shown: ``repr`` is redacted and
/// the object cannot be pickled.
#[pyclass(frozen, module = "tinybird_tokens", name = "SigningKey")]
pub struct PySigningKey {
    pub(crate) inner: SigningKey,
}

/// A key that verifies HS256 JWTs, prepared once.
///
/// ``VerifyingKey(key)`` takes the key as ``str`` (UTF-8, usually the workspace admin token) or
/// ``bytes``. ``repr`` is redacted and the object cannot be pickled.
#[pyclass(frozen, module = "tinybird_tokens", name = "VerifyingKey")]
pub struct PyVerifyingKey {
    pub(crate) inner: VerifyingKey,
}

/// Prepares a `str` / `bytes` signing key under the core's key policy ([`SigningKey::from_secret`]:
/// an admin token may mint Tinybird JWTs, any other key signs only).
pub fn prepare_signing(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<SigningKey> {
    SigningKey::from_secret(&key_bytes(key, "key")?).py(py)
}

/// Prepares a `str` / `bytes` verifying key.
pub fn prepare_verifying(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<VerifyingKey> {
    VerifyingKey::from_bytes(&key_bytes(key, "key")?).py(py)
}

/// A prepared key: the one a key object holds, or the cache's.
pub enum Prepared<'a, T> {
    Borrowed(&'a T),
    Shared(Arc<T>),
}

impl<T> Deref for Prepared<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Prepared::Borrowed(key) => key,
            Prepared::Shared(key) => key,
        }
    }
}

/// A signing key from a `str` / `bytes` key or a `SigningKey`.
pub fn signing_key<'a>(
    py: Python<'_>,
    key: &'a Bound<'_, PyAny>,
) -> PyResult<Prepared<'a, SigningKey>> {
    if let Ok(k) = key.cast::<PySigningKey>() {
        return Ok(Prepared::Borrowed(&k.get().inner));
    }
    if !(key.is_instance_of::<PyString>() || key.is_instance_of::<PyBytes>()) {
        return Err(type_error("key", "a str, bytes or SigningKey", key));
    }
    SIGNING
        .get_or_try_insert(key, || prepare_signing(py, key))
        .map(Prepared::Shared)
}

fn one_verifying_key<'a>(
    py: Python<'_>,
    key: &'a Bound<'_, PyAny>,
) -> PyResult<Prepared<'a, VerifyingKey>> {
    if let Ok(k) = key.cast::<PyVerifyingKey>() {
        return Ok(Prepared::Borrowed(&k.get().inner));
    }
    if let Ok(k) = key.cast::<PySigningKey>() {
        return Ok(Prepared::Shared(Arc::new(k.get().inner.verifying_key())));
    }
    if !(key.is_instance_of::<PyString>() || key.is_instance_of::<PyBytes>()) {
        return Err(type_error(
            "key",
            "a str, bytes, VerifyingKey or SigningKey (or a list of them)",
            key,
        ));
    }
    VERIFYING
        .get_or_try_insert(key, || prepare_verifying(py, key))
        .map(Prepared::Shared)
}

/// One verifying key, or several in order.
pub enum VerifyingKeys<'a> {
    One(Prepared<'a, VerifyingKey>),
    Many(Vec<VerifyingKey>),
}

impl Deref for VerifyingKeys<'_> {
    type Target = [VerifyingKey];

    fn deref(&self) -> &[VerifyingKey] {
        match self {
            VerifyingKeys::One(key) => std::slice::from_ref(&**key),
            VerifyingKeys::Many(keys) => keys,
        }
    }
}

/// Verifying keys from one key or a list / tuple of keys (e.g. the admin token before and after
/// `tb token refresh`).
pub fn verifying_keys<'a>(
    py: Python<'_>,
    keys: &'a Bound<'_, PyAny>,
) -> PyResult<VerifyingKeys<'a>> {
    let many = |items: &mut dyn Iterator<Item = Bound<'_, PyAny>>| {
        items
            .map(|k| one_verifying_key(py, &k).map(|k| (*k).clone()))
            .collect::<PyResult<Vec<_>>>()
            .map(VerifyingKeys::Many)
    };
    if let Ok(list) = keys.cast::<PyList>() {
        return many(&mut list.iter());
    }
    if let Ok(tuple) = keys.cast::<PyTuple>() {
        return many(&mut tuple.iter());
    }
    Ok(VerifyingKeys::One(one_verifying_key(py, keys)?))
}

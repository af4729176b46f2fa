/**
 * Key rings prepared in WebAssembly; internal, not re-exported. The public key classes (`keys.ts`)
 * register their ring here, so the functions that take a key reach it without a public accessor.
 */

import * as raw from "../wasm/tinybird_tokens_wasm.js";
import { fail, glue, typeName, wellFormed } from "./wire.js";

/** The ring of each prepared key (`SigningKey`, `VerifyingKey`). */
const rings = new WeakMap<object, raw.Keys>();

/** Files `ring` as the ring of `key`, which owns it from then on. */
export function register(key: object, ring: raw.Keys): void {
  rings.set(key, ring);
}

/** The ring of a prepared key, or `undefined` for anything else. */
export function ringOf(key: unknown): raw.Keys | undefined {
  return typeof key === "object" && key !== null ? rings.get(key) : undefined;
}

function addKey(ring: raw.Keys, key: unknown, what: string): void {
  const prepared = ringOf(key);
  if (prepared !== undefined) ring.addKeys(prepared);
  else if (typeof key === "string") ring.addText(wellFormed(key, what));
  else if (key instanceof Uint8Array) ring.addBytes(key);
  else {
    throw new TypeError(
      `${what} must be a string, a Uint8Array, a SigningKey or a VerifyingKey, not ${typeName(key)}.`,
    );
  }
}

/** A fresh ring of the given keys (the caller frees it, or registers it to a key). */
export function newRing(keys: readonly unknown[], what: string): raw.Keys {
  const ring = glue(() => new raw.Keys());
  try {
    for (const k of keys) addKey(ring, k, what);
  } catch (e) {
    ring.free();
    throw fail(e);
  }
  return ring;
}

/** `cache: true`'s size, as fast-jwt's. */
const DEFAULT_VERIFY_CACHE = 1000;
/** Whether any ring got a verification cache, so `clearCache` does not reach into a module that
 * may not be initialized yet when there is nothing to clear. */
let verifyCaches = false;

/** The capacity `cache` asks for: none (`undefined`, `false`), 1000 (`true`) or the number as given
 * (the glue refuses 0, a negative or a fractional one). */
function cacheCapacity(cache: unknown): number | undefined {
  if (cache === undefined || cache === false) return undefined;
  if (cache === true) return DEFAULT_VERIFY_CACHE;
  if (typeof cache === "number") return cache;
  throw new TypeError(`options.cache must be a boolean or a number, not ${typeName(cache)}.`);
}

/** A fresh ring of verifying keys, with a verification cache when `cache` asks for one. */
export function newVerifyingRing(keys: readonly unknown[], cache: unknown): raw.Keys {
  const capacity = cacheCapacity(cache);
  const ring = newRing(keys, "A key");
  if (capacity !== undefined) {
    try {
      glue(() => ring.enableCache(capacity));
    } catch (e) {
      ring.free();
      throw e;
    }
    verifyCaches = true;
  }
  return ring;
}

/** How many string keys stay prepared (as the Python package's per-process cache). */
const CACHED_KEYS = 8;
const keyCache = new Map<string, raw.Keys>();
/** The most recently used entry of `keyCache`, which a hit on it need not move. */
let newest: string | undefined;

/**
 * The prepared ring of a key given as a string, from a small cache of the last `CACHED_KEYS` strings,
 * so `verifyJwt(token, process.env.TINYBIRD_ADMIN_TOKEN)` does not hash the admin token again on every call.
 * `Uint8Array` keys are not cached: their contents can change. The ring is owned by the cache.
 */
function cachedRing(key: string, what: string): raw.Keys {
  const hit = keyCache.get(key);
  if (hit !== undefined) {
    if (key !== newest) {
      keyCache.delete(key);
      keyCache.set(key, hit);
      newest = key;
    }
    return hit;
  }
  const ring = newRing([key], what);
  if (keyCache.size >= CACHED_KEYS) {
    const [oldest, evicted] = keyCache.entries().next().value as [string, raw.Keys];
    keyCache.delete(oldest);
    evicted.free();
  }
  keyCache.set(key, ring);
  newest = key;
  return ring;
}

/** Frees the cached rings of string keys and empties every verification cache. */
export function clearCache(): void {
  for (const ring of keyCache.values()) ring.free();
  keyCache.clear();
  if (verifyCaches) glue(() => raw.clearVerifyCaches());
  newest = undefined;
}

/** The ring of a prepared key or of a string key (cached), without a closure; `undefined` for other
 * keys (bytes, lists), which `withRing` handles. */
export function quickRing(key: unknown, what: string): raw.Keys | undefined {
  if (typeof key === "string") return cachedRing(key, what);
  return ringOf(key);
}

/** Runs `f` with the ring of a key: a prepared key's own, the cache's for a string, else a fresh one
 * (of a list of keys where `many`) that is freed after. */
export function withRing<T>(key: unknown, what: string, many: boolean, f: (ring: raw.Keys) => T): T {
  const prepared = ringOf(key);
  if (prepared !== undefined) return f(prepared);
  if (typeof key === "string") return f(cachedRing(key, what));
  const ring = newRing(many && Array.isArray(key) ? key : [key], what);
  try {
    return f(ring);
  } finally {
    ring.free();
  }
}

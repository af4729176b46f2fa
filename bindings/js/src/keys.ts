/** Prepared keys: HMAC state kept in WebAssembly for fast repeated signing and verifying. */

import type * as raw from "./wasm/tinybird_tokens_wasm.js";
import { clearCache, newRing, newVerifyingRing, register, ringOf } from "./internal/rings.js";
import { optObj } from "./internal/wire.js";
import type { KeyMaterial, VerifyingKeyOptions } from "./types.js";

/** A key ring prepared in WebAssembly; freed by the garbage collector (no `free()` to call). */
export abstract class TokenKey {
  /** @internal */
  protected constructor(ring: object) {
    register(this, ring as raw.Keys);
  }

  /** How many keys verify (a ring of several supports rotation). */
  get size(): number {
    return ringOf(this)!.size;
  }

  /** Keys never print their secret. */
  toJSON(): string {
    return `[${this.constructor.name}]`;
  }

  toString(): string {
    return `[${this.constructor.name}]`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `${this.constructor.name} { <redacted> }`;
  }
}

/** A key as `verifyJwt` and `VerifyingKey` take it: text, bytes or a prepared key. */
export type KeyInput = KeyMaterial | TokenKey;

/**
 * A key prepared once for fast repeated signing: a workspace admin token (which can also mint
 * Tinybird JWTs with `createJwt`) or any other non-empty secret, as text or bytes.
 */
export class SigningKey extends TokenKey {
  constructor(key: KeyMaterial) {
    super(newRing([key], "The key"));
  }

  /** Whether this is a workspace admin token, the key `createJwt` needs. */
  get isAdminToken(): boolean {
    return ringOf(this)!.isAdminToken;
  }

  /** The workspace id of a workspace admin token (the `u` owner id its payload names), e.g. for
   * `createJwt`'s `workspaceId`; `undefined` for any other key. */
  get workspaceId(): string | undefined {
    return ringOf(this)!.workspaceId;
  }
}

/**
 * One or more keys prepared once for fast repeated verification; with several (e.g. the admin token
 * before and after `tb token refresh`), a token verifies if any matches.
 *
 * With `{ cache: true }` (1000 tokens) or `{ cache: n }`, successful verifications are cached (see
 * `VerifyingKeyOptions.cache`): `exp`, `nbf` and `maxTokenBytes` are still checked on every call, and
 * every call returns fresh objects. A `VerifyingKey` built from this one gets its keys, not its cache.
 */
export class VerifyingKey extends TokenKey {
  constructor(keys: KeyInput | readonly KeyInput[], options?: VerifyingKeyOptions) {
    optObj(options, "options");
    super(newVerifyingRing(Array.isArray(keys) ? keys : [keys], options?.cache));
  }

  /** How many tokens the verification cache holds now; `undefined` without a cache. */
  get cacheSize(): number | undefined {
    return ringOf(this)!.cacheSize;
  }
}

/** Prepares a signing key once (see `SigningKey`). */
export function createSigningKey(key: KeyMaterial): SigningKey {
  return new SigningKey(key);
}

/** Prepares one or more verifying keys once, optionally with a verification cache (see
 * `VerifyingKey`). */
export function createVerifyingKey(
  keys: KeyInput | readonly KeyInput[],
  options?: VerifyingKeyOptions,
): VerifyingKey {
  return new VerifyingKey(keys, options);
}

/** Forgets the prepared string keys (after rotating an admin token, say), and empties every
 * verification cache; later calls prepare and verify again. */
export function clearKeyCache(): void {
  clearCache();
}

/**
 * tinybird-tokens/jwt: the hot paths of the package on a WebAssembly module of their own, less than
 * half the size of the full one (README, "Module size"): prepared keys, JWTs (mint, sign, verify,
 * decode, `--fixed-params` text), token inspection, static tokens, HMAC and the error classes. The
 * functions are the same modules as the full package's, so they behave identically; scopes,
 * datafiles and projects (`createJwt`'s `{ project }` option included) are only in
 * `tinybird-tokens`.
 *
 * The build (scripts/build.mjs) bundles this list in place of `api.ts` into the same entries as the
 * default export (`index.ts`: the module inlined; `precompiled.ts`: workerd, edge-light), with the
 * glue of the lean module, so loading works as there.
 */

export * from "./errors.js";
export * from "./types.js";
export { ready } from "./state.js";
export * from "./keys.js";
export { createJwt, decodeJwt, parseFixedParams, signJwt, verifyJwt, type CreateJwtCheckOptions } from "./jwt.js";
export * from "./inspect.js";
export * from "./static.js";
export * from "./hmac.js";

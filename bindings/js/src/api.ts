/**
 * The public API, shared by both entries (`index.ts`, `slim.ts`): plain objects in and out, sync, no
 * wasm objects to free. Every rule runs in the Rust core (through the wasm glue); the modules below
 * only check argument types (`TypeError`), fill in `now` from the clock, convert times, TTLs and
 * `Date`s by one input policy (`internal/inputs.ts`, README "Input policy"), rename fields between
 * camelCase and the core's JSON and turn the glue's errors into `TinybirdTokenError` subclasses. Plumbing lives in `internal/`, which is not exported.
 */

export * from "./errors.js";
export * from "./types.js";
export { ready } from "./state.js";
export * from "./keys.js";
export * from "./scopes.js";
export * from "./datafiles.js";
export * from "./jwt.js";
export * from "./project.js";
export * from "./inspect.js";
export * from "./static.js";
export * from "./hmac.js";

/**
 * The I/O buffers of the hot JWT calls (the wasm crate's `io.rs`); internal, not re-exported.
 *
 * Text goes in by copying its char codes into a buffer in wasm memory that is reused across calls
 * (tokens and the JSON the hot paths send are ASCII in the common case), and the result comes back
 * from a reused output buffer, so a call marshals no string through wasm-bindgen. Text with a char
 * code above 127 is not written (`put` returns -1): the caller takes the JSON-text exports instead,
 * so such input keeps every check and error of that path. Memory can grow during any call, which
 * detaches the views: they are made again when found detached.
 */

import * as raw from "../wasm/tinybird_tokens_wasm.js";

/** Inputs longer than this go through the JSON-text exports, so one huge token does not keep a huge
 * buffer alive (the core refuses tokens over 16 KiB by default anyway). */
const MAX_INPUT = 65536;
const INITIAL_INPUT = 4096;

let memory: WebAssembly.Memory | undefined;
let bytes = new Uint8Array(0);
/** The input buffer, as a view of `bytes` (remade with it). */
let input = new Uint8Array(0);
let inputPtr = 0;
let inputSize = 0;

function view(): Uint8Array {
  if (bytes.byteLength === 0) {
    memory ??= raw.ioMemory() as WebAssembly.Memory;
    bytes = new Uint8Array(memory.buffer);
    input = bytes.subarray(inputPtr, inputPtr + inputSize);
  }
  return bytes;
}

const encoder = new TextEncoder();

/**
 * Writes `s` into the input buffer; its length, or -1 when `s` is not ASCII or too long for the
 * buffer path. Throws only what the glue throws before the module is ready (the caller's `fail`
 * turns that into `NotInitializedError`).
 */
export function put(s: string): number {
  const n = s.length;
  if (!reserve(n)) return -1;
  view();
  // `encodeInto` is an order of magnitude faster than a charCodeAt loop (bench/js/RESULTS.md). Every
  // char above 127 (a lone surrogate too, as U+FFFD) takes 2-3 bytes, so exactly `n` bytes written
  // for all `n` chars means ASCII, copied byte for byte.
  const { read, written } = encoder.encodeInto(s, input);
  return read === n && written === n ? n : -1;
}

/** Makes the input buffer hold `n` bytes; `false` when `n` is over the buffer path's limit. */
function reserve(n: number): boolean {
  if (n <= inputSize) return true;
  if (n > MAX_INPUT) return false;
  const size = Math.max(n, INITIAL_INPUT);
  inputPtr = raw.ioInput(size);
  inputSize = size;
  // The input view is remade at the new place (`view`).
  bytes = new Uint8Array(0);
  return true;
}

/** A result of the io exports (`ptr * 2^21 + len`), or the call's error thrown: the exports return
 * -1 on failure and keep the error for `ioError` (io.rs: one number back, not wasm-bindgen's array). */
export function result(r: number): number {
  if (r < 0) throw raw.ioError();
  return r;
}

const decoder = new TextDecoder();
/** Results are shorter than 2^21 bytes (inputs are at most 64 KiB), so `ptr * 2^21 + len` is exact. */
const TWO_21 = 2097152;

/** The text of a result (`ptr * 2^21 + len`, as the io exports return it). */
export function take(result: number): string {
  const len = result % TWO_21;
  const ptr = (result - len) / TWO_21;
  return decoder.decode(view().subarray(ptr, ptr + len));
}

/** `H`, the mark of a result that leaves out the usual header (the wasm crate's `io.rs`). */
const USUAL_MARK = 72;
const COLON = 58;

/**
 * A verified or decoded JWT from a result of `ioVerifyJwt` / `ioDecodeJwt`: `{header, claims}`, and
 * `keyIndex` when verified, as the JSON-text exports' `JSON.parse` gives it. When the header is the
 * usual `{"alg":"HS256","typ":"JWT"}` the result is `H<keyIndex>:<claims>` and the header object is
 * made here, fresh for each call, instead of parsed.
 */
export function takeParts(result: number): unknown {
  const len = result % TWO_21;
  const ptr = (result - len) / TWO_21;
  const b = view();
  if (len === 0 || b[ptr] !== USUAL_MARK) return JSON.parse(decoder.decode(b.subarray(ptr, ptr + len)));
  let at = ptr + 1;
  let keyIndex = -1;
  for (let c = b[at]!; c !== COLON; c = b[++at]!) keyIndex = (keyIndex < 0 ? 0 : keyIndex * 10) + c - 48;
  const header = { alg: "HS256", typ: "JWT" };
  const claims: unknown = JSON.parse(decoder.decode(b.subarray(at + 1, ptr + len)));
  return keyIndex < 0 ? { header, claims } : { header, claims, keyIndex };
}


/** Whether the WebAssembly module is ready; set by the entry module that loads it. Internal. */

let resolveReady!: () => void;
let rejectReady!: (error: unknown) => void;

/** Resolves once the WebAssembly module is ready. The default entry is ready synchronously in Node
 * and most browsers, so awaiting this is only needed where synchronous compilation is refused (some
 * browser main threads), or with `tinybird-tokens/slim` until `init()` is called. */
export const ready: Promise<void> = new Promise<void>((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
// Nobody has to await `ready`; a failed load still surfaces through `NotInitializedError`.
ready.catch(() => undefined);

export let initialized = false;
export let initError: unknown = undefined;

export function markReady(): void {
  initialized = true;
  resolveReady();
}

export function markFailed(error: unknown): void {
  initError = error;
  rejectReady(error);
}

/**
 * Projects read in WebAssembly; internal, not re-exported. The public `Project` (`project.ts`) registers
 * its core project here, so the functions that take a project reach it without a public accessor.
 */

import type * as raw from "../wasm/tinybird_tokens_wasm.js";
import { typeName } from "./wire.js";

/** The core's project of each `Project`. */
const handles = new WeakMap<object, raw.Project>();

/** Files `handle` as the core project of `project`, which owns it from then on. */
export function register(project: object, handle: object): void {
  handles.set(project, handle as raw.Project);
}

/** The core's project of a `Project`; anything else is a `TypeError`. */
export function handleOf(project: unknown, what: string): raw.Project {
  const handle =
    typeof project === "object" && project !== null ? handles.get(project) : undefined;
  if (handle === undefined) {
    throw new TypeError(`${what} must be a Project (from createProject), not ${typeName(project)}.`);
  }
  return handle;
}

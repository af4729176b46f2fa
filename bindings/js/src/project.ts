/** Checks of tokens against a project: its data sources and pipes, read once from datafile texts or
 * `@tinybirdco/sdk` resources, then used to check JWT and static-token requests and to lint the
 * datafiles. Every rule, finding and message is the core's; this module converts. */

import * as raw from "./wasm/tinybird_tokens_wasm.js";
import { requestArgs } from "./internal/request.js";
import { handleOf, register } from "./internal/projects.js";
import { wireResources } from "./internal/sdk.js";
import { arr, glue, obj, optObj, toJson } from "./internal/wire.js";
import type {
  CheckStaticTokenOptions,
  CreateJwtOptions,
  Finding,
  PipeType,
  ProjectContents,
  ProjectInput,
  ProjectResource,
  ResourceKind,
  TokenPermission,
} from "./types.js";

/** Only `createProject` makes a `Project`. */
const CREATE = Symbol("createProject");

/**
 * A project read once: build it with `createProject` and pass it to `checkJwt`, `checkStaticToken`,
 * `lintProject`, `readProject` and `createJwt(…, { project })` as often as needed. It is held in
 * WebAssembly and freed by the garbage collector (no `free()` to call).
 */
export class Project {
  /** Makes the type nominal: only `createProject`'s results are projects. */
  declare private readonly projectBrand: true;

  private constructor(key: symbol, handle: object) {
    if (key !== CREATE) throw new TypeError("Create a Project with createProject().");
    register(this, handle);
  }

  /** @internal */
  static of(handle: object): Project {
    return new Project(CREATE, handle);
  }

  toString(): string {
    return "[Project]";
  }
}

/**
 * Reads a project from datafile texts (`files: [{ path, text }]`, any folder layout; `.datasource` and
 * `.pipe` files count) and/or `resources`: `@tinybirdco/sdk` objects (`defineDatasource`, `definePipe`,
 * `defineEndpoint`, `defineMaterializedView`, `defineCopyPipe`, `defineSinkPipe` results, or a whole
 * `defineProject`; connections are skipped) or plain `ResourceSpec`s. A project of the wrong shape is an `InvalidArgumentError`; what is wrong inside the
 * datafiles is reported as findings (`readProject`, `lintProject`), never thrown.
 */
export function createProject(input: ProjectInput): Project {
  obj(input, "The project");
  const wire: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    wire[k] = k === "resources" && Array.isArray(v) ? wireResources(v) : v;
  }
  const text = toJson(wire, "The project");
  return Project.of(glue(() => new raw.Project(text)));
}

interface WireResource {
  kind: ResourceKind;
  name: string;
  path: string | null;
  pipe_type: PipeType | null;
  params: { name: string; type: string | null }[];
  tokens: { name: string; permission: TokenPermission; line: number | null }[];
}

/** The project's data sources and pipes (kind, pipe type, parameters, tokens) and what reading its
 * datafiles found. */
export function readProject(project: Project): ProjectContents {
  const handle = handleOf(project, "The project");
  const r = JSON.parse(glue(() => handle.read())) as {
    resources: WireResource[];
    findings: Finding[];
  };
  return {
    resources: r.resources.map(
      (w): ProjectResource => ({
        kind: w.kind,
        name: w.name,
        path: w.path,
        pipeType: w.pipe_type,
        params: w.params,
        tokens: w.tokens,
      }),
    ),
    findings: r.findings,
  };
}

/** Lints the project: what reading each datafile found and what is wrong across them (the same
 * resource defined twice). Empty when all is well. */
export function lintProject(project: Project): Finding[] {
  const handle = handleOf(project, "The project");
  return JSON.parse(glue(() => handle.lint())) as Finding[];
}

/**
 * Checks a JWT request (`createJwt`'s options, no key) against the project: unknown resources (with a
 * did-you-mean), a scope of the wrong kind, a pipe that is not an endpoint, fixed params that name no
 * parameter or cannot be its type, claims Tinybird ignores. A request that `createJwt` would refuse
 * on its own throws that error instead.
 */
export function checkJwt(options: CreateJwtOptions, project: Project): Finding[] {
  obj(options, "options");
  const handle = handleOf(project, "The project");
  const { request, now } = requestArgs(options);
  return JSON.parse(glue(() => handle.checkJwt(request, now))) as Finding[];
}

/** Checks static-token scopes (`"PIPES:READ:top_pages"`, ...) against the project: unknown resources
 * and scopes of the wrong kind. A scope that does not parse throws its scope error. */
export function checkStaticToken(
  scopes: readonly string[],
  project: Project,
  options?: CheckStaticTokenOptions,
): Finding[] {
  arr(scopes, "scopes");
  const handle = handleOf(project, "The project");
  optObj(options, "options");
  const text = toJson(scopes, "The scopes");
  const mode = options?.mode;
  return JSON.parse(glue(() => handle.checkStaticToken(text, mode))) as Finding[];
}

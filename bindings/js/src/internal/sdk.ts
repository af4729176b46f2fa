/**
 * `@tinybirdco/sdk` resources as the core's resource specs; internal, not re-exported. Conversion only:
 * what the SDK object says is copied into the spec's JSON form, and the core judges it (names, types,
 * permissions). Anything that is not an SDK object passes through (`pipeType` renamed), so that a bad
 * spec is the core's `invalid_argument`.
 *
 * The SDK's shapes (0.0.x): a project (`defineProject`) is `{_type: "project", datasources, pipes}`
 * (records of definitions), a data source is `{_name, _type: "datasource", options: {tokens}}`, a pipe
 * `{_name, _type: "pipe", _params, options: {nodes: [{sql}], endpoint, materialized, copy, sink,
 * tokens}}`, each branded with `Symbol.for("tinybird.datasource" | "tinybird.pipe")`; a param validator
 * carries its Tinybird type in `_tinybirdType` and `_required` (`.optional()` / `.required()` return a
 * new validator with both set).
 */

import { isTokenDefinition } from "../scopes.js";

const DATASOURCE_BRAND = Symbol.for("tinybird.datasource");
const PIPE_BRAND = Symbol.for("tinybird.pipe");
const PROJECT_BRAND = Symbol.for("tinybird.project");
const CONNECTION_BRAND = Symbol.for("tinybird.connection");

type Obj = Record<string | symbol, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The SDK kind of `v` (`"datasource"` / `"pipe"`) when it is an SDK resource, by brand. */
function sdkKind(v: Obj): "datasource" | "pipe" | undefined {
  if (v[DATASOURCE_BRAND] === true) return "datasource";
  if (v[PIPE_BRAND] === true) return "pipe";
  return undefined;
}

/** `resources` in the core's JSON form: a `defineProject` result counts as its data sources and pipes;
 * a connection (`defineKafkaConnection`, ...) has no tokens or parameters to check, so it is left out. */
export function wireResources(list: readonly unknown[]): unknown[] {
  return list.flatMap((v) => {
    if (!isObj(v)) return [v];
    if (v[CONNECTION_BRAND] === true) return [];
    if (v[PROJECT_BRAND] === true) {
      const all = [v.datasources, v.pipes].flatMap((group) => (isObj(group) ? Object.values(group) : []));
      return all.map(wireResource);
    }
    return [wireResource(v)];
  });
}

/** One entry of `resources` in the core's JSON form. */
function wireResource(v: unknown): unknown {
  if (!isObj(v)) return v;
  const kind = sdkKind(v);
  if (kind === undefined) return wireSpec(v);
  const options = isObj(v.options) ? v.options : {};
  const spec: Obj = { kind, name: v._name, tokens: wireTokens(options.tokens) };
  if (kind === "pipe") {
    spec.pipe_type = pipeType(options);
    spec.params = wireParams(v._params ?? options.params);
    spec.sql = Array.isArray(options.nodes)
      ? options.nodes.map((n: unknown) => (isObj(n) ? n.sql : n))
      : [];
  }
  return spec;
}

/** A plain spec: `pipeType` as the core's `pipe_type`, the rest as given. */
function wireSpec(v: Obj): Obj {
  if (!("pipeType" in v)) return v;
  const out: Obj = {};
  for (const [k, value] of Object.entries(v)) out[k === "pipeType" ? "pipe_type" : k] = value;
  return out;
}

/** The SDK's rule (`getEndpointConfig` and friends): `endpoint: true` or `{enabled: true}`. */
function pipeType(options: Obj): string {
  if (options.sink !== undefined) return "sink";
  if (options.materialized !== undefined) return "materialized";
  if (options.copy !== undefined) return "copy";
  const e = options.endpoint;
  if (e === true || (isObj(e) && e.enabled === true)) return "endpoint";
  return "plain";
}

/** `{name: validator}` as `[{name, type, required}]`. */
function wireParams(params: unknown): unknown[] {
  if (!isObj(params)) return [];
  return Object.entries(params).map(([name, p]) => {
    const out: Obj = { name, type: null };
    if (isObj(p)) {
      if (typeof p._tinybirdType === "string") out.type = p._tinybirdType;
      if (typeof p._required === "boolean") out.required = p._required;
    }
    return out;
  });
}

/** The SDK's `tokens` entries as `[{name, permission}]`: a reference `{token, scope}`, an inline data
 * source token `{name, permissions}` (one entry each), an inline pipe token `{name}` (READ). */
function wireTokens(tokens: unknown): unknown[] {
  if (!Array.isArray(tokens)) return [];
  // Only a reference needs JS to read it (the token object's `_name`); the inline shapes
  // (`{name, permissions}`, `{name}` on a pipe) are the core's to read, as in renderTokenLines.
  return tokens.map((t: unknown) => {
    if (!isObj(t) || !("token" in t)) return t;
    const name = isTokenDefinition(t.token) ? t.token._name : t.token;
    return { name, permission: t.scope };
  });
}

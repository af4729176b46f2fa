// Runs the conformance vectors (tests/vectors/*.json) through the PUBLIC API of the package. Shared by
// the Node ESM run, the Node CommonJS run (given the require()d API) and the Chromium page, so all three
// run exactly the same adapter: `runCase(api, c)` maps a case's JSON input onto the camelCase API and maps
// the result back to the vector's JSON shape; `checkCase(api, c, got)` compares.

export const hexToBytes = (hex) => {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
};
const bytesToHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const utf8Length = (text) => new TextEncoder().encode(text).length;

/** A key field of a case: `key` (text) or `key_hex` (bytes). */
const keyOf = (input, name) => (name in input ? input[name] : hexToBytes(input[`${name}_hex`] ?? ""));

const CAMEL = { workspace_id: "workspaceId", expires_at: "expiresAt", extra_claims: "extraClaims" };

export function jwtOptions(input) {
  const options = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === "key") continue;
    if (k === "scopes" && Array.isArray(v)) {
      options.scopes = v.map((s) => {
        if (typeof s !== "object" || s === null || Array.isArray(s)) return s;
        const out = {};
        for (const [sk, sv] of Object.entries(s)) out[sk === "fixed_params" ? "fixedParams" : sk] = sv;
        return out;
      });
    } else options[CAMEL[k] ?? k] = v;
  }
  return options;
}

/** A vector project (`files` / `resources` of the input) as `createProject`'s input: resource specs
 * with `pipeType` for the core's `pipe_type`. */
function projectInput(i) {
  const input = {};
  if ("files" in i) input.files = i.files;
  if ("resources" in i) {
    input.resources = Array.isArray(i.resources)
      ? i.resources.map((r) => {
          if (typeof r !== "object" || r === null || !("pipe_type" in r)) return r;
          const { pipe_type, ...rest } = r;
          return { ...rest, pipeType: pipe_type };
        })
      : i.resources;
  }
  return input;
}

/** A project resource in the vectors' snake_case form. */
const resourceWire = (r) => ({
  kind: r.kind,
  name: r.name,
  path: r.path,
  pipe_type: r.pipeType,
  params: r.params,
  tokens: r.tokens,
});

/** Thrown by an adapter for a vector whose argument JavaScript cannot even pass: a missing or
 * non-array argument is a `TypeError` in this package (README "Input policy"); the vectors, written
 * for JSON, call it `invalid_argument`. */
class WrongJsType extends Error {}

/** Calls `f`, which must throw a `TypeError` because the vector left out or mistyped `name`. */
function mustBeTypeError(name, f) {
  try {
    f();
  } catch (e) {
    if (e instanceof TypeError) throw new WrongJsType(`${name}: ${e.message}`);
    throw e;
  }
  throw new Error(`${name} of the wrong JS type was accepted`);
}

const staticWire = (s) => ({
  owner_kind: s.ownerKind,
  owner_id: s.ownerId,
  token_id: s.tokenId,
  region: s.region,
  api_host: s.apiHost,
});

/** The same check on a second path (a prepared key instead of a raw one): must agree. */
function same(label, a, b) {
  if (a !== b) throw new Error(`${label}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
}

const OPS = {
  define_token(api, i) {
    const t = api.defineToken(i.name);
    if (t._type !== "token" || t[Symbol.for("tinybird.token")] !== true || !api.isTokenDefinition(t)) {
      throw new Error("defineToken result lacks the SDK's shape");
    }
    return { name: t._name };
  },
  parse_scope(api, i) {
    const options = "mode" in i ? { mode: i.mode } : undefined;
    const s = api.parseScope(i.scope, options);
    same("formatScope(parseScope(s))", api.formatScope(s, options), i.scope);
    return s;
  },
  format_scope: (api, i) =>
    api.formatScope(
      { type: i.type, resource: i.resource, filter: i.filter },
      "mode" in i ? { mode: i.mode } : undefined,
    ),
  scopes_allow: (api, i) =>
    api.scopesAllow(i.scopes, i.action, i.resource, "mode" in i ? { mode: i.mode } : undefined),
  render_token_lines: (api, i) => api.renderTokenLines(i.tokens, { kind: i.kind }),
  parse_datafile_tokens: (api, i) => api.parseDatafileTokens(i.text, { kind: i.kind }),
  plan_tokens: (api, i) => api.planTokens(i.files),
  diff_token_plans: (api, i) => api.diffTokenPlans(i.old, i.new),
  parse_ttl: (api, i) => ({ seconds: api.parseTtl(i.ttl) }),
  parse_fixed_params: (api, i) => api.parseFixedParams(i.text),
  create_jwt(api, i) {
    const { project, ...rest } = i;
    const options = jwtOptions(rest);
    if (project !== undefined && project !== null && (typeof project !== "object" || Array.isArray(project))) {
      return mustBeTypeError("project", () => api.createJwt(options, i.key, { project: api.createProject(project) }));
    }
    const check = project === undefined ? undefined : { project: project && api.createProject(projectInput(project)) };
    const token = api.createJwt(options, i.key, check);
    same("createJwt with a SigningKey", api.createJwt(options, api.createSigningKey(i.key), check), token);
    return { token };
  },
  read_project(api, i) {
    const r = api.readProject(api.createProject(projectInput(i)));
    return { resources: r.resources.map(resourceWire), findings: r.findings };
  },
  lint_project: (api, i) => api.lintProject(api.createProject(projectInput(i))),
  check_jwt(api, i) {
    const project = api.createProject(projectInput(i));
    if (!("request" in i)) return mustBeTypeError("request", () => api.checkJwt(undefined, project));
    return api.checkJwt({ ...jwtOptions(i.request), now: i.now }, project);
  },
  check_static_token(api, i) {
    const project = api.createProject(projectInput(i));
    const options = "mode" in i ? { mode: i.mode } : undefined;
    if (!Array.isArray(i.scopes)) {
      return mustBeTypeError("scopes", () => api.checkStaticToken(i.scopes, project, options));
    }
    return api.checkStaticToken(i.scopes, project, options);
  },
  sign_jwt(api, i) {
    const key = keyOf(i, "key");
    const token = api.signJwt(i.claims, key);
    same("signJwt with a SigningKey", api.signJwt(i.claims, api.createSigningKey(key)), token);
    return { token };
  },
  verify_jwt(api, i) {
    const keys = "keys" in i ? i.keys : (i.keys_hex ?? []).map(hexToBytes);
    const options = { now: i.now };
    if ("leeway" in i) options.leeway = i.leeway;
    const v = api.verifyJwt(i.token, keys, options);
    if (keys.length > 0) {
      const again = api.verifyJwt(i.token, api.createVerifyingKey(keys), options);
      same("verifyJwt with a VerifyingKey", JSON.stringify(again), JSON.stringify(v));
    }
    return { header: v.header, claims: v.claims, key_index: v.keyIndex };
  },
  decode_jwt: (api, i) => api.decodeJwt(i.token),
  inspect_token(api, i) {
    const r = api.inspectToken(i.token, { now: i.now });
    return {
      kind: r.kind,
      header: r.header,
      claims: r.claims,
      workspace_id: r.workspaceId,
      name: r.name,
      scopes: r.scopes.map((s) => ({
        type: s.type,
        resource: s.resource,
        fixed_params: s.fixedParams,
        filter: s.filter,
        summary: s.summary,
      })),
      limits: r.limits,
      expires_at: r.expiresAt,
      expires_in: r.expiresIn,
      not_before: r.notBefore,
      issued_at: r.issuedAt,
      static: r.static && staticWire(r.static),
      problems: r.problems,
      // The package gives UTF-16 indexes; the core (and the vectors) UTF-8 byte offsets.
      segments: r.segments.map((s) => ({
        part: s.part,
        start: utf8Length(i.token.slice(0, s.start)),
        end: utf8Length(i.token.slice(0, s.end)),
      })),
    };
  },
  decode_static_token: (api, i) => staticWire(api.decodeStaticToken(i.token)),
  verify_static_token: (api, i) => staticWire(api.verifyStaticToken(i.token, keyOf(i, "secret"))),
  generate_static_token: (api, i) => ({
    token: api.generateStaticToken(
      { ownerKind: i.owner_kind, ownerId: i.owner_id, tokenId: i.token_id, region: i.region },
      keyOf(i, "secret"),
    ),
  }),
  hmac_sha256: (api, i) => ({
    mac_hex: bytesToHex(api.hmacSha256(hexToBytes(i.key_hex), hexToBytes(i.data_hex))),
  }),
  hmac_sha256_verify(api, i) {
    api.verifyHmacSha256(hexToBytes(i.key_hex), hexToBytes(i.data_hex), hexToBytes(i.tag_hex));
    return true;
  },
};

/** Runs one case: `{ok: value}` or `{error: {code, name, message, line, isTokenError, isClass}}`. */
export function runCase(api, c) {
  const f = OPS[c.op];
  if (f === undefined) return { crash: `no adapter for op ${c.op}` };
  try {
    return { ok: f(api, c.input) };
  } catch (e) {
    if (e instanceof WrongJsType) {
      const error = { code: "invalid_argument", name: "TypeError", message: e.message, line: null };
      return { error: { ...error, isClass: true } };
    }
    if (!(e instanceof api.TinybirdTokenError)) {
      return { crash: `${e?.name}: ${e?.message}` };
    }
    const cls = api.ERROR_CLASSES[e.code];
    return {
      error: {
        code: e.code,
        name: e.name,
        message: e.message,
        line: e.line ?? null,
        isClass: cls !== undefined && e instanceof cls && e instanceof Error && e.name === cls.name,
        // A refusal carries the check's findings, at least one of them an error.
        findingsOk:
          e.code !== "project_check_failed" ||
          (Array.isArray(e.findings) && e.findings.some((f) => f.severity === "error")),
      },
    };
  }
}

/** Compares a result with a case's expectation; returns a problem description or null. */
export function checkCase(c, got) {
  const want = c.expect;
  if (got.crash) return `threw a non-TinybirdTokenError: ${got.crash}`;
  if ("ok" in want) {
    if (!("ok" in got)) return `expected ok, got error ${got.error.code}: ${got.error.message}`;
    const a = JSON.stringify(got.ok);
    const b = JSON.stringify(want.ok);
    return a === b ? null : `ok value differs:\n  got  ${a}\n  want ${b}`;
  }
  if (!("error" in got)) return `expected error ${want.error}, got ok ${JSON.stringify(got.ok)}`;
  const e = got.error;
  if (e.code !== want.error) return `expected error ${want.error}, got ${e.code}: ${e.message}`;
  if (!e.isClass) return `error ${e.code} is not an instance of its class (name ${e.name})`;
  if (e.findingsOk === false) return `error ${e.code} lacks its error findings`;
  if ("message" in want && want.message !== e.message) {
    return `message differs:\n  got  ${e.message}\n  want ${want.message}`;
  }
  if ("line" in want && want.line !== e.line) return `line differs: got ${e.line}, want ${want.line}`;
  return null;
}

/** Runs every case of every file: [{file, id, got, problem}]. */
/** The vector files whose operations are all in the lean entry (`tinybird-tokens/jwt`). */
export const LEAN_FILES = [
  "fixed_params.json",
  "hmac.json",
  "inspect.json",
  "jwt_create.json",
  "jwt_decode.json",
  "jwt_sign.json",
  "jwt_verify.json",
  "static_tokens.json",
];

export function runAll(api, files) {
  const out = [];
  for (const { file, cases } of files) {
    for (const c of cases) {
      const got = runCase(api, c);
      out.push({ file, id: c.id, got, problem: checkCase(c, got) });
    }
  }
  return out;
}

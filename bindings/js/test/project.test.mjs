// Projects through the public API: createProject from datafile texts and from real @tinybirdco/sdk
// objects (defineDatasource, definePipe, defineEndpoint, defineMaterializedView, defineCopyPipe,
// defineSinkPipe), the checks, and createJwt's refusal with ProjectCheckFailedError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as sdk from "@tinybirdco/sdk";
import * as tt from "tinybird-tokens";

const ADMIN =
  "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
const NOW = 1_700_000_000;
const WORKSPACE = "11111111-2222-3333-4444-555555555555";

const { t, p, node } = sdk;
const dashboard = sdk.defineToken("dashboard");

const pageViews = sdk.defineDatasource("page_views", {
  schema: { timestamp: t.dateTime(), org_id: t.string(), pathname: t.string() },
  tokens: [
    { token: dashboard, scope: "READ" },
    { name: "tracker", permissions: ["APPEND"] },
  ],
});
const dailyViews = sdk.defineDatasource("daily_views", {
  schema: { day: t.date(), org_id: t.string(), views: t.uint64() },
});
const topPages = sdk.defineEndpoint("top_pages", {
  params: {
    org_id: p.string(),
    days: p.int32().optional(7),
    since: p.dateTime().required(),
    ids: p.array(p.uint64()).optional(),
  },
  nodes: [
    node({
      name: "endpoint",
      sql: "SELECT pathname, count() AS views FROM page_views WHERE org_id = {{ String(org_id) }} {% if defined(country) %} AND country = {{ String(country) }} {% end %} GROUP BY pathname",
    }),
  ],
  output: { pathname: t.string(), views: t.uint64() },
  tokens: [{ token: dashboard, scope: "READ" }, { name: "public_read" }],
});
const rawPipe = sdk.definePipe("explore", {
  nodes: [node({ name: "n", sql: "SELECT 1 AS x" })],
});
const cached = sdk.defineEndpoint("cached_pages", {
  nodes: [node({ name: "endpoint", sql: "SELECT 1 AS x" })],
  output: { x: t.int32() },
  cache: { enabled: true, ttl: 60 },
});
const disabledEndpoint = sdk.definePipe("not_served", {
  nodes: [node({ name: "n", sql: "SELECT 1 AS x" })],
  output: { x: t.int32() },
  endpoint: { enabled: false },
});
const mv = sdk.defineMaterializedView("daily_views_mv", {
  datasource: dailyViews,
  nodes: [
    node({
      name: "n",
      sql: "SELECT toDate(timestamp) AS day, org_id, count() AS views FROM page_views GROUP BY day, org_id",
    }),
  ],
});
const copy = sdk.defineCopyPipe("daily_views_copy", {
  datasource: dailyViews,
  nodes: [node({ name: "n", sql: "SELECT * FROM daily_views" })],
});
const kafka = sdk.defineKafkaConnection("events_kafka", { bootstrapServers: "localhost:9092" });
const sink = sdk.defineSinkPipe("export_views", {
  nodes: [node({ name: "n", sql: "SELECT * FROM page_views" })],
  sink: { connection: kafka, topic: "views", schedule: "@hourly" },
});

const project = tt.createProject({
  resources: [pageViews, dailyViews, topPages, cached, rawPipe, disabledEndpoint, mv, copy, sink],
});

const request = (scopes, extra = {}) => ({
  workspaceId: WORKSPACE,
  name: "tenant",
  ttl: "1h",
  scopes,
  now: NOW,
  ...extra,
});
const codes = (findings) => findings.map((f) => f.code);

test("SDK objects become the project's resources: kind, pipe type, typed params, tokens", () => {
  const { resources, findings } = tt.readProject(project);
  assert.deepEqual(findings, []);
  const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
  assert.deepEqual(
    resources.map((r) => [r.name, r.kind, r.pipeType]),
    [
      ["page_views", "datasource", null],
      ["daily_views", "datasource", null],
      ["top_pages", "pipe", "endpoint"],
      ["cached_pages", "pipe", "endpoint"],
      ["explore", "pipe", "plain"],
      ["not_served", "pipe", "plain"],
      ["daily_views_mv", "pipe", "materialized"],
      ["daily_views_copy", "pipe", "copy"],
      ["export_views", "pipe", "sink"],
    ],
  );
  // The declared params with their SDK types (`.optional()` / `.required()` keep them), then the
  // one that only the SQL template names.
  assert.deepEqual(byName.top_pages.params, [
    { name: "org_id", type: "String" },
    { name: "days", type: "Int32" },
    { name: "since", type: "DateTime" },
    { name: "ids", type: "Array" },
    { name: "country", type: "String" },
  ]);
  assert.deepEqual(
    byName.page_views.tokens.map((x) => [x.name, x.permission]),
    [
      ["dashboard", "READ"],
      ["tracker", "APPEND"],
    ],
  );
  assert.deepEqual(
    byName.top_pages.tokens.map((x) => [x.name, x.permission]),
    [
      ["dashboard", "READ"],
      ["public_read", "READ"],
    ],
  );
  assert.equal(byName.top_pages.path, null);
});

test("the SDK's objects and the datafiles its generator writes read the same", async () => {
  const dist = dirname(fileURLToPath(import.meta.resolve("@tinybirdco/sdk")));
  const { generateDatasource } = await import(pathToFileURL(join(dist, "generator/datasource.js")).href);
  const { generatePipe } = await import(pathToFileURL(join(dist, "generator/pipe.js")).href);
  const files = [
    { path: "datasources/page_views.datasource", text: generateDatasource(pageViews).content },
    { path: "endpoints/top_pages.pipe", text: generatePipe(topPages).content },
    { path: "pipes/explore.pipe", text: generatePipe(rawPipe).content },
  ];
  const fromFiles = tt.readProject(tt.createProject({ files })).resources;
  const fromSdk = tt
    .readProject(tt.createProject({ resources: [pageViews, topPages, rawPipe] }))
    .resources;
  const shape = (r) => ({
    kind: r.kind,
    name: r.name,
    pipeType: r.pipeType,
    tokens: r.tokens.map((x) => [x.name, x.permission]),
  });
  assert.deepEqual(fromSdk.map(shape), fromFiles.map(shape));
  // The generator writes the nodes' SQL as it is, so the datafile has the parameters the SQL names;
  // the SDK object also has the declared ones, with their types.
  const names = (rs) => rs.find((r) => r.name === "top_pages").params.map((x) => x.name);
  assert.deepEqual(names(fromFiles), ["org_id", "country"]);
  assert.deepEqual(names(fromSdk), ["org_id", "days", "since", "ids", "country"]);
});

test("a defineProject result counts as its data sources and pipes; connections are left out", () => {
  const whole = sdk.defineProject({
    datasources: { pageViews, dailyViews },
    pipes: { topPages, mv },
    connections: { kafka },
  });
  const names = (input) => tt.readProject(tt.createProject(input)).resources.map((r) => r.name);
  assert.deepEqual(names({ resources: [whole] }), ["page_views", "daily_views", "top_pages", "daily_views_mv"]);
  assert.deepEqual(names({ resources: [kafka, rawPipe] }), ["explore"]);
  assert.deepEqual(tt.lintProject(tt.createProject({ resources: [whole, topPages] })).map((f) => f.code), [
    "duplicate_resource",
  ]);
});

test("checkJwt: a mistyped fixed param, its did-you-mean and the pipe's parameters", () => {
  const scope = (fixedParams) => ({ type: "PIPES:READ", resource: "top_pages", fixedParams });
  assert.deepEqual(tt.checkJwt(request([scope({ org_id: "acme", days: 30 })]), project), []);
  const [f, ...rest] = tt.checkJwt(request([scope({ orgid: "acme" })]), project);
  assert.deepEqual(rest, []);
  assert.equal(f.code, "unknown_fixed_param");
  assert.equal(f.severity, "error");
  assert.equal(f.scope, 0);
  assert.equal(f.suggestion, "org_id");
  assert.match(f.message, /org_id, days, since, ids, country/);
  assert.deepEqual(codes(tt.checkJwt(request([scope({ days: "a week" })]), project)), [
    "fixed_param_type",
  ]);
});

test("checkJwt: unknown, wrong-kind and non-endpoint resources", () => {
  const findings = tt.checkJwt(
    request([
      { type: "PIPES:READ", resource: "top_pagez" },
      { type: "PIPES:READ", resource: "page_views" },
      { type: "PIPES:READ", resource: "explore" },
      { type: "PIPES:READ", resource: "not_served" },
      { type: "DATASOURCES:READ", resource: "daily_views" },
    ]),
    project,
  );
  assert.deepEqual(
    findings.map((f) => [f.scope, f.code, f.suggestion]),
    [
      [0, "unknown_resource", "top_pages"],
      [1, "wrong_resource_kind", null],
      [2, "pipe_not_endpoint", null],
      [3, "pipe_not_endpoint", null],
    ],
  );
});

test("checkJwt throws what createJwt throws for a request that is wrong on its own", () => {
  assert.throws(() => tt.checkJwt(request([], {}), project), tt.InvalidClaimsError);
  assert.throws(() => tt.checkJwt(request([{ type: "PIPES:READ", resource: "x" }], { ttl: "soon" }), project), tt.InvalidTtlError);
  assert.throws(() => tt.checkJwt(undefined, project), TypeError);
  assert.throws(() => tt.checkJwt(request([]), { files: [] }), TypeError);
});

test("checkStaticToken: resource and kind checks, Classic scopes with mode", () => {
  assert.deepEqual(
    tt.checkStaticToken(["DATASOURCES:APPEND:page_views", "PIPES:READ:top_pages"], project),
    [],
  );
  const findings = tt.checkStaticToken(["DATASOURCES:READ:page_view", "DATASOURCES:APPEND:top_pages"], project);
  assert.deepEqual(
    findings.map((f) => [f.scope, f.code, f.suggestion]),
    [
      [0, "unknown_resource", "page_views"],
      [1, "wrong_resource_kind", null],
    ],
  );
  assert.deepEqual(codes(tt.checkStaticToken(["PIPES:DROP:page_views"], project, { mode: "classic" })), [
    "wrong_resource_kind",
  ]);
  assert.throws(() => tt.checkStaticToken(["PIPES:DROP:page_views"], project), tt.ScopeNotAllowedError);
  assert.throws(() => tt.checkStaticToken("PIPES:READ:top_pages", project), TypeError);
});

test("createJwt with a project: refused with ProjectCheckFailedError and its findings, else minted", () => {
  const bad = request([{ type: "PIPES:READ", resource: "top_pages", fixedParams: { orgid: "acme" } }]);
  let caught;
  assert.throws(
    () => tt.createJwt(bad, ADMIN, { project }),
    (e) => ((caught = e), e instanceof tt.ProjectCheckFailedError),
  );
  assert.ok(caught instanceof tt.TinybirdTokenError);
  assert.equal(caught.code, "project_check_failed");
  assert.equal(caught.name, "ProjectCheckFailedError");
  assert.deepEqual(caught.findings, tt.checkJwt(bad, project));
  assert.ok(Object.isFrozen(caught.findings));
  assert.match(caught.message, /error\[unknown_fixed_param\]/);
  assert.ok(!caught.message.includes(ADMIN));
  // The same request without the project mints, which is what the check is for.
  assert.equal(typeof tt.createJwt(bad, ADMIN), "string");
  assert.equal(typeof tt.createJwt(bad, ADMIN, { project: null }), "string");

  // Warnings do not stop minting; the token is the one minted without the project.
  const good = request([
    { type: "PIPES:READ", resource: "top_pages", fixedParams: { org_id: "acme" } },
    { type: "DATASOURCES:READ", resource: "shared.events" },
  ]);
  assert.deepEqual(codes(tt.checkJwt(good, project)), ["unchecked_resource"]);
  const key = tt.createSigningKey(ADMIN);
  assert.equal(tt.createJwt(good, key, { project }), tt.createJwt(good, ADMIN));
  assert.throws(() => tt.createJwt(good, ADMIN, { project: { resources: [] } }), TypeError);
});

test("createProject: files and specs together, plain specs with pipeType, the core judges shapes", () => {
  const p2 = tt.createProject({
    files: [{ path: "ds/events.datasource", text: "SCHEMA >\n    `id` String\n\nTOKEN reader READ\n" }],
    resources: [
      { kind: "pipe", name: "by_id", pipeType: "endpoint", params: [{ name: "id", type: "String", required: true }] },
    ],
  });
  assert.deepEqual(tt.checkJwt(request([{ type: "PIPES:READ", resource: "by_id", fixedParams: { id: "x" } }]), p2), []);
  assert.deepEqual(
    tt.readProject(p2).resources.map((r) => [r.name, r.path, r.pipeType]),
    [
      ["events", "ds/events.datasource", null],
      ["by_id", null, "endpoint"],
    ],
  );
  assert.throws(() => tt.createProject({}), tt.InvalidArgumentError);
  assert.throws(() => tt.createProject({ files: { "a.pipe": "" } }), tt.InvalidArgumentError);
  assert.throws(() => tt.createProject({ resources: [{ kind: "pipe", name: "a", pipeType: "ENDPOINT" }] }), tt.InvalidArgumentError);
  assert.throws(() => tt.createProject("files"), TypeError);
  assert.equal(String(p2), "[Project]");
});

test("a Project is read once: changing the input afterwards changes nothing", () => {
  const files = [{ path: "p.pipe", text: "NODE n\nSQL >\n    %\n    SELECT {{ String(a) }}\n\nTYPE endpoint\n" }];
  const p4 = tt.createProject({ files });
  files[0].text = "NODE n\nSQL >\n    SELECT 1\n";
  files.push({ path: "q.pipe", text: "" });
  assert.deepEqual(
    tt.readProject(p4).resources.map((r) => [r.name, r.pipeType, r.params.map((x) => x.name)]),
    [["p", "endpoint", ["a"]]],
  );
});

test("lintProject: findings with file and line; duplicates across files and SDK objects", () => {
  const p3 = tt.createProject({
    files: [
      { path: "a/events.datasource", text: "SCHEMA >\n    `id` String\n\nTOKNE reader READ\n" },
      { path: "b/events.datasource", text: "SCHEMA >\n    `id` String\n" },
    ],
    resources: [pageViews, sdk.defineDatasource("page_views", { schema: { id: t.string() } })],
  });
  assert.deepEqual(
    tt.lintProject(p3).map((f) => [f.path, f.line, f.code, f.severity]),
    [
      [null, null, "duplicate_resource", "error"],
      ["a/events.datasource", 4, "near_miss_token", "error"],
      ["b/events.datasource", null, "duplicate_resource", "error"],
    ],
  );
  assert.deepEqual(tt.lintProject(project), []);
});

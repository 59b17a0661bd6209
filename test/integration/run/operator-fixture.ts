/**
 * An `ork run` in this test process: CRDs of their own (a random group each), a namespace of its own,
 * a Katalog written to a temp file, loaded with loadKatalogFiles and started with runOperators on a
 * free port. Cleanup, in order: delete the CRs and wait until they are gone (the operator releases
 * its finalizer), stop the operator, delete the CRDs and the namespace.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { stringify } from 'yaml';
import { loadKatalogFiles } from '../../../src/app/katalog.ts';
import type { LoadedKatalog, Plan } from '../../../src/katalog/index.ts';
import { runOperators, sourceOf } from '../../../src/app/run/run-input-prepare.ts';
import type { RunSettings } from '../../../src/app/run/run.ts';
import type { LogLevel } from '../../../src/observability/index.ts';
import { testCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import type { TestClient } from '../../harness/test-client.ts';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const MERGE_PATCH = 'application/merge-patch+json';

/** A Kubernetes object as the tests read it. */
export interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: { uid: string; kind: string; name: string; controller?: boolean }[];
    deletionTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown> & {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
  data?: Record<string, string>;
}

/** One CRD of the fixture: its API types and helpers for its CRs in the test namespace. */
export interface TestCrd {
  readonly key: string;
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  /** Path of the CR collection in the namespace, or of one CR. */
  path(name?: string): string;
  create(name: string, spec: Record<string, unknown>): Promise<Obj>;
  /** The CR, or undefined when it does not exist. */
  get(name: string): Promise<Obj | undefined>;
  patchSpec(name: string, spec: Record<string, unknown>): Promise<Obj>;
  delete(name: string): Promise<void>;
  /** The same helpers for CRs in another namespace of the fixture. */
  in(namespace: string): TestCrd;
}

/** What a test declares: per Katalog key, the CR kind and the rest of the entry. */
export interface OperatorSpec {
  /**
   * The rest of each entry; a function gets the fixture's namespaces (the test namespace first,
   * then the `extraNamespaces`).
   */
  crds: Record<
    string,
    {
      kind: string;
      entry: Record<string, unknown> | ((namespaces: string[]) => Record<string, unknown>);
      /** false: the CRD is not installed in the cluster (and the fixture does not wait for /ready). */
      installed?: boolean;
    }
  >;
  /** Namespaces to create besides the test namespace (deleted with it). @default 0 */
  extraNamespaces?: number;
  /**
   * The Katalog's top-level `security` block (a function gets the fixture's namespaces). With one, the
   * Katalog is named after the test namespace, so the webhook configurations named after it are the
   * test's own. @default none
   */
  security?: Record<string, unknown> | ((namespaces: string[]) => Record<string, unknown>);
  /** Run settings to change (a kubeconfig, a watch inactivity limit). @default none */
  settings?: Partial<RunSettings>;
}

/** A running operator with its namespace and CRDs. */
export interface RunningFixture {
  readonly ns: string;
  /** The test namespace first, then the extra namespaces asked for. */
  readonly namespaces: readonly string[];
  /** The Katalog the operator runs, as loaded (for `ork render` of the same Katalog). */
  readonly loaded: { katalog: LoadedKatalog; plans: readonly Plan[] };
  readonly port: number;
  readonly client: TestClient;
  readonly crds: Record<string, TestCrd>;
  /** GET on the operator's HTTP API. */
  http(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Sum of `orkestra_api_writes_total` for the CRD key, read from /metrics. */
  writes(key: string): Promise<number>;
  /** A child in the namespace: `apps/v1`, `deployments`, name; undefined when missing. */
  child(apiPath: string, name: string): Promise<Obj | undefined>;
  /** Stops the operator and starts it again with these entries changed (the rest of each as before). */
  restart(entries: Record<string, Record<string, unknown>>): Promise<RunningFixture>;
  /** Stops the operator (a clean stop); the cleanup still deletes what the fixture made. */
  stop(): Promise<void>;
}

/** Starts an operator for the test; everything is undone when the test ends. */
export async function startOperator(t: TestContext, spec: OperatorSpec): Promise<RunningFixture> {
  const client = testCluster();
  const namespaces: string[] = [];
  const crds: Record<string, TestCrd> = {};
  const entries: Record<string, unknown> = {};
  const run: Run = { controller: new AbortController() };
  const installed: TestCrd[] = [];
  t.after(() => cleanup({ client, namespaces, crds: installed, run }));
  for (let i = 0; i <= (spec.extraNamespaces ?? 0); i++)
    namespaces.push(await createNamespace(client, t.name));
  const ns = namespaces[0] ?? '';
  for (const [key, { kind, entry }] of Object.entries(spec.crds)) {
    const id = { key, kind, ns };
    const crd =
      spec.crds[key]?.installed === false ? uninstalledCrd(client, id) : await createCrd(client, id);
    if (spec.crds[key]?.installed !== false) installed.push(crd);
    crds[key] = crd;
    const rest = typeof entry === 'function' ? entry([...namespaces]) : entry;
    entries[key] = { apiTypes: apiTypesOf(crd), ...rest };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ork-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const start = async (current: Record<string, unknown>): Promise<RunningFixture> => {
    const waitReady = Object.values(spec.crds).every((c) => c.installed !== false);
    const security = typeof spec.security === 'function' ? spec.security([...namespaces]) : spec.security;
    const top = security === undefined ? {} : { name: ns, security };
    const { loaded, port } = await launch(
      join(dir, 'katalog.yaml'),
      { entries: current, secretNamespace: ns, ...top, overrides: spec.settings },
      run,
      waitReady,
    );
    const restart = async (changed: Record<string, Record<string, unknown>>): Promise<RunningFixture> => {
      run.controller.abort();
      await run.stopped;
      run.controller = new AbortController();
      const next = Object.fromEntries(
        Object.entries(changed).map(([key, rest]) => [key, { apiTypes: apiTypesOf(crds[key]!), ...rest }]),
      );
      return start({ ...current, ...next });
    };
    const stop = async () => {
      run.controller.abort();
      await run.stopped;
    };
    return { ...fixtureOf({ client, ns, namespaces, loaded, port, crds }), restart, stop };
  };
  return start(entries);
}

/** The running operator of a fixture: replaced by a restart. */
interface Run {
  controller: AbortController;
  stopped?: Promise<void>;
}

/** Writes the Katalog of `entries` (and its security), runs it in-process and waits until it is ready (or just serving). */
async function launch(
  file: string,
  {
    entries,
    name = 'test',
    security,
    secretNamespace,
    overrides,
  }: {
    entries: Record<string, unknown>;
    name?: string;
    security?: unknown;
    secretNamespace: string;
    overrides?: Partial<RunSettings> | undefined;
  },
  run: Run,
  waitReady: boolean,
): Promise<{ loaded: { katalog: LoadedKatalog; plans: readonly Plan[] }; port: number }> {
  const katalog = { apiVersion: 'orkestra.orkspace.io/v1', kind: 'Katalog', metadata: { name } };
  const top = security === undefined ? {} : { security };
  await writeFile(file, stringify({ ...katalog, spec: { crds: entries }, ...top }));
  const loaded = await loadKatalogFiles([file]);
  assert.ok(loaded.ok && loaded.katalog, `the Katalog is invalid: ${JSON.stringify(loaded.diagnostics)}`);
  const load = { katalog: loaded.katalog, plans: loaded.plans };
  const running = await runOperators(load.katalog, load.plans, {
    settings: { ...settings(secretNamespace), ...overrides },
    signal: run.controller.signal,
    source: sourceOf(loaded),
  });
  run.stopped = running.stopped;
  const port = await eventually(() => running.port, { what: 'the HTTP API port', timeoutMs: 10_000 });
  if (waitReady) {
    await eventually(async () => (await httpGet(port, '/ready')).status === 200, {
      what: 'the operator to be ready',
      timeoutMs: 30_000,
    });
  }
  return { loaded: load, port };
}

/** The run's settings; a webhook certificate is kept in the test's namespace, deleted with it. */
function settings(secretNamespace: string) {
  const level = (process.env['ORK_TEST_LOG'] ?? 'silent') as LogLevel;
  // Frozen caches: a reconcile that writes to a cached object fails here instead of corrupting the cache.
  return {
    port: 0,
    dev: false,
    logLevel: level,
    env: process.env,
    version: 'test',
    freezeCaches: true,
    webhooks: { port: 0, secretNamespace },
  };
}

function fixtureOf(parts: {
  client: TestClient;
  ns: string;
  namespaces: readonly string[];
  loaded: { katalog: LoadedKatalog; plans: readonly Plan[] };
  port: number;
  crds: Record<string, TestCrd>;
}): Omit<RunningFixture, 'restart' | 'stop'> {
  const { client, ns, port } = parts;
  return {
    ...parts,
    http: (path) => httpGet(port, path),
    writes: async (key) => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      return sumSeries(await res.text(), 'orkestra_api_writes_total', key);
    },
    child: async (apiPath, name) => {
      const [group, resource] = apiPath.split(' ');
      const base = group === 'v1' ? '/api/v1' : `/apis/${group ?? ''}`;
      return found(await client.get<Obj>(`${base}/namespaces/${ns}/${resource ?? ''}/${name}`));
    },
  };
}

/** Adds up the samples of a counter whose `crd` label is `crd`. */
export function sumSeries(text: string, metric: string, crd: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) || !line.includes(`crd="${crd}"`)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function httpGet(
  port: number,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await res.text();
  return {
    status: res.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

function found<T>(res: { status: number; body: T }): T | undefined {
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function createNamespace(client: TestClient, testName: string): Promise<string> {
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-|-$/g, '');
  const name = `t-${slug}-${randomBytes(3).toString('hex')}`;
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

function apiTypesOf(crd: TestCrd): Record<string, string> {
  return { group: crd.group, version: 'v1', kind: crd.kind, plural: crd.plural, scope: 'Namespaced' };
}

const OPEN_OBJECT = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** The names of a CRD that is never installed: its box cannot start. */
function uninstalledCrd(client: TestClient, id: { key: string; kind: string; ns: string }): TestCrd {
  const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
  return crdHelpers(client, { ...id, group, plural: `${id.kind.toLowerCase()}s` });
}

async function createCrd(
  client: TestClient,
  id: { key: string; kind: string; ns: string },
): Promise<TestCrd> {
  const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
  const plural = `${id.kind.toLowerCase()}s`;
  await installTestCrd(client, { group, kind: id.kind, plural });
  return crdHelpers(client, { ...id, group, plural });
}

/**
 * Creates a namespaced CRD (status subresource, open spec and status) serving `versions` (default
 * `v1`), stored at the first, and waits until it is established; returns its name.
 */
export async function installTestCrd(
  client: TestClient,
  {
    group,
    kind,
    plural,
    versions = ['v1'],
  }: { group: string; kind: string; plural: string; versions?: readonly string[] },
): Promise<string> {
  const name = `${plural}.${group}`;
  const version = (v: string, i: number) => ({
    name: v,
    served: true,
    storage: i === 0,
    subresources: { status: {} },
    schema: {
      openAPIV3Schema: { type: 'object', properties: { spec: OPEN_OBJECT, status: OPEN_OBJECT } },
    },
  });
  await client.create(CRDS, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: versions.map(version),
    },
  });
  await eventually(
    async () => {
      const res = await client.get<Obj>(`${CRDS}/${name}`);
      const conditions = res.body.status?.conditions ?? [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { what: `CRD ${name} established`, timeoutMs: 30_000 },
  );
  return name;
}

function crdHelpers(
  client: TestClient,
  c: { key: string; kind: string; ns: string; group: string; plural: string },
): TestCrd {
  const path = (name?: string) =>
    `/apis/${c.group}/v1/namespaces/${c.ns}/${c.plural}${name === undefined ? '' : `/${name}`}`;
  return {
    key: c.key,
    group: c.group,
    kind: c.kind,
    plural: c.plural,
    path,
    create: (name, spec) =>
      client.create<Obj>(path(), { apiVersion: `${c.group}/v1`, kind: c.kind, metadata: { name }, spec }),
    get: async (name) => found(await client.get<Obj>(path(name))),
    patchSpec: async (name, spec) => {
      const res = await client.send<Obj>('PATCH', path(name), { spec }, MERGE_PATCH);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    },
    delete: async (name) => {
      const res = await client.delete(path(name));
      assert.ok(res.status === 200 || res.status === 202, JSON.stringify(res.body));
    },
    in: (namespace) => crdHelpers(client, { ...c, ns: namespace }),
  };
}

interface Cleanup {
  client: TestClient;
  namespaces: readonly string[];
  crds: TestCrd[];
  run: Run;
}

/**
 * Deletes every CR while the operator still runs and waits until they are gone; CRs left with a
 * finalizer after that (the test broke the operator) have it stripped, so the namespace can go.
 */
async function cleanup(c: Cleanup): Promise<void> {
  const crds = c.crds.flatMap((crd) => c.namespaces.map((ns) => crd.in(ns)));
  for (const crd of crds) await c.client.send('DELETE', crd.path());
  for (const crd of crds) {
    const gone = await eventually(async () => (await listNames(c.client, crd)).length === 0, {
      timeoutMs: 60_000,
      what: `every ${crd.kind} deleted`,
    }).catch(() => false);
    if (!gone) await stripFinalizers(c.client, crd);
  }
  c.run.controller.abort();
  await c.run.stopped;
  for (const crd of c.crds) await c.client.delete(`${CRDS}/${crd.plural}.${crd.group}`);
  for (const ns of c.namespaces) await c.client.delete(`/api/v1/namespaces/${ns}`);
}

async function listNames(client: TestClient, crd: TestCrd): Promise<string[]> {
  const res = await client.get<{ items?: Obj[] }>(crd.path());
  return (res.body.items ?? []).map((o) => o.metadata.name);
}

async function stripFinalizers(client: TestClient, crd: TestCrd): Promise<void> {
  for (const name of await listNames(client, crd)) {
    await client.send('PATCH', crd.path(name), { metadata: { finalizers: null } }, MERGE_PATCH);
  }
}

/** The Ready condition of a CR. */
export function readyOf(
  cr: Obj | undefined,
): { status: string; reason?: string; message?: string } | undefined {
  return cr?.status?.conditions?.find((c) => c.type === 'Ready');
}

/**
 * The fault suite's workload: a small Katalog whose Widget CRs each make one ConfigMap (two for
 * every third Widget) holding the Widget's `spec.value`, and status.value; the operator runs as a
 * real `ork run` process against the fault cluster. Helpers create Widgets through faults (retrying
 * until the API server answers), check that every Widget converged, count children per owner, and
 * count the runtime's writes in the audit log.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { AuditWrite } from '../../src/devcluster/index.ts';
import { ensureBuilt, startOrk, type OrkProcess } from '../e2e/ork-process.ts';
import { eventually } from '../harness/eventually.ts';
import type { TestClient } from '../harness/test-client.ts';
import type { FaultCluster } from './cluster.ts';

export const GROUP = 'faults.test.orkestra.dev';
const CRD_NAME = `widgets.${GROUP}`;

/** The Widget CRD: open schema, status subresource. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

/** The Katalog (resync far away: a resync inside a measured window would only add noise). */
const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: faults-widgets
spec:
  crds:
    widget:
      apiTypes: {group: ${GROUP}, version: v1, kind: Widget, plural: widgets}
      workers: 4
      resync: 10m
      operatorBox:
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}"
              data: {value: "{{ .spec.value }}"}
            - name: "{{ .metadata.name }}-extra"
              data: {value: "{{ .spec.value }}"}
              when: [{field: spec.extra, equals: "yes"}]
        status:
          fields:
            - path: value
              value: "{{ .spec.value }}"
`;

/** Installs the Widget CRD (kept between tests: cheap to keep, slow to re-establish). */
export async function installWidgetCrd(client: TestClient): Promise<void> {
  const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const res = await client.send('POST', path, WIDGET_CRD);
  if (res.status !== 201 && res.status !== 409) throw new Error(`CRD: HTTP ${res.status}`);
  await eventually(
    async () => {
      const crd = await client.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
        `${path}/${CRD_NAME}`,
      );
      return crd.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { what: 'the Widget CRD established' },
  );
}

/**
 * A namespace for the test, deleted when it ends, its Widgets' finalizers removed: the operator may
 * stop before it releases them all, and Widgets left Terminating would keep the next test's
 * operators (which watch every namespace) busy releasing them.
 */
export async function faultNamespace(t: TestContext, client: TestClient, label: string): Promise<string> {
  const name = `f-${label}-${randomBytes(3).toString('hex')}`;
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  t.after(async () => {
    await client.delete(`/api/v1/namespaces/${name}`).catch(() => undefined);
    await releaseWidgets(client, name).catch(() => undefined);
  });
  return name;
}

/** Removes the finalizers of every Widget of `ns`, eight at a time. */
async function releaseWidgets(client: TestClient, ns: string): Promise<void> {
  const list = await client.get<{ items?: { metadata: { name: string; finalizers?: string[] } }[] }>(
    widgetsPath(ns),
  );
  const held = (list.body.items ?? []).filter((w) => (w.metadata.finalizers ?? []).length > 0);
  const release = async (): Promise<void> => {
    for (let w = held.pop(); w !== undefined; w = held.pop()) {
      const patch = { metadata: { finalizers: null } };
      await client.send(
        'PATCH',
        `${widgetsPath(ns)}/${w.metadata.name}`,
        patch,
        'application/merge-patch+json',
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, release));
}

/**
 * Starts `ork run` on the Widget Katalog against the fault cluster, with `args` added (e.g. leader
 * election's); stopped when the test ends.
 */
export async function startWidgetOperator(
  t: TestContext,
  kubeconfig: string,
  args: readonly string[] = [],
): Promise<OrkProcess> {
  ensureBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'ork-faults-'));
  const katalog = join(dir, 'katalog.yaml');
  await writeFile(katalog, KATALOG);
  const ork = await startOrk(['-k', katalog, '--kubeconfig', kubeconfig, ...args]);
  t.after(async () => {
    if (ork.running()) {
      ork.child.kill('SIGCONT'); // in case a test left it paused
      await ork.terminate(15_000).catch(() => ork.child.kill('SIGKILL'));
    }
    await rm(dir, { recursive: true, force: true });
  });
  await eventually(async () => (await ork.http('/ready')).status === 200 || undefined, {
    what: `ork run /ready; output:\n${ork.output()}`,
    timeoutMs: 30_000,
  });
  return ork;
}

/** Widget `i`: every third has the extra ConfigMap. */
export function widget(i: number, value: string): { name: string; extra: boolean; body: unknown } {
  const name = `w-${String(i).padStart(4, '0')}`;
  const extra = i % 3 === 0;
  return {
    name,
    extra,
    body: {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name },
      spec: { value, extra: extra ? 'yes' : 'no' },
    },
  };
}

/** The children a set of Widgets should have. */
export function expectedChildren(count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) n += widget(i, '').extra ? 2 : 1;
  return n;
}

export const widgetsPath = (ns: string): string => `/apis/${GROUP}/v1/namespaces/${ns}/widgets`;

/**
 * Creates Widgets 0..count-1 (`concurrency` in flight), each retried until the API server answers:
 * a 409 after a retry means the first try landed but its answer was lost to a fault.
 */
export async function createWidgets(
  client: TestClient,
  ns: string,
  count: number,
  options: { value: string; concurrency: number; onCreated?: (n: number) => void },
): Promise<void> {
  let next = 0;
  let created = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await sendUntilAnswered(
        () => client.send('POST', widgetsPath(ns), widget(i, options.value).body),
        [201, 409],
      );
      options.onCreated?.(++created);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

/** Sends until the answer's status is one of `ok`; network errors and 5xx (a fault) are retried. */
export async function sendUntilAnswered(
  send: () => Promise<{ status: number; body: unknown }>,
  ok: readonly number[],
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await send().catch((error: unknown) => ({ status: 0, body: String(error) }));
    if (ok.includes(res.status)) return;
    if ((res.status !== 0 && res.status < 500 && res.status !== 429) || Date.now() > deadline)
      throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    await delay(200);
  }
}

interface WidgetObj {
  metadata: { name: string; uid: string; generation: number; deletionTimestamp?: string };
  spec: { value: string; extra: string };
  status?: {
    observedGeneration?: number;
    value?: string;
    conditions?: { type: string; status: string }[];
  };
}

interface ConfigMapObj {
  metadata: { name: string; ownerReferences?: { uid: string; controller?: boolean }[] };
  data?: { value?: string };
}

/** What a namespace holds: its Widgets, and its ConfigMaps per controlling owner uid. */
export async function snapshot(
  client: TestClient,
  ns: string,
): Promise<{ widgets: WidgetObj[]; children: Map<string, ConfigMapObj[]> }> {
  const widgets = await client.get<{ items?: WidgetObj[] }>(widgetsPath(ns));
  const maps = await client.get<{ items?: ConfigMapObj[] }>(`/api/v1/namespaces/${ns}/configmaps`);
  if (widgets.status !== 200 || maps.status !== 200) throw new Error('the API server did not answer');
  const children = new Map<string, ConfigMapObj[]>();
  for (const cm of maps.body.items ?? []) {
    const owner = cm.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (owner) children.set(owner, [...(children.get(owner) ?? []), cm]);
  }
  return { widgets: widgets.body.items ?? [], children };
}

/**
 * Why the namespace has not converged (undefined once it has): every Widget has a status for its
 * generation with Ready=True and its value, and exactly its children, each holding its value.
 */
export function notConverged(
  snap: Awaited<ReturnType<typeof snapshot>>,
  expected: { count: number },
): string | undefined {
  if (snap.widgets.length !== expected.count) return `${snap.widgets.length} Widgets, not ${expected.count}`;
  for (const w of snap.widgets) {
    const s = w.status;
    const ready = s?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (s?.observedGeneration !== w.metadata.generation || !ready || s.value !== w.spec.value)
      return `${w.metadata.name}: status ${JSON.stringify(s)} for generation ${w.metadata.generation}`;
    const kids = snap.children.get(w.metadata.uid) ?? [];
    const names = kids.map((k) => k.metadata.name).sort();
    const want = w.spec.extra === 'yes' ? [w.metadata.name, `${w.metadata.name}-extra`] : [w.metadata.name];
    if (JSON.stringify(names) !== JSON.stringify(want) || kids.some((k) => k.data?.value !== w.spec.value))
      return `${w.metadata.name}: children ${JSON.stringify(kids.map((k) => [k.metadata.name, k.data]))}`;
  }
  return undefined;
}

/** Waits until the namespace converged; fails with what is still off. */
export async function untilConverged(
  client: TestClient,
  ns: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  await eventually(
    async () => {
      const why = notConverged(await snapshot(client, ns), { count });
      if (why !== undefined) throw new Error(why);
      return true;
    },
    { what: `the ${count} Widgets of ${ns} to converge`, timeoutMs, intervalMs: 1000 },
  );
}

/** Children per owner beyond one of each name: 0 unless something made a duplicate. */
export function duplicateChildren(snap: Awaited<ReturnType<typeof snapshot>>): number {
  let duplicates = 0;
  for (const kids of snap.children.values())
    duplicates += kids.length - new Set(kids.map((k) => k.metadata.name)).size;
  return duplicates;
}

/** The owner uids of children whose owner is gone (the garbage collector removes them in its own time). */
export function orphanOwners(snap: Awaited<ReturnType<typeof snapshot>>): string[] {
  const owners = new Set(snap.widgets.map((w) => w.metadata.uid));
  return [...snap.children.keys()].filter((owner) => !owners.has(owner));
}

/** The runtime's writes (user agent orkestra/…) in a namespace, from the audit log since `mark`. */
export async function runtimeWrites(cluster: FaultCluster, mark: number, ns: string): Promise<AuditWrite[]> {
  return runtimeWritesIn(await cluster.writesSince(mark), ns);
}

/** The writes of Orkestra runtimes (their user agent) in `ns`. */
export function runtimeWritesIn(writes: readonly AuditWrite[], ns: string): AuditWrite[] {
  return writes.filter((w) => w.userAgent.startsWith('orkestra/') && w.objectRef.namespace === ns);
}

/** Writes counted by kind: `verb resource[/subresource]` → count. */
export function describeWrites(writes: readonly AuditWrite[]): string {
  const counts = new Map<string, number>();
  for (const w of writes) {
    const key = `${w.verb} ${w.objectRef.resource}${w.objectRef.subresource ? `/${w.objectRef.subresource}` : ''} ${w.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}: ${n}`).join(', ');
}

/** Sum of a Prometheus counter's samples whose labels include `where`. */
export function metricSum(text: string, name: string, where: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? ([0-9.e+-]+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const labels = match[2] ?? '';
    if (Object.entries(where).every(([k, v]) => labels.includes(`${k}="${v}"`))) sum += Number(match[3]);
  }
  return sum;
}

/** The operator's /metrics text. */
export async function metricsOf(ork: OrkProcess): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${ork.port}/metrics`);
  return res.text();
}

/** Fails with the operator's output when it exited. */
export function assertRunning(ork: OrkProcess): void {
  assert.ok(ork.running(), `ork run exited:\n${ork.output()}`);
}

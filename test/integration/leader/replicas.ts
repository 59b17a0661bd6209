/**
 * Two (or more) `ork run --leader-elect` processes on one Katalog of their own (named after the
 * test namespace, so the Lease `orkestra-<namespace>` in that namespace is the test's own): a CRD
 * with a random group whose CRs each get one ConfigMap. Cleanup kills every process, releases the
 * CRs' finalizers, and deletes the CRD and the namespace.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { testCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import type { TestClient } from '../../harness/test-client.ts';
import { createNamespace, startOrk, type OrkProcess } from '../../e2e/ork-process.ts';
import { installTestCrd, sumSeries } from '../run/operator-fixture.ts';

const MERGE_PATCH = 'application/merge-patch+json';

/** What `/katalog` says about leadership. */
export interface LeaderInfo {
  enabled: boolean;
  isLeader: boolean;
  identity?: string;
  holder?: string;
  since?: string;
}

interface Obj {
  metadata: {
    name: string;
    ownerReferences?: { uid: string; controller?: boolean }[];
    managedFields?: { manager: string; operation: string; subresource?: string }[];
  };
  status?: { conditions?: { type: string; status: string }[] };
}

/** The replicas and the cluster side of a test. */
export interface Replicas {
  readonly ns: string;
  readonly client: TestClient;
  readonly processes: OrkProcess[];
  /** Creates CR `name` (its child: ConfigMap `<name>-cm`). */
  createCr(name: string): Promise<void>;
  /** Waits until every CR of `names` is Ready and has its one ConfigMap, controlled by it. */
  converged(names: readonly string[], timeoutMs: number): Promise<void>;
  /** The ConfigMaps the operator made in the namespace. */
  children(): Promise<Obj[]>;
  leader(p: OrkProcess): Promise<LeaderInfo | undefined>;
  /** The one replica that leads, once exactly one does. */
  theLeader(timeoutMs?: number): Promise<OrkProcess>;
  /** Sum of a counter of `/metrics` over the series whose line contains `filter`. */
  counter(p: OrkProcess, metric: string, filter?: string): Promise<number>;
  /** Sum of `orkestra_api_writes_total` of the CRD. */
  writes(p: OrkProcess): Promise<number>;
}

/** Starts `count` replicas and waits until every one is ready. */
export async function startReplicas(t: TestContext, count: number): Promise<Replicas> {
  const client = testCluster();
  const ns = await createNamespace(client, t.name);
  const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
  const crdName = await installTestCrd(client, { group, kind: 'Web', plural: 'webs' });
  const crPath = (name = '') => `/apis/${group}/v1/namespaces/${ns}/webs${name ? `/${name}` : ''}`;
  const dir = await mkdtemp(join(tmpdir(), 'ork-leader-'));
  const processes: OrkProcess[] = [];
  t.after(async () => {
    for (const p of processes) if (p.running()) p.child.kill('SIGKILL');
    const list = await client.get<{ items?: Obj[] }>(crPath());
    for (const cr of list.body.items ?? [])
      await client.send('PATCH', crPath(cr.metadata.name), { metadata: { finalizers: null } }, MERGE_PATCH);
    await client.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`);
    await client.delete(`/api/v1/namespaces/${ns}`);
    await rm(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'katalog.yaml');
  await writeFile(file, JSON.stringify(katalog(ns, group)));
  for (let i = 0; i < count; i++) {
    processes.push(await startOrk(['-k', file, '--leader-elect', '-n', ns, '--log-level', 'info']));
  }
  for (const p of processes) {
    await eventually(async () => (await p.http('/ready')).status === 200, {
      what: `replica :${p.port} ready\n${p.output()}`,
      timeoutMs: 60_000,
    });
  }
  return replicasOf({ ns, client, processes, group, crPath });
}

function katalog(name: string, group: string) {
  const apiTypes = { group, version: 'v1', kind: 'Web', plural: 'webs', scope: 'Namespaced' };
  const configMaps = [{ name: '{{ .metadata.name }}-cm', data: { owner: '{{ .metadata.name }}' } }];
  return {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'Katalog',
    metadata: { name },
    spec: { crds: { web: { apiTypes, operatorBox: { onReconcile: { configMaps } } } } },
  };
}

function replicasOf(parts: {
  ns: string;
  client: TestClient;
  processes: OrkProcess[];
  group: string;
  crPath: (name?: string) => string;
}): Replicas {
  const { ns, client, processes, group, crPath } = parts;
  const children = async (): Promise<Obj[]> => {
    const selector = encodeURIComponent('app.kubernetes.io/managed-by=orkestra');
    const res = await client.get<{ items?: Obj[] }>(
      `/api/v1/namespaces/${ns}/configmaps?labelSelector=${selector}`,
    );
    return res.body.items ?? [];
  };
  const leader = async (p: OrkProcess): Promise<LeaderInfo | undefined> =>
    (await p.http('/katalog')).body['leader'] as LeaderInfo | undefined;
  const counter = async (p: OrkProcess, metric: string, filter = ''): Promise<number> => {
    const res = await fetch(`http://127.0.0.1:${p.port}/metrics`);
    let total = 0;
    for (const line of (await res.text()).split('\n')) {
      if (!line.startsWith(metric) || line.startsWith('#') || !line.includes(filter)) continue;
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return total;
  };
  return {
    ns,
    client,
    processes,
    createCr: async (name) => {
      await client.create(crPath(), { apiVersion: `${group}/v1`, kind: 'Web', metadata: { name }, spec: {} });
    },
    converged: async (names, timeoutMs) => {
      await eventually(
        async () => {
          const list = await client.get<{ items?: Obj[] }>(crPath());
          const ready = new Set(
            (list.body.items ?? [])
              .filter((cr) => cr.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
              .map((cr) => cr.metadata.name),
          );
          const cms = new Set((await children()).map((cm) => cm.metadata.name));
          const missing = names.filter((n) => !ready.has(n) || !cms.has(`${n}-cm`));
          if (missing.length > 0) throw new Error(`not converged: ${missing.slice(0, 5).join(', ')}…`);
          return true;
        },
        { what: 'every CR Ready with its ConfigMap', timeoutMs },
      );
    },
    children,
    leader,
    theLeader: async (timeoutMs = 30_000) =>
      eventually(
        async () => {
          const leading: OrkProcess[] = [];
          for (const p of processes) if (p.running() && (await leader(p))?.isLeader) leading.push(p);
          return leading.length === 1 ? leading[0] : undefined;
        },
        { what: 'exactly one leader', timeoutMs },
      ),
    counter,
    writes: async (p) => {
      const res = await fetch(`http://127.0.0.1:${p.port}/metrics`);
      return sumSeries(await res.text(), 'orkestra_api_writes_total', 'web');
    },
  };
}

/** Asserts every child has one controller and one field manager entry per subresource, `orkestra`. */
export function assertOneOwner(children: readonly Obj[], expected: number): void {
  assert.equal(children.length, expected, 'one ConfigMap per CR, no duplicate');
  for (const cm of children) {
    const controllers = cm.metadata.ownerReferences?.filter((r) => r.controller === true) ?? [];
    assert.equal(controllers.length, 1, `${cm.metadata.name}: one controller`);
    const managers = new Set((cm.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`));
    assert.deepEqual(
      [...managers],
      ['orkestra/Apply'],
      `${cm.metadata.name}: written by orkestra's apply only`,
    );
  }
}

/**
 * Smoke tests proving the dev control plane is a real cluster: the scheduler places pods on
 * KWOK nodes, controllers roll out Deployments and complete Jobs, the garbage collector follows
 * owner references, and custom resources are served and watched.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import type { TestWatchEvent } from '../../harness/test-client.ts';

after(closeTestCluster);

interface Workload {
  metadata: { uid: string; name: string };
  status?: { readyReplicas?: number; succeeded?: number; conditions?: { type: string; status: string }[] };
}

const podSpec = { containers: [{ name: 'main', image: 'example.invalid/app:1' }] };

test('a Deployment reaches readyReplicas = replicas on the fake nodes', { timeout: 120_000 }, async (t) => {
  const api = testCluster();
  const ns = await testNamespace(t);
  const labels = { app: 'web' };
  await api.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec },
    },
  });
  const ready = await eventually(
    async () => {
      const { body } = await api.get<Workload>(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
      return body.status?.readyReplicas === 2 ? body.status.readyReplicas : undefined;
    },
    { what: 'readyReplicas = 2', timeoutMs: 90_000 },
  );
  assert.equal(ready, 2);
});

test('a Job reaches Succeeded', { timeout: 120_000 }, async (t) => {
  const api = testCluster();
  const ns = await testNamespace(t);
  await api.create(`/apis/batch/v1/namespaces/${ns}/jobs`, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once' },
    spec: { backoffLimit: 0, template: { spec: { ...podSpec, restartPolicy: 'Never' } } },
  });
  const job = await eventually(
    async () => {
      const { body } = await api.get<Workload>(`/apis/batch/v1/namespaces/${ns}/jobs/once`);
      const complete = body.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');
      return complete ? body : undefined;
    },
    { what: 'Job Complete', timeoutMs: 90_000 },
  );
  assert.equal(job.status?.succeeded, 1);
});

test('deleting an owner garbage-collects the ConfigMap it owns', { timeout: 120_000 }, async (t) => {
  const api = testCluster();
  const ns = await testNamespace(t);
  const owner = await api.create<Workload>(`/api/v1/namespaces/${ns}/configmaps`, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'owner' },
  });
  const ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }];
  await api.create(`/api/v1/namespaces/${ns}/configmaps`, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'owned', ownerReferences },
    data: { a: 'b' },
  });
  assert.equal((await api.delete(`/api/v1/namespaces/${ns}/configmaps/owner`)).status, 200);
  const status = await eventually(
    async () => {
      const res = await api.get(`/api/v1/namespaces/${ns}/configmaps/owned`);
      return res.status === 404 ? res.status : undefined;
    },
    { what: 'the owned ConfigMap to be collected', timeoutMs: 90_000 },
  );
  assert.equal(status, 404);
});

test('a CRD is served and its CR is created, watched and deleted', { timeout: 120_000 }, async (t) => {
  const api = testCluster();
  const ns = await testNamespace(t);
  const group = `smoke${Date.now().toString(36)}.orkestra.test`;
  const crd = widgetCrd(group);
  await api.create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  t.after(async () => {
    await api.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`);
  });
  const base = `/apis/${group}/v1/namespaces/${ns}/widgets`;
  await eventually(async () => (await api.get(base)).status === 200, { what: 'the CRD to be served' });
  const events: TestWatchEvent[] = [];
  const stop = api.watch(base, (e) => events.push(e));
  t.after(stop);
  await api.create(base, {
    apiVersion: `${group}/v1`,
    kind: 'Widget',
    metadata: { name: 'w1' },
    spec: { size: 1 },
  });
  const patched = await api.send(
    'PATCH',
    `${base}/w1`,
    { spec: { size: 2 } },
    'application/merge-patch+json',
  );
  assert.equal(patched.status, 200);
  assert.equal((await api.delete(`${base}/w1`)).status, 200);
  const types = await eventually(() => (events.length >= 3 ? events.map((e) => e.type) : undefined), {
    what: 'ADDED, MODIFIED and DELETED',
  });
  assert.deepEqual(types, ['ADDED', 'MODIFIED', 'DELETED']);
  assert.ok(events.every((e) => e.object.metadata?.name === 'w1'));
});

function widgetCrd(group: string) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          subresources: { status: {} },
        },
      ],
    },
  };
}

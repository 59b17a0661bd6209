/**
 * Drift correction and the no-write guarantee of `ork run`: a deleted child is recreated, a managed
 * field edited by hand is restored, and an idle resync sends no write to the API server.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, sumSeries, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

const MERGE_PATCH = 'application/merge-patch+json';

const APP = {
  kind: 'App',
  entry: {
    resync: '2s',
    operatorBox: {
      onReconcile: {
        deployments: [
          {
            name: '{{ .metadata.name }}',
            image: '{{ .spec.image }}',
            replicas: '{{ .spec.replicas }}',
            port: 8080,
            env: { MODE: { value: '{{ .spec.mode }}' } },
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
          },
        ],
        services: [{ name: '{{ .metadata.name }}', port: 80, targetPort: 8080 }],
        configMaps: [{ name: '{{ .metadata.name }}-config', data: { mode: '{{ .spec.mode }}' } }],
      },
      status: {
        fields: [{ path: 'readyReplicas', value: '{{ readyReplicas .children.deployment }}', type: 'int' }],
      },
    },
  },
};

async function converged(op: RunningFixture, name: string, replicas: number): Promise<void> {
  await eventually(
    async () => {
      const cr = await op.crds['app']!.get(name);
      return readyOf(cr)?.status === 'True' && cr?.status?.['readyReplicas'] === replicas;
    },
    { what: `${name} Ready with ${replicas} ready replicas`, timeoutMs: 60_000 },
  );
}

test('a deleted child is recreated', { timeout: 90_000 }, async (t) => {
  const op = await startOperator(t, { crds: { app: APP } });
  await op.crds['app']!.create('web', { image: 'nginx:1.27', replicas: 1, mode: 'blue' });
  const before = await eventually(() => op.child('v1 configmaps', 'web-config'), { what: 'the ConfigMap' });
  await op.client.delete(`/api/v1/namespaces/${op.ns}/configmaps/web-config`);
  const after = await eventually(
    async () => {
      const cm = await op.child('v1 configmaps', 'web-config');
      return cm !== undefined && cm.metadata.uid !== before.metadata.uid ? cm : undefined;
    },
    { what: 'a new web-config ConfigMap', timeoutMs: 30_000 },
  );
  assert.deepEqual(after.data, { mode: 'blue' });
});

test('a managed field edited by hand is restored', { timeout: 90_000 }, async (t) => {
  const op = await startOperator(t, { crds: { app: APP } });
  await op.crds['app']!.create('web', { image: 'nginx:1.27', replicas: 2, mode: 'blue' });
  await eventually(() => op.child('apps/v1 deployments', 'web'), { what: 'the Deployment' });
  await eventually(() => op.child('v1 configmaps', 'web-config'), { what: 'the ConfigMap' });
  const deployments = `/apis/apps/v1/namespaces/${op.ns}/deployments/web`;
  const scaled = await op.client.send('PATCH', deployments, { spec: { replicas: 5 } }, MERGE_PATCH);
  assert.equal(scaled.status, 200);
  const configmap = `/api/v1/namespaces/${op.ns}/configmaps/web-config`;
  const edited = await op.client.send('PATCH', configmap, { data: { mode: 'green' } }, MERGE_PATCH);
  assert.equal(edited.status, 200);
  await eventually(
    async () => {
      const d = await op.child('apps/v1 deployments', 'web');
      const cm = await op.child('v1 configmaps', 'web-config');
      return (d?.spec as { replicas?: number } | undefined)?.replicas === 2 && cm?.data?.['mode'] === 'blue';
    },
    { what: 'replicas back to 2 and mode back to blue', timeoutMs: 30_000 },
  );
});

test('an idle resync writes nothing to the API server', { timeout: 90_000 }, async (t) => {
  const op = await startOperator(t, { crds: { app: APP } });
  await op.crds['app']!.create('idle', { image: 'nginx:1.27', replicas: 2, mode: 'blue' });
  await converged(op, 'idle', 2);
  const metrics = async () => (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
  const start = await metrics();
  const reconcilesAtStart = sumSeries(start, 'orkestra_reconcile_total', 'app');
  const writesAtStart = sumSeries(start, 'orkestra_api_writes_total', 'app');
  assert.ok(writesAtStart > 0, 'the first reconciles wrote the children');
  // Two resync periods (2 s each) must pass: the CR is reconciled at least twice more.
  const end = await eventually(
    async () => {
      const text = await metrics();
      return sumSeries(text, 'orkestra_reconcile_total', 'app') >= reconcilesAtStart + 2 ? text : undefined;
    },
    { what: 'two resyncs', timeoutMs: 15_000 },
  );
  const writes = end.split('\n').filter((l) => l.startsWith('orkestra_api_writes_total{'));
  assert.equal(sumSeries(end, 'orkestra_api_writes_total', 'app') - writesAtStart, 0, writes.join('\n'));
});

test(
  'a create-once child is recreated when deleted, and a hand edit of it is kept',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        app: {
          kind: 'App',
          entry: {
            operatorBox: {
              onCreate: {
                configMaps: [{ name: '{{ .metadata.name }}-seed', data: { mode: '{{ .spec.mode }}' } }],
              },
              onReconcile: {
                configMaps: [{ name: '{{ .metadata.name }}-live', data: { mode: '{{ .spec.mode }}' } }],
              },
            },
          },
        },
      },
    });
    const app = op.crds['app']!;
    await app.create('web', { mode: 'blue' });
    await eventually(() => op.child('v1 configmaps', 'web-seed'), { what: 'the create-once ConfigMap' });
    const seed = `/api/v1/namespaces/${op.ns}/configmaps/web-seed`;
    assert.equal((await op.client.send('PATCH', seed, { data: { mode: 'green' } }, MERGE_PATCH)).status, 200);
    // A spec change reconciles the CR: the enforced child follows, the create-once child keeps the edit.
    await app.patchSpec('web', { mode: 'red' });
    await eventually(async () => (await op.child('v1 configmaps', 'web-live'))?.data?.['mode'] === 'red', {
      what: 'web-live following the spec',
    });
    assert.equal((await op.child('v1 configmaps', 'web-seed'))?.data?.['mode'], 'green');

    await op.client.delete(seed);
    const recreated = await eventually(
      async () => {
        const cm = await op.child('v1 configmaps', 'web-seed');
        return cm?.data?.['mode'] === 'red' ? cm : undefined;
      },
      { what: 'web-seed recreated from the current spec', timeoutMs: 30_000 },
    );
    assert.equal(recreated.metadata.labels?.['orkestra.orkspace.io/owner'], 'web');
  },
);

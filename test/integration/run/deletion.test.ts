/**
 * Deletion in `ork run` (spec §5.1): the onDelete Job is created and awaited (KWOK completes its pod)
 * before the finalizer is released; then the CR is gone and the garbage collector removes its children.
 * Children the garbage collector cannot find (cluster-scoped, or in another namespace) are deleted by
 * the finalizer.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test, type TestContext } from 'node:test';
import { closeTestCluster, testCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import type { TestWatchEvent } from '../../harness/test-client.ts';
import { startOperator, type Obj } from './operator-fixture.ts';

after(closeTestCluster);

interface JobShape {
  status?: { conditions?: { type: string; status: string }[] };
}

function completed(object: TestWatchEvent['object']): boolean {
  const conditions = (object as JobShape).status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Complete' && c.status === 'True');
}

test(
  'a deleted CR runs its onDelete Job to completion, then goes, and its children are collected',
  { timeout: 150_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        store: {
          kind: 'Store',
          entry: {
            operatorBox: {
              onReconcile: {
                deployments: [{ name: '{{ .metadata.name }}', image: 'nginx:1.27', replicas: 1 }],
                configMaps: [{ name: '{{ .metadata.name }}-config', data: { size: '{{ .spec.size }}' } }],
              },
              onDelete: {
                jobs: [
                  {
                    name: '{{ .metadata.name }}-backup',
                    image: 'busybox:1.36',
                    command: ['sh', '-c', 'echo backing up {{ .metadata.name }}'],
                  },
                ],
              },
            },
          },
        },
      },
    });
    const store = op.crds['store']!;
    await store.create('orders', { size: '10Gi' });
    await eventually(() => op.child('v1 configmaps', 'orders-config'), { what: 'the ConfigMap' });
    await eventually(() => op.child('apps/v1 deployments', 'orders'), { what: 'the Deployment' });

    const timeline: string[] = [];
    let job: Obj | undefined;
    const stopJobs = op.client.watch(`/apis/batch/v1/namespaces/${op.ns}/jobs`, (e) => {
      if (e.object.metadata?.name !== 'orders-backup') return;
      job ??= e.object as unknown as Obj;
      timeline.push(`job ${e.type}${completed(e.object) ? ' complete' : ''}`);
    });
    const stopCrs = op.client.watch(store.path(), (e) => {
      timeline.push(`cr ${e.type}`);
    });
    t.after(() => {
      stopJobs();
      stopCrs();
    });
    await store.delete('orders');
    await eventually(async () => (await store.get('orders')) === undefined, {
      what: 'the CR gone (finalizer released)',
      timeoutMs: 60_000,
    });
    await eventually(() => timeline.includes('cr DELETED'), { what: 'the DELETED event' });
    const complete = timeline.findIndex((e) => e.endsWith('complete'));
    assert.ok(complete >= 0, `the Job completed: ${timeline.join(', ')}`);
    assert.ok(complete < timeline.indexOf('cr DELETED'), `the Job completed first: ${timeline.join(', ')}`);
    assert.ok(job, `the Job was created: ${timeline.join(', ')}`);
    assert.deepEqual(job.metadata.ownerReferences ?? [], [], 'an onDelete Job has no owner');

    // The garbage collector can take ~30 s to notice a CRD installed moments ago.
    await eventually(
      async () =>
        (await op.child('v1 configmaps', 'orders-config')) === undefined &&
        (await op.child('apps/v1 deployments', 'orders')) === undefined,
      { what: 'the children garbage-collected', timeoutMs: 90_000, intervalMs: 1000 },
    );
  },
);

test(
  'a deleted CR takes its cluster-scoped and cross-namespace children with it',
  { timeout: 90_000 },
  async (t) => {
    const other = await createOtherNamespace(t);
    const op = await startOperator(t, {
      crds: {
        tenant: {
          kind: 'Tenant',
          entry: {
            operatorBox: {
              onReconcile: {
                clusterRoles: [
                  {
                    name: 'ork-test-{{ .metadata.namespace }}-{{ .metadata.name }}',
                    overrides: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
                  },
                ],
                configMaps: [{ name: '{{ .metadata.name }}-remote', namespace: other, data: { a: 'b' } }],
              },
            },
          },
        },
      },
    });
    const tenant = op.crds['tenant']!;
    await tenant.create('acme', {});
    const clusterRole = `/apis/rbac.authorization.k8s.io/v1/clusterroles/ork-test-${op.ns}-acme`;
    const remote = `/api/v1/namespaces/${other}/configmaps/acme-remote`;
    t.after(async () => {
      await op.client.delete(clusterRole);
    });
    const role = await eventually(
      async () => {
        const res = await op.client.get<Obj>(clusterRole);
        return res.status === 200 ? res.body : undefined;
      },
      { what: 'the ClusterRole', timeoutMs: 30_000 },
    );
    assert.deepEqual(role.metadata.ownerReferences ?? [], [], 'a cluster-scoped child is tracked by label');
    await eventually(async () => (await op.client.get(remote)).status === 200, {
      what: 'the remote ConfigMap',
    });

    await tenant.delete('acme');
    await eventually(async () => (await tenant.get('acme')) === undefined, {
      what: 'the CR gone',
      timeoutMs: 30_000,
    });
    assert.equal(
      (await op.client.get(clusterRole)).status,
      404,
      'the ClusterRole is deleted before the CR goes',
    );
    await eventually(async () => (await op.client.get(remote)).status === 404, {
      what: 'the remote ConfigMap deleted',
      timeoutMs: 10_000,
    });
  },
);

async function createOtherNamespace(t: TestContext): Promise<string> {
  const client = testCluster();
  const name = `t-other-${randomBytes(3).toString('hex')}`;
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  t.after(async () => {
    await client.delete(`/api/v1/namespaces/${name}`);
  });
  return name;
}

test(
  'ordered onDelete groups are deleted one after another before the CR goes',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        db: {
          kind: 'Db',
          entry: {
            operatorBox: {
              onReconcile: {
                configMaps: [
                  { name: '{{ .metadata.name }}-first', data: { n: '1' } },
                  { name: '{{ .metadata.name }}-second', data: { n: '2' } },
                  { name: '{{ .metadata.name }}-rest', data: { n: '3' } },
                ],
              },
              onDelete: {
                ordered: true,
                groups: [
                  { configMaps: [{ name: '{{ .metadata.name }}-first' }] },
                  { configMaps: [{ name: '{{ .metadata.name }}-second' }] },
                ],
              },
            },
          },
        },
      },
    });
    const db = op.crds['db']!;
    await db.create('main', {});
    for (const name of ['main-first', 'main-second', 'main-rest'])
      await eventually(() => op.child('v1 configmaps', name), { what: name });
    const timeline: string[] = [];
    const stopCms = op.client.watch(`/api/v1/namespaces/${op.ns}/configmaps`, (e) => {
      if (e.type === 'DELETED') timeline.push(`${e.object.metadata?.name ?? ''} DELETED`);
    });
    const stopCrs = op.client.watch(db.path(), (e) => {
      if (e.type === 'DELETED') timeline.push('cr DELETED');
    });
    t.after(() => {
      stopCms();
      stopCrs();
    });
    await db.delete('main');
    await eventually(() => timeline.includes('cr DELETED'), { what: 'the CR gone', timeoutMs: 30_000 });
    assert.deepEqual(timeline.slice(0, 3), ['main-first DELETED', 'main-second DELETED', 'cr DELETED']);
  },
);

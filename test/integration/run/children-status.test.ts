/**
 * `ork run` in process: a CR gets its children with owner references and Orkestra labels, and a
 * status with Ready=True, observedGeneration and a declared field read from a live child.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator } from './operator-fixture.ts';

after(closeTestCluster);

const WEB = {
  kind: 'Web',
  entry: {
    operatorBox: {
      onCreate: {
        deployments: [
          {
            name: '{{ .metadata.name }}',
            image: '{{ .spec.image }}',
            replicas: '{{ .spec.replicas }}',
            port: 8080,
            reconcile: true,
          },
        ],
        services: [{ name: '{{ .metadata.name }}', port: 80, targetPort: 8080, reconcile: true }],
        configMaps: [{ name: '{{ .metadata.name }}-config', data: { greeting: '{{ .spec.greeting }}' } }],
      },
      status: {
        fields: [
          { path: 'readyReplicas', value: '{{ readyReplicas .children.deployment }}', type: 'int' },
          { path: 'clusterIP', value: '{{ get .children.service "spec" "clusterIP" }}', type: 'string' },
        ],
      },
    },
  },
};

test(
  'a CR gets its children with an owner reference to it and the Orkestra labels',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { web: WEB } });
    const cr = await op.crds['web']!.create('shop', { image: 'nginx:1.27', replicas: 2, greeting: 'hi' });
    const children = await eventually(
      async () => {
        const all = [
          await op.child('apps/v1 deployments', 'shop'),
          await op.child('v1 services', 'shop'),
          await op.child('v1 configmaps', 'shop-config'),
        ];
        return all.every((c) => c !== undefined) ? all : undefined;
      },
      { what: 'the Deployment, Service and ConfigMap', timeoutMs: 30_000 },
    );
    for (const child of children) {
      const what = `${child.kind ?? ''} ${child.metadata.name}`;
      assert.deepEqual(
        child.metadata.ownerReferences?.map((r) => ({ ...r })),
        [
          {
            apiVersion: `${op.crds['web']!.group}/v1`,
            kind: 'Web',
            name: 'shop',
            uid: cr.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        what,
      );
      const labels = child.metadata.labels ?? {};
      assert.equal(labels['app.kubernetes.io/managed-by'], 'orkestra', what);
      assert.equal(labels['orkestra.orkspace.io/katalog'], 'test', what);
      assert.equal(labels['orkestra.orkspace.io/crd'], 'web', what);
      assert.equal(labels['orkestra.orkspace.io/owner'], 'shop', what);
    }
    const deployment = children[0]!.spec as {
      replicas: number;
      template: { metadata: { labels: Record<string, string> } };
    };
    assert.equal(deployment.replicas, 2);
    assert.equal(deployment.template.metadata.labels['orkestra.orkspace.io/instance'], 'shop');
    assert.deepEqual(children[2]!.data, { greeting: 'hi' });
    const stored = await op.crds['web']!.get('shop');
    assert.ok(stored?.metadata.finalizers?.includes('orkestra.orkspace.io/cleanup'));
  },
);

test(
  'the status has Ready=True, observedGeneration and fields read from the live children',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { web: WEB } });
    const web = op.crds['web']!;
    await web.create('docs', { image: 'nginx:1.27', replicas: 2, greeting: 'hi' });
    const service = await eventually(() => op.child('v1 services', 'docs'), { what: 'the Service' });
    const status = await eventually(
      async () => {
        const cr = await web.get('docs');
        return cr?.status?.['readyReplicas'] === 2 ? cr.status : undefined;
      },
      { what: 'readyReplicas 2 (KWOK makes the pods ready)', timeoutMs: 60_000 },
    );
    assert.equal(readyOf({ metadata: { name: 'docs' }, status })?.status, 'True');
    assert.equal(readyOf({ metadata: { name: 'docs' }, status })?.reason, 'ReconcileSucceeded');
    assert.equal(status.observedGeneration, 1);
    const clusterIP = (service.spec as { clusterIP: string }).clusterIP;
    assert.match(clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(status['clusterIP'], clusterIP);

    await web.patchSpec('docs', { replicas: 3 });
    await eventually(
      async () => {
        const cr = await web.get('docs');
        return cr?.status?.observedGeneration === 2 && cr.status['readyReplicas'] === 3;
      },
      { what: 'observedGeneration 2 and readyReplicas 3 after the spec changed', timeoutMs: 60_000 },
    );
  },
);

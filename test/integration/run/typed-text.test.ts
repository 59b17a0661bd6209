/**
 * `ork run` in process: a string field whose whole value is one template gets the text Go prints for its
 * result (spec §6.1) — a list, a map, a float in exponent form — in a ConfigMap's data, an env value and a
 * status field of type string; the API server stores it and the CR is Ready. Int fields keep their type.
 * The expected texts are the ones recorded from Go in test/golden/template/fields.json.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator } from './operator-fixture.ts';

after(closeTestCluster);

const TEXT = {
  tags: '{{ .spec.tags }}',
  limits: '{{ .spec.limits }}',
  ratio: '{{ .spec.ratio }}',
  million: '{{ 1e6 }}',
};

const TAGGED = {
  kind: 'Tagged',
  entry: {
    operatorBox: {
      onReconcile: {
        configMaps: [{ name: '{{ .metadata.name }}', data: TEXT }],
        deployments: [
          {
            name: '{{ .metadata.name }}',
            image: 'nginx:1.27',
            replicas: '{{ .spec.replicas }}',
            env: [{ name: 'TAGS', value: '{{ .spec.tags }}' }],
          },
        ],
      },
      status: {
        fields: [
          { path: 'tags', value: '{{ .spec.tags }}', type: 'string' },
          { path: 'ratio', value: '{{ .spec.ratio }}', type: 'string' },
          { path: 'tagCount', value: '{{ len .spec.tags }}', type: 'int' },
        ],
      },
    },
  },
};

test(
  'a list, a map and floats in string fields are stored as the text Go prints',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { tagged: TAGGED } });
    const spec = { tags: ['a', 'b'], limits: { memory: '1Gi', cpu: 0.5 }, ratio: 0.00001, replicas: 1 };
    await op.crds['tagged']!.create('shop', spec);
    const configMap = await eventually(() => op.child('v1 configmaps', 'shop'), { what: 'the ConfigMap' });
    assert.deepEqual(configMap.data, {
      tags: '[a b]',
      limits: 'map[cpu:0.5 memory:1Gi]',
      ratio: '1e-05',
      million: '1e+06',
    });
    const deployment = await eventually(() => op.child('apps/v1 deployments', 'shop'), {
      what: 'the Deployment',
    });
    const pod = deployment.spec as {
      replicas: number;
      template: { spec: { containers: { env: unknown }[] } };
    };
    assert.equal(pod.replicas, 1);
    assert.deepEqual(pod.template.spec.containers[0]?.env, [{ name: 'TAGS', value: '[a b]' }]);
    const cr = await eventually(
      async () => {
        const stored = await op.crds['tagged']!.get('shop');
        return readyOf(stored)?.status === 'True' ? stored : undefined;
      },
      { what: 'the CR Ready' },
    );
    const { tags, ratio, tagCount } = cr.status ?? {};
    assert.deepEqual({ tags, ratio, tagCount }, { tags: '[a b]', ratio: '1e-05', tagCount: 2 });
  },
);

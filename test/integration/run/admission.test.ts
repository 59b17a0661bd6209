/**
 * Admission at reconcile time in `ork run` (spec §9): a deny rule keeps every child away and reports
 * Ready=False ValidationFailed until the CR is fixed; a warn rule lets the CR through and shows the
 * warning on the box's health API; mutation defaults apply in memory only.
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
    mutation: { rules: [{ field: 'spec.replicas', default: '2', valueType: 'int' }] },
    validation: {
      rules: [
        {
          field: 'spec.image',
          prefix: 'myorg/',
          message: 'image {{ .spec.image }} is not from myorg/',
          action: 'deny',
        },
        {
          field: 'spec.replicas',
          lessThanOrEqual: '5',
          message: '{{ .spec.replicas }} replicas is more than 5',
          action: 'warn',
        },
      ],
    },
    operatorBox: {
      onReconcile: {
        deployments: [
          { name: '{{ .metadata.name }}', image: '{{ .spec.image }}', replicas: '{{ .spec.replicas }}' },
        ],
        configMaps: [{ name: '{{ .metadata.name }}-config', data: { image: '{{ .spec.image }}' } }],
      },
    },
  },
};

test(
  'a denied CR gets Ready=False ValidationFailed and no child until it is fixed',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { web: WEB } });
    const web = op.crds['web']!;
    await web.create('bad', { image: 'docker.io/nginx:1.27', replicas: 1 });
    const ready = await eventually(async () => readyOf(await web.get('bad')), { what: 'a Ready condition' });
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'ValidationFailed');
    assert.match(ready.message ?? '', /image docker\.io\/nginx:1\.27 is not from myorg\//);
    assert.equal(await op.child('v1 configmaps', 'bad-config'), undefined);
    assert.equal(await op.child('apps/v1 deployments', 'bad'), undefined);

    await web.patchSpec('bad', { image: 'myorg/nginx:1.27' });
    await eventually(async () => readyOf(await web.get('bad'))?.status === 'True', { what: 'Ready=True' });
    const cm = await eventually(() => op.child('v1 configmaps', 'bad-config'), { what: 'the ConfigMap' });
    assert.deepEqual(cm.data, { image: 'myorg/nginx:1.27' });
    assert.ok(await op.child('apps/v1 deployments', 'bad'));
  },
);

test(
  'a warned CR gets its children and the warning shows on the health API',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { web: WEB } });
    const web = op.crds['web']!;
    await web.create('big', { image: 'myorg/nginx:1.27', replicas: 7 });
    await eventually(() => op.child('apps/v1 deployments', 'big'), { what: 'the Deployment' });
    await eventually(async () => readyOf(await web.get('big'))?.status === 'True', { what: 'Ready=True' });
    const health = await op.http('/katalog/web/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body['warnings'], [`${op.ns}/big: 7 replicas is more than 5`]);

    await web.patchSpec('big', { replicas: 3 });
    await eventually(
      async () => {
        const body = (await op.http('/katalog/web/health')).body;
        return Array.isArray(body['warnings']) && body['warnings'].length === 0;
      },
      { what: 'the warning cleared once the CR complies' },
    );
  },
);

test('a mutation default applies to the children, not to the stored CR', { timeout: 90_000 }, async (t) => {
  const op = await startOperator(t, { crds: { web: WEB } });
  const web = op.crds['web']!;
  await web.create('plain', { image: 'myorg/nginx:1.27' });
  const deployment = await eventually(() => op.child('apps/v1 deployments', 'plain'), {
    what: 'the Deployment',
  });
  assert.equal((deployment.spec as { replicas: number }).replicas, 2);
  const stored = await web.get('plain');
  assert.equal(stored?.spec?.['replicas'], undefined);
});

test(
  'mutateFirst decides whether validation sees the defaults at reconcile time',
  { timeout: 90_000 },
  async (t) => {
    const entry = (mutateFirst: boolean) => ({
      mutation: { mutateFirst, rules: [{ field: 'spec.tier', default: 'web' }] },
      validation: { rules: [{ field: 'spec.tier', exists: true, message: 'spec.tier is required' }] },
      operatorBox: {
        onReconcile: { configMaps: [{ name: '{{ .metadata.name }}', data: { tier: '{{ .spec.tier }}' } }] },
      },
    });
    const op = await startOperator(t, {
      crds: { first: { kind: 'First', entry: entry(true) }, late: { kind: 'Late', entry: entry(false) } },
    });
    await op.crds['first']!.create('a', {});
    await op.crds['late']!.create('b', {});
    const cm = await eventually(() => op.child('v1 configmaps', 'a'), { what: "the mutated CR's ConfigMap" });
    assert.deepEqual(cm.data, { tier: 'web' });
    const ready = await eventually(async () => readyOf(await op.crds['late']!.get('b')), {
      what: 'a Ready condition',
    });
    assert.equal(ready.reason, 'ValidationFailed');
    assert.equal(ready.message, 'spec.tier is required');
    assert.equal(await op.child('v1 configmaps', 'b'), undefined);
  },
);

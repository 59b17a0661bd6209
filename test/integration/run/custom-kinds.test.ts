/**
 * A `custom` entry whose kind is a template (spec §4.1) is a child like any other once rendered:
 * its type is watched from the first reconcile that renders it, so a deleted child is recreated at
 * once, it is in `.children` and in the HTTP API, an idle resync writes nothing, and it is pruned
 * when it is no longer desired.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import {
  readyOf,
  startOperator,
  sumSeries,
  type OperatorSpec,
  type RunningFixture,
} from './operator-fixture.ts';

after(closeTestCluster);

/** A Thing renders one object of the kind its spec names (here a ConfigMap), while `spec.extra` is "yes". */
function things(resync: string): OperatorSpec {
  return {
    crds: {
      thing: {
        kind: 'Thing',
        entry: {
          resync,
          operatorBox: {
            onReconcile: {
              custom: [
                {
                  apiVersion: 'v1',
                  kind: '{{ .spec.kind }}',
                  name: '{{ .metadata.name }}-extra',
                  when: [{ field: 'spec.extra', equals: 'yes' }],
                  data: { mode: '{{ .spec.mode }}' },
                },
              ],
            },
            status: {
              fields: [{ path: 'extraMode', value: '{{ .children.configmap.data.mode }}', type: 'string' }],
            },
          },
        },
      },
    },
  };
}

async function readyWith(op: RunningFixture, name: string, extraMode: string): Promise<void> {
  await eventually(
    async () => {
      const cr = await op.crds['thing']!.get(name);
      return readyOf(cr)?.status === 'True' && cr?.status?.['extraMode'] === extraMode;
    },
    { what: `${name} Ready with status.extraMode "${extraMode}"`, timeoutMs: 60_000 },
  );
}

test(
  'a child of a templated kind is recreated when deleted, shown as a child, and pruned once not desired',
  { timeout: 120_000 },
  async (t) => {
    // A resync far beyond the test: only a watch on the templated kind can bring the child back.
    const op = await startOperator(t, things('10m'));
    const thing = op.crds['thing']!;
    await thing.create('web', { kind: 'ConfigMap', mode: 'blue', extra: 'yes' });
    await readyWith(op, 'web', 'blue');
    const first = await op.child('v1 configmaps', 'web-extra');
    assert.deepEqual(first?.data, { mode: 'blue' });

    const detail = await op.http(`/katalog/thing/cr/${op.ns}/web`);
    const children = detail.body['children'] as { kind: string; metadata: { name: string } }[];
    assert.deepEqual(
      children.map((c) => `${c.kind}/${c.metadata.name}`),
      ['ConfigMap/web-extra'],
    );

    await op.client.delete(`/api/v1/namespaces/${op.ns}/configmaps/web-extra`);
    const recreated = await eventually(
      async () => {
        const cm = await op.child('v1 configmaps', 'web-extra');
        return cm !== undefined && cm.metadata.uid !== first.metadata.uid ? cm : undefined;
      },
      { what: 'web-extra recreated', timeoutMs: 20_000 },
    );
    assert.deepEqual(recreated.data, { mode: 'blue' });

    await thing.patchSpec('web', { extra: 'no' });
    await eventually(async () => (await op.child('v1 configmaps', 'web-extra')) === undefined, {
      what: 'web-extra pruned',
      timeoutMs: 30_000,
    });
    await readyWith(op, 'web', '');
  },
);

test('an idle resync writes nothing for a child of a templated kind', { timeout: 120_000 }, async (t) => {
  const op = await startOperator(t, things('2s'));
  await op.crds['thing']!.create('idle', { kind: 'ConfigMap', mode: 'blue', extra: 'yes' });
  await readyWith(op, 'idle', 'blue');
  const metrics = async () => (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
  const start = await metrics();
  const reconcilesAtStart = sumSeries(start, 'orkestra_reconcile_total', 'thing');
  const writesAtStart = sumSeries(start, 'orkestra_api_writes_total', 'thing');
  // Two resync periods (2 s each) must pass: the CR is reconciled at least twice more.
  const end = await eventually(
    async () => {
      const text = await metrics();
      return sumSeries(text, 'orkestra_reconcile_total', 'thing') >= reconcilesAtStart + 2 ? text : undefined;
    },
    { what: 'two resyncs', timeoutMs: 15_000 },
  );
  const writes = end.split('\n').filter((l) => l.startsWith('orkestra_api_writes_total{'));
  assert.equal(sumSeries(end, 'orkestra_api_writes_total', 'thing') - writesAtStart, 0, writes.join('\n'));
});

test(
  'children of entries removed from the Katalog are pruned after a restart, a templated kind included',
  { timeout: 120_000 },
  async (t) => {
    const box = (onReconcile: Record<string, unknown>) => ({ resync: '10m', operatorBox: { onReconcile } });
    const op = await startOperator(t, {
      crds: {
        thing: {
          kind: 'Thing',
          entry: box({
            custom: [{ apiVersion: 'v1', kind: '{{ .spec.kind }}', name: '{{ .metadata.name }}-extra' }],
            serviceAccounts: [{ name: '{{ .metadata.name }}-sa' }],
          }),
        },
      },
    });
    await op.crds['thing']!.create('old', { kind: 'ConfigMap' });
    await eventually(async () => readyOf(await op.crds['thing']!.get('old'))?.status === 'True', {
      what: 'old Ready',
      timeoutMs: 60_000,
    });
    assert.ok((await op.child('v1 configmaps', 'old-extra')) !== undefined);
    assert.ok((await op.child('v1 serviceaccounts', 'old-sa')) !== undefined);
    const cr = await op.crds['thing']!.get('old');
    assert.equal(
      cr?.metadata.annotations?.['orkestra.orkspace.io/child-types'],
      'ConfigMap.v1,ServiceAccount.v1',
    );

    // The same CRD, its Katalog entry now naming no child at all: neither type is in the new Plan.
    const after = await op.restart({ thing: box({}) });
    await eventually(
      async () =>
        (await after.child('v1 configmaps', 'old-extra')) === undefined &&
        (await after.child('v1 serviceaccounts', 'old-sa')) === undefined,
      { what: 'old-extra and old-sa pruned', timeoutMs: 30_000 },
    );
    await eventually(
      async () => {
        const now = await after.crds['thing']!.get('old');
        return now?.metadata.annotations?.['orkestra.orkspace.io/child-types'] === '';
      },
      { what: 'the child types emptied', timeoutMs: 30_000 },
    );
  },
);

/**
 * The render preview of `ork run` (`POST /katalog/{crd}/render`) against the real control plane: what
 * the runtime would apply for an edited CR, each child's action and the diff of an update against the
 * live child, a template error as 422, and nothing written to the cluster.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startOperator, type RunningFixture } from '../run/operator-fixture.ts';
import { SHOP } from './control-fixture.ts';

after(closeTestCluster);

interface Preview {
  objects: { kind: string; metadata: { name: string }; data?: Record<string, string> }[];
  changes: { kind: string; name: string; action: string; diff?: string }[];
}

async function render(
  op: RunningFixture,
  crd: string,
  cr: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${op.port}/katalog/${crd}/render`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cr),
  });
  return { status: res.status, body: await res.json() };
}

test(
  'an edited CR is previewed against its live children, and nothing is written',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, SHOP);
    const shop = op.crds['shop']!;
    const live = await shop.create('store', { mode: 'blue' });
    await eventually(
      async () => (await op.child('v1 configmaps', 'store-config'))?.data?.['mode'] === 'blue',
      {
        what: 'store-config applied',
        timeoutMs: 30_000,
      },
    );

    const edited = { ...live, spec: { mode: 'green' } };
    const res = await render(op, shop.key, edited);
    assert.equal(res.status, 200);
    const preview = res.body as Preview;
    assert.deepEqual(
      preview.objects.map((o) => [o.kind, o.metadata.name, o.data?.['mode']]),
      [['ConfigMap', 'store-config', 'green']],
    );
    const change = preview.changes.find((c) => c.name === 'store-config');
    assert.equal(change?.action, 'update');
    assert.match(change.diff ?? '', /^- +mode: blue$/m);
    assert.match(change.diff ?? '', /^\+ +mode: green$/m);

    const same = (await render(op, shop.key, live)).body as Preview;
    assert.equal(same.changes.find((c) => c.name === 'store-config')?.action, 'unchanged');
    const fresh = (
      await render(op, shop.key, { metadata: { name: 'other', namespace: op.ns }, spec: { mode: 'x' } })
    ).body as Preview;
    assert.deepEqual(
      fresh.changes.map((c) => [c.name, c.action]),
      [['other-config', 'create']],
    );

    const broken = await render(op, shop.key, { ...live, spec: { mode: 'blue', broken: 'on' } });
    assert.equal(broken.status, 422);
    assert.match((broken.body as { message: string }).message, /BROKEN/);

    assert.equal((await op.child('v1 configmaps', 'store-config'))?.data?.['mode'], 'blue');
    assert.equal(await op.child('v1 configmaps', 'other-config'), undefined);
    assert.equal(await shop.get('other'), undefined);
  },
);

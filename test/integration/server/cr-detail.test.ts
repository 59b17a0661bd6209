/**
 * A CR's detail in the HTTP API of `ork run` against the real control plane: its conditions, its
 * children with their states, its last reconcile; a child deleted behind the runtime's back shows as
 * `missing` (drift) until a reconcile recreates it, and the stream tells each change of a child.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startOperator, type RunningFixture } from '../run/operator-fixture.ts';
import { listen, SHOP } from './control-fixture.ts';

after(closeTestCluster);

interface Detail {
  conditions: { type: string; status: string }[];
  children: { kind: string; name: string; state: string; drift?: boolean }[];
  lastReconcile?: { at: string; result: string; error?: string; durationMs: number };
}

async function detail(op: RunningFixture, crd: string, name: string): Promise<Detail> {
  const res = await op.http(`/katalog/${crd}/cr/${op.ns}/${name}`);
  assert.equal(res.status, 200);
  return res.body as unknown as Detail;
}

const stateOf = (d: Detail, name: string): string | undefined =>
  d.children.find((c) => c.name === name)?.state;

test(
  'a child deleted behind the runtime is missing until a reconcile recreates it',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, SHOP);
    const shop = op.crds['shop']!;
    const stop = new AbortController();
    t.after(() => {
      stop.abort();
    });
    const seen = await listen(`http://127.0.0.1:${op.port}/katalog/stream`, stop.signal);
    await shop.create('store', { mode: 'blue' });

    const healthy = await eventually(
      async () => {
        const d = await detail(op, shop.key, 'store');
        return d.lastReconcile?.result === 'success' && stateOf(d, 'store-config') === 'ready' && d;
      },
      { what: 'store reconciled with its ConfigMap ready', timeoutMs: 30_000 },
    );
    assert.equal(healthy.conditions.find((c) => c.type === 'Ready')?.status, 'True');
    assert.ok(healthy.lastReconcile !== undefined && healthy.lastReconcile.durationMs >= 0);

    // a failing reconcile cannot recreate what is deleted now: the drift stays visible
    await shop.patchSpec('store', { broken: 'on' });
    await eventually(async () => (await detail(op, shop.key, 'store')).lastReconcile?.result === 'error', {
      what: 'a failed reconcile',
      timeoutMs: 30_000,
    });
    const mark = seen.events.length;
    await op.client.delete(`/api/v1/namespaces/${op.ns}/configmaps/store-config`);
    const drifted = await eventually(
      async () => {
        const d = await detail(op, shop.key, 'store');
        return stateOf(d, 'store-config') === 'missing' && d;
      },
      { what: 'the deleted ConfigMap shown missing', timeoutMs: 30_000 },
    );
    assert.equal(drifted.children.find((c) => c.name === 'store-config')?.drift, true);
    assert.match(drifted.lastReconcile?.error ?? '', /BROKEN/);
    await eventually(
      () =>
        seen.events
          .slice(mark)
          .some((e) => e.event === 'child' && e.data['name'] === 'store' && e.data['namespace'] === op.ns),
      { what: 'a child event for store after its ConfigMap was deleted' },
    );

    await shop.patchSpec('store', { broken: 'off' });
    const recreated = await eventually(
      async () => {
        const d = await detail(op, shop.key, 'store');
        return d.lastReconcile?.result === 'success' && stateOf(d, 'store-config') === 'ready' && d;
      },
      { what: 'the ConfigMap recreated and ready', timeoutMs: 30_000 },
    );
    assert.equal(recreated.children.find((c) => c.name === 'store-config')?.drift, undefined);
    assert.ok(await op.child('v1 configmaps', 'store-config'));
  },
);

/**
 * The Control Center's event stream of `ork run` (`GET /katalog/stream`) against the real control
 * plane: the Katalog at once with its stats, a `cr` event for each CR created, changed, failing and
 * deleted, a `child` event when its reconcile finished, and the CR list's createdAt, lastError and
 * lastReconcileAt.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startOperator } from '../run/operator-fixture.ts';
import { listen, SHOP, type CrItem, type StreamEvent } from './control-fixture.ts';

after(closeTestCluster);

const crEvents = (events: StreamEvent[], type: string, name: string): StreamEvent[] =>
  events.filter(
    (e) => e.event === 'cr' && e.data['type'] === type && (e.data['item'] as CrItem).name === name,
  );

test(
  'the stream tells the Katalog, each CR change and each finished reconcile',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, SHOP);
    const shop = op.crds['shop']!;
    const stop = new AbortController();
    t.after(() => {
      stop.abort();
    });
    const seen = await listen(`http://127.0.0.1:${op.port}/katalog/stream`, stop.signal);

    const first = await eventually(() => seen.events[0], { what: 'the first event' });
    assert.equal(first.event, 'katalog');
    const box = (first.data['crds'] as { crd: string; stats: { reconciles: { success: number } } }[])[0];
    assert.equal(box?.crd, shop.key);
    assert.equal(typeof box.stats.reconciles.success, 'number');

    await shop.create('store', { mode: 'blue' });
    const upsert = await eventually(() => crEvents(seen.events, 'upsert', 'store')[0], {
      what: 'a cr upsert',
    });
    assert.equal(upsert.data['crd'], shop.key);
    await eventually(
      () =>
        seen.events.find(
          (e) => e.event === 'child' && e.data['name'] === 'store' && e.data['namespace'] === op.ns,
        ),
      { what: 'a child event once the reconcile finished' },
    );
    const listed = await eventually(
      async () => {
        const items = (await op.http(`/katalog/${shop.key}/cr`)).body['items'] as CrItem[];
        return items.find((i) => i.name === 'store' && i.lastReconcileAt !== undefined);
      },
      { what: 'store listed with its last reconcile' },
    );
    assert.ok(listed.createdAt !== undefined && !Number.isNaN(Date.parse(listed.createdAt)));
    assert.equal(listed.lastError, undefined);

    await shop.patchSpec('store', { broken: 'on' });
    const failing = await eventually(
      () =>
        crEvents(seen.events, 'upsert', 'store').find(
          (e) => (e.data['item'] as CrItem).lastError !== undefined,
        ),
      { what: 'an upsert carrying the reconcile error', timeoutMs: 30_000 },
    );
    assert.match((failing.data['item'] as CrItem).lastError ?? '', /BROKEN/);
    await eventually(
      () =>
        seen.events.some(
          (e) =>
            e.event === 'katalog' &&
            (e.data['crds'] as { stats: { reconciles: { error: number } } }[])[0]!.stats.reconciles.error > 0,
        ),
      { what: 'a katalog event counting the failure', timeoutMs: 30_000 },
    );

    const mark = seen.events.length;
    await shop.patchSpec('store', { broken: 'off' });
    await eventually(
      () =>
        crEvents(seen.events.slice(mark), 'upsert', 'store').find(
          (e) =>
            (e.data['item'] as CrItem).lastError === undefined && (e.data['item'] as CrItem).lastReconcileAt,
        ),
      { what: 'the error cleared by a successful reconcile', timeoutMs: 30_000 },
    );

    await shop.delete('store');
    await eventually(() => crEvents(seen.events, 'delete', 'store')[0], {
      what: 'a cr delete',
      timeoutMs: 30_000,
    });
  },
);

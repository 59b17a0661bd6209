/**
 * What `ork run` tells about a CR (spec §5 step 7, §14): a Kubernetes Event for each child created,
 * updated and deleted and for each failed reconcile, read back from the API server; and the CR's
 * detail in the HTTP API — the CR, its live children and its recent events.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, type OperatorSpec, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

/** A Shop keeps a config ConfigMap, a debug one while `spec.debug` is "on", and a broken one while `spec.broken` is "on". */
const SHOP: OperatorSpec = {
  crds: {
    shop: {
      kind: 'Shop',
      entry: {
        queue: { retryBackoff: { initial: '100ms', max: '2s' } },
        operatorBox: {
          onReconcile: {
            configMaps: [
              { name: '{{ .metadata.name }}-config', data: { mode: '{{ .spec.mode }}' } },
              {
                name: '{{ .metadata.name }}-debug',
                data: { level: 'verbose' },
                when: [{ field: 'spec.debug', equals: 'on' }],
              },
              {
                // Upper case is not a valid object name: the child is refused before any API call.
                name: '{{ .metadata.name }}-BROKEN',
                data: { x: 'y' },
                when: [{ field: 'spec.broken', equals: 'on' }],
              },
            ],
          },
        },
      },
    },
  },
};

interface KubeEvent {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; uid: string };
  source?: { component?: string };
}

/** The Events of the CR `name` in the test namespace, from the API server. */
async function eventsOf(op: RunningFixture, name: string): Promise<KubeEvent[]> {
  const selector = encodeURIComponent(`involvedObject.name=${name}`);
  const res = await op.client.get<{ items: KubeEvent[] }>(
    `/api/v1/namespaces/${op.ns}/events?fieldSelector=${selector}`,
  );
  return res.body.items;
}

/** Waits for an Event of `reason` whose message matches `message`, and returns it. */
function eventFor(op: RunningFixture, name: string, reason: string, message: RegExp): Promise<KubeEvent> {
  return eventually(
    async () => (await eventsOf(op, name)).find((e) => e.reason === reason && message.test(e.message)),
    { what: `a ${reason} Event matching ${String(message)} on ${name}`, timeoutMs: 30_000 },
  );
}

test(
  'a CR gets an Event for each child created, updated and deleted, and for a failed reconcile',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, SHOP);
    const shop = op.crds['shop']!;
    const cr = await shop.create('store', { mode: 'blue', debug: 'on' });

    const created = await eventFor(op, 'store', 'Created', /ConfigMap/);
    assert.equal(created.type, 'Normal');
    assert.match(created.message, /store-config/);
    assert.match(created.message, /store-debug/);
    assert.equal(created.involvedObject.uid, cr.metadata.uid);
    assert.equal(created.involvedObject.kind, 'Shop');
    assert.equal(created.source?.component, 'orkestra');

    await shop.patchSpec('store', { mode: 'green' });
    const updated = await eventFor(op, 'store', 'Updated', /store-config/);
    assert.equal(updated.type, 'Normal');

    await shop.patchSpec('store', { debug: 'off' });
    const deleted = await eventFor(op, 'store', 'Deleted', /store-debug/);
    assert.equal(deleted.type, 'Normal');
    assert.match(deleted.message, /no longer desired/);

    await shop.patchSpec('store', { broken: 'on' });
    const failed = await eventFor(op, 'store', 'ReconcileFailed', /store-BROKEN/);
    assert.equal(failed.type, 'Warning');
    assert.match(
      failed.message,
      /would be refused by the API server/,
      'the child was refused before any API call',
    );
    const ready = readyOf(await shop.get('store'));
    assert.equal(ready?.status, 'False');
    assert.equal(ready.reason, 'ReconcileError');
  },
);

test(
  "the HTTP API's /katalog/{crd}/cr/{ns}/{name} returns the CR, its children and its recent events",
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, SHOP);
    const shop = op.crds['shop']!;
    await shop.create('store', { mode: 'blue', debug: 'on' });
    await eventually(async () => readyOf(await shop.get('store'))?.status === 'True', {
      what: 'store Ready',
      timeoutMs: 60_000,
    });
    const detail = await eventually(
      async () => {
        const res = await op.http(`/katalog/shop/cr/${op.ns}/store`);
        const children = (res.body['children'] ?? []) as unknown[];
        return res.status === 200 && children.length === 2 ? res.body : undefined;
      },
      { what: 'the detail of store with two children', timeoutMs: 30_000 },
    );
    const object = detail['object'] as { kind: string; metadata: { name: string; namespace: string } };
    assert.equal(object.kind, 'Shop');
    assert.equal(object.metadata.name, 'store');
    assert.equal(object.metadata.namespace, op.ns);
    const children = detail['children'] as { kind: string; metadata: { name: string }; data: unknown }[];
    assert.deepEqual(children.map((c) => `${c.kind}/${c.metadata.name}`).sort(), [
      'ConfigMap/store-config',
      'ConfigMap/store-debug',
    ]);
    assert.deepEqual(children.find((c) => c.metadata.name === 'store-config')?.data, { mode: 'blue' });
    const events = detail['events'] as { type: string; reason: string; message: string; count: number }[];
    const created = events.find((e) => e.reason === 'Created');
    assert.equal(created?.type, 'Normal');
    assert.match(created.message, /store-config/);

    assert.equal((await op.http(`/katalog/shop/cr/${op.ns}/nobody`)).status, 404);
    assert.equal((await op.http(`/katalog/nothing/cr/${op.ns}/store`)).status, 404);
  },
);

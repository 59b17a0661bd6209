/**
 * Controllers on the real API server through the kube layer's ListerWatcher and the shared
 * informer factory: a burst of objects is reconciled once each with no key ever held by two
 * workers at once, and a controller whose reconcile always throws does not stall another one
 * sharing its informer.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, createListerWatcher, loadClusterConfig } from '../../../src/kube/index.ts';
import type { GroupVersionResource, KubeClient } from '../../../src/kube/index.ts';
import { Controller, Manager, SharedInformerFactory, Stage } from '../../../src/runtime/index.ts';
import { closeTestCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';

const configmaps: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
};

after(() => {
  closeTestCluster();
});

async function productClient(): Promise<KubeClient> {
  return createKubeClient(await loadClusterConfig({ env: process.env }));
}

/** Creates `count` ConfigMaps named `prefix-i` in `ns`, 50 requests at a time. */
async function createConfigMaps(
  client: KubeClient,
  ns: string,
  prefix: string,
  count: number,
): Promise<void> {
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) =>
      client.create(configmaps, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${prefix}-${start + i}`, namespace: ns },
        data: { n: String(start + i) },
      }),
    );
    await Promise.all(batch);
  }
}

/** A manager running the factory and the given controllers; returns its stop function. */
function run(factory: SharedInformerFactory, controllers: Controller[]): () => Promise<void> {
  const manager = new Manager({ gracefulShutdownMs: 10_000 });
  manager.add(factory, Stage.caches);
  for (const controller of controllers) manager.add(controller, Stage.controllers);
  const stop = new AbortController();
  const running = manager.start(stop.signal);
  return async () => {
    stop.abort();
    const report = await running;
    assert.deepEqual(report, { timedOut: [], errors: [] });
  };
}

test(
  '500 objects created at once are each reconciled, none by two workers at once',
  { timeout: 180_000 },
  async (t) => {
    const ns = await testNamespace(t);
    const client = await productClient();
    t.after(() => client.transport.close());
    const factory = new SharedInformerFactory({
      listerWatcherFor: (gvr) => createListerWatcher(client, gvr),
    });
    const active = new Set<string>();
    const reconciled = new Map<string, number>();
    const overlaps: string[] = [];
    const controller = new Controller({
      name: 'burst',
      workers: 16,
      reconcile: async (key) => {
        if (active.has(key)) overlaps.push(key);
        active.add(key);
        await delay(2);
        reconciled.set(key, (reconciled.get(key) ?? 0) + 1);
        active.delete(key);
        return undefined;
      },
    });
    const lease = factory.acquire(configmaps, { namespace: ns });
    controller.watch(lease.informer, (o) =>
      o.metadata?.name?.startsWith('burst-') ? [`${ns}/${o.metadata.name}`] : [],
    );
    const stop = run(factory, [controller]);
    await eventually(() => controller.ready(), { what: 'the controller to start' });
    await createConfigMaps(client, ns, 'burst', 500);
    await eventually(() => reconciled.size === 500, { what: 'all 500 keys reconciled', timeoutMs: 120_000 });
    assert.deepEqual(overlaps, []);
    const snapshot = controller.snapshot();
    assert.equal(snapshot.outcomes.error, 0);
    assert.ok([...reconciled.values()].every((n) => n >= 1));
    lease.release();
    await stop();
  },
);

test(
  'a controller whose reconcile always throws never stalls another on the same informer',
  { timeout: 180_000 },
  async (t) => {
    const ns = await testNamespace(t);
    const client = await productClient();
    t.after(() => client.transport.close());
    const factory = new SharedInformerFactory({
      listerWatcherFor: (gvr) => createListerWatcher(client, gvr),
    });
    const good = new Set<string>();
    const failing = new Controller({
      name: 'failing',
      workers: 2,
      reconcile: () => Promise.reject(new Error('always broken')),
    });
    const healthy = new Controller({
      name: 'healthy',
      workers: 2,
      reconcile: (key) => {
        good.add(key);
        return Promise.resolve(undefined);
      },
    });
    const leases = [failing, healthy].map((c) => {
      const lease = factory.acquire(configmaps, { namespace: ns });
      c.watch(lease.informer);
      return lease;
    });
    assert.equal(factory.size, 1);
    const stop = run(factory, [failing, healthy]);
    await eventually(() => healthy.ready() && failing.ready(), { what: 'both controllers to start' });
    await createConfigMaps(client, ns, 'first', 50);
    await eventually(() => good.size >= 50, { what: 'the healthy controller to reconcile the first 50' });
    await eventually(() => failing.snapshot().outcomes.error >= 50, {
      what: 'the failing controller to fail',
    });
    await createConfigMaps(client, ns, 'later', 20);
    await eventually(() => good.size >= 70, {
      what: 'the healthy controller to keep up while the other fails',
    });
    assert.ok(failing.snapshot().queue.waiting + failing.snapshot().queue.depth > 0);
    for (const lease of leases) lease.release();
    await stop();
  },
);

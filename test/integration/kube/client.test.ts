/**
 * The kube/ layer against the real control plane: config from KUBECONFIG (client certificates),
 * create, server-side apply with field ownership, paginated lists, watch, delete, discovery,
 * events, and the connection count of a burst. One namespace per test.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ConflictError,
  EventRecorder,
  KubeClient,
  NotFoundError,
  RestMapper,
  Transport,
  TransportStats,
  createListerWatcher,
  loadClusterConfig,
} from '../../../src/kube/index.ts';
import type { GroupVersionResource, KubeObject, WatchEvent } from '../../../src/kube/index.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';

const configmaps: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
};
const events: GroupVersionResource = { group: '', version: 'v1', resource: 'events', namespaced: true };

let client: KubeClient;
const stats = new TransportStats();

before(async () => {
  testCluster();
  const config = await loadClusterConfig({ env: process.env });
  client = new KubeClient(new Transport(config, { metrics: stats, version: 'test' }));
});
after(async () => {
  await client.transport.close();
  closeTestCluster();
});

const configMap = (name: string, namespace: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { suite: 'kube' } },
  data,
});

test('creates, applies, reads and deletes a ConfigMap', { timeout: 30_000 }, async (t) => {
  const ns = await testNamespace(t);
  const created = await client.create(configmaps, configMap('a', ns, { k: '1' }));
  assert.ok(created.metadata?.uid);
  await assert.rejects(client.create(configmaps, configMap('a', ns, { k: '1' })), ConflictError);

  const applied = await client.apply(configmaps, configMap('b', ns, { k: '2' }));
  const managers = (applied.metadata?.managedFields ?? []) as { manager?: string }[];
  assert.deepEqual(
    managers.map((entry) => entry.manager),
    ['orkestra'],
  );
  const updated = await client.apply<KubeObject & { data: Record<string, string> }>(
    configmaps,
    configMap('b', ns, { k: '3' }),
  );
  assert.equal(updated.data.k, '3');

  await client.delete(configmaps, 'a', { namespace: ns, propagationPolicy: 'Background' });
  await assert.rejects(client.get(configmaps, 'a', { namespace: ns }), NotFoundError);
});

test(
  'refuses an apply that takes a field another manager owns unless forced',
  { timeout: 30_000 },
  async (t) => {
    const ns = await testNamespace(t);
    await client.apply(configmaps, configMap('owned', ns, { k: 'mine' }), { fieldManager: 'someone-else' });
    await assert.rejects(client.apply(configmaps, configMap('owned', ns, { k: 'ours' })), ConflictError);
    const forced = await client.apply<KubeObject & { data: Record<string, string> }>(
      configmaps,
      configMap('owned', ns, { k: 'ours' }),
      { force: true },
    );
    assert.equal(forced.data.k, 'ours');
    const patched = await client.patch<KubeObject & { data: Record<string, string> }>(configmaps, 'owned', {
      namespace: ns,
      patch: { data: { extra: 'x' } },
    });
    assert.deepEqual(patched.data, { k: 'ours', extra: 'x' });
  },
);

test('lists every page of a selected collection', { timeout: 30_000 }, async (t) => {
  const ns = await testNamespace(t);
  await Promise.all([1, 2, 3, 4, 5].map((i) => client.create(configmaps, configMap(`cm${i}`, ns, {}))));
  const page = await client.list(configmaps, { namespace: ns, labelSelector: 'suite=kube', limit: 2 });
  assert.equal(page.items.length, 2);
  assert.ok(page.continue);
  const all = await client.listAll(configmaps, { namespace: ns, labelSelector: 'suite=kube', limit: 2 });
  assert.deepEqual(all.items.map((item) => item.metadata?.name).sort(), ['cm1', 'cm2', 'cm3', 'cm4', 'cm5']);
  assert.equal(all.items[0]?.kind, 'ConfigMap');
  assert.match(all.resourceVersion, /^\d+$/);
});

test('watches additions and deletions from the resourceVersion of a list', { timeout: 30_000 }, async (t) => {
  const ns = await testNamespace(t);
  const lw = createListerWatcher(client, configmaps, { namespace: ns, labelSelector: 'suite=kube' });
  const list = await lw.list({});
  const controller = new AbortController();
  const seen: WatchEvent[] = [];
  const watching = (async () => {
    for await (const event of lw.watch({ resourceVersion: list.resourceVersion }, controller.signal)) {
      seen.push(event);
    }
  })();
  await client.create(configmaps, configMap('w', ns, {}));
  await client.create(configmaps, {
    ...configMap('unlabelled', ns, {}),
    metadata: { name: 'unlabelled', namespace: ns },
  });
  await client.delete(configmaps, 'w', { namespace: ns });
  await eventually(() => Promise.resolve(seen.some((e) => e.type === 'DELETED') ? true : undefined), {
    what: 'DELETED event',
    timeoutMs: 10_000,
  });
  controller.abort();
  await watching;
  const changes = seen.filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, e.object.metadata?.name]);
  assert.deepEqual(changes, [
    ['ADDED', 'w'],
    ['DELETED', 'w'],
  ]);
});

test('maps kinds to resources through discovery', { timeout: 30_000 }, async () => {
  const mapper = new RestMapper(client);
  assert.deepEqual(await mapper.resourceFor({ group: 'apps', version: 'v1', kind: 'Deployment' }), {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    namespaced: true,
  });
  assert.equal((await mapper.resourceForObject({ apiVersion: 'v1', kind: 'Namespace' })).namespaced, false);
});

test('records an Event and aggregates its repeat', { timeout: 30_000 }, async (t) => {
  const ns = await testNamespace(t);
  const object = await client.create(configmaps, configMap('evented', ns, {}));
  const recorder = new EventRecorder(client, { instance: 'integration' });
  assert.equal(await recorder.record(object, { reason: 'Tested', message: 'hello' }), 'created');
  assert.equal(await recorder.record(object, { reason: 'Tested', message: 'hello' }), 'aggregated');
  const list = await client.list<KubeObject & { count?: number; involvedObject?: { name?: string } }>(
    events,
    {
      namespace: ns,
    },
  );
  const mine = list.items.filter((e) => e.involvedObject?.name === 'evented');
  assert.equal(mine.length, 1);
  assert.equal(mine[0]?.count, 2);
});

test(
  'creates 1,000 objects at once over no more connections than the pool has',
  { timeout: 120_000 },
  async (t) => {
    const ns = await testNamespace(t);
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        client.create(configmaps, configMap(`burst-${i}`, ns, { i: String(i) })),
      ),
    );
    const { request, watch, http2 } = stats.snapshot().connections;
    assert.ok(
      request + watch + http2 <= 8,
      `opened ${request + watch + http2} connections for 1,000 creates`,
    );
    assert.equal(http2, 1, 'kube-apiserver speaks HTTP/2: one connection carries every request');
    const list = await client.listAll(configmaps, { namespace: ns });
    assert.equal(list.items.filter((c) => c.metadata?.name?.startsWith('burst-')).length, 1000);
  },
);

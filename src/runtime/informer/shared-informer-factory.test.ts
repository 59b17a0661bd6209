import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupVersionResource } from '../../kube/index.ts';
import { FakeClock, FakeListerWatcher } from '../testing/index.ts';
import { informerKey, SharedInformerFactory } from './shared-informer-factory.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

const pods: GroupVersionResource = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const jobs: GroupVersionResource = { group: 'batch', version: 'v1', resource: 'jobs', namespaced: true };

function setup() {
  const made: { gvr: GroupVersionResource; lw: FakeListerWatcher }[] = [];
  const factory = new SharedInformerFactory({
    listerWatcherFor: (gvr) => {
      const lw = new FakeListerWatcher();
      lw.upsert({ metadata: { name: 'x', namespace: 'ns', labels: { app: 'a' } } });
      made.push({ gvr, lw });
      return lw;
    },
    informerOptions: { clock: new FakeClock() },
  });
  const stop = new AbortController();
  return { factory, made, stop };
}

describe('SharedInformerFactory', () => {
  it('returns one informer per resource, namespace and selector', () => {
    const { factory, made } = setup();
    const a = factory.acquire(pods, { labelSelector: 'app=a' });
    const b = factory.acquire(pods, { labelSelector: 'app=a' });
    const c = factory.acquire(pods, { labelSelector: 'app=b' });
    const d = factory.acquire(pods, { namespace: 'ns', labelSelector: 'app=a' });
    const e = factory.acquire(jobs, { labelSelector: 'app=a' });
    assert.equal(a.informer, b.informer);
    assert.notEqual(a.informer, c.informer);
    assert.notEqual(a.informer, d.informer);
    assert.notEqual(a.informer, e.informer);
    assert.equal(factory.size, 4);
    assert.equal(made.length, 4);
    assert.equal(informerKey(jobs, { namespace: 'n' }), 'batch/v1/jobs|n|');
  });

  it('starts informers acquired before and after start, and reports readiness with reasons', async () => {
    const { factory, made, stop } = setup();
    factory.acquire(pods);
    assert.equal(factory.ready(), false);
    assert.match(factory.notReadyReasons()[0] ?? '', /\/v1\/pods\|\|: not synced/);
    const running = factory.start(stop.signal);
    await settle();
    const late = factory.acquire(jobs);
    await settle();
    assert.equal(late.informer.hasSynced(), true);
    assert.equal(factory.ready(), true);
    assert.deepEqual(factory.notReadyReasons(), []);
    assert.deepEqual(
      made.map((m) => m.lw.openWatches),
      [1, 1],
    );
    stop.abort();
    await running;
    assert.deepEqual(
      made.map((m) => m.lw.openWatches),
      [0, 0],
    );
    assert.equal(factory.size, 0);
  });

  it('stops an informer and frees it when the last registration goes', async () => {
    const { factory, made, stop } = setup();
    const running = factory.start(stop.signal);
    const adds: string[] = [];
    const first = factory.register(pods, {}, { onAdd: (o) => adds.push(`1:${o.metadata?.name}`) });
    const second = factory.register(pods, {}, { onAdd: (o) => adds.push(`2:${o.metadata?.name}`) });
    await settle();
    assert.deepEqual(adds.sort(), ['1:x', '2:x']);
    first.unregister();
    first.unregister();
    await settle();
    assert.equal(made[0]!.lw.openWatches, 1);
    assert.equal(first.informer.handlerCount, 1);
    second.unregister();
    await settle();
    assert.equal(made[0]!.lw.openWatches, 0);
    assert.equal(factory.size, 0);
    const again = factory.acquire(pods);
    assert.notEqual(again.informer, first.informer);
    stop.abort();
    await running;
  });
});

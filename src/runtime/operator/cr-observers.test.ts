import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { Informer } from '../informer/index.ts';
import { FakeClock, FakeListerWatcher } from '../testing/index.ts';
import { CrObservers, type CrChange } from './cr-observers.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

function site(name: string, spec: unknown = {}): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Website', metadata: { name, namespace: 'ns' }, spec };
}

async function running(): Promise<{ lw: FakeListerWatcher; informer: Informer; stop: () => void }> {
  const lw = new FakeListerWatcher();
  lw.upsert(site('old'));
  const informer = new Informer(lw, { clock: new FakeClock(0) });
  const controller = new AbortController();
  void informer.start(controller.signal);
  await informer.waitForSync();
  return {
    lw,
    informer,
    stop: () => {
      controller.abort();
    },
  };
}

const described = (c: CrChange): string =>
  c.type === 'child' ? `child of ${c.key}` : `${c.type} ${c.cr.metadata?.name ?? ''}`;

test('the informers get a handler only while someone listens', async () => {
  const { informer, stop } = await running();
  const observers = new CrObservers();
  const before = informer.handlerCount;
  observers.attach([informer]);
  assert.equal(informer.handlerCount, before);
  const remove = observers.add(() => undefined);
  const removeOther = observers.add(() => undefined);
  assert.equal(informer.handlerCount, before + 1);
  remove();
  assert.equal(informer.handlerCount, before + 1);
  removeOther();
  assert.equal(informer.handlerCount, before);
  assert.equal(observers.active, false);
  stop();
});

test('listeners hear changes, not the cache replayed when they subscribe', async () => {
  const { lw, informer, stop } = await running();
  const observers = new CrObservers();
  observers.attach([informer]);
  const seen: string[] = [];
  observers.add((c) => seen.push(described(c)));
  lw.upsert(site('new'));
  lw.upsert(site('old', { replicas: 2 }));
  lw.remove('ns/new');
  await settle();
  assert.deepEqual(seen, ['upsert new', 'upsert old', 'delete new']);
  stop();
});

test('informers attached after a listener came are watched, and unwatched when detached', async () => {
  const { lw, informer, stop } = await running();
  const observers = new CrObservers();
  const seen: string[] = [];
  observers.add((c) => seen.push(described(c)));
  observers.attach([informer]);
  lw.upsert(site('a'));
  await settle();
  observers.attach([]);
  lw.upsert(site('b'));
  await settle();
  assert.deepEqual(seen, ['upsert a']);
  stop();
});

test('a change of a child is a child change of each CR owning it, heard only while someone listens', async () => {
  const { lw, informer, stop } = await running();
  const observers = new CrObservers();
  observers.attachChildren(informer, (child) => (child.metadata?.name === 'orphan' ? [] : ['ns/owner']));
  const before = informer.handlerCount;
  const seen: string[] = [];
  const remove = observers.add((c) => seen.push(described(c)));
  lw.upsert(site('owned'));
  lw.upsert(site('orphan'));
  lw.remove('ns/owned');
  await settle();
  assert.deepEqual(seen, ['child of ns/owner', 'child of ns/owner']);
  remove();
  assert.equal(informer.handlerCount, before);
  stop();
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeApiError,
  errorFromStatus,
  ForbiddenError,
  TooManyRequestsError,
  WatchInactivityError,
  type KubeObject,
  type ListerWatcher,
  type WatchEvent,
} from '../../kube/index.ts';
import { FakeClock, FakeListerWatcher } from '../testing/index.ts';
import { Informer } from './informer.ts';
import type { InformerOptions } from './informer.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

function pod(name: string, extra: Partial<KubeObject['metadata']> = {}, spec: unknown = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', ...extra }, spec };
}

interface Recorded {
  events: string[];
  olds: KubeObject[];
}

function setup(options: InformerOptions<KubeObject> = {}, watchInactivityMs?: number) {
  const clock = new FakeClock(1_000);
  const lw = new FakeListerWatcher(
    watchInactivityMs === undefined
      ? {}
      : { inactivityMs: watchInactivityMs, setTimer: (fn, ms) => clock.setTimer(fn, ms) },
  );
  const informer = new Informer(lw, { clock, random: () => 0.5, ...options });
  const seen: Recorded = { events: [], olds: [] };
  informer.addHandler({
    onAdd: (o) => seen.events.push(`add ${o.metadata?.name}`),
    onUpdate: (old, o) => {
      seen.events.push(`update ${o.metadata?.name}`);
      seen.olds.push(old);
    },
    onDelete: (o) => seen.events.push(`delete ${o.metadata?.name}`),
  });
  const stop = new AbortController();
  const running = informer.start(stop.signal);
  const shutdown = async (): Promise<void> => {
    stop.abort();
    await running;
  };
  return { clock, lw, informer, seen, stop, running, shutdown };
}

const lastWatchRv = (lw: FakeListerWatcher): string | undefined =>
  lw.requests.filter((r) => r.verb === 'watch').at(-1)?.options.resourceVersion;

describe('Informer', () => {
  it('lists page by page, then watches from the list resourceVersion and reports synced', async () => {
    const lw0 = new FakeListerWatcher();
    for (const n of ['a', 'b', 'c', 'd', 'e']) lw0.upsert(pod(n));
    const clock = new FakeClock();
    const informer = new Informer(lw0, { clock, pageSize: 2 });
    const adds: string[] = [];
    informer.addHandler({ onAdd: (o) => adds.push(o.metadata?.name ?? '') });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    assert.equal(await informer.waitForSync(), true);
    await settle();
    assert.equal(lw0.calls.list, 3);
    assert.deepEqual(adds, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(lastWatchRv(lw0), '6');
    assert.equal(informer.health().healthy, true);
    stop.abort();
    await running;
  });

  it('caches objects without managedFields, deep-frozen', async () => {
    const t = setup();
    t.lw.upsert(pod('a', { managedFields: [{ manager: 'x' }] }, { containers: [{ name: 'c' }] }));
    await settle();
    const cached = t.informer.store.get('ns/a');
    assert.ok(cached);
    assert.equal(cached.metadata?.managedFields, undefined);
    assert.throws(() => {
      (cached.spec as { containers: { name: string }[] }).containers[0]!.name = 'changed';
    }, TypeError);
    await t.shutdown();
  });

  it('gives update handlers the old and the new object and delete handlers the last state', async () => {
    const t = setup();
    await settle();
    t.lw.upsert(pod('a', { labels: { v: '1' } }));
    await settle();
    t.lw.upsert(pod('a', { labels: { v: '2' } }));
    await settle();
    t.lw.remove('ns/a');
    await settle();
    assert.deepEqual(t.seen.events, ['add a', 'update a', 'delete a']);
    assert.equal(t.seen.olds[0]?.metadata?.labels?.v, '1');
    assert.equal(t.informer.store.size, 0);
    await t.shutdown();
  });

  it('indexes objects by namespace and by owner UID', async () => {
    const t = setup();
    const owner = { apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1' };
    t.lw.upsert(pod('a', { ownerReferences: [owner] }));
    t.lw.upsert(pod('b', { namespace: 'other' }));
    await settle();
    assert.deepEqual(t.informer.store.byIndex('owner', 'u1'), ['ns/a']);
    assert.deepEqual(t.informer.store.byIndex('namespace', 'other'), ['other/b']);
    t.lw.remove('ns/a');
    await settle();
    assert.deepEqual(t.informer.store.byIndex('owner', 'u1'), []);
    await t.shutdown();
  });

  it('resumes the watch from the last seen resourceVersion after a stream end, without relisting', async () => {
    const t = setup();
    await settle();
    t.lw.upsert(pod('a'));
    await settle();
    t.lw.endStreams();
    await settle();
    assert.equal(t.lw.calls.list, 1);
    assert.equal(t.lw.calls.watch, 2);
    assert.equal(lastWatchRv(t.lw), '2');
    t.lw.upsert(pod('b'));
    await settle();
    assert.deepEqual(t.seen.events, ['add a', 'add b']);
    await t.shutdown();
  });

  it('moves the resume point on bookmarks', async () => {
    const t = setup();
    await settle();
    t.lw.upsert(pod('a'));
    const other = t.lw.upsert({ metadata: { name: 'hidden', namespace: 'ns', labels: { x: 'y' } } });
    await settle();
    t.lw.bookmark();
    await settle();
    t.lw.endStreams();
    await settle();
    assert.equal(lastWatchRv(t.lw), other.metadata?.resourceVersion);
    await t.shutdown();
  });

  it('backs off after a stream error, reports it, and recovers from the last resourceVersion', async () => {
    const t = setup({ initialBackoffMs: 800 });
    await settle();
    t.lw.upsert(pod('a'));
    await settle();
    t.lw.failStreams(new Error('connection reset'));
    await settle();
    const sick = t.informer.health();
    assert.equal(sick.healthy, false);
    assert.equal((sick.lastError as Error).message, 'connection reset');
    assert.equal(sick.disconnectedSince, 1_000);
    assert.equal(t.lw.calls.watch, 1);
    t.clock.advance(799);
    await settle();
    assert.equal(t.lw.calls.watch, 1);
    t.clock.advance(1);
    await settle();
    assert.equal(t.lw.calls.watch, 2);
    assert.equal(lastWatchRv(t.lw), '2');
    t.lw.upsert(pod('b'));
    await settle();
    assert.equal(t.informer.health().healthy, true);
    assert.equal(t.lw.calls.list, 1);
    await t.shutdown();
  });

  it('is not ready once disconnected longer than maxDisconnectedMs', async () => {
    const t = setup({ maxDisconnectedMs: 5_000, initialBackoffMs: 100_000, maxBackoffMs: 100_000 });
    await settle();
    assert.equal(t.informer.ready(), true);
    t.lw.failStreams(new Error('down'));
    await settle();
    t.clock.advance(5_000);
    assert.equal(t.informer.ready(), true);
    t.clock.advance(1);
    assert.equal(t.informer.ready(), false);
    await t.shutdown();
  });

  it('relists on 410 Gone and reports objects deleted, changed and added while disconnected', async () => {
    const t = setup();
    t.lw.upsert(pod('keep'));
    t.lw.upsert(pod('gone'));
    t.lw.upsert(pod('changed', { labels: { v: '1' } }));
    await settle();
    t.lw.failStreams(new Error('network'));
    await settle();
    t.lw.remove('ns/gone');
    t.lw.upsert(pod('changed', { labels: { v: '2' } }));
    t.lw.upsert(pod('new'));
    t.lw.compact();
    t.seen.events.length = 0;
    t.clock.advance(2_000);
    await settle();
    assert.equal(t.lw.calls.list, 2);
    assert.deepEqual(t.seen.events.sort(), ['add new', 'delete gone', 'update changed']);
    assert.deepEqual(t.informer.store.keys().sort(), ['ns/changed', 'ns/keep', 'ns/new']);
    assert.equal(t.informer.health().lists, 2);
    await t.shutdown();
  });

  it('relists at once on a watch ERROR event with code 410', async () => {
    const t = setup();
    await settle();
    t.lw.sendErrorEvent(410);
    await settle();
    assert.equal(t.lw.calls.list, 2);
    assert.equal(t.informer.health().healthy, true);
    await t.shutdown();
  });

  it('retries a failed initial list with backoff and stays unsynced meanwhile', async () => {
    const clock = new FakeClock();
    const lw = new FakeListerWatcher();
    lw.failNextList(errorFromStatus({ code: 403, message: 'forbidden' }));
    const informer = new Informer(lw, { clock, random: () => 0.5 });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    await settle();
    assert.equal(informer.hasSynced(), false);
    assert.equal(informer.ready(), false);
    assert.equal((informer.health().lastError as Error).message, 'forbidden');
    assert.deepEqual(informer.notReadyReasons(), ['informer: not synced: forbidden']);
    clock.advance(800);
    await settle();
    assert.equal(informer.hasSynced(), true);
    stop.abort();
    await running;
  });

  it('waits at least the Retry-After a throttled request asked for, plus its jitter', async () => {
    const t = setup();
    await settle();
    t.lw.failStreams(decodeApiError({ statusCode: 429, body: '', retryAfter: '7' }));
    await settle();
    // 7 s and half the jitter's 1 s at most (random is 0.5)
    t.clock.advance(7_499);
    await settle();
    assert.equal(t.lw.calls.watch, 1);
    t.clock.advance(1);
    await settle();
    assert.equal(t.lw.calls.watch, 2);
    await t.shutdown();
  });

  it('relists after a 410 no sooner than the Retry-After of a throttled list', async () => {
    const t = setup();
    await settle();
    t.lw.failNextList(decodeApiError({ statusCode: 429, body: '', retryAfter: '5' }));
    t.lw.sendErrorEvent(410);
    await settle();
    assert.equal(t.lw.calls.list, 2);
    assert.ok(t.informer.health().lastError instanceof TooManyRequestsError);
    t.clock.advance(5_499);
    await settle();
    assert.equal(t.lw.calls.list, 2);
    t.clock.advance(1);
    await settle();
    assert.equal(t.lw.calls.list, 3);
    assert.equal(t.informer.health().healthy, true);
    await t.shutdown();
  });

  it('honours a Retry-After only from an API error, not from anything shaped like one', async () => {
    const t = setup();
    await settle();
    t.lw.failStreams(
      Object.assign(new Error('not from the API server'), { code: 429, retryAfterSeconds: 7 }),
    );
    await settle();
    t.clock.advance(800);
    await settle();
    assert.equal(t.lw.calls.watch, 2);
    await t.shutdown();
  });

  it("relists only on kube's GoneError, not on any error whose code is 410", async () => {
    const t = setup();
    await settle();
    t.lw.failStreams(Object.assign(new Error('a 410 of some other layer'), { code: 410, name: 'GoneError' }));
    await settle();
    t.clock.advance(800);
    await settle();
    assert.equal(t.lw.calls.list, 1);
    assert.equal(t.lw.calls.watch, 2);
    await t.shutdown();
  });

  it("reports a watch ERROR event as kube's typed error of its Status", async () => {
    const events: WatchEvent[] = [
      { type: 'ERROR', object: { kind: 'Status', code: 403, message: 'watch forbidden' } },
    ];
    const lw: ListerWatcher = {
      list: () => Promise.resolve({ items: [], resourceVersion: '1' }),
      watch: async function* () {
        yield* events.splice(0);
        await new Promise(() => undefined);
      },
    };
    const clock = new FakeClock();
    const informer = new Informer(lw, { clock });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    await settle();
    const error = informer.health().lastError;
    assert.ok(error instanceof ForbiddenError);
    assert.equal(error.message, 'watch forbidden');
    stop.abort();
    clock.advance(60_000);
    await running;
  });

  it('reopens a watch that stays silent past the inactivity timeout of its lister-watcher', async () => {
    const t = setup({}, 60_000);
    await settle();
    t.clock.advance(60_000);
    await settle();
    assert.ok(t.informer.health().lastError instanceof WatchInactivityError);
    t.clock.advance(2_000);
    await settle();
    assert.equal(t.lw.calls.watch, 2);
    assert.equal(t.lw.openWatches, 1);
    await t.shutdown();
  });

  it('arms no inactivity timer of its own: the lister-watcher has the only one', async () => {
    const t = setup();
    t.lw.upsert(pod('a'));
    await settle();
    assert.equal(t.lw.openWatches, 1);
    assert.equal(t.clock.pendingTimers(), 0);
    await t.shutdown();
  });

  it('backs off when a stream keeps ending at once without events', async () => {
    const t = setup({ minWatchMs: 1_000 });
    await settle();
    t.lw.endStreams();
    await settle();
    assert.equal(t.lw.calls.watch, 1);
    t.clock.advance(800);
    await settle();
    assert.equal(t.lw.calls.watch, 2);
    await t.shutdown();
  });

  it('replays the cache to update handlers on resync without any API call', async () => {
    const t = setup({ resyncMs: 30_000 });
    t.lw.upsert(pod('a'));
    t.lw.upsert(pod('b'));
    await settle();
    const calls = { ...t.lw.calls };
    t.seen.events.length = 0;
    t.clock.advance(30_000);
    assert.deepEqual(t.seen.events, ['update a', 'update b']);
    assert.equal(t.seen.olds[0], t.informer.store.get('ns/a'));
    assert.deepEqual(t.lw.calls, calls);
    await t.shutdown();
  });

  it('replays cached objects to a late handler and isolates a throwing handler', async () => {
    const errors: unknown[] = [];
    const t = setup({ onHandlerError: (e) => errors.push(e) });
    t.lw.upsert(pod('a'));
    await settle();
    const late: string[] = [];
    t.informer.addHandler({
      onAdd: () => {
        throw new Error('bad handler');
      },
    });
    const unregister = t.informer.addHandler({ onAdd: (o) => late.push(o.metadata?.name ?? '') });
    assert.deepEqual(late, ['a']);
    t.lw.upsert(pod('b'));
    await settle();
    assert.deepEqual(late, ['a', 'b']);
    assert.deepEqual(t.seen.events, ['add a', 'add b']);
    assert.equal(errors.length, 2);
    unregister();
    t.lw.upsert(pod('c'));
    await settle();
    assert.deepEqual(late, ['a', 'b']);
    await t.shutdown();
  });

  it('closes its watch and frees its cache when stopped', async () => {
    const t = setup();
    t.lw.upsert(pod('a'));
    await settle();
    assert.equal(t.lw.openWatches, 1);
    await t.shutdown();
    assert.equal(t.lw.openWatches, 0);
    assert.equal(t.informer.store.size, 0);
    assert.equal(t.informer.health().healthy, false);
    assert.equal(t.clock.pendingTimers(), 0);
  });
});

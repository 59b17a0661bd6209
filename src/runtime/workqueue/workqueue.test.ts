import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../testing/index.ts';
import { ItemExponentialRateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './workqueue.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function newQueue(options: { maxDepth?: number } = {}): { q: WorkQueue; clock: FakeClock } {
  const clock = new FakeClock(1000);
  return { q: new WorkQueue<string>({ clock, ...options }), clock };
}

describe('WorkQueue', () => {
  it('hands out keys in FIFO order and drops duplicates of a queued key', async () => {
    const { q } = newQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    assert.equal(q.len(), 0);
  });

  it('does not hand a key being processed to a second worker, and re-queues it once on done', async () => {
    const { q } = newQueue();
    q.add('a');
    const key = await q.get();
    q.add('a');
    q.add('a');
    assert.equal(q.len(), 0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await tick();
    assert.equal(second, undefined);
    q.done(key!);
    await tick();
    assert.equal(second, 'a');
    assert.equal(q.len(), 0);
  });

  it('wakes a waiting worker when a key is added', async () => {
    const { q } = newQueue();
    const pending = q.get();
    q.add('x');
    assert.equal(await pending, 'x');
  });

  it('adds a delayed key when its time comes, keeping the earliest of repeated delays', () => {
    const { q, clock } = newQueue();
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 500);
    clock.advance(49);
    assert.equal(q.len(), 0);
    clock.advance(1);
    assert.equal(q.len(), 1);
    clock.advance(1000);
    assert.equal(q.len(), 1);
    assert.equal(q.snapshot().waiting, 0);
  });

  it('drives all delayed keys from a single timer', () => {
    const { q, clock } = newQueue();
    for (let i = 0; i < 100; i++) q.addAfter(`k${i}`, 1000 - i);
    assert.equal(clock.pendingTimers(), 1);
    clock.advance(1000);
    assert.equal(q.len(), 100);
    assert.equal(clock.pendingTimers(), 0);
  });

  it('backs off a rate-limited key exponentially until it is forgotten', () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({
      clock,
      rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 10 }),
    });
    q.addRateLimited('a');
    clock.advance(9);
    assert.equal(q.len(), 0);
    clock.advance(1);
    assert.equal(q.len(), 1);
    q.addRateLimited('b');
    q.addRateLimited('b');
    assert.equal(q.numRequeues('b'), 2);
    q.forget('b');
    assert.equal(q.numRequeues('b'), 0);
    assert.equal(q.snapshot().retries, 3);
  });

  it('refuses new keys beyond the maximum depth and counts the drops', () => {
    const drops: number[] = [];
    const q = new WorkQueue<string>({
      clock: new FakeClock(),
      maxDepth: 2,
      stats: { drop: () => drops.push(1) },
    });
    assert.equal(q.add('a'), true);
    assert.equal(q.add('b'), true);
    assert.equal(q.add('c'), false);
    assert.equal(q.add('a'), true);
    assert.equal(q.len(), 2);
    assert.equal(drops.length, 1);
    assert.equal(q.snapshot().drops, 1);
  });

  it('moves its maximum depth when told, keeping keys already queued', () => {
    const q = new WorkQueue<string>({ clock: new FakeClock(), maxDepth: 1 });
    assert.equal(q.add('a'), true);
    assert.equal(q.add('b'), false);
    q.setMaxDepth(3);
    assert.equal(q.add('b'), true);
    assert.equal(q.add('c'), true);
    q.setMaxDepth(1);
    assert.equal(q.len(), 3);
    assert.equal(q.add('d'), false);
  });

  it('releases idle getters with undefined and hands later keys to the others', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    const gets = [q.get(), q.get(), q.get()];
    assert.equal(q.releaseWaiters(2), 2);
    assert.equal(await gets[0], undefined);
    assert.equal(await gets[1], undefined);
    q.add('a');
    assert.equal(await gets[2], 'a');
    assert.equal(q.releaseWaiters(5), 0);
    assert.equal(q.isShuttingDown(), false);
  });

  it('reports depth, queue latency and work duration through the stats callbacks', async () => {
    const clock = new FakeClock();
    const seen = { depth: [] as number[], latency: [] as number[], work: [] as number[] };
    const q = new WorkQueue<string>({
      clock,
      stats: {
        depth: (d) => seen.depth.push(d),
        latency: (ms) => seen.latency.push(ms),
        workDuration: (ms) => seen.work.push(ms),
      },
    });
    q.add('a');
    clock.advance(30);
    const key = await q.get();
    clock.advance(70);
    assert.equal(q.snapshot().longestRunningMs, 70);
    q.done(key!);
    assert.deepEqual(seen, { depth: [1, 0], latency: [30], work: [70] });
  });

  it('resolves waiting and later gets with undefined after shutDown and ignores new adds', async () => {
    const { q, clock } = newQueue();
    const waiting = q.get();
    q.addAfter('later', 10);
    q.shutDown();
    assert.equal(await waiting, undefined);
    assert.equal(q.add('a'), false);
    clock.advance(100);
    assert.equal(q.len(), 0);
    assert.equal(await q.get(), undefined);
    assert.equal(q.isShuttingDown(), true);
  });

  it('drains queued and in-flight keys on shutDownWithDrain, then resolves', async () => {
    const { q } = newQueue();
    q.add('a');
    q.add('b');
    const held = await q.get();
    q.add('a');
    let drained = false;
    const draining = q.shutDownWithDrain().then(() => (drained = true));
    assert.equal(q.add('c'), false);
    assert.equal(await q.get(), 'b');
    q.done('b');
    await tick();
    assert.equal(drained, false);
    q.done(held!);
    assert.equal(await q.get(), 'a');
    assert.equal(drained, false);
    q.done('a');
    await draining;
    assert.equal(drained, true);
    assert.equal(await q.get(), undefined);
  });

  it('resolves shutDownWithDrain at once when nothing is queued or held', async () => {
    const { q } = newQueue();
    await q.shutDownWithDrain();
    assert.equal(q.snapshot().state, 'draining');
  });

  it('ignores done for a key that is not being processed', () => {
    const { q } = newQueue();
    q.done('nothing');
    assert.equal(q.snapshot().processing, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './testing/index.ts';
import { HeapSettler, type HeapSize } from './heap-settler.ts';

const MB = 1024 * 1024;

/** A settler over a heap the test sets; a collection shrinks the heap to its used size. */
function setup(initial: HeapSize, quiet = true) {
  const state = { heap: { ...initial }, quiet };
  const settler = new HeapSettler({
    heap: () => state.heap,
    quiet: () => state.quiet,
    collect: () => {
      state.heap = { total: state.heap.used + 2 * MB, used: state.heap.used };
    },
    intervalMs: 1000,
  });
  return { state, settler };
}

/** A settler past its first settling (at start-up), now over `heap`. */
function settled(heap: HeapSize, quiet = true) {
  const { state, settler } = setup({ total: 10 * MB, used: 8 * MB });
  assert.equal(settler.check(), true, 'the start-up settling');
  state.heap = { ...heap };
  state.quiet = quiet;
  return { state, settler };
}

describe('HeapSettler', () => {
  it('settles once when the process is first quiet, whatever the slack', () => {
    const { state, settler } = setup({ total: 33 * MB, used: 30 * MB }, false);
    assert.equal(settler.check(), false, 'busy starting');
    state.quiet = true;
    assert.equal(settler.check(), true);
    assert.equal(settler.check(), false, 'then only when worth it');
    assert.equal(settler.collections, 1);
  });

  it('collects when a quiet process holds much more heap than it uses', () => {
    const { state, settler } = settled({ total: 94 * MB, used: 29 * MB });
    assert.equal(settler.check(), true);
    assert.equal(state.heap.total, 31 * MB);
    assert.equal(settler.check(), false, 'nothing left to give back');
  });

  it('never pauses a busy process', () => {
    const { state, settler } = settled({ total: 94 * MB, used: 29 * MB }, false);
    assert.equal(settler.check(), false);
    state.quiet = true;
    assert.equal(settler.check(), true);
  });

  it('waits for an interval spent mostly idle, not just empty queues at the check', () => {
    const { state, settler } = settled({ total: 94 * MB, used: 29 * MB });
    const busy = { fraction: 0.3 };
    const watched = new HeapSettler({
      heap: () => state.heap,
      quiet: () => true,
      busyFraction: () => busy.fraction,
      collect: () => {
        state.heap = { total: state.heap.used + 2 * MB, used: state.heap.used };
      },
    });
    assert.equal(watched.check(), false, 'serving reviews between reconciles');
    busy.fraction = 0.01;
    assert.equal(watched.check(), true);
    assert.equal(settler.collections, 1, 'the other settler is untouched');
  });

  it('leaves a heap with little slack alone', () => {
    assert.equal(settled({ total: 33 * MB, used: 30 * MB }).settler.check(), false, '3 MB unused');
    assert.equal(
      settled({ total: 160 * MB, used: 150 * MB }).settler.check(),
      false,
      'less than a tenth of 150 MB',
    );
    assert.equal(
      settled({ total: 170 * MB, used: 150 * MB }).settler.check(),
      true,
      'a big heap with a tenth unused',
    );
  });

  it('collects again only after the heap has grown since the last settling', () => {
    const { state, settler } = settled({ total: 94 * MB, used: 29 * MB });
    settler.check();
    state.heap = { total: 31 * MB + 3 * MB, used: 12 * MB }; // more slack, but little growth
    assert.equal(settler.check(), false);
    state.heap = { total: 80 * MB, used: 20 * MB };
    assert.equal(settler.check(), true);
    assert.equal(settler.collections, 3);
  });

  it('checks every interval until stopped', async () => {
    const clock = new FakeClock();
    let collections = 0;
    const settler = new HeapSettler({
      heap: () => ({ total: 100 * MB, used: 10 * MB }),
      quiet: () => true,
      collect: () => {
        collections += 1;
      },
      intervalMs: 1000,
      minSlackBytes: 1,
      clock,
    });
    const stop = new AbortController();
    const running = settler.start(stop.signal);
    await Promise.resolve();
    assert.equal(collections, 0);
    clock.advance(1000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(collections, 1);
    stop.abort();
    await running;
  });
});

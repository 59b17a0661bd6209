/* eslint-disable @typescript-eslint/require-await -- reconcile stubs are async like real reconciles */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeApiError, errorFromStatus, type KubeObject } from '../../kube/index.ts';
import { PendingError, RetryAfterError, TerminalError } from '../errors.ts';
import { Informer } from '../informer/index.ts';
import { FakeClock, FakeListerWatcher } from '../testing/index.ts';
import { Controller } from './controller.ts';
import type { ControllerOptions, ReconcileOutcome, Reconciler } from './index.ts';
import { requeueAfter } from './index.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

const obj = (name: string): KubeObject => ({ metadata: { name, namespace: 'ns' } });

function harness(reconcile: Reconciler, options: Partial<ControllerOptions> = {}) {
  const clock = new FakeClock();
  const lw = new FakeListerWatcher();
  const informer = new Informer(lw, { clock });
  const outcomes: ReconcileOutcome[] = [];
  const controller = new Controller({
    name: 'test',
    reconcile,
    clock,
    onReconcile: (o) => outcomes.push(o),
    ...options,
  });
  controller.watch(informer);
  const stop = new AbortController();
  const running = Promise.all([informer.start(stop.signal), controller.start(stop.signal)]);
  const shutdown = async (): Promise<void> => {
    stop.abort();
    await running;
  };
  return { clock, lw, informer, controller, outcomes, stop, running, shutdown };
}

/** A reconcile whose runs wait until released, recording concurrency per key. */
function gatedReconciler() {
  const active = new Set<string>();
  const runs: string[] = [];
  const gates: (() => void)[] = [];
  let overlap = false;
  const reconcile: Reconciler = async (key) => {
    if (active.has(key)) overlap = true;
    active.add(key);
    runs.push(key);
    await new Promise<void>((resolve) => gates.push(resolve));
    active.delete(key);
    return undefined;
  };
  const releaseAll = (): void => {
    for (const gate of gates.splice(0)) gate();
  };
  return { reconcile, runs, releaseAll, overlapped: () => overlap, active };
}

describe('Controller', () => {
  it('lets the event loop turn between two keys, so that reconciles needing no I/O never hold it', async () => {
    const seen: string[] = [];
    const h = harness(async (key) => void seen.push(key));
    await settle();
    const keys = Array.from({ length: 200 }, (_, i) => `ns/k${String(i)}`);
    for (const key of keys) h.controller.queue.add(key);
    // I/O that arrives now (a webhook review, a watch event) runs at the next turn of the loop
    const seenAtNextTurn = await new Promise<number>((resolve) => {
      setImmediate(() => {
        resolve(seen.length);
      });
    });
    assert.ok(seenAtNextTurn < 10, `${String(seenAtNextTurn)} of 200 reconciled before the loop turned`);
    await settle(300);
    assert.equal(seen.length, 200);
    await h.shutdown();
  });

  it('starts workers only after its sources synced, then reconciles every object', async () => {
    const seen: string[] = [];
    const clock = new FakeClock();
    const lw = new FakeListerWatcher();
    lw.upsert(obj('a'));
    lw.upsert(obj('b'));
    lw.failNextList(errorFromStatus({ code: 503, message: 'unavailable' }));
    const informer = new Informer(lw, { clock, random: () => 0.5 });
    const controller = new Controller({ name: 'c', clock, reconcile: async (k) => void seen.push(k) });
    controller.watch(informer);
    const stop = new AbortController();
    const running = Promise.all([informer.start(stop.signal), controller.start(stop.signal)]);
    await settle();
    assert.equal(controller.ready(), false);
    assert.deepEqual(controller.notReadyReasons(), ['c: waiting for its informers to sync']);
    assert.deepEqual(seen, []);
    clock.advance(800);
    await settle();
    assert.equal(controller.ready(), true);
    assert.deepEqual(controller.notReadyReasons(), []);
    assert.deepEqual(seen.sort(), ['ns/a', 'ns/b']);
    stop.abort();
    await running;
  });

  it('never reconciles one key twice at once and reconciles again once if it changed meanwhile', async () => {
    const gate = gatedReconciler();
    const t = harness(gate.reconcile, { workers: 4 });
    t.lw.upsert(obj('a'));
    await settle();
    assert.deepEqual(gate.runs, ['ns/a']);
    t.lw.upsert(obj('a'));
    t.lw.upsert(obj('a'));
    t.lw.upsert(obj('b'));
    await settle();
    assert.deepEqual(gate.runs, ['ns/a', 'ns/b']);
    gate.releaseAll();
    await settle();
    assert.deepEqual(gate.runs, ['ns/a', 'ns/b', 'ns/a']);
    gate.releaseAll();
    await settle();
    assert.equal(gate.overlapped(), false);
    assert.equal(gate.runs.length, 3);
    await t.shutdown();
  });

  it('reconciles again after the delay a result asks for', async () => {
    let runs = 0;
    const t = harness(async () => {
      runs++;
      return runs === 1 ? requeueAfter(30_000) : undefined;
    });
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(29_999);
    await settle();
    assert.equal(runs, 1);
    t.clock.advance(1);
    await settle();
    assert.equal(runs, 2);
    assert.deepEqual(
      t.outcomes.map((o) => o.outcome),
      ['requeue', 'success'],
    );
    await t.shutdown();
  });

  it('records a TerminalError and does not retry the key', async () => {
    let runs = 0;
    const t = harness(async () => {
      runs++;
      throw new TerminalError('spec.size must be positive');
    });
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(3_600_000);
    await settle();
    assert.equal(runs, 1);
    assert.equal(t.outcomes[0]?.outcome, 'terminal');
    assert.equal(t.controller.snapshot().outcomes.terminal, 1);
    await t.shutdown();
  });

  it('retries after exactly the delay of a RetryAfterError and quietly after a PendingError', async () => {
    const runs: number[] = [];
    const t = harness(
      async () => {
        runs.push(t.clock.now());
        if (runs.length === 1) throw new RetryAfterError(2_000);
        if (runs.length === 2) throw new PendingError('secret not there yet');
        return undefined;
      },
      { pendingDelayMs: 7_000 },
    );
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(2_000);
    await settle();
    t.clock.advance(6_999);
    await settle();
    assert.equal(runs.length, 2);
    t.clock.advance(1);
    await settle();
    assert.deepEqual(runs, [0, 2_000, 9_000]);
    assert.deepEqual(
      t.outcomes.map((o) => o.outcome),
      ['retry-after', 'pending', 'success'],
    );
    await t.shutdown();
  });

  it("requeues after the API server's Retry-After of a throttled write, not after the backoff", async () => {
    const runs: number[] = [];
    const throttled = decodeApiError({ statusCode: 429, body: '', retryAfter: '3' });
    const t = harness(
      async () => {
        runs.push(t.clock.now());
        if (runs.length === 1) throw throttled;
        return undefined;
      },
      { random: () => 0 },
    );
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(2_999);
    await settle();
    assert.deepEqual(runs, [0]);
    t.clock.advance(1);
    await settle();
    assert.deepEqual(runs, [0, 3_000]);
    const first = t.outcomes[0];
    assert.equal(first?.outcome, 'retry-after');
    assert.equal(first.requeueAfterMs, 3_000);
    assert.ok(first.error instanceof RetryAfterError);
    assert.equal(first.error.cause, throttled);
    await t.shutdown();
  });

  it("adds jitter to a server's Retry-After, never less than it asked and at most 1 s more", async () => {
    const runs: number[] = [];
    const throttled = decodeApiError({ statusCode: 429, body: '', retryAfter: '8' });
    const t = harness(
      async () => {
        runs.push(t.clock.now());
        if (runs.length === 1) throw throttled;
        return undefined;
      },
      { random: () => 0.5 },
    );
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(8_499);
    await settle();
    assert.deepEqual(runs, [0]);
    t.clock.advance(1);
    await settle();
    assert.deepEqual(runs, [0, 8_500]);
    await t.shutdown();
  });

  it('backs off as usual on a 429 that named no delay', async () => {
    const runs: number[] = [];
    const t = harness(async () => {
      runs.push(t.clock.now());
      if (runs.length === 1) throw decodeApiError({ statusCode: 429, body: '' });
      return undefined;
    });
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(5);
    await settle();
    assert.deepEqual(runs, [0, 5]);
    assert.equal(t.outcomes[0]?.outcome, 'error');
    await t.shutdown();
  });

  it('backs off exponentially on other errors, thrown or rejected, and resets after a success', async () => {
    const runs: number[] = [];
    const t = harness(async () => {
      runs.push(t.clock.now());
      if (runs.length === 1) throw new Error('boom');
      if (runs.length === 2) return Promise.reject(new Error('rejected'));
      return undefined;
    });
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(5);
    await settle();
    t.clock.advance(10);
    await settle();
    assert.deepEqual(runs, [0, 5, 15]);
    assert.equal(t.controller.queue.numRequeues('ns/a'), 0);
    assert.equal(t.controller.snapshot().outcomes.error, 2);
    await t.shutdown();
  });

  it('keeps other controllers on the same informer working while one keeps failing', async () => {
    const clock = new FakeClock();
    const lw = new FakeListerWatcher();
    const informer = new Informer(lw, { clock });
    const good: string[] = [];
    const bad = new Controller({ name: 'bad', clock, reconcile: () => Promise.reject(new Error('always')) });
    const fine = new Controller({ name: 'fine', clock, reconcile: async (k) => void good.push(k) });
    bad.watch(informer);
    fine.watch(informer);
    const stop = new AbortController();
    const running = Promise.all([
      informer.start(stop.signal),
      bad.start(stop.signal),
      fine.start(stop.signal),
    ]);
    await settle();
    for (let i = 0; i < 20; i++) lw.upsert(obj(`o${i}`));
    await settle();
    clock.advance(10_000);
    await settle();
    assert.equal(good.length, 20);
    assert.ok(bad.snapshot().outcomes.error >= 20);
    stop.abort();
    await running;
  });

  it('on stop finishes in-flight reconciles, drops queued keys and resolves', async () => {
    const gate = gatedReconciler();
    const t = harness(gate.reconcile, { workers: 1 });
    t.lw.upsert(obj('a'));
    t.lw.upsert(obj('b'));
    await settle();
    assert.deepEqual(gate.runs, ['ns/a']);
    let stopped = false;
    t.stop.abort();
    const done = t.running.then(() => (stopped = true));
    await settle();
    assert.equal(stopped, false);
    gate.releaseAll();
    await done;
    assert.deepEqual(gate.runs, ['ns/a']);
    assert.equal(t.controller.snapshot().queue.state, 'closed');
  });

  it('aborts the signal of reconciles that outlive the shutdown grace period', async () => {
    let aborted = false;
    const t = harness(
      (_key, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve(undefined);
          });
        }),
      { shutdownGraceMs: 1_000 },
    );
    t.lw.upsert(obj('a'));
    await settle();
    t.stop.abort();
    await settle();
    assert.equal(aborted, false);
    t.clock.advance(1_000);
    await t.running;
    assert.equal(aborted, true);
  });

  it('grows its worker pool live and shrinks it without dropping a key', async () => {
    const gate = gatedReconciler();
    const t = harness(gate.reconcile, { workers: 1 });
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) t.lw.upsert(obj(name));
    await settle();
    assert.equal(gate.active.size, 1);
    t.controller.resize(4);
    await settle();
    assert.equal(gate.active.size, 4, 'three more workers took keys at once');
    assert.equal(t.controller.snapshot().workers, 4);
    t.controller.resize(2);
    assert.equal(t.controller.snapshot().workers, 2);
    gate.releaseAll();
    await settle();
    assert.equal(gate.active.size, 2, 'two of the four busy workers left after their reconcile');
    gate.releaseAll();
    await settle();
    gate.releaseAll();
    await settle();
    assert.deepEqual([...gate.runs].sort(), ['ns/a', 'ns/b', 'ns/c', 'ns/d', 'ns/e', 'ns/f']);
    assert.equal(gate.overlapped(), false);
    await t.shutdown();
  });

  it('stops idle workers at once when shrunk, so a later burst runs on the new count', async () => {
    const gate = gatedReconciler();
    const t = harness(gate.reconcile, { workers: 6 });
    await settle();
    t.controller.resize(2);
    for (const name of ['a', 'b', 'c', 'd']) t.lw.upsert(obj(name));
    await settle();
    assert.equal(gate.active.size, 2);
    gate.releaseAll();
    await settle();
    assert.equal(gate.active.size, 2);
    gate.releaseAll();
    await settle();
    assert.equal(gate.runs.length, 4);
    await t.shutdown();
  });

  it('integrates busy and available worker time on its clock', async () => {
    const gate = gatedReconciler();
    const t = harness(gate.reconcile, { workers: 4 });
    const before = t.controller.snapshot();
    t.lw.upsert(obj('a'));
    await settle();
    t.clock.advance(1_000);
    gate.releaseAll();
    await settle();
    t.clock.advance(1_000);
    t.controller.resize(2);
    t.clock.advance(1_000);
    const after = t.controller.snapshot();
    assert.equal(after.busyMs - before.busyMs, 1_000);
    assert.equal(after.capacityMs - before.capacityMs, 4_000 + 4_000 + 2_000);
    await t.shutdown();
  });
});

// The watch's health is the informer's readiness: a watch cut for silence, throttled, or failing
// too long makes it not ready with the reason, it recovers by itself, and every restart is counted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeApiError, WatchInactivityError, type KubeObject } from '../../kube/index.ts';
import { FakeClock, FakeListerWatcher } from '../testing/index.ts';
import { Informer } from './informer.ts';
import type { InformerOptions } from './informer.ts';
import type { ReflectorFailure } from './reflector.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns' },
});

function setup(options: InformerOptions<KubeObject> = {}) {
  const clock = new FakeClock(1_000);
  const lw = new FakeListerWatcher({ inactivityMs: 5_000, setTimer: (fn, ms) => clock.setTimer(fn, ms) });
  const failures: ReflectorFailure[] = [];
  const recovered: number[] = [];
  // random 0.5: the reflector's backoff is exactly 800 ms, then 1600 ms, ...
  const informer = new Informer(lw, {
    clock,
    random: () => 0.5,
    resource: 'pods',
    onFailure: (f) => failures.push(f),
    onRecovered: (ms) => recovered.push(ms),
    ...options,
  });
  const stop = new AbortController();
  const running = informer.start(stop.signal);
  const shutdown = async (): Promise<void> => {
    stop.abort();
    await running;
  };
  return { clock, lw, informer, failures, recovered, shutdown };
}

describe('Informer watch health', () => {
  it('is not ready while its watch is stale, says for how long, and recovers without a relist', async () => {
    const t = setup();
    t.lw.upsert(pod('a'));
    await settle();
    assert.equal(t.informer.ready(), true);
    // the reconnection stalls too, then the third watch is accepted
    t.lw.failNextWatch(new WatchInactivityError(5_000));
    t.clock.advance(5_000);
    await settle();
    assert.equal(t.informer.ready(), false);
    assert.equal(t.informer.watchProblem(), 'watch of pods stale for 5 s');
    t.clock.advance(800);
    await settle();
    assert.equal(t.informer.watchProblem(), 'watch of pods stale for 5 s');
    assert.deepEqual(
      t.informer.notReadyReasons().map((r) => r.replace(/^informer: /, '')),
      ['watch of pods stale for 5 s'],
    );
    t.clock.advance(1_600);
    await settle();
    assert.equal(t.informer.ready(), true);
    assert.equal(t.informer.watchProblem(), undefined);
    const health = t.informer.health();
    assert.equal(health.restarts.inactivity, 2);
    assert.equal(health.lists, 1);
    assert.equal(health.relists, 0);
    assert.equal(health.lastContactAt, t.clock.now());
    assert.deepEqual(
      t.failures.map((f) => [f.reason, f.retryInMs]),
      [
        ['inactivity', 800],
        ['inactivity', 1_600],
      ],
    );
    assert.deepEqual(t.recovered, [2_400]);
    await t.shutdown();
  });

  it('starts its backoff again after a watch the server accepted, however often it is cut', async () => {
    const t = setup();
    await settle();
    for (let i = 0; i < 3; i++) {
      t.clock.advance(5_000);
      await settle();
      t.clock.advance(800);
      await settle();
    }
    assert.deepEqual(
      t.failures.map((f) => f.retryInMs),
      [800, 800, 800],
    );
    assert.equal(t.informer.health().restarts.inactivity, 3);
    await t.shutdown();
  });

  it('is not ready while throttled, says when it retries, and counts the 429', async () => {
    const t = setup({ random: () => 0 });
    await settle();
    t.lw.failStreams(decodeApiError({ statusCode: 429, body: '', retryAfter: '3' }));
    await settle();
    assert.equal(t.informer.ready(), false);
    assert.equal(t.informer.watchProblem(), 'watch of pods throttled (429), retrying in 3 s');
    t.clock.advance(1_000);
    assert.equal(t.informer.watchProblem(), 'watch of pods throttled (429), retrying in 2 s');
    t.clock.advance(2_000);
    await settle();
    assert.equal(t.informer.ready(), true);
    const health = t.informer.health();
    assert.equal(health.throttled, 1);
    assert.equal(health.restarts.throttled, 1);
    await t.shutdown();
  });

  it('backs off a watch throttled again and again up to 5 s only, the Retry-After still first', async () => {
    const t = setup({ random: () => 0.5 });
    await settle();
    const throttled = (seconds: number) =>
      decodeApiError({ statusCode: 429, body: '', retryAfter: String(seconds) });
    for (let i = 0; i < 7; i++) t.lw.failNextWatch(throttled(1));
    t.lw.failNextWatch(throttled(8));
    t.lw.failStreams(throttled(1));
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      await settle();
      const { retryAt } = t.informer.health();
      assert.ok(retryAt !== undefined, `failure ${i + 1} waits`);
      delays.push(retryAt - t.clock.now());
      t.clock.advance(retryAt - t.clock.now());
    }
    // 800 ms doubling (random 0.5: no jitter), capped at 5 s; 1.125 s is the Retry-After and its
    // jitter; the 8 s Retry-After is waited in full
    assert.deepEqual(delays, [1_125, 1_600, 3_200, 5_000, 5_000, 5_000, 5_000, 5_000, 8_500]);
    await settle();
    assert.equal(t.informer.ready(), true);
    await t.shutdown();
  });

  it('says a first list is throttled, while the cache is not synced yet', async () => {
    const clock = new FakeClock(0);
    const lw = new FakeListerWatcher();
    lw.failNextList(decodeApiError({ statusCode: 429, body: '', retryAfter: '2' }));
    const informer = new Informer(lw, { clock, random: () => 0, resource: 'pods' });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    await settle();
    assert.equal(informer.watchProblem(), 'list of pods throttled (429), retrying in 2 s');
    clock.advance(2_000);
    await settle();
    assert.equal(informer.ready(), true);
    assert.equal(informer.health().throttled, 1);
    stop.abort();
    await running;
  });

  it('stays ready through a short reconnection, not through one that fails for longer than the limit', async () => {
    const t = setup({ maxDisconnectedMs: 2_000 });
    await settle();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    for (let i = 0; i < 2; i++) t.lw.failNextWatch(reset);
    t.lw.failStreams(reset);
    await settle();
    assert.equal(t.informer.ready(), true);
    t.clock.advance(800);
    await settle();
    t.clock.advance(1_600);
    await settle();
    assert.equal(t.informer.ready(), false);
    assert.equal(t.informer.watchProblem(), 'watch of pods failing for 3 s: socket hang up');
    assert.equal(t.informer.health().restarts.error, 3);
    t.clock.advance(3_200);
    await settle();
    assert.equal(t.informer.ready(), true);
    await t.shutdown();
  });

  it('counts 410s and relists, and a bookmark is contact', async () => {
    const t = setup();
    await settle();
    t.clock.advance(3_000);
    t.lw.bookmark();
    await settle();
    assert.equal(t.informer.health().lastContactAt, 4_000);
    t.lw.sendErrorEvent(410);
    await settle();
    const health = t.informer.health();
    assert.deepEqual([health.gone, health.relists, health.restarts.gone, health.lists], [1, 1, 1, 2]);
    assert.equal(t.informer.ready(), true);
    await t.shutdown();
  });
});

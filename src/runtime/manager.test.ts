import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForAbort } from './abort.ts';
import { FakeClock } from './testing/index.ts';
import { Manager, Stage } from './manager.ts';
import type { Runnable } from './manager.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A runnable that logs its start and stop and whose readiness the test controls. */
function probe(name: string, log: string[], options: { ready?: boolean; hang?: boolean } = {}) {
  const state = { ready: options.ready ?? true };
  const runnable: Runnable = {
    name,
    start: async (signal) => {
      log.push(`start ${name}`);
      await waitForAbort(signal);
      log.push(`stop ${name}`);
      if (options.hang) await new Promise(() => undefined);
    },
    ready: () => state.ready,
    notReadyReasons: () => (state.ready ? [] : [`${name}: informer not synced`]),
  };
  return { runnable, state };
}

describe('Manager', () => {
  it('starts a stage only when the previous stage is ready', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const manager = new Manager({ clock, readyPollMs: 100 });
    const cache = probe('cache', log, { ready: false });
    manager.add(probe('controller', log).runnable, Stage.controllers);
    manager.add(cache.runnable, Stage.caches);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    assert.deepEqual(log, ['start cache']);
    assert.deepEqual(manager.readiness(), {
      ready: false,
      reasons: ['manager starting', 'cache: informer not synced'],
    });
    cache.state.ready = true;
    clock.advance(100);
    await settle();
    assert.deepEqual(log, ['start cache', 'start controller']);
    assert.deepEqual(manager.readiness(), { ready: true, reasons: [] });
    stop.abort();
    await running;
  });

  it('stays starting, and starts no later stage, while a stage never becomes ready', async () => {
    const log: string[] = [];
    const manager = new Manager({ clock: new FakeClock() });
    manager.add({ name: 'cache', start: (signal) => waitForAbort(signal), ready: () => false }, Stage.caches);
    manager.add(probe('controller', log).runnable);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    assert.deepEqual(manager.readiness(), {
      ready: false,
      reasons: ['manager starting', 'cache: not ready'],
    });
    assert.deepEqual(log, []);
    stop.abort();
    await running;
  });

  it('gives the reasons of the first 20 not-ready runnables and counts the rest', async () => {
    const log: string[] = [];
    const manager = new Manager({ clock: new FakeClock() });
    const probes = Array.from({ length: 50 }, (_, i) => probe(`box${String(i)}`, log));
    for (const p of probes) manager.add(p.runnable);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    for (const p of probes.slice(5)) p.state.ready = false;
    const { ready, reasons } = manager.readiness();
    assert.equal(ready, false);
    assert.equal(reasons.length, 21);
    assert.equal(reasons[0], 'box5: informer not synced');
    assert.equal(reasons[20], '… and 25 more not ready');
    stop.abort();
    await running;
  });

  it('lists not-ready runnables with their reasons once running', async () => {
    const log: string[] = [];
    const manager = new Manager({ clock: new FakeClock() });
    const a = probe('a', log);
    manager.add(a.runnable);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    a.state.ready = false;
    assert.deepEqual(manager.readiness(), { ready: false, reasons: ['a: informer not synced'] });
    stop.abort();
    await running;
    assert.deepEqual(manager.readiness(), { ready: false, reasons: ['manager stopped'] });
  });

  it('stops stages in reverse order on abort, the API that reports on them first in and last out', async () => {
    const log: string[] = [];
    const manager = new Manager({ clock: new FakeClock() });
    manager.add(probe('server', log).runnable, Stage.servers);
    manager.add(probe('api', log).runnable, Stage.api);
    manager.add(probe('cache', log).runnable, Stage.caches);
    manager.add(probe('controller', log).runnable, Stage.controllers);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    stop.abort();
    const report = await running;
    assert.deepEqual(log, [
      'start api',
      'start cache',
      'start controller',
      'start server',
      'stop server',
      'stop controller',
      'stop cache',
      'stop api',
    ]);
    assert.deepEqual(report, { timedOut: [], errors: [] });
  });

  it('resolves within the graceful shutdown time and names the runnables that did not stop', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const manager = new Manager({ clock, gracefulShutdownMs: 5_000 });
    manager.add(probe('stuck', log, { hang: true }).runnable);
    manager.add(probe('fine', log).runnable, Stage.caches);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    stop.abort();
    await settle();
    clock.advance(5_000);
    const report = await running;
    assert.deepEqual(report.timedOut, ['stuck']);
    assert.ok(log.includes('stop fine'));
  });

  it('stops everything when a runnable fails and reports the error', async () => {
    const log: string[] = [];
    const manager = new Manager({ clock: new FakeClock() });
    manager.add(probe('other', log).runnable);
    manager.add({ name: 'broken', start: () => Promise.reject(new Error('port in use')) });
    const report = await manager.start(new AbortController().signal);
    assert.equal(report.errors[0]?.name, 'broken');
    assert.deepEqual(log, ['start other', 'stop other']);
  });

  it('starts a runnable added while running at once and stops it alone through its handle', async () => {
    const log: string[] = [];
    const manager = new Manager({ clock: new FakeClock() });
    manager.add(probe('base', log).runnable);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await settle();
    const handle = manager.add(probe('box', log).runnable);
    await settle();
    await handle.stop();
    assert.deepEqual(log, ['start base', 'start box', 'stop box']);
    stop.abort();
    await running;
    assert.deepEqual(log.at(-1), 'stop base');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../testing/index.ts';
import { LeaderElector, type LeaderEvent } from './elector.ts';
import type { LeaseRecord, LeaseStore, StoredLease } from './lease-record.ts';
import { timingsProblem } from './timings.ts';

/** An in-memory Lease with the API server's conditional writes, a watch, and faults to inject. */
class FakeLeaseStore implements LeaseStore {
  lease: StoredLease | undefined;
  #version = 0;
  /** Requests fail (API server down). */
  failing = false;
  /** Requests never answer until their signal aborts (a partition). */
  hanging = false;
  readonly #watchers = new Set<(lease: StoredLease) => void>();
  writes = 0;

  async get(signal: AbortSignal): Promise<StoredLease | undefined> {
    await this.#fault(signal);
    return this.lease && structuredClone(this.lease);
  }

  async create(record: LeaseRecord, signal: AbortSignal): Promise<StoredLease> {
    await this.#fault(signal);
    if (this.lease !== undefined) throw new Error('AlreadyExists');
    return this.#store(record);
  }

  async update(record: LeaseRecord, version: string, signal: AbortSignal): Promise<StoredLease> {
    await this.#fault(signal);
    if (this.lease?.version !== version) throw new Error('Conflict');
    return this.#store(record);
  }

  async watch(onChange: (lease: StoredLease) => void, signal: AbortSignal): Promise<void> {
    this.#watchers.add(onChange);
    await new Promise((resolve) => {
      signal.addEventListener('abort', resolve, { once: true });
    });
    this.#watchers.delete(onChange);
  }

  #store(record: LeaseRecord): StoredLease {
    this.writes += 1;
    this.lease = { record: { ...record }, version: String(++this.#version) };
    for (const watcher of this.#watchers) watcher(structuredClone(this.lease));
    return structuredClone(this.lease);
  }

  async #fault(signal: AbortSignal): Promise<void> {
    if (this.failing) throw new Error('connection refused');
    if (this.hanging) {
      await new Promise((_, reject) => {
        signal.addEventListener(
          'abort',
          () => {
            reject(new Error('aborted'));
          },
          { once: true },
        );
      });
    }
  }
}

function recordIn(store: FakeLeaseStore): LeaseRecord {
  assert.ok(store.lease, 'a Lease exists');
  return store.lease.record;
}

function versionIn(store: FakeLeaseStore): string {
  assert.ok(store.lease, 'a Lease exists');
  return store.lease.version;
}

/** Lets the promises a fired timer resolved run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the fake clock by `ms` in 100 ms steps, letting promises run after each. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 100) {
    clock.advance(Math.min(100, left));
    await flush();
  }
}

function elector(store: LeaseStore, clock: FakeClock, identity: string, events: LeaderEvent[] = []) {
  return new LeaderElector({
    store,
    identity,
    clock,
    random: () => 0,
    onEvent: (event) => {
      events.push(event);
    },
  });
}

function started(e: LeaderElector) {
  const stop = new AbortController();
  const done = e.start(stop.signal);
  return {
    stop: () => {
      stop.abort();
    },
    done,
  };
}

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('LeaderElector', () => {
  it('acquires a free Lease, with MicroTime times and no transition yet', async () => {
    const clock = new FakeClock(Date.UTC(2024, 0, 1));
    const store = new FakeLeaseStore();
    const events: LeaderEvent[] = [];
    const a = elector(store, clock, 'a', events);
    const run = started(a);
    await flush();
    assert.equal(a.isLeader(), true);
    assert.equal(a.mayWrite(), true);
    const record = recordIn(store);
    assert.equal(record.holderIdentity, 'a');
    assert.equal(record.leaseDurationSeconds, 15);
    assert.equal(record.leaseTransitions, 0);
    assert.match(record.acquireTime ?? '', MICRO_TIME);
    assert.equal(record.acquireTime, '2024-01-01T00:00:00.000000Z');
    assert.deepEqual(events, [{ type: 'acquired', identity: 'a', transitions: 0 }]);
    assert.deepEqual(a.status(), { isLeader: true, identity: 'a', holder: 'a', since: record.acquireTime });
    run.stop();
    await run.done;
  });

  it('renews every retry period, keeping its acquireTime', async () => {
    const clock = new FakeClock(Date.UTC(2024, 0, 1));
    const store = new FakeLeaseStore();
    const a = elector(store, clock, 'a');
    const run = started(a);
    await flush();
    const acquired = recordIn(store).acquireTime;
    await advance(clock, 2_000);
    assert.equal(recordIn(store).renewTime, '2024-01-01T00:00:02.000000Z');
    assert.equal(recordIn(store).acquireTime, acquired);
    await advance(clock, 20_000);
    assert.equal(a.isLeader(), true);
    assert.equal(recordIn(store).renewTime, '2024-01-01T00:00:22.000000Z');
    run.stop();
    await run.done;
  });

  it('stops leading and writing at its renew deadline when the API server hangs, before the lease ends', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const events: LeaderEvent[] = [];
    const a = elector(store, clock, 'a', events);
    const run = started(a);
    await flush();
    const term = await a.term(new AbortController().signal);
    assert.ok(term);
    await advance(clock, 2_000); // last successful renewal, sent at 2 s
    store.hanging = true;
    await advance(clock, 9_900);
    assert.equal(a.mayWrite(), true, 'still inside the deadline at 11.9 s');
    assert.equal(term.aborted, false);
    await advance(clock, 100);
    assert.equal(a.mayWrite(), false, 'fenced at 12 s: 2 s + the 10 s deadline');
    assert.equal(a.isLeader(), false);
    assert.equal(term.aborted, true);
    assert.deepEqual(events.at(-1), { type: 'lost', identity: 'a', reason: 'renew deadline passed' });
    run.stop();
    await run.done;
  });

  it('stops leading at its deadline when every renewal fails fast', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = elector(store, clock, 'a');
    const run = started(a);
    await flush();
    store.failing = true;
    await advance(clock, 9_900);
    assert.equal(a.mayWrite(), true);
    await advance(clock, 200);
    assert.equal(a.mayWrite(), false);
    store.failing = false;
    await advance(clock, 2_000);
    assert.equal(a.isLeader(), true, 'the Lease still names it: it leads again');
    run.stop();
    await run.done;
  });

  it('lets one of two candidates lead; the other takes over once the lease expires', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    const runA = started(a);
    await flush();
    const runB = started(b);
    await advance(clock, 10_000);
    assert.equal(a.isLeader(), true);
    assert.equal(b.isLeader(), false);
    assert.equal(b.status().holder, 'a');
    // a dies without releasing: its Lease is renewed for the last time at 10 s
    runA.stop();
    store.failing = true;
    await flush();
    store.failing = false;
    const killedAt = clock.now();
    while (!b.isLeader() && clock.now() < killedAt + 30_000) await advance(clock, 100);
    assert.ok(clock.now() - killedAt >= 14_000, `not before the lease ends (${clock.now() - killedAt} ms)`);
    assert.ok(clock.now() - killedAt <= 15_100, `at its end (${clock.now() - killedAt} ms)`);
    assert.equal(recordIn(store).holderIdentity, 'b');
    assert.equal(recordIn(store).leaseTransitions, 1);
    runB.stop();
    await Promise.all([runA.done, runB.done]);
  });

  it('never lets a stale write win: a conditional update on an old version fails', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = elector(store, clock, 'a');
    const run = started(a);
    await flush();
    const stale = versionIn(store);
    await advance(clock, 2_000);
    const record = { ...recordIn(store), holderIdentity: 'b' };
    await assert.rejects(store.update(record, stale, new AbortController().signal), /Conflict/);
    assert.equal(recordIn(store).holderIdentity, 'a');
    run.stop();
    await run.done;
  });

  it('releases on stop (no holder, 1 s), and a watching follower takes over at once', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const events: LeaderEvent[] = [];
    const a = elector(store, clock, 'a', events);
    const b = elector(store, clock, 'b');
    const runA = started(a);
    await flush();
    const runB = started(b);
    await advance(clock, 4_000);
    const transitions = recordIn(store).leaseTransitions;
    runA.stop();
    await runA.done;
    assert.equal(events.at(-1)?.type, 'released');
    assert.equal(a.isLeader(), false);
    await flush();
    assert.equal(b.isLeader(), true, 'no clock movement needed');
    assert.equal(recordIn(store).holderIdentity, 'b');
    assert.equal(recordIn(store).leaseTransitions, transitions + 1);
    runB.stop();
    await runB.done;
    assert.equal(recordIn(store).holderIdentity, '');
    assert.equal(recordIn(store).leaseDurationSeconds, 1);
  });

  it('a leader that sees another holder stops at once', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = elector(store, clock, 'a');
    const run = started(a);
    await flush();
    await store.update(
      { ...recordIn(store), holderIdentity: 'intruder' },
      versionIn(store),
      new AbortController().signal,
    );
    await flush(); // the watch event wakes it; its read of the Lease ends the term, no clock needed
    assert.equal(a.mayWrite(), false);
    assert.equal(a.isLeader(), false);
    run.stop();
    await run.done;
    assert.equal(recordIn(store).holderIdentity, 'intruder', 'a release never clears another holder');
  });

  it('refuses timings where the lease does not outlast the renew deadline', () => {
    assert.equal(
      timingsProblem({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }),
      undefined,
    );
    assert.match(
      timingsProblem({ leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }) ?? '',
      /lease duration/,
    );
    assert.match(
      timingsProblem({ leaseDurationMs: 15_000, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 }) ?? '',
      /renew deadline/,
    );
    const store = new FakeLeaseStore();
    assert.throws(
      () =>
        new LeaderElector({
          store,
          identity: 'a',
          timings: { leaseDurationMs: 1, renewDeadlineMs: 2, retryPeriodMs: 3 },
        }),
      RangeError,
    );
  });
});

// Property tests: random interleavings of adds, delayed adds, rate-limited adds, clock moves,
// gets and dones across simulated workers, checked against a model of the queue's contract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock } from '../testing/index.ts';
import { ItemExponentialRateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './workqueue.ts';

const KEYS = ['a', 'b', 'c', 'd'];
const WORKERS = 3;

type Command =
  | { op: 'add'; key: string }
  | { op: 'addAfter'; key: string; ms: number }
  | { op: 'addRateLimited'; key: string }
  | { op: 'forget'; key: string }
  | { op: 'advance'; ms: number }
  | { op: 'get'; worker: number }
  | { op: 'done'; worker: number };

const key = fc.constantFrom(...KEYS);
const worker = fc.integer({ min: 0, max: WORKERS - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), key }),
  fc.record({ op: fc.constant('addAfter' as const), key, ms: fc.integer({ min: -5, max: 50 }) }),
  fc.record({ op: fc.constant('addRateLimited' as const), key }),
  fc.record({ op: fc.constant('forget' as const), key }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ op: fc.constant('get' as const), worker }),
  fc.record({ op: fc.constant('get' as const), worker }),
  fc.record({ op: fc.constant('done' as const), worker }),
  fc.record({ op: fc.constant('done' as const), worker }),
);

const flush = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

type WorkerState =
  { kind: 'idle' } | { kind: 'waiting' } | { kind: 'holding'; key: string } | { kind: 'stopped' };

/** The queue under test plus a model of what it must do. */
class Simulation {
  readonly clock = new FakeClock();
  readonly queue = new WorkQueue<string>({
    clock: this.clock,
    rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 1, maxDelayMs: 40 }),
  });
  readonly modelLimiter = new ItemExponentialRateLimiter<string>({ baseDelayMs: 1, maxDelayMs: 40 });
  readonly workers: WorkerState[] = Array.from({ length: WORKERS }, () => ({ kind: 'idle' }));
  /** Keys added since their last processing started (the queue's "dirty" set). */
  readonly pending = new Set<string>();
  readonly holder = new Map<string, number>();
  readonly delayed = new Map<string, number>();
  intakeOpen = true;

  modelAdd(k: string): void {
    if (this.intakeOpen) this.pending.add(k);
  }

  modelAddAfter(k: string, ms: number): void {
    if (!this.intakeOpen) return;
    if (ms <= 0) {
      this.modelAdd(k);
      return;
    }
    const at = this.clock.now() + ms;
    this.delayed.set(k, Math.min(at, this.delayed.get(k) ?? Infinity));
  }

  advance(ms: number): void {
    const now = this.clock.now() + ms;
    for (const [k, at] of this.delayed) {
      if (at > now) continue;
      this.delayed.delete(k);
      this.modelAdd(k);
    }
    this.clock.advance(ms);
  }

  startGet(w: number): void {
    this.workers[w] = { kind: 'waiting' };
    void this.queue.get().then((k) => {
      this.received(w, k);
    });
  }

  received(w: number, k: string | undefined): void {
    if (k === undefined) {
      this.workers[w] = { kind: 'stopped' };
      return;
    }
    assert.equal(this.holder.get(k), undefined, `key ${k} given to worker ${w} while another holds it`);
    assert.ok(this.pending.has(k), `key ${k} handed out without an add since its last processing began`);
    this.pending.delete(k);
    this.holder.set(k, w);
    this.workers[w] = { kind: 'holding', key: k };
  }

  finish(w: number): void {
    const state = this.workers[w];
    if (state?.kind !== 'holding') return;
    this.holder.delete(state.key);
    this.workers[w] = { kind: 'idle' };
    this.queue.done(state.key);
  }

  run(c: Command): void {
    switch (c.op) {
      case 'add':
        this.modelAdd(c.key);
        this.queue.add(c.key);
        return;
      case 'addAfter':
        this.modelAddAfter(c.key, c.ms);
        this.queue.addAfter(c.key, c.ms);
        return;
      case 'addRateLimited':
        this.modelAddAfter(c.key, this.modelLimiter.when(c.key));
        this.queue.addRateLimited(c.key);
        return;
      case 'forget':
        this.modelLimiter.forget(c.key);
        this.queue.forget(c.key);
        return;
      case 'advance':
        this.advance(c.ms);
        return;
      case 'get':
        if (this.workers[c.worker]?.kind === 'idle') this.startGet(c.worker);
        return;
      case 'done':
        this.finish(c.worker);
    }
  }

  /** The queue holds exactly the pending keys nobody processes, none twice, and none while a worker waits. */
  checkInvariants(): void {
    const expected = [...this.pending].filter((k) => !this.holder.has(k)).length;
    assert.equal(this.queue.len(), expected, 'queue length differs from the distinct pending keys');
    if (this.workers.some((w) => w.kind === 'waiting')) assert.equal(this.queue.len(), 0);
  }

  /** Fires every delay, then lets the workers run until all of them wait on an empty queue. */
  async workUntilIdle(): Promise<void> {
    this.advance(10_000);
    for (let round = 0; round < 100; round++) {
      this.workers.forEach((_, w) => {
        this.finish(w);
      });
      this.workers.forEach((s, w) => {
        if (s.kind === 'idle') this.startGet(w);
      });
      await flush();
      this.checkInvariants();
      if (this.workers.every((s) => s.kind === 'waiting' || s.kind === 'stopped')) return;
    }
    assert.fail('workers never became idle');
  }
}

async function runScenario(commands: Command[], drain: boolean): Promise<void> {
  const sim = new Simulation();
  for (const c of commands) {
    sim.run(c);
    await flush();
    sim.checkInvariants();
  }
  if (drain) {
    sim.advance(10_000);
    sim.intakeOpen = false;
    const drained = sim.queue.shutDownWithDrain();
    await sim.workUntilIdle();
    await drained;
    assert.ok(sim.workers.every((s) => s.kind === 'stopped'));
  } else {
    await sim.workUntilIdle();
  }
  assert.deepEqual([...sim.pending], [], 'a key added after its last processing began was lost');
  assert.equal(sim.queue.snapshot().waiting, 0);
}

describe('WorkQueue properties', () => {
  it('never gives a key to two workers, never loses a re-added key and never queues duplicates', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { maxLength: 60 }), fc.boolean(), runScenario), {
      numRuns: 150,
    });
  });
});

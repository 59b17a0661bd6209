import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AutoscalePlan } from '../../plan/index.ts';
import { FakeClock } from '../testing/index.ts';
import { Autoscaler, type AutoscaleChange } from './autoscaler.ts';
import type { LoadReading } from './load-meter.ts';

const idle: LoadReading = {
  queueDepth: 0,
  workers: 2,
  busyMs: 0,
  capacityMs: 0,
  reconciles: 0,
  errors: 0,
  durations: [],
};

const PLAN: AutoscalePlan = {
  intervalMs: 10_000,
  cooldownMs: 30_000,
  workers: 12,
  queueDepth: 1000,
  crossMetrics: {},
  when: [{ field: 'metrics.queueDepth', fieldIsTemplate: false, operator: 'greaterThan', value: '300' }],
  or: [],
};

function harness(plan: AutoscalePlan = PLAN, peers: Record<string, LoadReading> = {}) {
  const clock = new FakeClock();
  let own: LoadReading = idle;
  const changes: AutoscaleChange[] = [];
  const errors: string[] = [];
  const autoscaler = new Autoscaler({
    plan,
    baseline: { workers: 2, queueDepth: 0 },
    clock,
    own: () => own,
    peer: (crd) => peers[crd],
    render: () => {
      throw new Error('no template here');
    },
    onChange: (c) => changes.push(c),
    onError: (m) => errors.push(m),
  });
  const stop = new AbortController();
  const running = autoscaler.start(stop.signal);
  return {
    clock,
    autoscaler,
    changes,
    errors,
    setOwn: (r: Partial<LoadReading>) => {
      own = { ...own, ...r };
    },
    stop: async () => {
      stop.abort();
      await running;
    },
  };
}

describe('Autoscaler', () => {
  it('applies the overrides at the first evaluation where the conditions hold, not before', async () => {
    const t = harness();
    t.setOwn({ queueDepth: 400 });
    t.clock.advance(9_999);
    assert.equal(t.changes.length, 0);
    t.clock.advance(1);
    assert.equal(t.changes.length, 1);
    const change = t.changes[0];
    assert.ok(change);
    assert.equal(change.active, true);
    assert.deepEqual(change.from, { workers: 2, queueDepth: 0 });
    assert.deepEqual(change.to, { workers: 12, queueDepth: 1000 });
    assert.equal(change.metrics.queueDepth, 400);
    assert.match(
      change.message,
      /^Overrides applied: workers 2 → 12, queue depth unlimited → 1000; conditions hold \(queueDepth 400/,
    );
    assert.equal(t.autoscaler.active, true);
    await t.stop();
  });

  it('returns to the baseline once the conditions have been false for the cooldown, and only then', async () => {
    const t = harness();
    t.setOwn({ queueDepth: 400 });
    t.clock.advance(10_000);
    t.setOwn({ queueDepth: 10 });
    t.clock.advance(10_000); // first false evaluation at 20 s
    t.clock.advance(20_000); // 40 s: false for 20 s
    assert.equal(t.changes.length, 1);
    t.setOwn({ queueDepth: 301 });
    t.clock.advance(10_000); // 50 s: holds again, the cooldown starts over
    t.setOwn({ queueDepth: 0 });
    t.clock.advance(30_000); // false since 60 s; 80 s: false for 20 s
    assert.equal(t.changes.length, 1);
    t.clock.advance(10_000); // 90 s: false for 30 s
    assert.equal(t.changes.length, 2);
    const back = t.changes[1];
    assert.ok(back);
    assert.equal(back.active, false);
    assert.deepEqual(back.to, { workers: 2, queueDepth: 0 });
    assert.match(
      back.message,
      /^Baseline restored: workers 12 → 2, queue depth 1000 → unlimited; conditions false for 30 s/,
    );
    assert.equal(t.autoscaler.active, false);
    await t.stop();
  });

  it('reads busy % over the last interval and another box as cross.<name>.metrics', async () => {
    const peer = { ...idle, capacityMs: 0, busyMs: 0 };
    const peers: Record<string, LoadReading> = { db: peer };
    const t = harness(
      {
        ...PLAN,
        crossMetrics: { database: 'db' },
        when: [
          {
            field: 'metrics.workersBusyPercent',
            fieldIsTemplate: false,
            operator: 'greaterThan',
            value: '70',
          },
          {
            field: 'cross.database.metrics.workersBusyPercent',
            fieldIsTemplate: false,
            operator: 'lessThan',
            value: '20',
          },
        ],
      },
      peers,
    );
    // Own workers 90 % busy in the first window; the peer 50 %: no change.
    t.setOwn({ busyMs: 18_000, capacityMs: 20_000 });
    peers['db'] = { ...peer, busyMs: 10_000, capacityMs: 20_000 };
    t.clock.advance(10_000);
    assert.equal(t.changes.length, 0);
    assert.equal(t.autoscaler.metrics?.workersBusyPercent, 90);
    // Second window: own 90 % again, the peer idle (10 %): both hold.
    t.setOwn({ busyMs: 36_000, capacityMs: 40_000 });
    peers['db'] = { ...peer, busyMs: 12_000, capacityMs: 40_000 };
    t.clock.advance(10_000);
    assert.equal(t.changes.length, 1);
    await t.stop();
  });

  it('treats a peer that does not run here as missing, and a broken condition as not holding', async () => {
    const t = harness({
      ...PLAN,
      crossMetrics: { other: 'other' },
      when: [
        { field: 'cross.other.metrics.queueDepth', fieldIsTemplate: false, operator: 'lessThan', value: '5' },
      ],
      or: [
        { field: '{{ .metrics.queueDepth }}', fieldIsTemplate: true, operator: 'greaterThan', value: '1' },
      ],
    });
    t.clock.advance(10_000);
    assert.deepEqual(t.changes, []);
    assert.deepEqual(t.errors, []);
    const broken = harness({
      ...PLAN,
      when: [
        { field: '{{ .metrics.queueDepth }}', fieldIsTemplate: true, operator: 'greaterThan', value: '1' },
      ],
    });
    broken.clock.advance(10_000);
    assert.deepEqual(broken.changes, []);
    assert.deepEqual(broken.errors, ['no template here']);
    await t.stop();
    await broken.stop();
  });

  it('stops evaluating when stopped', async () => {
    const t = harness();
    await t.stop();
    t.setOwn({ queueDepth: 400 });
    t.clock.advance(60_000);
    assert.deepEqual(t.changes, []);
    assert.equal(t.clock.pendingTimers(), 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoadMeter, windowMetrics, type LoadReading } from './load-meter.ts';

const reading = (meter: LoadMeter, rest: Partial<LoadReading> = {}): LoadReading => ({
  queueDepth: 0,
  workers: 2,
  busyMs: 0,
  capacityMs: 0,
  ...meter.counters(),
  ...rest,
});

describe('LoadMeter and windowMetrics', () => {
  it('measures busy %, p95 and error rate over the window between two readings only', () => {
    const meter = new LoadMeter();
    for (let i = 0; i < 100; i++) meter.record(1_000, true);
    const before = reading(meter, { busyMs: 50_000, capacityMs: 60_000 });
    for (let i = 0; i < 95; i++) meter.record(10, false);
    for (let i = 0; i < 5; i++) meter.record(200, true);
    const after = reading(meter, { queueDepth: 7, workers: 4, busyMs: 50_000 + 15_000, capacityMs: 80_000 });
    const metrics = windowMetrics(before, after);
    assert.equal(metrics.queueDepth, 7);
    assert.equal(metrics.workers, 4);
    assert.equal(metrics.workersBusyPercent, 75);
    assert.equal(metrics.errorRatePercent, 5);
    // The 95th of 100 durations is a 10 ms one: reported as its bucket's bound, at most 25 % above.
    assert.ok(metrics.reconcileDurationP95Ms >= 10 && metrics.reconcileDurationP95Ms <= 12.5);
  });

  it('reads 0 for an idle window and caps busy % at 100 while a shrunk pool finishes its work', () => {
    const meter = new LoadMeter();
    const idle = reading(meter);
    assert.deepEqual(windowMetrics(idle, idle), {
      queueDepth: 0,
      workers: 2,
      workersBusyPercent: 0,
      reconcileDurationP95Ms: 0,
      errorRatePercent: 0,
    });
    const over = windowMetrics(idle, reading(meter, { busyMs: 3_000, capacityMs: 2_000 }));
    assert.equal(over.workersBusyPercent, 100);
  });

  it('counts everything since start without a first reading, and very long reconciles in the last bucket', () => {
    const meter = new LoadMeter();
    meter.record(0, false);
    meter.record(1e9, false);
    const metrics = windowMetrics(undefined, reading(meter));
    assert.ok(metrics.reconcileDurationP95Ms > 3_600_000);
    assert.equal(metrics.errorRatePercent, 0);
  });
});

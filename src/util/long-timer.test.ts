import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_DELAY_MS, setLongTimeout, type TimerHost } from './long-timer.ts';

/** A timer host that records each step and runs the pending one on demand. */
function recorder() {
  const steps: number[] = [];
  let pending: (() => void) | undefined;
  let cleared = 0;
  const host: TimerHost = {
    setTimeout: (fn, ms) => {
      steps.push(ms);
      pending = fn;
      return steps.length;
    },
    clearTimeout: () => {
      cleared += 1;
      pending = undefined;
    },
  };
  const fire = (): void => {
    const fn = pending;
    pending = undefined;
    fn?.();
  };
  return { host, steps, fire, cleared: () => cleared };
}

const DAY = 86_400_000;

describe('setLongTimeout', () => {
  it('waits 30 days in steps Node honours, and runs the callback once at the end', () => {
    const r = recorder();
    let ran = 0;
    setLongTimeout(() => (ran += 1), 30 * DAY, { host: r.host });
    for (let i = 0; i < 5 && ran === 0; i++) r.fire();
    assert.equal(ran, 1);
    assert.ok(
      r.steps.every((ms) => ms <= MAX_TIMER_DELAY_MS),
      `a step Node turns into 1 ms: ${r.steps.join(', ')}`,
    );
    assert.equal(
      r.steps.reduce((a, b) => a + b, 0),
      30 * DAY,
    );
  });

  it('schedules a short delay as one timeout, and a negative or NaN one at once', () => {
    const r = recorder();
    setLongTimeout(() => undefined, 1_500, { host: r.host });
    setLongTimeout(() => undefined, -5, { host: r.host });
    setLongTimeout(() => undefined, Number.NaN, { host: r.host });
    assert.deepEqual(r.steps, [1_500, 0, 0]);
  });

  it('cancels the step that is pending, also after the first steps ran', () => {
    const r = recorder();
    let ran = false;
    const timer = setLongTimeout(() => (ran = true), 60 * DAY, { host: r.host });
    r.fire();
    timer.cancel();
    r.fire();
    assert.equal(ran, false);
    assert.equal(r.cleared(), 1);
  });

  it('runs on the real timers when no host is given', async () => {
    await new Promise<void>((resolve) => setLongTimeout(resolve, 1));
  });
});

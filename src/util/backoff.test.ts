import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffMs } from './backoff.ts';

describe('backoffMs', () => {
  it('doubles from the initial delay per attempt and stops at the cap', () => {
    const policy = { initialMs: 5, maxMs: 1_000 };
    assert.deepEqual(
      [0, 1, 2, 3, 7, 8, 20].map((attempt) => backoffMs(attempt, policy)),
      [5, 10, 20, 40, 640, 1_000, 1_000],
    );
  });

  it('never overflows, whatever the attempt number', () => {
    for (const attempt of [63, 64, 65, 1_000, 1e9, Infinity]) {
      assert.equal(backoffMs(attempt, { initialMs: 5, maxMs: 1_000_000 }), 1_000_000, String(attempt));
    }
    assert.equal(backoffMs(10_000, { initialMs: 0, maxMs: 100 }), 0);
  });

  it('treats a negative or fractional attempt as the attempt below it, never below 0', () => {
    assert.equal(backoffMs(-3, { initialMs: 100, maxMs: 10_000 }), 100);
    assert.equal(backoffMs(2.7, { initialMs: 100, maxMs: 10_000 }), 400);
  });

  it('draws the delay from the jitter band of the exponential value and keeps it under the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.constantFrom<[number, number]>([0.5, 1], [0.5, 1.5], [0, 1]),
        (attempt, r, jitter) => {
          const policy = { initialMs: 100, maxMs: 10_000, jitter };
          const delay = backoffMs(attempt, policy, () => r);
          const exponential = Math.min(10_000, 100 * 2 ** attempt);
          assert.ok(delay >= Math.floor(exponential * jitter[0]), `${attempt}: ${delay}`);
          assert.ok(delay <= Math.min(10_000, Math.ceil(exponential * jitter[1])), `${attempt}: ${delay}`);
        },
      ),
    );
  });

  it('maps the random number linearly onto the band', () => {
    const policy = { initialMs: 800, maxMs: 30_000, jitter: [0.5, 1.5] as const };
    assert.equal(
      backoffMs(0, policy, () => 0),
      400,
    );
    assert.equal(
      backoffMs(0, policy, () => 0.5),
      800,
    );
    assert.equal(
      backoffMs(2, policy, () => 0.75),
      4_000,
    );
    assert.equal(
      backoffMs(6, policy, () => 0.9),
      30_000,
    );
  });

  it('does not call the random source without jitter', () => {
    const random = () => assert.fail('random called');
    assert.equal(backoffMs(3, { initialMs: 500, maxMs: 30_000 }, random), 4_000);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../testing/index.ts';
import {
  BucketRateLimiter,
  createDefaultRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiter.ts';

describe('ItemExponentialRateLimiter', () => {
  it('doubles the delay of a key on each failure starting at 5 ms', () => {
    const limiter = new ItemExponentialRateLimiter();
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => limiter.when('a')),
      [5, 10, 20, 40, 80],
    );
    assert.equal(limiter.numRequeues('a'), 5);
  });

  it('caps the delay at 1000 s and never overflows', () => {
    const limiter = new ItemExponentialRateLimiter();
    let last = 0;
    for (let i = 0; i < 2000; i++) last = limiter.when('a');
    assert.equal(last, 1_000_000);
  });

  it('keeps keys independent and starts over after forget', () => {
    const limiter = new ItemExponentialRateLimiter({ baseDelayMs: 1, maxDelayMs: 100 });
    limiter.when('a');
    limiter.when('a');
    assert.equal(limiter.when('b'), 1);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
    assert.equal(limiter.when('a'), 1);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst through without delay and then spaces retries at the rate', () => {
    const clock = new FakeClock();
    const bucket = new BucketRateLimiter({ qps: 10, burst: 3, clock });
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((i) => bucket.when(`k${i}`)),
      [0, 0, 0, 100, 200],
    );
  });

  it('refills tokens as time passes, up to the burst', () => {
    const clock = new FakeClock();
    const bucket = new BucketRateLimiter({ qps: 10, burst: 2, clock });
    bucket.when('a');
    bucket.when('a');
    clock.advance(10_000);
    assert.deepEqual([bucket.when('a'), bucket.when('a'), bucket.when('a')], [0, 0, 100]);
  });
});

describe('MaxOfRateLimiter', () => {
  it('uses the larger of the per-key backoff and the bucket delay', () => {
    const clock = new FakeClock();
    const limiter = new MaxOfRateLimiter([
      new ItemExponentialRateLimiter({ baseDelayMs: 5 }),
      new BucketRateLimiter({ qps: 1, burst: 1, clock }),
    ]);
    assert.equal(limiter.when('a'), 5);
    assert.equal(limiter.when('b'), 1000);
    assert.equal(limiter.numRequeues('a'), 1);
  });

  it('is what createDefaultRateLimiter builds (5 ms backoff, burst 100)', () => {
    const limiter = createDefaultRateLimiter({ clock: new FakeClock() });
    assert.equal(limiter.when('a'), 5);
    assert.equal(limiter.when('a'), 10);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
  });
});

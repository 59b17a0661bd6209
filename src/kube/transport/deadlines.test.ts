import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DeadlineQueue } from './deadlines.ts';

describe('DeadlineQueue', () => {
  it('expires pending deadlines when due, in order, and never a cleared one', async () => {
    const queue = new DeadlineQueue(20);
    const cancelled: string[] = [];
    const first = queue.start();
    first.onCancel(() => cancelled.push('first'));
    const second = queue.start();
    second.onCancel(() => cancelled.push('second'));
    second.clear();
    await delay(5);
    const third = queue.start();
    third.onCancel((reason) => cancelled.push(`third: ${reason.message}`));
    await delay(60);
    assert.deepEqual(cancelled, ['first', 'third: request timeout']);
    assert.equal(first.expired, true);
    assert.equal(second.expired, false);
    assert.equal(queue.size, 0, 'everything due or ended is dropped');
  });

  it('does not expire a deadline before its time, whatever ended before it', async () => {
    const queue = new DeadlineQueue(300);
    queue.start().clear();
    await delay(150);
    const late = queue.start();
    await delay(200);
    assert.equal(late.pending, true, 'the timer fired for the first deadline only');
    await delay(200);
    assert.equal(late.expired, true);
  });

  it("cancels with an AbortError carrying the caller's reason when the caller aborts", () => {
    const queue = new DeadlineQueue(10_000);
    const caller = new AbortController();
    const deadline = queue.start(caller.signal);
    const reasons: Error[] = [];
    deadline.onCancel((error) => reasons.push(error));
    caller.abort(new Error('shutting down'));
    const [reason] = reasons;
    assert.ok(reason !== undefined);
    assert.equal(reason.name, 'AbortError');
    assert.equal((reason.cause as Error).message, 'shutting down');
    assert.equal(deadline.expired, false, 'an abort is not a timeout');
    assert.equal(deadline.signal.aborted, true, 'the signal made later follows it');
    deadline.clear();
  });

  it('cancels at once a request registered after its caller aborted', () => {
    const caller = new AbortController();
    caller.abort();
    const deadline = new DeadlineQueue(10_000).start(caller.signal);
    let called = false;
    deadline.onCancel(() => {
      called = true;
    });
    assert.equal(called, true);
    deadline.clear();
  });
});

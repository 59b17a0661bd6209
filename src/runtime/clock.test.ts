import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { realClock } from './clock.ts';

// Node turns a delay of 2^31 ms or more into 1 ms and says so with a TimeoutOverflowWarning.
it('the process clock arms a 30-day timer (resync: 30d) without overflowing Node’s timer', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.name);
  };
  process.on('warning', onWarning);
  let fired = false;
  const timer = realClock.setTimer(() => (fired = true), 30 * 86_400_000);
  await nextTurn();
  await new Promise((resolve) => setTimeout(resolve, 5));
  timer.cancel();
  process.off('warning', onWarning);
  assert.deepEqual(warnings, []);
  assert.equal(fired, false);
});

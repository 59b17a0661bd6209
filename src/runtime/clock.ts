/**
 * Time as a dependency: everything in runtime/ that waits or measures takes a {@link Clock}, so
 * unit tests drive time with the FakeClock of runtime/testing instead of sleeping.
 */
import { setLongTimeout } from '../util/index.ts';

/** A scheduled callback that can be cancelled. */
export interface Timer {
  /** Cancels the callback; a no-op when it already ran. */
  cancel(): void;
}

/** Wall time in milliseconds and one-shot timers. */
export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin; only differences matter). */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds (0 or less: on the next timer tick). */
  setTimer(fn: () => void, ms: number): Timer;
}

/**
 * The process clock: `Date.now()` and timeouts that honour delays of 24.9 days and more (a Katalog's
 * `resync: 30d`, a long retry backoff), which Node's own setTimeout would fire after 1 ms.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setLongTimeout(fn, ms),
};

/**
 * Resolves after `ms` on `clock`; rejects with the signal's reason when `signal` aborts first.
 * Resolves at once for `ms <= 0`.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason as Error);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

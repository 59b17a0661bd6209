/**
 * A clock for tests that moves only when told to: the {@link Clock} every part of runtime/ takes,
 * driven by hand instead of by sleeping.
 */
import type { Clock, Timer } from '../clock.ts';

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to. {@link FakeClock.advance} runs every timer that falls due,
 * in time order, with `now()` set to each timer's due time. Meant for tests.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: FakeTimer[] = [];

  /** @param start - the initial time (default 0). */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The current fake time. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` at `now() + max(ms, 0)`. */
  setTimer(fn: () => void, ms: number): Timer {
    const timer: FakeTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
        this.#timers = this.#timers.filter((t) => t !== timer);
      },
    };
  }

  /** Number of pending timers. */
  pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, running each timer that falls due (also timers they schedule). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let next = this.#nextDue(end); next !== undefined; next = this.#nextDue(end)) {
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = end;
  }

  #nextDue(end: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.#timers) {
      if (t.at > end || t.cancelled) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * Timers that honour long delays. Node keeps a timer's delay in 32 bits: a delay of 2^31 ms (24.9
 * days) or more fires after 1 ms instead, with only a warning. Katalogs write durations such as
 * `resync: 30d` or a retry backoff of weeks, so every timer the runtime arms from a Katalog duration
 * goes through {@link setLongTimeout}, which waits in steps Node can hold.
 */

/** The longest delay Node's setTimeout honours (2^31 - 1 ms, ~24.9 days). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** What a timer handle may offer (Node's Timeout does). */
interface Handle {
  unref?: () => unknown;
}

/** Where the steps are scheduled: the global timers, or a recorder in tests. */
export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_HOST: TimerHost = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Options of {@link setLongTimeout}. */
export interface LongTimeoutOptions {
  /** The timer does not keep the process alive. @default false */
  readonly unref?: boolean;
  /** Where steps are scheduled. @default the global setTimeout */
  readonly host?: TimerHost;
}

/** A pending long timer. */
export interface LongTimer {
  /** Cancels the callback; a no-op when it already ran. */
  cancel(): void;
}

/**
 * Runs `fn` once after `ms` milliseconds, however long (`Infinity`: never; 0, less or NaN: on the
 * next timer tick), as a chain of timeouts of at most {@link MAX_TIMER_DELAY_MS}.
 */
export function setLongTimeout(fn: () => void, ms: number, options: LongTimeoutOptions = {}): LongTimer {
  const host = options.host ?? GLOBAL_HOST;
  let handle: unknown;
  const arm = (remaining: number): void => {
    const step = Math.min(remaining, MAX_TIMER_DELAY_MS);
    handle = host.setTimeout(() => {
      if (remaining > MAX_TIMER_DELAY_MS) arm(remaining - step);
      else fn();
    }, step);
    if (options.unref === true) (handle as Handle | undefined)?.unref?.();
  };
  arm(ms > 0 ? ms : 0);
  return {
    cancel: () => {
      host.clearTimeout(handle);
    },
  };
}

/** Waiting in tests: poll a condition until it holds, never a blind sleep. */
import { setTimeout as delay } from 'node:timers/promises';

/** Options of {@link eventually}. */
export interface EventuallyOptions {
  /** Give up after this long. @default 60000 */
  timeoutMs?: number;
  /** Pause between tries. @default 200 */
  intervalMs?: number;
  /** Says what is awaited, for the timeout message. */
  what?: string;
}

/**
 * Calls `probe` until it returns a value other than undefined/false without throwing, and
 * returns that value. On timeout, fails with the last error or value seen.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out waiting for ${options.what ?? 'a condition'}; last: ${detail}`);
    }
    await delay(options.intervalMs ?? 200);
  }
}

/**
 * Errors a reconcile throws to say how its key should be retried. Anything else thrown is a
 * transient failure retried with per-key exponential backoff.
 */

/** Do not retry: the input is wrong and retrying cannot help. Recorded (status, event), then dropped. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** Retry after a known delay (e.g. a server's Retry-After), without growing the backoff. */
export class RetryAfterError extends Error {
  /** Milliseconds to wait before the key is reconciled again. */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = `retry after ${retryAfterMs} ms`) {
    super(message);
    this.name = 'RetryAfterError';
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A dependency is not ready yet (a referenced object missing, a child still starting): requeue
 * quietly after a delay; counted apart from failures and not logged as an error.
 */
export class PendingError extends Error {
  /** Delay before the next try; the controller's `pendingDelayMs` when absent. */
  readonly delayMs: number | undefined;

  constructor(message: string, delayMs?: number) {
    super(message);
    this.name = 'PendingError';
    this.delayMs = delayMs;
  }
}

/**
 * Errors a reconcile throws to say how its key should be retried. Anything else thrown is a
 * transient failure retried with per-key exponential backoff.
 */
import { ApiError } from '../kube/index.ts';

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

  constructor(
    retryAfterMs: number,
    message = `retry after ${retryAfterMs} ms`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetryAfterError';
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The delay a failure asks for, as a {@link RetryAfterError}: the error itself when it is one, or
 * the API server's `Retry-After` of an {@link ApiError} (a 429 from priority and fairness, a 503
 * that said when to come back), with the API error as its cause. Undefined when it asks for none
 * (a `Retry-After: 0` included: that is no reason to skip the backoff).
 */
export function retryAfterOf(error: unknown): RetryAfterError | undefined {
  if (error instanceof RetryAfterError) return error;
  if (!(error instanceof ApiError)) return undefined;
  const seconds = error.retryAfterSeconds;
  if (seconds === undefined || seconds <= 0) return undefined;
  return new RetryAfterError(seconds * 1000, error.message, { cause: error });
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

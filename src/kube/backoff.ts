/**
 * Retry policy of the client: which failures are transient, and how long to wait before the next
 * attempt (the server's `Retry-After` when it gave one, else jittered exponential backoff).
 */
import { backoffMs, retryAfterJitterMs } from '../util/index.ts';
import { ApiError, ServerError, TooManyRequestsError } from './errors.ts';

/** Tuning of {@link retryDelayMs}. */
export interface BackoffOptions {
  /** Delay of the first retry before jitter. @default 200 */
  baseMs?: number;
  /** Upper bound of any delay, including a server's Retry-After. @default 30000 */
  maxMs?: number;
  /** Fraction of the delay that is random: 0.5 means 50–100 % of the exponential value. @default 0.5 */
  jitter?: number;
  /** Retries after the first attempt. @default 4 */
  maxRetries?: number;
}

/** {@link BackoffOptions} plus the random source (for tests). */
export interface RetryDelayOptions extends BackoffOptions {
  /** Returns [0, 1). @default Math.random */
  random?: () => number;
}

/** Defaults of {@link BackoffOptions}. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  baseMs: 200,
  maxMs: 30_000,
  jitter: 0.5,
  maxRetries: 4,
};

/**
 * Exponential backoff with jitter: `base * 2^attempt`, capped at `maxMs`, of which the fraction
 * `jitter` is random (util's {@link backoffMs} with the band `[1 - jitter, 1]`). `attempt` counts
 * from 0; `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const { baseMs, maxMs, jitter } = { ...DEFAULT_BACKOFF, ...options };
  return backoffMs(attempt, { initialMs: baseMs, maxMs, jitter: [1 - jitter, 1] }, random);
}

const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  // A response body cut before its end.
  'ERR_STREAM_PREMATURE_CLOSE',
]);
/** node:http2's: a stream reset, a session that failed, closed or was told to go away. */
const transientHttp2Codes = new Set([
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_STREAM_CANCEL',
]);

/**
 * A stream the HTTP/2 server refused (REFUSED_STREAM, e.g. sent as it was going away): RFC 9113
 * §8.7 guarantees it was not processed, so even a create may be sent again.
 */
export function isRefusedStream(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'ERR_HTTP2_STREAM_ERROR' &&
    error.message.includes('REFUSED_STREAM')
  );
}

/** True for a network failure that a retry may cure (connection reset, refused, timed out). */
export function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return transientCodes.has(code) || transientHttp2Codes.has(code);
}

/**
 * Whether a failed attempt may be retried. A 429 or a refused HTTP/2 stream always may (the
 * server did not process it); a 5xx or network error only when the request is idempotent (GET,
 * PUT, DELETE, apply PATCH).
 */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof TooManyRequestsError || isRefusedStream(error)) return true;
  if (!idempotent) return false;
  if (error instanceof ServerError) return error.code !== 501;
  if (error instanceof ApiError) return false;
  return isTransientNetworkError(error);
}

/**
 * Delay before retry number `attempt` (0-based): the server's Retry-After when it sent one, with
 * jitter that only adds (util's `retryAfterJitterMs`; capped at `maxMs`), else {@link backoffDelayMs}.
 */
export function retryDelayMs(error: unknown, attempt: number, options: RetryDelayOptions = {}): number {
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  if (error instanceof ApiError && error.retryAfterSeconds !== undefined) {
    return Math.min(maxMs, retryAfterJitterMs(error.retryAfterSeconds * 1000, options.random));
  }
  return backoffDelayMs(attempt, options, options.random);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

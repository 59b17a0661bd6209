/**
 * The one exponential backoff of the code base. The client's request retries, the work queue's
 * per-key rate limiter, the informer's list/watch retries and a box's start-up retries each call
 * it with their own policy, so a change to how Orkestra backs off happens in one place.
 */

/** How a delay grows with the attempt number and how much of it is random. */
export interface BackoffPolicy {
  /** The delay of attempt 0 before jitter. */
  readonly initialMs: number;
  /** Upper bound of every delay, jitter included. */
  readonly maxMs: number;
  /**
   * The random band as factors of the exponential value: the delay is drawn uniformly from
   * `[low, high] × exponential` (then capped). `[1, 1]`, the default, is no jitter; `[0.5, 1]`
   * keeps the delay under the exponential value; `[0.5, 1.5]` spreads it around it.
   */
  readonly jitter?: readonly [low: number, high: number];
}

/** Beyond this the exponential value is past any cap; clamping keeps it finite even for a base of 0. */
const MAX_EXPONENT = 64;

/**
 * The delay in whole milliseconds before retry number `attempt` (0-based):
 * `min(maxMs, initialMs · 2^attempt · jitter)`, with the jitter factor drawn from `policy.jitter`.
 * `random` returns numbers in [0, 1).
 */
export function backoffMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(MAX_EXPONENT, Math.max(0, Math.floor(attempt)));
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const [low, high] = policy.jitter ?? [1, 1];
  const factor = low === high ? low : low + (high - low) * random();
  return Math.round(Math.min(policy.maxMs, exponential * factor));
}

/** How far past a server's Retry-After a retry may be put off: up to a quarter more, at most 1 s. */
const RETRY_AFTER_SPREAD = 0.25;
const RETRY_AFTER_SPREAD_MAX_MS = 1_000;

/**
 * A server's Retry-After with jitter: never sooner than it asked, up to a quarter later (at most
 * 1 s later), so that the clients one 429 throttled together do not all come back in the same
 * instant and get throttled again. `random` returns numbers in [0, 1).
 */
export function retryAfterJitterMs(retryAfterMs: number, random: () => number = Math.random): number {
  const spread = Math.min(retryAfterMs * RETRY_AFTER_SPREAD, RETRY_AFTER_SPREAD_MAX_MS);
  return Math.round(retryAfterMs + spread * random());
}

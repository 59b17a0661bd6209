/**
 * Rate limiters decide how long a key waits before it is retried: a per-item exponential
 * backoff, an overall token bucket, and their combination (the slower of the two wins).
 */
import { backoffMs, type BackoffPolicy } from '../../util/index.ts';
import type { Clock } from '../clock.ts';
import { realClock } from '../clock.ts';

/** Decides the delay of each retry of a key. */
export interface RateLimiter<K = string> {
  /** Delay in ms before `key` may be retried; records one more failure of `key`. */
  when(key: K): number;
  /** Forgets `key`'s failure history (call after a success). */
  forget(key: K): void;
  /** How many times `key` has failed since it was last forgotten. */
  numRequeues(key: K): number;
}

/** Options of {@link ItemExponentialRateLimiter}. */
export interface ExponentialRateLimiterOptions {
  /** Delay of the first retry. @default 5 */
  baseDelayMs?: number;
  /** Upper bound of the delay. @default 1_000_000 (1000 s) */
  maxDelayMs?: number;
}

/** Per-key exponential backoff: base · 2^failures, capped at the maximum, without jitter. */
export class ItemExponentialRateLimiter<K = string> implements RateLimiter<K> {
  readonly #policy: BackoffPolicy;
  readonly #failures = new Map<K, number>();

  constructor(options: ExponentialRateLimiterOptions = {}) {
    this.#policy = { initialMs: options.baseDelayMs ?? 5, maxMs: options.maxDelayMs ?? 1_000_000 };
  }

  when(key: K): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return backoffMs(failures, this.#policy);
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** Options of {@link BucketRateLimiter}. */
export interface BucketRateLimiterOptions {
  /** Sustained rate in tokens per second. @default 10 */
  qps?: number;
  /** Bucket size: retries allowed at once before the rate applies. @default 100 */
  burst?: number;
  /** @default realClock */
  clock?: Clock;
}

/**
 * An overall token bucket shared by all keys. Each `when` reserves a token; when the bucket is
 * empty the delay is the time until the reserved token is refilled (reservations queue up).
 */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(options: BucketRateLimiterOptions = {}) {
    this.#qps = options.qps ?? 10;
    this.#burst = options.burst ?? 100;
    this.#clock = options.clock ?? realClock;
    this.#tokens = this.#burst;
    this.#last = this.#clock.now();
  }

  when(_key: K): number {
    const now = this.#clock.now();
    const refill = ((now - this.#last) / 1000) * this.#qps;
    this.#tokens = Math.min(this.#burst, this.#tokens + refill);
    this.#last = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;
    return Math.ceil((-this.#tokens / this.#qps) * 1000);
  }

  forget(_key: K): void {
    // The bucket is shared; there is no per-key state to forget.
  }

  numRequeues(_key: K): number {
    return 0;
  }
}

/** Combines limiters: the delay is the maximum of theirs; every limiter records every failure. */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  readonly #limiters: readonly RateLimiter<K>[];

  constructor(limiters: readonly RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(key: K): number {
    let delay = 0;
    for (const limiter of this.#limiters) delay = Math.max(delay, limiter.when(key));
    return delay;
  }

  forget(key: K): void {
    for (const limiter of this.#limiters) limiter.forget(key);
  }

  numRequeues(key: K): number {
    let count = 0;
    for (const limiter of this.#limiters) count = Math.max(count, limiter.numRequeues(key));
    return count;
  }
}

/** Options of {@link createDefaultRateLimiter}. */
export interface DefaultRateLimiterOptions extends ExponentialRateLimiterOptions, BucketRateLimiterOptions {}

/**
 * The controller default: per-key backoff 5 ms → 1000 s combined (max) with an overall bucket of
 * 10 qps, burst 100.
 */
export function createDefaultRateLimiter<K = string>(
  options: DefaultRateLimiterOptions = {},
): RateLimiter<K> {
  return new MaxOfRateLimiter<K>([
    new ItemExponentialRateLimiter<K>(options),
    new BucketRateLimiter<K>(options),
  ]);
}

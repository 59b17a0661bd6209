/**
 * The controller work queue: dedup, one worker per key, delayed and rate-limited adds, drain on
 * shutdown, and the rate limiters behind retries.
 */
export { WorkQueue } from './workqueue.ts';
export type { WorkQueueOptions } from './workqueue.ts';
export type { QueueSnapshot, QueueState, QueueStats } from './stats.ts';
export {
  BucketRateLimiter,
  createDefaultRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiter.ts';
export type {
  BucketRateLimiterOptions,
  DefaultRateLimiterOptions,
  ExponentialRateLimiterOptions,
  RateLimiter,
} from './rate-limiter.ts';

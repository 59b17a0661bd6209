/**
 * A work queue with the semantics controllers rely on: a key is queued at most once, is never
 * held by two workers at once, and is queued again once if it was added while being processed.
 * Delayed and rate-limited adds wait in one heap driven by a single timer.
 */
import type { Clock, Timer } from '../clock.ts';
import { realClock } from '../clock.ts';
import { DelayHeap } from './delay-heap.ts';
import { Deque } from './deque.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { createDefaultRateLimiter } from './rate-limiter.ts';
import type { QueueSnapshot, QueueState, QueueStats } from './stats.ts';

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions<K> {
  /** @default realClock */
  clock?: Clock;
  /** Used by `addRateLimited`. @default createDefaultRateLimiter() (5 ms → 1000 s, 10 qps burst 100) */
  rateLimiter?: RateLimiter<K>;
  /** Queued keys beyond which `add` refuses new keys (counted as drops). @default Infinity */
  maxDepth?: number;
  /** Metrics callbacks. */
  stats?: QueueStats;
}

/**
 * The controller work queue. Keys must not be `undefined` (`get` uses it to say "shut down").
 * Workers loop `key = await get()` → process → `done(key)`.
 */
export class WorkQueue<K = string> {
  readonly #clock: Clock;
  readonly #limiter: RateLimiter<K>;
  #maxDepth: number;
  readonly #stats: QueueStats;
  readonly #queue = new Deque<K>();
  readonly #dirty = new Set<K>();
  readonly #queuedAt = new Map<K, number>();
  readonly #processing = new Map<K, number>();
  readonly #delayed = new DelayHeap<K>();
  #waiters: ((key: K | undefined) => void)[] = [];
  #drained: (() => void)[] = [];
  #timer: Timer | undefined;
  #timerAt = Infinity;
  #state: QueueState = 'open';
  #totals = { adds: 0, retries: 0, drops: 0 };

  constructor(options: WorkQueueOptions<K> = {}) {
    this.#clock = options.clock ?? realClock;
    this.#limiter = options.rateLimiter ?? createDefaultRateLimiter<K>({ clock: this.#clock });
    this.#maxDepth = options.maxDepth ?? Infinity;
    this.#stats = options.stats ?? {};
  }

  /**
   * Queues `key` unless it is already queued. A key being processed is marked and queued again
   * when its worker calls `done`. Returns false when refused (shut down, or at maximum depth).
   */
  add(key: K): boolean {
    if (this.#state !== 'open') return false;
    if (this.#dirty.has(key)) return true;
    if (!this.#processing.has(key) && this.#queue.length >= this.#maxDepth) {
      this.#totals.drops++;
      this.#stats.drop?.();
      return false;
    }
    this.#dirty.add(key);
    this.#totals.adds++;
    this.#stats.add?.();
    if (!this.#processing.has(key)) this.#enqueue(key);
    return true;
  }

  /** Adds `key` after `ms`; a key already waiting keeps the earlier of the two times. */
  addAfter(key: K, ms: number): void {
    if (this.#state !== 'open') return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    if (this.#delayed.push(key, this.#clock.now() + ms)) this.#armTimer();
  }

  /** Adds `key` after the delay its rate limiter gives (per-key backoff and overall bucket). */
  addRateLimited(key: K): void {
    if (this.#state !== 'open') return;
    this.#totals.retries++;
    this.#stats.retry?.();
    this.addAfter(key, this.#limiter.when(key));
  }

  /** Resets `key`'s backoff (call after it was processed successfully). */
  forget(key: K): void {
    this.#limiter.forget(key);
  }

  /** How many rate-limited retries `key` has had since it was last forgotten. */
  numRequeues(key: K): number {
    return this.#limiter.numRequeues(key);
  }

  /**
   * Resolves with the next key, marking it as processed by the caller, who must call `done`.
   * Waits while the queue is empty; resolves `undefined` once the queue is shut down (or drained).
   */
  get(): Promise<K | undefined> {
    if (this.#queue.length > 0) return Promise.resolve(this.#take());
    if (this.#finished()) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Marks `key` as no longer processed; queues it again if it was added meanwhile. */
  done(key: K): void {
    const started = this.#processing.get(key);
    if (started === undefined) return;
    this.#processing.delete(key);
    this.#stats.workDuration?.(this.#clock.now() - started);
    if (this.#dirty.has(key)) this.#enqueue(key);
    this.#settle();
  }

  /**
   * Changes the depth beyond which `add` refuses new keys (the operator autoscaler's `queueDepth`).
   * Keys already queued stay queued when the new bound is lower.
   */
  setMaxDepth(maxDepth: number): void {
    this.#maxDepth = maxDepth;
  }

  /**
   * Resolves up to `count` pending `get` calls with `undefined`, which tells each of those idle
   * workers to stop; returns how many were released. A worker pool shrinks this way without
   * waiting for keys its idle workers would otherwise take.
   */
  releaseWaiters(count: number): number {
    const released = this.#waiters.splice(0, Math.max(0, count));
    for (const waiter of released) waiter(undefined);
    return released.length;
  }

  /** Number of queued keys (not counting those processed or waiting for a delay). */
  len(): number {
    return this.#queue.length;
  }

  /** True once `shutDown` or `shutDownWithDrain` was called. */
  isShuttingDown(): boolean {
    return this.#state !== 'open';
  }

  /**
   * Stops intake and drops queued and waiting keys; `get` resolves `undefined` from now on.
   * Keys already held by workers may still be passed to `done`.
   */
  shutDown(): void {
    this.#state = 'closed';
    this.#queue.clear();
    this.#dirty.clear();
    this.#queuedAt.clear();
    this.#clearDelayed();
    this.#settle();
  }

  /**
   * Stops intake (including delayed adds) but keeps handing out the keys already queued.
   * Resolves when nothing is queued or held any more. Bound the wait with a timeout and call
   * `shutDown` when it expires.
   */
  shutDownWithDrain(): Promise<void> {
    if (this.#state === 'open') this.#state = 'draining';
    this.#clearDelayed();
    const drained = new Promise<void>((resolve) => this.#drained.push(resolve));
    this.#settle();
    return drained;
  }

  /** Counters and current sizes. */
  snapshot(): QueueSnapshot {
    const now = this.#clock.now();
    let longest = 0;
    for (const started of this.#processing.values()) longest = Math.max(longest, now - started);
    return {
      depth: this.#queue.length,
      processing: this.#processing.size,
      waiting: this.#delayed.size,
      longestRunningMs: longest,
      ...this.#totals,
      state: this.#state,
    };
  }

  #enqueue(key: K): void {
    this.#queue.push(key);
    this.#queuedAt.set(key, this.#clock.now());
    this.#stats.depth?.(this.#queue.length);
    this.#deliver();
  }

  #take(): K | undefined {
    const key = this.#queue.shift();
    if (key === undefined) return undefined;
    const now = this.#clock.now();
    this.#dirty.delete(key);
    this.#processing.set(key, now);
    this.#stats.latency?.(now - (this.#queuedAt.get(key) ?? now));
    this.#queuedAt.delete(key);
    this.#stats.depth?.(this.#queue.length);
    return key;
  }

  #deliver(): void {
    while (this.#waiters.length > 0 && this.#queue.length > 0) {
      const waiter = this.#waiters.shift();
      waiter?.(this.#take());
    }
  }

  #finished(): boolean {
    if (this.#state === 'closed') return true;
    return this.#state === 'draining' && this.#queue.length === 0 && this.#dirty.size === 0;
  }

  #settle(): void {
    if (!this.#finished()) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter(undefined);
    if (this.#processing.size > 0) return;
    const drained = this.#drained;
    this.#drained = [];
    for (const resolve of drained) resolve();
  }

  #clearDelayed(): void {
    this.#delayed.clear();
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #armTimer(): void {
    const at = this.#delayed.peekTime();
    if (at === undefined || at >= this.#timerAt) return;
    this.#timer?.cancel();
    this.#timerAt = at;
    this.#timer = this.#clock.setTimer(() => {
      this.#onTimer();
    }, at - this.#clock.now());
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    for (const key of this.#delayed.popDue(this.#clock.now())) this.add(key);
    this.#armTimer();
  }
}

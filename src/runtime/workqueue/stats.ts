/**
 * What a work queue reports about itself. The observability layer adapts these callbacks to its
 * metrics registry; the queue itself depends on no metrics library.
 */

/** Callbacks a {@link WorkQueue} invokes; every member is optional. */
export interface QueueStats {
  /** The number of queued keys changed. */
  depth?(depth: number): void;
  /** A key was accepted by `add` (including a dedup of an already queued key). */
  add?(): void;
  /** A key was scheduled through `addRateLimited`. */
  retry?(): void;
  /** A key was refused because the queue was at its maximum depth. */
  drop?(): void;
  /** A key waited `ms` between being queued and being handed to a worker (queue latency). */
  latency?(ms: number): void;
  /** A worker held a key for `ms` between `get` and `done` (work duration). */
  workDuration?(ms: number): void;
}

/** A point-in-time view of a queue, for health pages and tests. */
export interface QueueSnapshot {
  /** Keys queued and ready for a worker. */
  depth: number;
  /** Keys held by workers. */
  processing: number;
  /** Keys waiting for a delay (addAfter / addRateLimited). */
  waiting: number;
  /** How long the longest-held key has been held, in ms (0 when none). */
  longestRunningMs: number;
  /** Totals since the queue was created. */
  adds: number;
  retries: number;
  drops: number;
  /** 'open', 'draining' (intake stopped, queued keys still handed out) or 'closed'. */
  state: QueueState;
}

/** Lifecycle of a queue. */
export type QueueState = 'open' | 'draining' | 'closed';

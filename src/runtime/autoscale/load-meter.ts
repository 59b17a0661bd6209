/**
 * What the operator autoscaler measures of a box (spec §10.3). A box keeps only cumulative counters —
 * reconciles, failures, a histogram of reconcile durations, and the controller's busy and available
 * worker time —, so any reader (the box's own autoscaler, another box's reading `cross.<crd>.metrics`)
 * gets the figures of its own window from the difference of two readings, without a per-reader buffer.
 */
import type { AutoscaleMetrics } from '../../plan/index.ts';

/** The upper bound of the first duration bucket, in ms; each next bucket is {@link GROWTH} times wider. */
const FIRST_BOUND_MS = 0.5;
const GROWTH = 1.25;
/** 0.5 ms × 1.25^71 ≈ 1.3 h: the last bucket takes everything longer. */
const BUCKETS = 72;

/** One box's counters at one moment. */
export interface LoadReading {
  /** Keys waiting in the queue now. */
  readonly queueDepth: number;
  /** Workers now. */
  readonly workers: number;
  /** Worker time spent reconciling since start, in ms. */
  readonly busyMs: number;
  /** Worker time available since start, in ms. */
  readonly capacityMs: number;
  /** Reconciles finished since start. */
  readonly reconciles: number;
  /** Of those, the failed ones (an error or a terminal error). */
  readonly errors: number;
  /** Reconciles finished per duration bucket since start. */
  readonly durations: readonly number[];
}

/** The reconcile counters of a box; the controller gives the rest of a {@link LoadReading}. */
export class LoadMeter {
  #reconciles = 0;
  #errors = 0;
  readonly #durations: number[] = new Array<number>(BUCKETS).fill(0);

  /** Counts one finished reconcile. */
  record(durationMs: number, failed: boolean): void {
    this.#reconciles += 1;
    if (failed) this.#errors += 1;
    const bucket = bucketOf(durationMs);
    this.#durations[bucket] = (this.#durations[bucket] ?? 0) + 1;
  }

  /** The counters so far (a copy). */
  counters(): Pick<LoadReading, 'reconciles' | 'errors' | 'durations'> {
    return { reconciles: this.#reconciles, errors: this.#errors, durations: [...this.#durations] };
  }
}

function bucketOf(durationMs: number): number {
  if (!(durationMs > FIRST_BOUND_MS)) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(durationMs / FIRST_BOUND_MS) / Math.log(GROWTH)));
}

const boundOf = (bucket: number): number => FIRST_BOUND_MS * GROWTH ** bucket;
const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

/** The 95th percentile of the reconciles between two readings: the upper bound of its bucket (≤ 25 % high). */
function p95(before: readonly number[], after: readonly number[]): number {
  const counts = after.map((n, i) => n - (before[i] ?? 0));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = Math.ceil(total * 0.95);
  let seen = 0;
  for (const [bucket, n] of counts.entries()) {
    seen += n;
    if (seen >= rank) return oneDecimal(boundOf(bucket));
  }
  return oneDecimal(boundOf(BUCKETS - 1));
}

const ZERO: LoadReading = {
  queueDepth: 0,
  workers: 0,
  busyMs: 0,
  capacityMs: 0,
  reconciles: 0,
  errors: 0,
  durations: [],
};

/**
 * The metrics of a box over the window between two readings: queue depth and workers as they are now;
 * busy %, p95 and error rate of that window (0 when nothing ran). Without a `before`, the window is
 * everything since start.
 */
export function windowMetrics(before: LoadReading | undefined, after: LoadReading): AutoscaleMetrics {
  const start = before ?? ZERO;
  const capacity = after.capacityMs - start.capacityMs;
  const busy = after.busyMs - start.busyMs;
  const reconciles = after.reconciles - start.reconciles;
  const errors = after.errors - start.errors;
  return {
    queueDepth: after.queueDepth,
    workers: after.workers,
    // Shrinking lets busy workers finish their reconcile, so busy time can briefly exceed capacity.
    workersBusyPercent: capacity > 0 ? oneDecimal(Math.min(100, (busy / capacity) * 100)) : 0,
    reconcileDurationP95Ms: p95(start.durations, after.durations),
    errorRatePercent: reconciles > 0 ? oneDecimal((errors / reconciles) * 100) : 0,
  };
}

/**
 * A box's health: degraded after `failureThreshold` failed reconciles in a row, until one succeeds,
 * and while one of its watches is stale, throttled or failing.
 */
import type { ReconcileOutcome } from '../controller/index.ts';

/** The health of a box as the API reports it. */
export interface BoxHealthReport {
  /** `standby`: a leader election follower, caches synced, workers off (ready, not degraded). */
  status: 'starting' | 'healthy' | 'standby' | 'degraded';
  reasons: string[];
  consecutiveFailures: number;
  /** Active validation warnings (spec §9.3), one line per CR. */
  warnings: string[];
}

/** Counts failures in a row and remembers the last error. */
export class BoxHealth {
  readonly #threshold: number;
  #failures = 0;
  #lastError: string | undefined;

  constructor(failureThreshold: number) {
    this.#threshold = Math.max(1, failureThreshold);
  }

  /** Records one finished reconcile. */
  record(outcome: ReconcileOutcome): void {
    if (outcome.outcome === 'success' || outcome.outcome === 'requeue' || outcome.outcome === 'pending') {
      this.#failures = 0;
      return;
    }
    this.#failures += 1;
    const e = outcome.error;
    this.#lastError = `${outcome.key}: ${e instanceof Error ? e.message : String(e)}`;
  }

  /**
   * The report, given whether the box's caches are ready and why not, and the problems of its
   * watches: a stale, throttled or failing watch degrades the box until it recovers (warnings are
   * added by the box).
   */
  report(
    ready: boolean,
    notReady: readonly string[],
    watchProblems: readonly string[] = [],
  ): Omit<BoxHealthReport, 'warnings'> {
    const consecutiveFailures = this.#failures;
    if (watchProblems.length > 0) {
      const failing = consecutiveFailures >= this.#threshold;
      const more = failing ? [`${consecutiveFailures} failed reconciles in a row`] : [];
      return { status: 'degraded', reasons: [...watchProblems, ...more], consecutiveFailures };
    }
    if (consecutiveFailures >= this.#threshold) {
      const reasons = [
        `${consecutiveFailures} failed reconciles in a row`,
        ...(this.#lastError ? [`last: ${this.#lastError}`] : []),
      ];
      return { status: 'degraded', reasons, consecutiveFailures };
    }
    return { status: ready ? 'healthy' : 'starting', reasons: [...notReady], consecutiveFailures };
  }
}

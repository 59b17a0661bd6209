/**
 * What a box remembers of its reconciles for the HTTP API: the last outcome of each CR (when, how,
 * the error) and success/error totals. One small record per live CR, dropped when a reconcile finds
 * the CR gone, so it never outgrows the cache.
 */
import type { ReconcileOutcome } from '../controller/index.ts';

/** How the last reconcile of a CR ended, as the API shows it. */
export interface LastReconcile {
  /** When it finished (ISO). */
  at: string;
  result: 'success' | 'error' | 'pending';
  /** The error's message, for `error` and `pending`. */
  error?: string;
  durationMs: number;
  /** The message of the last failed reconcile, cleared by a success (kept through a pending one). */
  lastError?: string;
}

/** Reconcile totals of a box since it started: monotonically increasing. */
export interface ReconcileTotals {
  success: number;
  error: number;
}

/** The last reconcile per CR key, and the totals. */
export class ReconcileRecords {
  readonly #byKey = new Map<string, LastReconcile>();
  readonly #totals: ReconcileTotals = { success: 0, error: 0 };

  /** Records a finished reconcile; `exists`: whether its CR is still cached (else it is forgotten). */
  record(outcome: ReconcileOutcome, exists: boolean, now: Date = new Date()): void {
    const result = resultOf(outcome);
    if (result === 'success') this.#totals.success += 1;
    if (result === 'error') this.#totals.error += 1;
    if (!exists) {
      this.#byKey.delete(outcome.key);
      return;
    }
    const error = result === 'success' ? undefined : messageOf(outcome.error);
    const lastError = result === 'pending' ? this.#byKey.get(outcome.key)?.lastError : error;
    this.#byKey.set(outcome.key, {
      at: now.toISOString(),
      result,
      durationMs: outcome.durationMs,
      ...(error === undefined ? {} : { error }),
      ...(lastError === undefined ? {} : { lastError }),
    });
  }

  /** The last reconcile of a CR key, if any since the box started. */
  of(key: string): LastReconcile | undefined {
    return this.#byKey.get(key);
  }

  /** A copy of the totals. */
  totals(): ReconcileTotals {
    return { ...this.#totals };
  }
}

/** success and requeue succeed; error and terminal fail; pending and retry-after wait. */
function resultOf(outcome: ReconcileOutcome): LastReconcile['result'] {
  switch (outcome.outcome) {
    case 'success':
    case 'requeue':
      return 'success';
    case 'error':
    case 'terminal':
      return 'error';
    default:
      return 'pending';
  }
}

function messageOf(error: unknown): string | undefined {
  if (error instanceof Error) return error.message;
  const text = String(error);
  return error === undefined ? undefined : text;
}

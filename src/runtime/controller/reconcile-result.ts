/** What a reconcile returns, and the outcome the controller records for each run. */

/** The result of a successful reconcile: done, or reconcile again after `requeueAfterMs`. */
export interface ReconcileResult {
  /** Reconcile this key again after this many ms (a periodic re-check); absent or ≤ 0: done. */
  readonly requeueAfterMs?: number;
}

/** A reconcile: bring the world in line with `key`'s object. Aborting `signal` asks it to stop. */
export type Reconciler = (key: string, signal: AbortSignal) => Promise<ReconcileResult | undefined>;

/** The result "nothing more to do". */
export const reconcileDone: ReconcileResult = Object.freeze({});

/** The result "reconcile this key again after `ms`". */
export function requeueAfter(ms: number): ReconcileResult {
  return { requeueAfterMs: ms };
}

/** How one reconcile ended. */
export type ReconcileOutcomeKind = 'success' | 'requeue' | 'terminal' | 'retry-after' | 'pending' | 'error';

/** One finished reconcile, as reported to `onReconcile`. */
export interface ReconcileOutcome {
  controller: string;
  key: string;
  outcome: ReconcileOutcomeKind;
  durationMs: number;
  /** The thrown value, for every outcome but success and requeue. */
  error?: unknown;
  /** When the key runs again, if it was requeued. */
  requeueAfterMs?: number;
}

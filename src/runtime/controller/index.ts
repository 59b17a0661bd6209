/**
 * Controllers: sources (informers) → work queue → workers → reconcile, with the requeue contract
 * of the runtime errors (terminal, retry-after, pending, anything else → backoff).
 */
export { Controller } from './controller.ts';
export type { ControllerOptions, ControllerSnapshot, ControllerSource } from './controller.ts';
export { reconcileDone, requeueAfter } from './reconcile-result.ts';
export type {
  ReconcileOutcome,
  ReconcileOutcomeKind,
  ReconcileResult,
  Reconciler,
} from './reconcile-result.ts';

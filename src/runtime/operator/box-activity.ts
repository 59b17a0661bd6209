/**
 * What a box tells the HTTP API besides its caches: how each CR's last reconcile ended, the reconcile
 * totals, and the listeners of its CR changes (the Control Center's stream).
 */
import type { KubeObject } from '../../kube/index.ts';
import type { ReconcileOutcome } from '../controller/index.ts';
import type { Informer } from '../informer/index.ts';
import { CrObservers, type CrListener } from './cr-observers.ts';
import { ReconcileRecords, type LastReconcile, type ReconcileTotals } from './reconcile-records.ts';

/** The activity of one box. */
export class BoxActivity {
  readonly #records = new ReconcileRecords();
  readonly #observers = new CrObservers();

  /** How the last reconcile of a CR key ended, if it ran since the box started. */
  lastReconcile(key: string): LastReconcile | undefined {
    return this.#records.of(key);
  }

  /** The reconcile totals since the box started (monotonic). */
  reconcileTotals(): ReconcileTotals {
    return this.#records.totals();
  }

  /** Calls `listener` on each change of the box's CRs and each reconcile until called back; free unused. */
  observe(listener: CrListener): () => void {
    return this.#observers.add(listener);
  }

  /** The box's CR informers while it runs (`[]` once it stops). */
  watch(informers: readonly Informer[]): void {
    this.#observers.attach(informers);
  }

  /** Records a finished reconcile; `cr`: the CR as cached now, undefined when it is gone. */
  reconciled(outcome: ReconcileOutcome, cr: KubeObject | undefined): void {
    this.#records.record(outcome, cr !== undefined);
    if (cr !== undefined && this.#observers.active) this.#observers.emit({ type: 'reconciled', cr });
  }
}

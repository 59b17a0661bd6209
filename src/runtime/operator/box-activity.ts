/**
 * What a box tells the HTTP API besides its caches: how each CR's last reconcile ended, the reconcile
 * totals, the children each CR's last successful pass applied (identities only: the API joins them
 * with the caches to show a missing one), and the listeners of its CR changes (the Control Center's
 * stream). Everything kept per CR is dropped when a reconcile finds the CR gone.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { ReconcileOutcome } from '../controller/index.ts';
import type { Informer } from '../informer/index.ts';
import { CrObservers, type CrListener, type OwnerKeys } from './cr-observers.ts';
import { ReconcileRecords, type LastReconcile, type ReconcileTotals } from './reconcile-records.ts';

/** Who a child is. */
export interface ChildIdentity {
  apiVersion: string;
  kind: string;
  namespace: string | undefined;
  name: string;
}

/** The activity of one box. */
export class BoxActivity {
  readonly #records = new ReconcileRecords();
  readonly #observers = new CrObservers();
  readonly #applied = new Map<string, readonly ChildIdentity[]>();

  /** How the last reconcile of a CR key ended, if it ran since the box started. */
  lastReconcile(key: string): LastReconcile | undefined {
    return this.#records.of(key);
  }

  /** The reconcile totals since the box started (monotonic). */
  reconcileTotals(): ReconcileTotals {
    return this.#records.totals();
  }

  /** The children the last successful pass of a CR key applied; undefined before its first. */
  appliedChildren(key: string): readonly ChildIdentity[] | undefined {
    return this.#applied.get(key);
  }

  /** Remembers the children a successful pass applied. */
  applied(key: string, children: readonly KubeObject[]): void {
    this.#applied.set(key, children.map(childIdentityOf));
  }

  /** Calls `listener` on each change of the box's CRs and each reconcile until called back; free unused. */
  observe(listener: CrListener): () => void {
    return this.#observers.add(listener);
  }

  /** The box's CR informers while it runs (`[]` once it stops). */
  watch(informers: readonly Informer[]): void {
    this.#observers.attach(informers);
  }

  /** A child informer of the box while it runs; `ownerKeys` names the box's CRs owning a child. */
  watchChildren(informer: Informer, ownerKeys: OwnerKeys): void {
    this.#observers.attachChildren(informer, ownerKeys);
  }

  /** Records a finished reconcile; `cr`: the CR as cached now, undefined when it is gone. */
  reconciled(outcome: ReconcileOutcome, cr: KubeObject | undefined): void {
    this.#records.record(outcome, cr !== undefined);
    if (cr === undefined) this.#applied.delete(outcome.key);
    else if (this.#observers.active) this.#observers.emit({ type: 'reconciled', cr });
  }
}

/** Who a child object is. */
export function childIdentityOf(child: KubeObject): ChildIdentity {
  return {
    apiVersion: child.apiVersion ?? '',
    kind: child.kind ?? '',
    namespace: child.metadata?.namespace,
    name: child.metadata?.name ?? '',
  };
}

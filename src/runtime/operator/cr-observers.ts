/**
 * The listeners of a box's CR changes (the HTTP API's stream). Free while nobody listens: the box's
 * informers get a handler only from the first listener on and lose it after the last one leaves.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { Informer } from '../informer/index.ts';

/** A change of a box's CRs: one upserted or deleted, or one whose reconcile just finished (as cached). */
export type CrChange = { type: 'upsert' | 'delete'; cr: KubeObject } | { type: 'reconciled'; cr: KubeObject };

/** A listener of {@link CrChange}s; called synchronously, so it must only note the change. */
export type CrListener = (change: CrChange) => void;

/** The listeners of one box, with handlers on its CR informers while there are any. */
export class CrObservers {
  readonly #listeners = new Set<CrListener>();
  #informers: readonly Informer[] = [];
  #unwatch: (() => void)[] = [];

  /** Whether anyone listens (the box then reports finished reconciles). */
  get active(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: CrListener): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#watch();
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#unwatchAll();
    };
  }

  /** The box's CR informers, once it runs; `[]` when it stops. */
  attach(informers: readonly Informer[]): void {
    this.#unwatchAll();
    this.#informers = informers;
    if (this.active) this.#watch();
  }

  /** Tells every listener. */
  emit(change: CrChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  #watch(): void {
    for (const informer of this.#informers) {
      // addHandler replays the cache as adds: listeners want changes, not the state they can list
      let replaying = true;
      const unwatch = informer.addHandler({
        onAdd: (cr) => {
          if (!replaying) this.emit({ type: 'upsert', cr });
        },
        onUpdate: (old, cr) => {
          // a resync replays each object as an update of itself
          if (old !== cr) this.emit({ type: 'upsert', cr });
        },
        onDelete: (cr) => {
          this.emit({ type: 'delete', cr });
        },
      });
      replaying = false;
      this.#unwatch.push(unwatch);
    }
  }

  #unwatchAll(): void {
    for (const unwatch of this.#unwatch) unwatch();
    this.#unwatch = [];
  }
}

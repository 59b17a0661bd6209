/**
 * The listeners of a box's CR changes (the HTTP API's stream). Free while nobody listens: the box's
 * informers (its CRs' and its children's) get a handler only from the first listener on and lose it
 * after the last one leaves.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { EventHandler, Informer } from '../informer/index.ts';

/**
 * A change of a box's CRs: one upserted or deleted, one whose reconcile just finished (as cached), or
 * one whose children changed (by CR key).
 */
export type CrChange =
  { type: 'upsert' | 'delete' | 'reconciled'; cr: KubeObject } | { type: 'child'; key: string };

/** A listener of {@link CrChange}s; called synchronously, so it must only note the change. */
export type CrListener = (change: CrChange) => void;

/** The keys of the box's CRs that own a child (none when another box owns it). */
export type OwnerKeys = (child: KubeObject) => string[];

/** An informer and what its objects' changes mean. */
interface Source {
  informer: Informer;
  changed: (obj: KubeObject, deleted: boolean) => CrChange[];
}

/** The listeners of one box, with handlers on its informers while there are any. */
export class CrObservers {
  readonly #listeners = new Set<CrListener>();
  #sources: Source[] = [];
  #unwatch = new Map<Source, () => void>();

  /** Whether anyone listens (the box then reports finished reconciles). */
  get active(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: CrListener): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) for (const source of this.#sources) this.#watch(source);
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#unwatchAll();
    };
  }

  /** The box's CR informers, once it runs; `[]` when it stops (its child informers go too). */
  attach(informers: readonly Informer[]): void {
    this.#unwatchAll();
    this.#sources = [];
    for (const informer of informers) {
      this.#addSource({ informer, changed: (cr, deleted) => [{ type: deleted ? 'delete' : 'upsert', cr }] });
    }
  }

  /** A child informer of the box: a change of a child is a `child` change of each CR owning it. */
  attachChildren(informer: Informer, ownerKeys: OwnerKeys): void {
    this.#addSource({
      informer,
      changed: (child) => ownerKeys(child).map((key) => ({ type: 'child', key })),
    });
  }

  /** Tells every listener. */
  emit(change: CrChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  #addSource(source: Source): void {
    this.#sources.push(source);
    if (this.active) this.#watch(source);
  }

  #watch(source: Source): void {
    const tell = (obj: KubeObject, deleted: boolean): void => {
      for (const change of source.changed(obj, deleted)) this.emit(change);
    };
    // addHandler replays the cache as adds: listeners want changes, not the state they can list
    let replaying = true;
    const handler: EventHandler<KubeObject> = {
      onAdd: (obj) => {
        if (!replaying) tell(obj, false);
      },
      onUpdate: (old, obj) => {
        // a resync replays each object as an update of itself
        if (old !== obj) tell(obj, false);
      },
      onDelete: (obj) => {
        tell(obj, true);
      },
    };
    this.#unwatch.set(source, source.informer.addHandler(handler));
    replaying = false;
  }

  #unwatchAll(): void {
    for (const unwatch of this.#unwatch.values()) unwatch();
    this.#unwatch.clear();
  }
}

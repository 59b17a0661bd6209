/**
 * The child informers of a box: one shared informer per child type, selected on the managed-by
 * label. The types the Katalog names are acquired when the box starts; a type known only once a
 * template has rendered it (a `custom` entry with a templated apiVersion or kind) is acquired by the
 * first reconcile that renders it. Either way the type's children are watched (drift), found
 * (`.children`, pruning) and compared (no write when nothing changed), and the lease is held until
 * the box stops.
 *
 * A type acquired at run time stays watched for the life of the box even when no CR renders it any
 * more: that is what lets pruning find its children. After a restart it is watched again once a
 * reconcile renders it; until then a child of it that is no longer desired is not pruned (it still
 * goes with its CR through the owner reference).
 */
import type { KubeObject, RestMapper } from '../../kube/index.ts';
import { realClock, type Clock } from '../clock.ts';
import { PendingError } from '../errors.ts';
import type { Informer, InformerLease, SharedInformerFactory } from '../informer/index.ts';
import type { ChildType } from '../reconcile/index.ts';

/** The label every child carries; child informers select on it. */
export const MANAGED_SELECTOR = 'app.kubernetes.io/managed-by=orkestra';

/** The requeue delay of a reconcile that found a new type's cache not synced yet. */
const SYNC_RETRY_MS = 1_000;

/** `apiVersion|kind` of a child type. */
export function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

/** Options of {@link ChildInformers}. */
export interface ChildInformersOptions {
  mapper: Pick<RestMapper, 'resourceForObject'>;
  informers: SharedInformerFactory;
  /** The box's run: aborts the waits of reconciles when the box stops. */
  signal: AbortSignal;
  /** How long a reconcile waits for a new type's cache before it requeues quietly. @default 10_000 */
  syncWaitMs?: number;
  /** @default realClock */
  clock?: Clock;
}

/** One box's child informers by type; see the module doc. */
export class ChildInformers {
  /** Cluster-scoped child types by {@link typeKey}, from discovery. */
  readonly clusterScoped = new Set<string>();
  readonly #options: ChildInformersOptions;
  readonly #byType = new Map<string, Informer>();
  readonly #acquiring = new Map<string, Promise<Informer>>();
  readonly #leases: InformerLease[] = [];
  readonly #watchers: ((informer: Informer) => void)[] = [];
  #released = false;

  constructor(options: ChildInformersOptions) {
    this.#options = options;
  }

  /** The informer of a child type, when the box has one. */
  get(apiVersion: string, kind: string): Informer | undefined {
    return this.#byType.get(typeKey(apiVersion, kind));
  }

  /** Every child informer of the box. */
  values(): IterableIterator<Informer> {
    return this.#byType.values();
  }

  /** Whether every child informer acquired so far has synced. */
  synced(): boolean {
    return [...this.#byType.values()].every((informer) => informer.hasSynced());
  }

  /** Calls `watch` with every informer the box has and with each one acquired later. */
  subscribe(watch: (informer: Informer) => void): void {
    this.#watchers.push(watch);
    for (const informer of this.#byType.values()) watch(informer);
  }

  /** Acquires the informers of the types the plan names (at start; the box waits for their sync). */
  async acquireAll(types: readonly ChildType[]): Promise<void> {
    for (const type of types) await this.#acquire(type);
  }

  /**
   * Makes sure every type of `types` has a synced informer. Resolves true when one of them had
   * none (its scope was unknown to the render that named it).
   * @throws PendingError when a new type's cache has not synced within `syncWaitMs` (a quiet requeue);
   * the RESTMapper's error when the type is not served.
   */
  async ensure(types: readonly ChildType[]): Promise<boolean> {
    let added = false;
    for (const type of types) {
      let informer = this.get(type.apiVersion, type.kind);
      if (informer === undefined) {
        informer = await this.#acquire(type);
        added = true;
      }
      if (!informer.hasSynced()) await this.#waitForSync(informer, type);
    }
    return added;
  }

  /** Releases every lease (the box stopped); the informers no other box holds stop. */
  release(): void {
    this.#released = true;
    for (const lease of this.#leases.splice(0)) lease.release();
    this.#byType.clear();
  }

  /** One acquisition per type, however many reconciles render it at once. */
  #acquire(type: ChildType): Promise<Informer> {
    const key = typeKey(type.apiVersion, type.kind);
    let pending = this.#acquiring.get(key);
    if (pending === undefined) {
      pending = this.#resolveAndAcquire(type, key).finally(() => this.#acquiring.delete(key));
      this.#acquiring.set(key, pending);
    }
    return pending;
  }

  async #resolveAndAcquire(type: ChildType, key: string): Promise<Informer> {
    const { mapper, informers, signal } = this.#options;
    const like: KubeObject = { apiVersion: type.apiVersion, kind: type.kind };
    const gvr = await mapper.resourceForObject(like, signal);
    const known = this.#byType.get(key);
    if (known !== undefined) return known;
    if (this.#released) throw new Error(`box stopped before the informer of ${type.kind} was acquired`);
    const lease = informers.acquire(gvr, { labelSelector: MANAGED_SELECTOR });
    this.#leases.push(lease);
    if (!gvr.namespaced) this.clusterScoped.add(key);
    this.#byType.set(key, lease.informer);
    for (const watch of this.#watchers) watch(lease.informer);
    return lease.informer;
  }

  async #waitForSync(informer: Informer, type: ChildType): Promise<void> {
    const { clock = realClock, syncWaitMs = 10_000, signal } = this.#options;
    const giveUp = new AbortController();
    const timer = clock.setTimer(() => {
      giveUp.abort();
    }, syncWaitMs);
    const synced = await informer.waitForSync(AbortSignal.any([signal, giveUp.signal]));
    timer.cancel();
    if (synced) return;
    const what = `${type.kind} (${type.apiVersion})`;
    throw new PendingError(`waiting for the cache of ${what} to sync`, SYNC_RETRY_MS);
  }
}

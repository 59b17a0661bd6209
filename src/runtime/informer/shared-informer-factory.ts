/**
 * One informer per (resource, namespace, label selector) for the whole process. Operators share
 * watches and caches; each registration holds a reference, and the last one to go stops the
 * informer and frees its cache.
 */
import { waitForAbort } from '../abort.ts';
import type { GroupVersionResource, KubeObject, ListerWatcher } from '../../kube/index.ts';
import type { EventHandler, InformerHealth, InformerOptions } from './informer.ts';
import { Informer } from './informer.ts';
import type { ReflectorFailure } from './reflector.ts';

/** Which objects of a resource an informer watches. */
export interface InformerScope {
  /** One namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  /** e.g. `metadata.name=ca`: the Secrets a Katalog names, wherever they are. */
  fieldSelector?: string;
}

/** Options of {@link SharedInformerFactory}. */
export interface SharedInformerFactoryOptions {
  /** Builds the list/watch for a resource (the kube layer's client). */
  listerWatcherFor: (gvr: GroupVersionResource) => ListerWatcher;
  /** Options passed to every informer (clock, resync, backoff, ...). */
  informerOptions?: Omit<InformerOptions<KubeObject>, 'scope' | 'name' | 'resource'>;
  /** Told about every list or watch failure of an informer (logs). */
  onWatchFailure?: (informer: InformerIdentity, failure: ReflectorFailure) => void;
  /** Told when an informer's watch is in contact again after failures (logs). */
  onWatchRecovered?: (informer: InformerIdentity, downMs: number) => void;
}

/** Which informer a report is about: its key and the resource as reasons name it. */
export interface InformerIdentity {
  name: string;
  resource: string;
}

/** A resource as reasons and metrics name it: `deployments.apps`, or `configmaps` for the core group. */
export function resourceName(gvr: GroupVersionResource): string {
  return gvr.group === '' ? gvr.resource : `${gvr.resource}.${gvr.group}`;
}

/** A reference to a shared informer; `release` drops it (idempotent). */
export interface InformerLease {
  readonly informer: Informer;
  release(): void;
}

interface Entry {
  informer: Informer;
  refs: number;
  stop: AbortController;
  running: Promise<void> | undefined;
}

/** The identity of a shared informer: `group/version/resource|namespace|selector[|fieldSelector]`. */
export function informerKey(gvr: GroupVersionResource, scope: InformerScope = {}): string {
  const resource = `${gvr.group}/${gvr.version}/${gvr.resource}`;
  const key = `${resource}|${scope.namespace ?? ''}|${scope.labelSelector ?? ''}`;
  return scope.fieldSelector === undefined ? key : `${key}|${scope.fieldSelector}`;
}

/**
 * The process-wide informer registry, itself a runnable: informers acquired before `start` begin
 * with it; informers acquired later begin at once. Aborting `start`'s signal stops them all.
 */
export class SharedInformerFactory {
  /** Runnable name. */
  readonly name = 'shared-informers';
  readonly #options: SharedInformerFactoryOptions;
  readonly #entries = new Map<string, Entry>();
  #signal: AbortSignal | undefined;

  constructor(options: SharedInformerFactoryOptions) {
    this.#options = options;
  }

  /** Number of live informers. */
  get size(): number {
    return this.#entries.size;
  }

  /** Takes a reference to the informer for `gvr` and `scope`, creating (and starting) it if needed. */
  acquire(gvr: GroupVersionResource, scope: InformerScope = {}): InformerLease {
    const key = informerKey(gvr, scope);
    const entry = this.#entries.get(key) ?? this.#create(key, gvr, scope);
    entry.refs++;
    let released = false;
    return {
      informer: entry.informer,
      release: () => {
        if (released) return;
        released = true;
        this.#release(key, entry);
      },
    };
  }

  /**
   * Acquires the shared informer and registers `handler` on it. The returned function unregisters
   * the handler and releases the reference.
   */
  register(
    gvr: GroupVersionResource,
    scope: InformerScope,
    handler: EventHandler<KubeObject>,
  ): { informer: Informer; unregister: () => void } {
    const lease = this.acquire(gvr, scope);
    const remove = lease.informer.addHandler(handler);
    return {
      informer: lease.informer,
      unregister: () => {
        remove();
        lease.release();
      },
    };
  }

  /** Starts every acquired informer and keeps starting new ones until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#signal !== undefined) throw new Error('shared informer factory already started');
    this.#signal = signal;
    for (const entry of this.#entries.values()) this.#run(entry);
    await waitForAbort(signal);
    await Promise.all([...this.#entries.values()].flatMap((e) => (e.running ? [e.running] : [])));
    this.#entries.clear();
  }

  /**
   * True when every live informer has synced. Whether their watches stay healthy is the readiness
   * of the boxes that read them, each of which names its own stale watches.
   */
  ready(): boolean {
    return [...this.#entries.values()].every((e) => e.informer.hasSynced());
  }

  /** Why the factory is not ready: one line per informer not synced yet. */
  notReadyReasons(): string[] {
    return [...this.#entries.values()]
      .filter((e) => !e.informer.hasSynced())
      .flatMap((e) => e.informer.notReadyReasons());
  }

  /** Health of every live informer. */
  health(): InformerHealth[] {
    return [...this.#entries.values()].map((e) => e.informer.health());
  }

  #create(key: string, gvr: GroupVersionResource, scope: InformerScope): Entry {
    const lw = this.#options.listerWatcherFor(gvr);
    const identity = { name: key, resource: resourceName(gvr) };
    const { onWatchFailure, onWatchRecovered } = this.#options;
    const informer = new Informer(lw, {
      ...this.#options.informerOptions,
      ...identity,
      scope,
      onFailure: (failure) => {
        onWatchFailure?.(identity, failure);
      },
      onRecovered: (downMs) => {
        onWatchRecovered?.(identity, downMs);
      },
    });
    const entry: Entry = { informer, refs: 0, stop: new AbortController(), running: undefined };
    this.#entries.set(key, entry);
    if (this.#signal !== undefined) this.#run(entry);
    return entry;
  }

  #run(entry: Entry): void {
    if (entry.running !== undefined || this.#signal === undefined) return;
    const signal = AbortSignal.any([this.#signal, entry.stop.signal]);
    entry.running = entry.informer.start(signal);
  }

  #release(key: string, entry: Entry): void {
    entry.refs--;
    if (entry.refs > 0) return;
    entry.stop.abort();
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }
}

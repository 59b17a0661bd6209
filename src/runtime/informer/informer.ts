/**
 * An informer: a reflector feeding a frozen, indexed cache, and handlers told about every add,
 * update (old and new object) and delete, plus a periodic resync that replays the cache as
 * updates without any API call. Its watch's health is its readiness: {@link Informer.watchProblem}
 * says why a synced cache can no longer be trusted to be current (a watch cut for silence, throttled,
 * or failing for too long).
 */
import {
  TooManyRequestsError,
  WatchInactivityError,
  type KubeObject,
  type ListerWatcher,
  type WatchEvent,
} from '../../kube/index.ts';
import type { Clock, Timer } from '../clock.ts';
import { realClock } from '../clock.ts';
import { keyOf, toCached } from './object-key.ts';
import type { ReflectorHealth, ReflectorOptions } from './reflector.ts';
import { Reflector } from './reflector.ts';
import type { IndexFunc, StoreReader } from './store.ts';
import { Store } from './store.ts';

/** Callbacks for cache changes. Each is called synchronously; errors are caught per handler. */
export interface EventHandler<T> {
  onAdd?(obj: T): void;
  /** Also called with `(obj, obj)` on resync. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** Receives the last known state (after a relist, the state before the disconnection). */
  onDelete?(obj: T): void;
}

/** Options of {@link Informer}. */
export interface InformerOptions<T> extends ReflectorOptions {
  /** Name used in health reports. @default 'informer' */
  name?: string;
  /** The resource as reasons and metrics name it, e.g. `deployments.apps`. @default name */
  resource?: string;
  /** Replay the cache to update handlers every this many ms; 0 disables. @default 0 */
  resyncMs?: number;
  /** Deep-freeze cached objects. @default true */
  freeze?: boolean;
  /** Extra store indexes (besides `namespace` and `owner`). */
  indexers?: Record<string, IndexFunc<T>>;
  /**
   * Failing longer than this makes `ready()` false (a watch cut for silence or throttled does at
   * once). @default 10_000
   */
  maxDisconnectedMs?: number;
  /** Receives errors thrown by handlers (the informer keeps going). */
  onHandlerError?: (error: unknown) => void;
}

/** Health of an informer: the reflector's plus its name and cache size. */
export interface InformerHealth extends ReflectorHealth {
  name: string;
  resource: string;
  objects: number;
  handlerErrors: number;
}

/** One list/watch, one cache, many handlers. Run it with `start(signal)`; abort to stop and free it. */
export class Informer<T extends KubeObject = KubeObject> {
  /** Name used in health reports. */
  readonly name: string;
  /** The resource as reasons and metrics name it. */
  readonly resource: string;
  readonly #store: Store<T>;
  readonly #reflector: Reflector<T>;
  readonly #clock: Clock;
  readonly #handlers = new Set<EventHandler<T>>();
  readonly #options: InformerOptions<T>;
  #syncWaiters: ((synced: boolean) => void)[] = [];
  #resyncTimer: Timer | undefined;
  #handlerErrors = 0;
  #started = false;

  constructor(lw: ListerWatcher<T>, options: InformerOptions<T> = {}) {
    this.name = options.name ?? 'informer';
    this.resource = options.resource ?? this.name;
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.#store = new Store<T>(options.indexers);
    this.#reflector = new Reflector<T>(
      lw,
      {
        replace: (items) => {
          this.#replace(items);
        },
        apply: (event) => {
          this.#apply(event);
        },
      },
      options,
    );
  }

  /** The cache (read-only). */
  get store(): StoreReader<T> {
    return this.#store;
  }

  /**
   * Registers handlers; if the cache is already synced they first get `onAdd` for every cached
   * object. Returns the function that unregisters them.
   */
  addHandler(handler: EventHandler<T>): () => void {
    this.#handlers.add(handler);
    if (this.hasSynced()) {
      for (const obj of this.#store.list()) this.#call(handler, (h) => h.onAdd?.(obj));
    }
    return () => {
      this.#handlers.delete(handler);
    };
  }

  /** Number of registered handlers. */
  get handlerCount(): number {
    return this.#handlers.size;
  }

  /** True once the first complete list is in the cache. */
  hasSynced(): boolean {
    return this.#reflector.health().synced;
  }

  /** Resolves true once synced, or false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.hasSynced()) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#syncWaiters.push((synced) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(synced);
      });
    });
  }

  /** Synced, and its watch neither stale, throttled nor failing for longer than `maxDisconnectedMs`. */
  ready(): boolean {
    return this.hasSynced() && this.watchProblem() === undefined;
  }

  /** Why the informer is not ready (empty when it is), with its last error. */
  notReadyReasons(): string[] {
    const problem = this.watchProblem();
    if (problem !== undefined) return [`${this.name}: ${problem}`];
    if (this.hasSynced()) return [];
    const { lastError } = this.#reflector.health();
    const error = lastError instanceof Error ? `: ${lastError.message}` : '';
    return [`${this.name}: not synced${error}`];
  }

  /**
   * Why the cache cannot be trusted to be current, e.g. `watch of deployments.apps stale for 72 s`
   * or `watch of deployments.apps throttled (429), retrying in 3 s`; undefined while the watch is
   * in contact, or failing for less than `maxDisconnectedMs` with another error (a reconnect in
   * progress). A cache not synced yet has a problem only when throttled (else it is just starting).
   */
  watchProblem(): string | undefined {
    const { synced, disconnectedSince, lastError, lastContactAt, retryAt } = this.#reflector.health();
    if (disconnectedSince === undefined) return undefined;
    const now = this.#clock.now();
    const what = `${synced ? 'watch' : 'list'} of ${this.resource}`;
    if (lastError instanceof TooManyRequestsError) return `${what} ${throttled(retryAt, now)}`;
    if (!synced) return undefined;
    if (lastError instanceof WatchInactivityError) {
      return `${what} stale for ${Math.floor((now - (lastContactAt ?? disconnectedSince)) / 1000)} s`;
    }
    const down = now - disconnectedSince;
    if (down <= (this.#options.maxDisconnectedMs ?? 10_000)) return undefined;
    const error = lastError instanceof Error ? `: ${lastError.message}` : '';
    return `${what} failing for ${secondsOf(down)} s${error}`;
  }

  /** The reflector's health plus name, cache size and handler error count. */
  health(): InformerHealth {
    const objects = this.#store.size;
    const { name, resource } = this;
    return { ...this.#reflector.health(), name, resource, objects, handlerErrors: this.#handlerErrors };
  }

  /** Lists, watches and resyncs until `signal` aborts, then frees the cache and handlers. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new Error(`informer ${this.name} already started`);
    this.#started = true;
    this.#armResync();
    try {
      await this.#reflector.run(signal);
    } finally {
      this.#resyncTimer?.cancel();
      this.#handlers.clear();
      this.#store.replace([]);
      for (const waiter of this.#syncWaiters.splice(0)) waiter(false);
    }
  }

  #replace(items: T[]): void {
    const diff = this.#store.replace(items.map((obj) => toCached(obj, this.#options.freeze)));
    for (const obj of diff.added) this.#dispatch((h) => h.onAdd?.(obj));
    for (const [old, obj] of diff.updated) this.#dispatch((h) => h.onUpdate?.(old, obj));
    for (const obj of diff.deleted) this.#dispatch((h) => h.onDelete?.(obj));
    for (const waiter of this.#syncWaiters.splice(0)) waiter(true);
  }

  #apply(event: WatchEvent<T>): void {
    const obj = toCached(event.object, this.#options.freeze);
    if (event.type === 'DELETED') {
      const last = this.#store.remove(keyOf(obj)) ?? obj;
      this.#dispatch((h) => h.onDelete?.(last));
      return;
    }
    const old = this.#store.upsert(obj);
    if (old === undefined) {
      this.#dispatch((h) => h.onAdd?.(obj));
    } else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) {
      this.#dispatch((h) => h.onUpdate?.(old, obj));
    }
  }

  #armResync(): void {
    const period = this.#options.resyncMs ?? 0;
    if (period <= 0) return;
    this.#resyncTimer = this.#clock.setTimer(() => {
      if (this.hasSynced()) this.#resync();
      this.#armResync();
    }, period);
  }

  #resync(): void {
    for (const obj of this.#store.list()) this.#dispatch((h) => h.onUpdate?.(obj, obj));
  }

  #dispatch(invoke: (handler: EventHandler<T>) => void): void {
    for (const handler of [...this.#handlers]) this.#call(handler, invoke);
  }

  #call(handler: EventHandler<T>, invoke: (handler: EventHandler<T>) => void): void {
    try {
      invoke(handler);
    } catch (error) {
      this.#handlerErrors++;
      this.#options.onHandlerError?.(error);
    }
  }
}

/** `throttled (429), retrying in 3 s` */
function throttled(retryAt: number | undefined, now: number): string {
  return `throttled (429), retrying ${retryAt === undefined ? 'now' : `in ${secondsOf(retryAt - now)} s`}`;
}

/** Whole seconds, rounded up (a retry 200 ms away is "in 1 s", not "in 0 s"). */
function secondsOf(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

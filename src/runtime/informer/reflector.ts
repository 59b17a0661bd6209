/**
 * The reflector keeps a cache in step with the API server: list (paginated), then watch from the
 * list's resourceVersion, resuming from the last seen resourceVersion (bookmarks move it) after any
 * stream end or error. Only a 410 Gone makes it relist. It never stops silently: every failure is
 * retried with jittered backoff and shows in {@link ReflectorHealth}.
 */
import type { KubeObject, ListerWatcher, ListOptions, WatchEvent } from '../../kube/index.ts';
import type { Clock, Timer } from '../clock.ts';
import { realClock, sleep } from '../clock.ts';

/** Where the reflector delivers what it learns. */
export interface ReflectorSink<T extends KubeObject> {
  /** The complete current state after a (re)list. */
  replace(items: T[]): void;
  /** One ADDED, MODIFIED or DELETED event. */
  apply(event: WatchEvent<T>): void;
}

/** Options of {@link Reflector}. */
export interface ReflectorOptions {
  /** Namespace, label and field selector of every list and watch. */
  scope?: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'>;
  /** Items per list page. @default 500 */
  pageSize?: number;
  /** @default realClock */
  clock?: Clock;
  /** First retry delay after a failure (jittered ±50 %, doubling). @default 800 */
  initialBackoffMs?: number;
  /** Largest retry delay. @default 30_000 */
  maxBackoffMs?: number;
  /** A watch with no event for this long is considered dead and reopened. @default 660_000 (11 min) */
  watchInactivityMs?: number;
  /** A stream that ends sooner than this without events counts as a failure (backoff). @default 1000 */
  minWatchMs?: number;
  /** Random numbers in [0, 1) for jitter. @default Math.random */
  random?: () => number;
}

/** How the list/watch loop is doing, for readiness and health pages. */
export interface ReflectorHealth {
  /** A complete list has been delivered at least once. */
  synced: boolean;
  /** Synced, running, and no failure since the last successful contact with the server. */
  healthy: boolean;
  /** The most recent failure (kept after recovery, see `lastErrorAt`). */
  lastError: unknown;
  lastErrorAt: number | undefined;
  /** When the first failure since the last successful contact happened; undefined when connected. */
  disconnectedSince: number | undefined;
  /** The resourceVersion the next watch resumes from. */
  resourceVersion: string;
  /** Complete lists done (the first one included). */
  lists: number;
  /** Watch streams opened. */
  watches: number;
}

/** A watch ERROR event, or a watch closed by the inactivity timer. `code` is the HTTP status if any. */
export class WatchError extends Error {
  /** HTTP status from the Status object (410 means the resourceVersion expired). */
  readonly code: number;

  constructor(message: string, code = 0) {
    super(message);
    this.name = 'WatchError';
    this.code = code;
  }
}

/** True for an HTTP 410 Gone from the kube layer (matched by shape: `code` 410 or a `GoneError`). */
export function isGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as { code?: unknown; name?: unknown };
  return shape.code === 410 || shape.name === 'GoneError';
}

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function retryAfterMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

function errorFromStatus(object: KubeObject): WatchError {
  const code = typeof object.code === 'number' ? object.code : 0;
  const message = typeof object.message === 'string' ? object.message : 'watch error event';
  return new WatchError(message, code);
}

/** The list-then-watch loop of one informer. */
export class Reflector<T extends KubeObject = KubeObject> {
  readonly #lw: ListerWatcher<T>;
  readonly #sink: ReflectorSink<T>;
  readonly #scope: ReflectorOptions['scope'];
  readonly #clock: Clock;
  readonly #options: Required<Omit<ReflectorOptions, 'scope' | 'clock'>>;
  #needList = true;
  #running = false;
  #state = {
    synced: false,
    lastError: undefined as unknown,
    lastErrorAt: undefined as number | undefined,
    disconnectedSince: undefined as number | undefined,
    resourceVersion: '',
    lists: 0,
    watches: 0,
  };

  constructor(lw: ListerWatcher<T>, sink: ReflectorSink<T>, options: ReflectorOptions = {}) {
    this.#lw = lw;
    this.#sink = sink;
    this.#scope = options.scope;
    this.#clock = options.clock ?? realClock;
    this.#options = {
      pageSize: options.pageSize ?? 500,
      initialBackoffMs: options.initialBackoffMs ?? 800,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      watchInactivityMs: options.watchInactivityMs ?? 660_000,
      minWatchMs: options.minWatchMs ?? 1000,
      random: options.random ?? Math.random,
    };
  }

  /** A copy of the current health. */
  health(): ReflectorHealth {
    const s = this.#state;
    return { ...s, healthy: this.#running && s.synced && s.disconnectedSince === undefined };
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.#running = true;
    let failures = 0;
    while (!signal.aborted) {
      let listing = this.#needList;
      let error: unknown;
      try {
        if (listing) await this.#listAll(signal);
        listing = false;
        failures = (await this.#watchOnce(signal)) ? 0 : failures + 1;
      } catch (caught) {
        if (isAborted(signal)) break;
        error = caught;
        failures = this.#recordFailure(caught, listing) ? 0 : failures + 1;
      }
      if (failures > 0) await this.#pause(failures, error, signal);
    }
    this.#running = false;
  }

  async #listAll(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let page = await this.#lw.list({ ...this.#scope, limit: this.#options.pageSize }, signal);
    items.push(...page.items);
    while (page.continue) {
      const options = { ...this.#scope, limit: this.#options.pageSize, continue: page.continue };
      page = await this.#lw.list(options, signal);
      items.push(...page.items);
    }
    this.#sink.replace(items);
    this.#state.resourceVersion = page.resourceVersion;
    this.#state.lists++;
    this.#state.synced = true;
    this.#needList = false;
    this.#state.disconnectedSince = undefined;
  }

  /** Watches once; resolves true when the stream ended in a way that needs no backoff. */
  async #watchOnce(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return true;
    const inactive = new AbortController();
    const linked = AbortSignal.any([signal, inactive.signal]);
    const started = this.#clock.now();
    let events = 0;
    let timer: Timer | undefined;
    const arm = (): void => {
      timer?.cancel();
      timer = this.#clock.setTimer(() => {
        inactive.abort(new WatchError(`no watch event for ${this.#options.watchInactivityMs} ms`));
      }, this.#options.watchInactivityMs);
    };
    this.#state.watches++;
    arm();
    try {
      const options = { ...this.#scope, resourceVersion: this.#state.resourceVersion };
      for await (const event of this.#lw.watch(options, linked)) {
        arm();
        events++;
        this.#handle(event);
      }
    } catch (error) {
      throw inactive.signal.aborted && !isAborted(signal) ? inactive.signal.reason : error;
    } finally {
      timer?.cancel();
    }
    if (inactive.signal.aborted && !isAborted(signal)) throw inactive.signal.reason;
    return events > 0 || this.#clock.now() - started >= this.#options.minWatchMs;
  }

  #handle(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') throw errorFromStatus(event.object);
    this.#state.disconnectedSince = undefined;
    if (event.type !== 'BOOKMARK') this.#sink.apply(event);
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.#state.resourceVersion = rv;
  }

  /** Records a failure; returns true when the loop should retry at once (410 while watching). */
  #recordFailure(error: unknown, listing: boolean): boolean {
    if (isGone(error)) this.#needList = true;
    if (isGone(error) && !listing) return true;
    const now = this.#clock.now();
    this.#state.lastError = error;
    this.#state.lastErrorAt = now;
    this.#state.disconnectedSince ??= now;
    return false;
  }

  async #pause(failures: number, error: unknown, signal: AbortSignal): Promise<void> {
    const { initialBackoffMs, maxBackoffMs, random } = this.#options;
    const base = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(failures - 1, 30));
    const jittered = Math.min(maxBackoffMs, base * (0.5 + random()));
    const delay = Math.max(jittered, retryAfterMs(error) ?? 0);
    await sleep(this.#clock, delay, signal).catch(() => undefined);
  }
}

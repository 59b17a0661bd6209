/**
 * The reflector keeps a cache in step with the API server: list (paginated), then watch from the
 * list's resourceVersion, resuming from the last seen resourceVersion (bookmarks move it) after any
 * stream end or error. Only a 410 Gone makes it relist. It never stops silently: every failure is
 * retried with jittered backoff (at least the server's Retry-After) and shows in
 * {@link ReflectorHealth}. A watch that goes silent is the lister-watcher's to detect (the kube
 * layer's inactivity timer ends it with a `WatchInactivityError`); it counts as a failure here.
 */
import { errorFromStatus, GoneError } from '../../kube/index.ts';
import type { KubeObject, ListerWatcher, ListOptions, WatchEvent } from '../../kube/index.ts';
import { backoffMs } from '../../util/index.ts';
import type { Clock } from '../clock.ts';
import { realClock, sleep } from '../clock.ts';
import { retryAfterOf } from '../errors.ts';

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

/** A function, because TypeScript narrows `signal.aborted` to false inside `while (!signal.aborted)`. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** ±50 % around the exponential value, so that informers cut off together do not return together. */
const JITTER = [0.5, 1.5] as const;

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
    const started = this.#clock.now();
    let events = 0;
    this.#state.watches++;
    const options = { ...this.#scope, resourceVersion: this.#state.resourceVersion };
    for await (const event of this.#lw.watch(options, signal)) {
      events++;
      this.#handle(event);
    }
    return events > 0 || this.#clock.now() - started >= this.#options.minWatchMs;
  }

  #handle(event: WatchEvent<T>): void {
    // The kube layer throws an ERROR event's Status itself; this keeps any lister-watcher honest.
    if (event.type === 'ERROR') throw errorFromStatus(event.object, 500);
    this.#state.disconnectedSince = undefined;
    if (event.type !== 'BOOKMARK') this.#sink.apply(event);
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.#state.resourceVersion = rv;
  }

  /** Records a failure; returns true when the loop should retry at once (410 while watching). */
  #recordFailure(error: unknown, listing: boolean): boolean {
    const gone = error instanceof GoneError;
    if (gone) this.#needList = true;
    if (gone && !listing) return true;
    const now = this.#clock.now();
    this.#state.lastError = error;
    this.#state.lastErrorAt = now;
    this.#state.disconnectedSince ??= now;
    return false;
  }

  /** Waits the backoff of the `failures`-th failure in a row, or the server's Retry-After if longer. */
  async #pause(failures: number, error: unknown, signal: AbortSignal): Promise<void> {
    const { initialBackoffMs, maxBackoffMs, random } = this.#options;
    const policy = { initialMs: initialBackoffMs, maxMs: maxBackoffMs, jitter: JITTER };
    const delay = Math.max(backoffMs(failures - 1, policy, random), retryAfterOf(error)?.retryAfterMs ?? 0);
    await sleep(this.#clock, delay, signal).catch(() => undefined);
  }
}

/**
 * The reflector keeps a cache in step with the API server: list (paginated), then watch from the
 * list's resourceVersion, resuming from the last seen resourceVersion (bookmarks move it) after any
 * stream end or error. Only a 410 Gone makes it relist. It never stops silently: every failure is
 * retried with jittered backoff (at least the server's Retry-After) and shows in
 * {@link ReflectorHealth}. A watch that goes silent is the lister-watcher's to detect (the kube
 * layer's inactivity timer ends it with a `WatchInactivityError`); it counts as a failure here.
 *
 * It also keeps the watch's vital signs for metrics and readiness: when it last heard from the
 * server (an event, a bookmark, a list, a watch accepted — one timestamp stored, nothing allocated
 * per event), and how many relists, 410s, 429s and restarts it went through.
 */
import { errorFromStatus, GoneError, TooManyRequestsError, WatchInactivityError } from '../../kube/index.ts';
import type { KubeObject, ListerWatcher, ListOptions, WatchEvent } from '../../kube/index.ts';
import { backoffMs, retryAfterJitterMs } from '../../util/index.ts';
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
  /**
   * Largest retry delay of the reflector's own after a failure that carried a Retry-After (a 429
   * of priority and fairness); the server's Retry-After is still waited if longer. @default 5_000
   */
  maxRetryAfterBackoffMs?: number;
  /** A stream that ends sooner than this without events counts as a failure (backoff). @default 1000 */
  minWatchMs?: number;
  /** Random numbers in [0, 1) for jitter. @default Math.random */
  random?: () => number;
  /** Told about every failure of a list or watch, with the delay before the next try (for logs). */
  onFailure?: (failure: ReflectorFailure) => void;
  /** Told when the watch is in contact again after failures (for logs). */
  onRecovered?: (downMs: number) => void;
}

/** Why a watch was restarted: cut for silence, 410 Gone, 429 throttled, or any other error. */
export type WatchRestartReason = 'inactivity' | 'gone' | 'throttled' | 'error';

/** One failure of the list/watch loop. */
export interface ReflectorFailure {
  error: unknown;
  reason: WatchRestartReason;
  /** The failure happened while listing (else while watching). */
  listing: boolean;
  /** Milliseconds before the next try (0: at once). */
  retryInMs: number;
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
  /** When the server was last heard from: an event, a bookmark, a list or a watch accepted. */
  lastContactAt: number | undefined;
  /** Lists after the first one. */
  relists: number;
  /** 410 Gone answers, to a list or a watch. */
  gone: number;
  /** 429 Too Many Requests answers, to a list or a watch (after the client's own retries). */
  throttled: number;
  /** Watches restarted after a failure, by why. */
  restarts: Record<WatchRestartReason, number>;
  /** When the next try is due while the loop waits after a failure; undefined otherwise. */
  retryAt: number | undefined;
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
  readonly #options: Required<Omit<ReflectorOptions, 'scope' | 'clock' | 'onFailure' | 'onRecovered'>>;
  #needList = true;
  #running = false;
  /** The server answered during the current attempt (a watch accepted, an event, a list). */
  #answered = false;
  #state = {
    synced: false,
    lastError: undefined as unknown,
    lastErrorAt: undefined as number | undefined,
    disconnectedSince: undefined as number | undefined,
    resourceVersion: '',
    lists: 0,
    watches: 0,
    lastContactAt: undefined as number | undefined,
    relists: 0,
    gone: 0,
    throttled: 0,
    restarts: { inactivity: 0, gone: 0, throttled: 0, error: 0 },
    retryAt: undefined as number | undefined,
  };
  readonly #onFailure: ReflectorOptions['onFailure'];
  readonly #onRecovered: ReflectorOptions['onRecovered'];

  constructor(lw: ListerWatcher<T>, sink: ReflectorSink<T>, options: ReflectorOptions = {}) {
    this.#lw = lw;
    this.#sink = sink;
    this.#scope = options.scope;
    this.#clock = options.clock ?? realClock;
    this.#options = {
      pageSize: options.pageSize ?? 500,
      initialBackoffMs: options.initialBackoffMs ?? 800,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      maxRetryAfterBackoffMs: options.maxRetryAfterBackoffMs ?? 5_000,
      minWatchMs: options.minWatchMs ?? 1000,
      random: options.random ?? Math.random,
    };
    this.#onFailure = options.onFailure;
    this.#onRecovered = options.onRecovered;
  }

  /** A copy of the current health. */
  health(): ReflectorHealth {
    const s = this.#state;
    const healthy = this.#running && s.synced && s.disconnectedSince === undefined;
    return { ...s, restarts: { ...s.restarts }, healthy };
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.#running = true;
    let failures = 0;
    while (!signal.aborted) {
      let listing = this.#needList;
      let error: unknown;
      this.#answered = false;
      try {
        if (listing) await this.#listAll(signal);
        listing = false;
        failures = (await this.#watchOnce(signal)) ? 0 : failures + 1;
      } catch (caught) {
        if (isAborted(signal)) break;
        error = caught;
        // A watch the server accepted before it failed (cut for silence, say) starts the backoff
        // again: only failures without any answer in between make it grow.
        const retryAtOnce = this.#recordFailure(caught, listing);
        failures = retryAtOnce ? 0 : this.#wasAnswered() ? 1 : failures + 1;
        if (failures === 0) this.#report(caught, listing, 0);
      }
      if (failures > 0) await this.#pause(failures, { error, listing }, signal);
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
    if (this.#state.lists++ > 0) this.#state.relists++;
    this.#state.synced = true;
    this.#needList = false;
    this.#heard();
  }

  /** A method, because TypeScript narrows the field to its last assignment inside `run`. */
  #wasAnswered(): boolean {
    return this.#answered;
  }

  /** The server answered: in contact again. */
  #heard(): void {
    const s = this.#state;
    const now = this.#clock.now();
    this.#answered = true;
    s.lastContactAt = now;
    if (s.disconnectedSince === undefined) return;
    const downMs = now - s.disconnectedSince;
    s.disconnectedSince = undefined;
    this.#onRecovered?.(downMs);
  }

  /** Watches once; resolves true when the stream ended in a way that needs no backoff. */
  async #watchOnce(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return true;
    const started = this.#clock.now();
    let events = 0;
    this.#state.watches++;
    const options = {
      ...this.#scope,
      resourceVersion: this.#state.resourceVersion,
      onOpen: () => {
        this.#heard();
      },
    };
    for await (const event of this.#lw.watch(options, signal)) {
      events++;
      this.#handle(event);
    }
    return events > 0 || this.#clock.now() - started >= this.#options.minWatchMs;
  }

  #handle(event: WatchEvent<T>): void {
    // The kube layer throws an ERROR event's Status itself; this keeps any lister-watcher honest.
    if (event.type === 'ERROR') throw errorFromStatus(event.object, 500);
    // A timestamp, and the rest only after a failure: this runs for every event of every watch.
    this.#answered = true;
    if (this.#state.disconnectedSince === undefined) this.#state.lastContactAt = this.#clock.now();
    else this.#heard();
    if (event.type !== 'BOOKMARK') this.#sink.apply(event);
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.#state.resourceVersion = rv;
  }

  /** Records a failure; returns true when the loop should retry at once (410 while watching). */
  #recordFailure(error: unknown, listing: boolean): boolean {
    const reason = restartReasonOf(error);
    const s = this.#state;
    if (reason === 'gone') s.gone++;
    if (reason === 'throttled') s.throttled++;
    if (!listing) s.restarts[reason]++;
    const gone = reason === 'gone';
    if (gone) this.#needList = true;
    if (gone && !listing) return true;
    const now = this.#clock.now();
    this.#state.lastError = error;
    this.#state.lastErrorAt = now;
    this.#state.disconnectedSince ??= now;
    return false;
  }

  /**
   * Waits the backoff of the `failures`-th failure in a row, or the server's Retry-After (with
   * jitter, so the informers it throttled together do not return together) if longer.
   *
   * After a failure with a Retry-After the backoff grows to `maxRetryAfterBackoffMs` only: such a
   * server paces its clients itself (priority and fairness on a 1.33 API server answers every
   * rejection with `Retry-After: 1`, and a rejection costs it next to nothing), while a watch that
   * backs off far past that keeps the cache stale, and every write made from it conflicting, for up
   * to `maxBackoffMs` after the limit lifted.
   */
  async #pause(
    failures: number,
    failure: { error: unknown; listing: boolean },
    signal: AbortSignal,
  ): Promise<void> {
    const { initialBackoffMs, maxBackoffMs, maxRetryAfterBackoffMs, random } = this.#options;
    const retryAfterMs = retryAfterOf(failure.error)?.retryAfterMs;
    const maxMs = retryAfterMs === undefined ? maxBackoffMs : Math.min(maxBackoffMs, maxRetryAfterBackoffMs);
    const policy = { initialMs: initialBackoffMs, maxMs, jitter: JITTER };
    const delay = Math.max(
      backoffMs(failures - 1, policy, random),
      retryAfterMs === undefined ? 0 : retryAfterJitterMs(retryAfterMs, random),
    );
    this.#state.retryAt = this.#clock.now() + delay;
    if (failure.error !== undefined) this.#report(failure.error, failure.listing, delay);
    try {
      await sleep(this.#clock, delay, signal).catch(() => undefined);
    } finally {
      this.#state.retryAt = undefined;
    }
  }

  #report(error: unknown, listing: boolean, retryInMs: number): void {
    this.#onFailure?.({ error, reason: restartReasonOf(error), listing, retryInMs });
  }
}

/** Why a failure restarts a watch. */
export function restartReasonOf(error: unknown): WatchRestartReason {
  if (error instanceof WatchInactivityError) return 'inactivity';
  if (error instanceof GoneError) return 'gone';
  if (error instanceof TooManyRequestsError) return 'throttled';
  return 'error';
}

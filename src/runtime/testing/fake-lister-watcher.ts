/**
 * An in-memory API server for one resource, for tests: objects with resourceVersions, paginated
 * lists, watches that replay from a resourceVersion, and scripted failures (stream end, error,
 * 410 Gone after compaction, a silent stream). It keeps the {@link ListerWatcher} contract of the
 * kube layer's real one — same error types, ERROR events thrown as their Status's error, the same
 * inactivity timer — and a shared contract test runs both (lister-watcher.contract.test.ts).
 */
import { errorFromStatus, GoneError, WatchInactivityError } from '../../kube/index.ts';
import type {
  KubeObject,
  ListerWatcher,
  ListOptions,
  ListResult,
  WatchEvent,
  WatchListOptions,
} from '../../kube/index.ts';

/** Options of {@link FakeListerWatcher}. */
export interface FakeListerWatcherOptions {
  /**
   * A watch stream that receives nothing for this long fails with a `WatchInactivityError`, as the
   * kube layer's does. @default no limit
   */
  inactivityMs?: number;
  /** Schedules the inactivity timer (pass a FakeClock's `setTimer`). @default setTimeout */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

interface Stream<T extends KubeObject> {
  events: WatchEvent<T>[];
  end: boolean;
  error: unknown;
  wake: (() => void) | undefined;
  scope: Pick<ListOptions, 'namespace' | 'labelSelector'>;
  /** Restarts the inactivity timer (a no-op without one). */
  heard: () => void;
}

function keyOf(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

function matches(obj: KubeObject, scope: Pick<ListOptions, 'namespace' | 'labelSelector'>): boolean {
  if (scope.namespace !== undefined && obj.metadata?.namespace !== scope.namespace) return false;
  if (!scope.labelSelector) return true;
  return scope.labelSelector.split(',').every((term) => {
    const [k = '', v] = term.split('=');
    return obj.metadata?.labels?.[k] === v;
  });
}

function setRealTimer(fn: () => void, ms: number): { cancel(): void } {
  const handle = setTimeout(fn, ms);
  return {
    cancel: () => {
      clearTimeout(handle);
    },
  };
}

/** A scriptable {@link ListerWatcher}. Objects handed in are cloned; every event carries a clone. */
export class FakeListerWatcher<T extends KubeObject = KubeObject> implements ListerWatcher<T> {
  readonly #objects = new Map<string, T>();
  readonly #log: { rv: number; event: WatchEvent<T> }[] = [];
  readonly #streams = new Set<Stream<T>>();
  readonly #listFailures: Error[] = [];
  readonly #watchFailures: Error[] = [];
  readonly #options: FakeListerWatcherOptions;
  #rv = 1;
  #compactedRv = 0;
  /** Calls of `list` (pages) and `watch` so far. */
  readonly calls = { list: 0, watch: 0 };
  /** The options of every call, newest last. */
  readonly requests: { verb: 'list' | 'watch'; options: ListOptions }[] = [];

  constructor(options: FakeListerWatcherOptions = {}) {
    this.#options = options;
  }

  /** Open watch streams. */
  get openWatches(): number {
    return this.#streams.size;
  }

  /** The current resourceVersion of the collection. */
  get resourceVersion(): string {
    return String(this.#rv);
  }

  /** Creates or replaces an object (ADDED or MODIFIED) and returns the stored copy. */
  upsert(obj: T): T {
    const exists = this.#objects.has(keyOf(obj));
    const stored = structuredClone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++this.#rv) };
    this.#objects.set(keyOf(stored), stored);
    this.#record({ type: exists ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  /** Deletes the object with `key` (DELETED). */
  remove(key: string): void {
    const old = this.#objects.get(key);
    if (old === undefined) return;
    this.#objects.delete(key);
    const object = structuredClone(old);
    object.metadata = { ...object.metadata, resourceVersion: String(++this.#rv) };
    this.#record({ type: 'DELETED', object });
  }

  /** Sends a BOOKMARK with the current resourceVersion to every open watch. */
  bookmark(): void {
    const object = { metadata: { resourceVersion: String(this.#rv) } } as T;
    for (const stream of this.#streams) this.#push(stream, { type: 'BOOKMARK', object });
  }

  /** Forgets history: a watch from an older resourceVersion now fails with 410 Gone. */
  compact(): void {
    this.#compactedRv = this.#rv;
    this.#log.length = 0;
  }

  /** Ends every open watch stream normally. */
  endStreams(): void {
    for (const stream of this.#streams) this.#close(stream, undefined);
  }

  /** Makes every open watch stream throw `error` (after the events it already holds). */
  failStreams(error: unknown): void {
    for (const stream of this.#streams) this.#close(stream, error);
  }

  /**
   * Sends an ERROR event (a Status with `code`) to every open watch: like the kube layer's, the
   * stream throws the Status's typed error (410 → GoneError) once it gets there.
   */
  sendErrorEvent(code: number): void {
    this.failStreams(errorFromStatus({ kind: 'Status', code, message: `status ${code}` }));
  }

  /** The next `list` call throws `error` (queue several by calling again). */
  failNextList(error: Error): void {
    this.#listFailures.push(error);
  }

  /** The next `watch` call throws `error` on its first read. */
  failNextWatch(error: Error): void {
    this.#watchFailures.push(error);
  }

  list(options: ListOptions): Promise<ListResult<T>> {
    this.calls.list++;
    this.requests.push({ verb: 'list', options });
    const failure = this.#listFailures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    const all = [...this.#objects.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, obj]) => obj)
      .filter((obj) => matches(obj, options));
    const start = options.continue ? Number(options.continue) : 0;
    const end = options.limit ? start + options.limit : all.length;
    const items = all.slice(start, end).map((obj) => structuredClone(obj));
    const more = end < all.length ? String(end) : undefined;
    return Promise.resolve({ items, resourceVersion: String(this.#rv), ...(more ? { continue: more } : {}) });
  }

  watch(options: WatchListOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    this.calls.watch++;
    this.requests.push({ verb: 'watch', options });
    const failure = this.#watchFailures.shift();
    return this.#stream({ options, failure }, signal);
  }

  async *#stream(
    request: { options: WatchListOptions; failure: unknown },
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent<T>> {
    const { options, failure } = request;
    const from = Number(options.resourceVersion ?? '0');
    if (failure !== undefined) throw failure as Error;
    if (from < this.#compactedRv) throw this.#expired(from);
    if (signal.aborted) return;
    const stream = this.#open(options);
    options.onOpen?.();
    for (const entry of this.#log) if (entry.rv > from) this.#push(stream, entry.event);
    const onAbort = (): void => {
      this.#close(stream, undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      yield* this.#drain(stream);
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.#close(stream, undefined);
    }
  }

  /** A new open stream, with its inactivity timer running when the fake has one. */
  #open(scope: ListOptions): Stream<T> {
    const stream: Stream<T> = {
      events: [],
      end: false,
      error: undefined,
      wake: undefined,
      scope: { namespace: scope.namespace, labelSelector: scope.labelSelector },
      heard: () => undefined,
    };
    const limit = this.#options.inactivityMs;
    if (limit !== undefined) {
      const setTimer = this.#options.setTimer ?? setRealTimer;
      let timer: { cancel(): void } = { cancel: () => undefined };
      stream.heard = () => {
        timer.cancel();
        if (stream.end) return;
        timer = setTimer(() => {
          this.#close(stream, new WatchInactivityError(limit));
        }, limit);
      };
      stream.heard();
    }
    this.#streams.add(stream);
    return stream;
  }

  #expired(from: number): GoneError {
    const message = `too old resource version: ${from} (${this.#compactedRv})`;
    return new GoneError({ code: 410, reason: 'Expired', message });
  }

  async *#drain(stream: Stream<T>): AsyncGenerator<WatchEvent<T>> {
    for (;;) {
      const event = stream.events.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (stream.error !== undefined) throw stream.error as Error;
      if (stream.end) return;
      await new Promise<void>((resolve) => (stream.wake = resolve));
    }
  }

  #record(event: WatchEvent<T>): void {
    this.#log.push({ rv: this.#rv, event });
    for (const stream of this.#streams) this.#push(stream, event);
  }

  #push(stream: Stream<T>, event: WatchEvent<T>): void {
    if (stream.end) return;
    if (event.type !== 'BOOKMARK' && !matches(event.object, stream.scope)) return;
    stream.events.push(structuredClone(event));
    stream.heard();
    this.#wake(stream);
  }

  #close(stream: Stream<T>, error: unknown): void {
    if (stream.end) return;
    stream.end = true;
    stream.error = error;
    stream.heard();
    this.#streams.delete(stream);
    this.#wake(stream);
  }

  #wake(stream: Stream<T>): void {
    const wake = stream.wake;
    stream.wake = undefined;
    wake?.();
  }
}

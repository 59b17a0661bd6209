/**
 * An in-memory API server for one resource, for tests: objects with resourceVersions, paginated
 * lists, watches that replay from a resourceVersion, and scripted failures (stream end, error,
 * 410 Gone after compaction, expired continue tokens).
 */
import type { KubeObject, ListerWatcher, ListOptions, ListResult, WatchEvent } from '../../kube/index.ts';

/** An error shaped like the kube layer's API errors (`code` is the HTTP status). */
export class FakeApiError extends Error {
  /** HTTP status. */
  readonly code: number;

  constructor(message: string, code: number) {
    super(message);
    this.name = code === 410 ? 'GoneError' : 'FakeApiError';
    this.code = code;
  }
}

interface Stream<T extends KubeObject> {
  events: WatchEvent<T>[];
  end: boolean;
  error: unknown;
  wake: (() => void) | undefined;
  labelSelector: string | undefined;
}

function keyOf(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

function matches(obj: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k = '', v] = term.split('=');
    return obj.metadata?.labels?.[k] === v;
  });
}

/** A scriptable {@link ListerWatcher}. Objects handed in are cloned; every event carries a clone. */
export class FakeListerWatcher<T extends KubeObject = KubeObject> implements ListerWatcher<T> {
  readonly #objects = new Map<string, T>();
  readonly #log: { rv: number; event: WatchEvent<T> }[] = [];
  readonly #streams = new Set<Stream<T>>();
  readonly #listFailures: Error[] = [];
  readonly #watchFailures: Error[] = [];
  #rv = 1;
  #compactedRv = 0;
  /** Calls of `list` (pages) and `watch` so far. */
  readonly calls = { list: 0, watch: 0 };
  /** The options of every call, newest last. */
  readonly requests: { verb: 'list' | 'watch'; options: ListOptions }[] = [];

  /** Open watch streams. */
  get openWatches(): number {
    return this.#streams.size;
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

  /** Makes every open watch stream throw `error`. */
  failStreams(error: unknown): void {
    for (const stream of this.#streams) this.#close(stream, error);
  }

  /** Sends an ERROR event (a Status with `code`) to every open watch. */
  sendErrorEvent(code: number): void {
    const object = { kind: 'Status', code, message: `status ${code}` } as unknown as T;
    for (const stream of this.#streams) this.#push(stream, { type: 'ERROR', object });
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
      .filter((obj) => matches(obj, options.labelSelector));
    const start = options.continue ? Number(options.continue) : 0;
    const end = options.limit ? start + options.limit : all.length;
    const items = all.slice(start, end).map((obj) => structuredClone(obj));
    const more = end < all.length ? String(end) : undefined;
    return Promise.resolve({ items, resourceVersion: String(this.#rv), ...(more ? { continue: more } : {}) });
  }

  watch(options: ListOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    this.calls.watch++;
    this.requests.push({ verb: 'watch', options });
    const failure = this.#watchFailures.shift();
    const from = Number(options.resourceVersion ?? '0');
    return this.#stream({ from, labelSelector: options.labelSelector, failure }, signal);
  }

  async *#stream(
    request: { from: number; labelSelector: string | undefined; failure: unknown },
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent<T>> {
    const { from, labelSelector, failure } = request;
    if (failure !== undefined) throw failure as Error;
    if (from < this.#compactedRv) throw new FakeApiError('too old resource version', 410);
    if (signal.aborted) return;
    const stream: Stream<T> = { events: [], end: false, error: undefined, wake: undefined, labelSelector };
    for (const entry of this.#log) if (entry.rv > from) this.#push(stream, entry.event);
    this.#streams.add(stream);
    const onAbort = (): void => {
      this.#close(stream, undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      yield* this.#drain(stream);
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.#streams.delete(stream);
    }
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
    if (event.type !== 'BOOKMARK' && event.type !== 'ERROR' && !matches(event.object, stream.labelSelector))
      return;
    stream.events.push(structuredClone(event));
    this.#wake(stream);
  }

  #close(stream: Stream<T>, error: unknown): void {
    stream.end = true;
    stream.error = error;
    this.#streams.delete(stream);
    this.#wake(stream);
  }

  #wake(stream: Stream<T>): void {
    const wake = stream.wake;
    stream.wake = undefined;
    wake?.();
  }
}

/**
 * `GET /katalog/stream`: server-sent events for the Control Center. One producer serves every
 * client: `katalog` (the `/katalog` body, at once to a new client, then to all at most once a
 * second when it changed), `cr` (a CR upserted or deleted, coalesced per CR over 100 ms, so at
 * most 10 a second each), `child` (a CR's children changed or its reconcile finished: refetch its
 * detail) and a `: ping` comment every 15 s. With no client it holds no timer and no listener.
 */
import { katalogBody } from './router.ts';
import type { RuntimeView, ViewChange } from './view.ts';

/** Where the stream writes one client's events (a ServerResponse). */
export interface StreamClient {
  /** Returns false once the client's buffer is full (node's write contract). */
  write(chunk: string): boolean;
  end(): void;
  /** Bytes written and not yet sent. */
  readonly writableLength: number;
}

/** The stream's periods, in ms (tests shorten them). */
export interface StreamTimings {
  katalogMs: number;
  coalesceMs: number;
  pingMs: number;
}

const DEFAULT_TIMINGS: StreamTimings = { katalogMs: 1000, coalesceMs: 100, pingMs: 15_000 };

/** A client this far behind (a stalled reader) is dropped; EventSource reconnects and refetches. */
const MAX_BACKLOG_BYTES = 1 << 20;

/** The latest change of one CR within a coalescing window. */
interface Pending {
  cr?: Extract<ViewChange, { type: 'upsert' | 'delete' }>;
  child?: Extract<ViewChange, { type: 'child' }>;
}

/** The shared producer of the event stream. */
export class KatalogStream {
  readonly #view: RuntimeView;
  readonly #timings: StreamTimings;
  readonly #clients = new Set<StreamClient>();
  readonly #pending = new Map<string, Pending>();
  #unobserve: (() => void) | undefined;
  #timers: ReturnType<typeof setInterval>[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last `katalog` body sent, without its sample times. */
  #lastKatalog: string | undefined;

  constructor(view: RuntimeView, timings: Partial<StreamTimings> = {}) {
    this.#view = view;
    this.#timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  /** Number of connected clients. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Adds a client and sends it the Katalog at once; returns the function that removes it. */
  add(client: StreamClient): () => void {
    this.#clients.add(client);
    if (this.#clients.size === 1) this.#start();
    const body = katalogBody(this.#view);
    this.#lastKatalog ??= withoutTimes(body);
    this.#send(client, frame('katalog', body));
    return () => {
      this.#remove(client);
    };
  }

  #remove(client: StreamClient): void {
    if (!this.#clients.delete(client) || this.#clients.size > 0) return;
    this.#stop();
  }

  #start(): void {
    this.#unobserve = this.#view.observe?.((change) => {
      this.#note(change);
    });
    this.#timers = [
      setInterval(() => {
        this.#katalogTick();
      }, this.#timings.katalogMs),
      setInterval(() => {
        this.#broadcast(': ping\n\n');
      }, this.#timings.pingMs),
    ];
  }

  #stop(): void {
    this.#unobserve?.();
    this.#unobserve = undefined;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#pending.clear();
    this.#lastKatalog = undefined;
  }

  /** Notes a change, to be sent with the others of its window (only the last per CR). */
  #note(change: ViewChange): void {
    const name = change.type === 'child' ? change.name : change.item.name;
    const namespace = change.type === 'child' ? change.namespace : change.item.namespace;
    const key = `${change.crd}|${namespace ?? ''}|${name}`;
    const pending = this.#pending.get(key) ?? {};
    if (change.type === 'child') pending.child = change;
    else pending.cr = change;
    this.#pending.set(key, pending);
    this.#flushTimer ??= setTimeout(() => {
      this.#flush();
    }, this.#timings.coalesceMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    let chunk = '';
    for (const { cr, child } of this.#pending.values()) {
      if (cr) chunk += frame('cr', cr);
      if (child) chunk += frame('child', { crd: child.crd, namespace: child.namespace, name: child.name });
    }
    this.#pending.clear();
    if (chunk !== '') this.#broadcast(chunk);
  }

  /** Sends the Katalog when it changed since it was last sent (its sample times aside). */
  #katalogTick(): void {
    const body = katalogBody(this.#view);
    const key = withoutTimes(body);
    if (key === this.#lastKatalog) return;
    this.#lastKatalog = key;
    this.#broadcast(frame('katalog', body));
  }

  #broadcast(chunk: string): void {
    for (const client of this.#clients) this.#send(client, chunk);
  }

  #send(client: StreamClient, chunk: string): void {
    client.write(chunk);
    if (client.writableLength <= MAX_BACKLOG_BYTES) return;
    this.#remove(client);
    client.end();
  }
}

/** One server-sent event (JSON has no raw newline, so one data line). */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The body as JSON without the `at` of its stats, which changes at every sample. */
function withoutTimes(body: unknown): string {
  return JSON.stringify(body, (key, value: unknown) => (key === 'at' ? undefined : value));
}

/**
 * The runtimes' APIs through the Control Center's proxy (`/api/{runtime}/…`), and their live streams:
 * one EventSource per runtime, opened once, whose `katalog`, `cr` and `child` events reach whichever
 * view listens. No polling: a view fetches once, then follows the stream.
 */
import type { CrItem, KatalogSummary } from '../api-types.ts';

/** A refused or failed request, with the runtime's message. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** GETs (or POSTs `body` to) `path` of runtime `runtime`, as JSON. */
export async function api<T>(runtime: number, path: string, body?: string): Promise<T> {
  const init: RequestInit =
    body === undefined ? {} : { method: 'POST', body, headers: { 'content-type': 'application/json' } };
  const res = await fetch(`/api/${runtime}/${path}`, init);
  const text = await res.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as { message?: string });
  if (!res.ok) throw new ApiError(res.status, parsed.message ?? `${res.status} ${res.statusText}`);
  return parsed as T;
}

/** The events of a runtime's stream. */
export interface LiveEvents {
  katalog: KatalogSummary;
  cr: { crd: string; type: 'upsert' | 'delete'; item: CrItem };
  child: { crd: string; namespace?: string; name: string };
}

type Listener = <K extends keyof LiveEvents>(runtime: number, type: K, data: LiveEvents[K]) => void;

/** The live streams of the runtimes, shared by every view. */
export class Live {
  readonly #listeners = new Set<Listener>();
  readonly #sources = new Map<number, EventSource>();

  /** Opens runtime `runtime`'s stream if it is not open yet. */
  open(runtime: number): void {
    if (this.#sources.has(runtime)) return;
    const source = new EventSource(`/api/${runtime}/katalog/stream`);
    for (const type of ['katalog', 'cr', 'child'] as const) {
      source.addEventListener(type, (event) => {
        const data = JSON.parse((event as MessageEvent<string>).data) as LiveEvents[typeof type];
        for (const listener of this.#listeners) listener(runtime, type, data);
      });
    }
    this.#sources.set(runtime, source);
  }

  /**
   * Closes every stream while the page is hidden and reopens them when it shows again, then calls
   * `onResume` to redraw from fresh data (the events in between are lost). A browser opens at most six
   * HTTP/1.1 connections to one host, so tabs in the background must not hold one each.
   */
  pauseWhileHidden(onResume: () => void): void {
    let paused: number[] = [];
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        paused = [...this.#sources.keys()];
        for (const source of this.#sources.values()) source.close();
        this.#sources.clear();
      } else if (paused.length > 0) {
        for (const runtime of paused) this.open(runtime);
        paused = [];
        onResume();
      }
    });
  }

  /** Calls `listener` on every event until the returned function is called. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

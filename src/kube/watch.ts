/**
 * One watch call: a streaming GET with `watch=1`, bookmarks and a randomised server timeout,
 * decoded line by line into events. A silent stream is cut by an inactivity timer, and an ERROR
 * event becomes the typed error of its Status (410 → GoneError). Resuming and relisting is the
 * informer's job: a watch here ends cleanly (server timeout, caller abort) or throws.
 */
import type { StreamBody } from './transport/transport.ts';
import { StringDecoder } from 'node:string_decoder';
import type { KubeClient } from './client.ts';
import { errorFromStatus } from './errors.ts';
import { buildPath } from './path.ts';
import type {
  GroupVersionResource,
  KubeObject,
  ListerWatcher,
  ListOptions,
  WatchEvent,
  WatchListOptions,
} from './types.ts';

/** The inactivity limit of a watch: longer than the API server's bookmark interval (~60 s). */
export const DEFAULT_WATCH_INACTIVITY_MS = 70_000;

/** A watch stream that sent nothing for too long; transient: reconnect from the last resourceVersion. */
export class WatchInactivityError extends Error {
  constructor(ms: number) {
    super(`watch sent nothing for ${ms} ms`);
    this.name = 'WatchInactivityError';
  }
}

/** A watch line that is not a watch event. */
export class WatchDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchDecodeError';
  }
}

/** Options of one watch call. */
export interface WatchOptions extends WatchListOptions {
  /** Ends the watch cleanly (no error) when aborted. */
  signal?: AbortSignal;
  /** Server-side timeout. @default random 300–600 s, so watches of many informers do not reconnect together */
  timeoutSeconds?: number;
  /** Abort when no chunk arrived for this long. @default DEFAULT_WATCH_INACTIVITY_MS */
  inactivityMs?: number;
  /**
   * Schedules the inactivity timer (one pending at a time); tests inject a fake to move time by
   * hand. @default setTimeout
   */
  setTimer?: (fn: () => void, ms: number) => WatchTimer;
}

/** A pending timer; `refresh` (when the scheduler has it) re-arms it for its full delay. */
interface WatchTimer {
  cancel(): void;
  refresh?(): void;
}

function setRealTimer(fn: () => void, ms: number): WatchTimer {
  const handle = setTimeout(fn, ms);
  return {
    cancel: () => {
      clearTimeout(handle);
    },
    refresh: () => {
      handle.refresh();
    },
  };
}

const eventTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * Decodes a stream of JSON lines, whatever the chunk boundaries (even inside a multi-byte
 * character). `onChunk` is called for every chunk, before any line of it is yielded.
 */
export async function* decodeJsonLines(
  chunks: AsyncIterable<Buffer | string>,
  onChunk?: () => void,
): AsyncGenerator {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of chunks) {
    onChunk?.();
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let end = pending.indexOf('\n');
    while (end >= 0) {
      const line = pending.slice(0, end).trim();
      pending = pending.slice(end + 1);
      if (line !== '') yield JSON.parse(line) as unknown;
      end = pending.indexOf('\n');
    }
  }
  const rest = (pending + decoder.end()).trim();
  if (rest !== '') yield JSON.parse(rest) as unknown;
}

/** Checks a decoded line and turns an ERROR event into the typed error of its Status. */
export function toWatchEvent<T extends KubeObject>(value: unknown): WatchEvent<T> {
  const event = value as { type?: unknown; object?: unknown };
  if (typeof event.type !== 'string' || !eventTypes.has(event.type) || typeof event.object !== 'object') {
    throw new WatchDecodeError(`not a watch event: ${JSON.stringify(value).slice(0, 200)}`);
  }
  if (event.type === 'ERROR') throw errorFromStatus(event.object as Record<string, unknown>, 500);
  return event as WatchEvent<T>;
}

/** A server timeout in [300, 600) seconds. */
export function randomWatchTimeoutSeconds(random = Math.random): number {
  return 300 + Math.floor(random() * 300);
}

function watchPath(gvr: GroupVersionResource, options: WatchOptions): string {
  return buildPath(
    { ...gvr, namespace: gvr.namespaced ? options.namespace : undefined },
    {
      watch: 1,
      allowWatchBookmarks: true,
      resourceVersion: options.resourceVersion,
      timeoutSeconds: options.timeoutSeconds ?? randomWatchTimeoutSeconds(),
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    },
  );
}

/** Aborts `controller` with a {@link WatchInactivityError} unless reset within `ms`. */
function inactivityTimer(
  controller: AbortController,
  ms: number,
  setTimer: NonNullable<WatchOptions['setTimer']>,
): { reset: () => void; stop: () => void } {
  let timer: WatchTimer | undefined;
  const stop = (): void => {
    timer?.cancel();
    timer = undefined;
  };
  // Called for every chunk of every watch: re-arming the same timer allocates nothing, where a
  // clear-and-set made a timer, a closure and a handle per chunk.
  const reset = (): void => {
    if (timer?.refresh !== undefined) {
      timer.refresh();
      return;
    }
    stop();
    timer = setTimer(() => {
      controller.abort(new WatchInactivityError(ms));
    }, ms);
  };
  return { reset, stop };
}

/** A controller that aborts when `signal` does; `unlink` detaches it. */
function linkedController(signal: AbortSignal | undefined): {
  controller: AbortController;
  unlink: () => void;
} {
  const controller = new AbortController();
  const forward = (): void => {
    controller.abort(signal?.reason);
  };
  signal?.addEventListener('abort', forward, { once: true });
  return { controller, unlink: () => signal?.removeEventListener('abort', forward) };
}

/**
 * What a failed watch throws: its inactivity error when the timer cut it — after asking the
 * transport to check the connection, as the stream may be silent because the whole connection
 * under it stalled —, else the error itself.
 */
function watchFailure(client: KubeClient, cut: AbortSignal, error: unknown): unknown {
  const reason: unknown = cut.reason;
  if (!(reason instanceof WatchInactivityError)) return error;
  client.transport.probe();
  return reason;
}

/**
 * Watches a resource from `options.resourceVersion`, yielding ADDED, MODIFIED, DELETED and
 * BOOKMARK events. Ends when the server closes the stream or `options.signal` aborts.
 * @throws GoneError when the resourceVersion is too old (relist), WatchInactivityError when the
 * stream went silent, any ApiError of the request, or a network error.
 */
export async function* watchResource<T extends KubeObject = KubeObject>(
  client: KubeClient,
  gvr: GroupVersionResource,
  options: WatchOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const { signal } = options;
  const { controller, unlink } = linkedController(signal);
  const timer = inactivityTimer(
    controller,
    options.inactivityMs ?? DEFAULT_WATCH_INACTIVITY_MS,
    options.setTimer ?? setRealTimer,
  );
  let body: StreamBody | undefined;
  try {
    timer.reset();
    const path = watchPath(gvr, options);
    const response = await client.transport.stream({
      method: 'GET',
      path,
      verb: 'watch',
      signal: controller.signal,
    });
    body = response.body;
    options.onOpen?.();
    for await (const line of decodeJsonLines(body, timer.reset)) yield toWatchEvent<T>(line);
  } catch (error) {
    if (signal?.aborted === true) return;
    throw watchFailure(client, controller.signal, error);
  } finally {
    timer.stop();
    unlink();
    body?.destroy();
  }
}

/** Fixed filters of a {@link createListerWatcher}. */
export interface ListerWatcherOptions {
  /** Only this namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of a list when the informer gives none. @default 500 */
  pageSize?: number;
  /** Inactivity limit of each watch. @default DEFAULT_WATCH_INACTIVITY_MS */
  inactivityMs?: number;
  /** Schedules each watch's inactivity timer (tests pass a fake clock's). @default setTimeout */
  setTimer?: WatchOptions['setTimer'];
}

/**
 * The {@link ListerWatcher} of one resource: the namespace and selectors are given once here
 * and apply to both list and watch.
 */
export function createListerWatcher<T extends KubeObject = KubeObject>(
  client: KubeClient,
  gvr: GroupVersionResource,
  options: ListerWatcherOptions = {},
): ListerWatcher<T> {
  const fixed: ListOptions = {};
  if (options.namespace !== undefined) fixed.namespace = options.namespace;
  if (options.labelSelector !== undefined) fixed.labelSelector = options.labelSelector;
  if (options.fieldSelector !== undefined) fixed.fieldSelector = options.fieldSelector;
  return {
    list: (listOptions, signal) =>
      client.list<T>(gvr, { limit: options.pageSize ?? 500, ...listOptions, ...fixed }, signal),
    watch: (watchOptions, signal) => {
      const { inactivityMs, setTimer } = options;
      const timer = {
        ...(inactivityMs === undefined ? {} : { inactivityMs }),
        ...(setTimer ? { setTimer } : {}),
      };
      return watchResource<T>(client, gvr, { ...watchOptions, ...fixed, ...timer, signal });
    },
  };
}

/**
 * HTTP/2 sessions to one API server, as client-go talks to it: every request and watch of the
 * process is a stream on one TLS connection (another opens only when the server's
 * MAX_CONCURRENT_STREAMS is reached). An idle watch then costs a stream, not a connection with
 * its own TLS state and buffers: 15 informers over HTTP/1.1 held 15+ connections.
 *
 * Whether the server speaks HTTP/2 is learnt once, by ALPN on the first connection; a server that
 * answers `http/1.1` (or none) is left to the HTTP/1.1 pools. A session with open streams is
 * pinged every `pingIntervalMs` and dropped when no answer comes within `pingTimeoutMs`, so a
 * connection that died silently does not hold watches that never end.
 */
import type { ClientHttp2Session, ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';
import { PassThrough } from 'node:stream';
import type { Duplex, Readable } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { loadNodeHttp2 } from '../../util/index.ts';
import { PrematureCloseError, type ResponseHeaders } from './body.ts';
import { openTunnel } from './connector.ts';

/** What the sessions need besides the server. */
export interface Http2SessionsOptions {
  /** TLS options shared by every connection (the secure context built once). */
  tls: ConnectionOptions;
  proxyUrl?: string | undefined;
  /** Called once per connection opened. */
  onConnect: () => void;
  /** @default 30000 */
  pingIntervalMs?: number;
  /** @default 15000 */
  pingTimeoutMs?: number;
  /** How long a new connection may take to send its SETTINGS. @default 10000 */
  settingsTimeoutMs?: number;
}

/** The protocol a server chose, once known. */
type Protocol = 'unknown' | 'h2' | 'http/1.1';

/** A session and its open streams. */
interface Tracked {
  session: ClientHttp2Session;
  streams: number;
  /**
   * The server's stream limit, kept from its SETTINGS: `session.remoteSettings` builds a new object
   * from the native session on every read, and every request reads the limit.
   */
  maxStreams: number;
  usable: boolean;
  pinger: NodeJS.Timeout | undefined;
}

/** Streams the server accepts per connection when its SETTINGS do not say (RFC 9113 suggests ≥ 100). */
const DEFAULT_MAX_STREAMS = 100;

/** The HTTP/2 sessions of one `https:` API server. */
export class Http2Sessions {
  readonly #server: URL;
  readonly #options: Http2SessionsOptions;
  readonly #sessions: Tracked[] = [];
  #protocol: Protocol = 'unknown';
  #opening: Promise<Tracked | undefined> | undefined;
  #closed = false;

  constructor(server: URL, options: Http2SessionsOptions) {
    this.#server = server;
    this.#options = options;
  }

  /**
   * Opens a stream on a session with room for it, connecting first when none has. Resolves
   * undefined when the server does not speak HTTP/2 (the caller then uses HTTP/1.1).
   */
  async request(headers: OutgoingHttpHeaders, signal?: AbortSignal): Promise<ClientHttp2Stream | undefined> {
    let failures = 0;
    for (;;) {
      if (this.#protocol === 'http/1.1') return undefined;
      const tracked = this.#withRoom();
      if (tracked === undefined) {
        // Then pick again: callers waiting on the same new connection may have filled it already.
        await this.#open();
        continue;
      }
      try {
        const stream = tracked.session.request(headers, signal === undefined ? {} : { signal });
        this.#count(tracked, stream);
        return stream;
      } catch (error) {
        // The session got a GOAWAY or closed between the pick and the request: take another once.
        this.#drop(tracked, false);
        if (++failures > 1) throw error;
      }
    }
  }

  /** Closes every session at once; open streams end with an error. */
  close(): void {
    this.#closed = true;
    for (const tracked of this.#sessions.splice(0)) this.#drop(tracked, true);
  }

  #withRoom(): Tracked | undefined {
    return this.#sessions.find((t) => t.usable && t.streams < t.maxStreams);
  }

  /** One connection attempt at a time; concurrent callers share it. */
  #open(): Promise<Tracked | undefined> {
    this.#opening ??= this.#connect().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #connect(): Promise<Tracked | undefined> {
    if (this.#closed)
      throw Object.assign(new Error('transport closed'), { code: 'ERR_HTTP2_INVALID_SESSION' });
    const socket = await this.#socket();
    this.#options.onConnect();
    if (socket.alpnProtocol !== 'h2') {
      this.#protocol = 'http/1.1';
      socket.destroy();
      return undefined;
    }
    this.#protocol = 'h2';
    const session = loadNodeHttp2().connect(this.#server.origin, {
      createConnection: () => socket,
      settings: { enablePush: false },
    });
    // Its stream limit must be known before streams are put on it: a watch queued behind long-lived
    // watches over the limit would wait for ever.
    await remoteSettings(session, this.#options.settingsTimeoutMs ?? 10_000);
    return this.#track(session);
  }

  /** A TLS connection that offers h2 and http/1.1 by ALPN, directly or through the proxy. */
  #socket(): Promise<TLSSocket> {
    const target: ConnectionOptions = {
      ...this.#options.tls,
      host: this.#server.hostname,
      port: Number(this.#server.port || 443),
      ALPNProtocols: ['h2', 'http/1.1'],
    };
    return new Promise((resolve, reject) => {
      const done = (error: Error | null, socket?: Duplex): void => {
        if (error === null) resolve(socket as TLSSocket);
        else reject(error);
      };
      const proxyUrl = this.#options.proxyUrl;
      if (proxyUrl !== undefined) {
        openTunnel({ proxyUrl, target, secure: true }, done);
        return;
      }
      const socket = tlsConnect(target);
      socket.once('secureConnect', () => {
        socket.removeListener('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  #track(session: ClientHttp2Session): Tracked {
    const limit = (): number => session.remoteSettings.maxConcurrentStreams ?? DEFAULT_MAX_STREAMS;
    const tracked: Tracked = { session, streams: 0, maxStreams: limit(), usable: true, pinger: undefined };
    session.on('remoteSettings', () => {
      tracked.maxStreams = limit();
    });
    tracked.pinger = this.#pinger(tracked);
    session.unref();
    session.on('goaway', () => {
      tracked.usable = false;
    });
    session.on('error', () => {
      this.#drop(tracked, false);
    });
    session.on('close', () => {
      this.#drop(tracked, false);
    });
    this.#sessions.push(tracked);
    return tracked;
  }

  /** Keeps the process alive while a stream is open, as a busy HTTP/1.1 socket does. */
  #count(tracked: Tracked, stream: ClientHttp2Stream): void {
    if (tracked.streams++ === 0) tracked.session.ref();
    stream.on('close', () => {
      if (--tracked.streams === 0) tracked.session.unref();
    });
  }

  /**
   * Pings every session with open streams now, as the interval would: a caller that saw a stream go
   * silent (a watch cut for inactivity) has the connection under it checked at once, so a connection
   * that stalls as a whole is replaced within the ping timeout instead of the next interval.
   */
  probe(): void {
    for (const tracked of this.#sessions) if (tracked.streams > 0) this.#ping(tracked);
  }

  /** Pings a session while it has streams; one that stays silent is destroyed, ending them. */
  #pinger(tracked: Tracked): NodeJS.Timeout {
    return setInterval(() => {
      if (tracked.streams > 0) this.#ping(tracked);
    }, this.#options.pingIntervalMs ?? 30_000).unref();
  }

  /** One ping; no answer within the ping timeout destroys the session. */
  #ping(tracked: Tracked): void {
    const { session } = tracked;
    if (session.destroyed) return;
    const deadline = setTimeout(() => {
      session.destroy(Object.assign(new Error('HTTP/2 ping timeout'), { code: 'ETIMEDOUT' }));
    }, this.#options.pingTimeoutMs ?? 15_000).unref();
    try {
      session.ping(() => {
        clearTimeout(deadline);
      });
    } catch {
      // a session closing meanwhile: its streams end on their own
      clearTimeout(deadline);
    }
  }

  #drop(tracked: Tracked, destroy: boolean): void {
    clearInterval(tracked.pinger);
    tracked.usable = false;
    const at = this.#sessions.indexOf(tracked);
    if (at >= 0) this.#sessions.splice(at, 1);
    if (destroy) tracked.session.destroy();
  }
}

/** Resolves once the server's SETTINGS have arrived; a session that fails first is destroyed. */
function remoteSettings(session: ClientHttp2Session, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      cleanup();
      session.destroy();
      reject(error);
    };
    const onSettings = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      fail(Object.assign(new Error('HTTP/2 connection closed before its SETTINGS'), { code: 'ECONNRESET' }));
    };
    const timer = setTimeout(() => {
      fail(Object.assign(new Error('no HTTP/2 SETTINGS from the server'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      session.off('remoteSettings', onSettings).off('error', fail).off('close', onClose);
    }
    session.once('remoteSettings', onSettings).once('error', fail).once('close', onClose);
  });
}

/** A response as the transport reads it, from either protocol. */
export interface RawResponse {
  statusCode: number;
  headers: ResponseHeaders;
  body: Readable;
  /** The body's chunks, already being listened for (a successful uncompressed HTTP/2 body): read these, not `body`. */
  chunks?: ChunkQueue;
}

/**
 * Sends `body` (if any) on `stream` and resolves once the response headers arrive. A successful,
 * uncompressed body (every watch the API server answers) is read through a {@link ChunkQueue}
 * listening from that moment; others through a PassThrough piped at once. Read later, directly, an
 * HTTP/2 stream that ends and closes in the moment before its reader attaches made Node's async
 * iterator report a premature close for a complete response (one request in a few thousand under a
 * burst).
 */
export function responseOf(stream: ClientHttp2Stream, body: string | undefined): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('response', (headers) => {
      stream.removeListener('error', reject);
      const statusCode = headers[':status'] ?? 0;
      const plain = statusCode >= 200 && statusCode < 300 && headers['content-encoding'] === undefined;
      resolve(
        plain
          ? { statusCode, headers, body: stream, chunks: new ChunkQueue(stream) }
          : { statusCode, headers, body: relay(stream) },
      );
    });
    stream.end(body);
  });
}

/**
 * The chunks of a stream as an async iterable, listened for from the moment it is made: a watch's
 * chunks go straight to its reader, without a PassThrough in between (a write, a transform and a
 * read per chunk). The stream is paused while `highWater` chunks wait. Iterate it once.
 */
export class ChunkQueue implements AsyncIterable<Buffer> {
  readonly #source: Readable;
  readonly #chunks: Buffer[] = [];
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(source: Readable, highWater = 64) {
    this.#source = source;
    source.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      if (this.#chunks.length >= highWater) source.pause();
      this.#notify();
    });
    source.on('end', () => {
      this.#ended = true;
      this.#notify();
    });
    source.on('error', (error: Error) => {
      this.#error ??= error;
      this.#notify();
    });
    source.on('close', () => {
      if (!this.#ended) this.#error ??= new PrematureCloseError();
      this.#notify();
    });
  }

  /** Yields the chunks that came, then ends with the stream, or throws its error (after its chunks). */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const source = this.#source;
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        if (this.#chunks.length === 0 && source.isPaused()) source.resume();
        yield chunk;
        continue;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Stops reading: the stream is torn down. */
  destroy(): void {
    this.#source.destroy();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** A whole response, read as it arrived. */
export interface BufferedResponse {
  statusCode: number;
  headers: ResponseHeaders;
  /** The raw body (still compressed when the server compressed it). */
  data: Buffer;
}

/**
 * Sends `body` (if any) on `stream` and resolves with the whole response once it has ended. Its
 * listeners are on the stream before anything can arrive, so a stream that ends and closes at once
 * is read whole, with no PassThrough, pipe or async iterator in between (each cost a share of every
 * request under a burst). Rejects with the stream's error, or when it closes before its end. Its
 * listeners are `on`, not `once`: each event comes once in a stream's life, and a `once` costs a
 * wrapper and a removal per event.
 */
export function bufferedResponseOf(
  stream: ClientHttp2Stream,
  body: string | undefined,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: ResponseHeaders = {};
    const chunks: Buffer[] = [];
    let ended = false;
    stream.on('response', (received) => {
      statusCode = received[':status'] ?? 0;
      headers = received;
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      ended = true;
      resolve({
        statusCode,
        headers,
        data: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
      });
    });
    stream.on('error', reject);
    stream.on('close', () => {
      if (!ended) reject(new PrematureCloseError());
    });
    stream.end(body);
  });
}

/** The stream's data through a PassThrough; an error ends both, and so does the reader giving up. */
function relay(stream: ClientHttp2Stream): Readable {
  const through = new PassThrough();
  stream.on('error', (error: Error) => through.destroy(error));
  through.on('close', () => {
    if (!stream.destroyed) stream.destroy();
  });
  return stream.pipe(through);
}

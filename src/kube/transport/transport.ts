/**
 * The connection layer to one API server. Every request and watch of the process goes through
 * one {@link Transport}, and all its connections share one TLS context.
 *
 * - An `https:` server that speaks HTTP/2 (kube-apiserver does) gets every request and watch as
 *   a stream of one connection ({@link Http2Sessions}); at most `connections` requests (default
 *   8) are in flight at once, so a burst queues here instead of flooding the server.
 * - Otherwise two HTTP/1.1 keep-alive pools: the request pool is bounded (`connections`): under a
 *   burst, requests queue on a few warm connections instead of opening hundreds (client-node
 *   opens one per request). Watches are long-lived streams that each hold a connection for 5–10
 *   minutes, so they get their own pool (`watchConnections`, default 128, about one per shared
 *   informer) and can never starve short requests of connections, nor queue behind them.
 */
import type { Agent } from 'node:http';
import type { ClientHttp2Stream } from 'node:http2';
import type { ConnectionOptions } from 'node:tls';
import { loadNodeHttps, loadNodeHttp } from '../../util/index.ts';
import { DEFAULT_BACKOFF, isRetryable, retryDelayMs, sleep } from '../backoff.ts';
import type { BackoffOptions } from '../backoff.ts';
import type { ClusterConfig } from '../config/cluster-config.ts';
import { ApiError, decodeApiError, UnauthorizedError } from '../errors.ts';
import { decodeBody, decodedStream, headerValue, readBytes, readText } from './body.ts';
import type { ResponseHeaders } from './body.ts';
import { buildTlsOptions, createPool } from './connector.ts';
import { bufferedResponseOf, Http2Sessions, responseOf } from './http2-sessions.ts';
import type { BufferedResponse, RawResponse } from './http2-sessions.ts';
import { DeadlineQueue, type Deadline } from './deadlines.ts';
import type { PoolKind, TransportMetrics } from './metrics.ts';
import { Slots } from './slots.ts';

/** Tuning of a {@link Transport}. */
export interface TransportOptions {
  /** Connections of the HTTP/1.1 request pool, and requests in flight at once over HTTP/2. @default 8 */
  connections?: number;
  /** Connections of the watch pool (one per open watch). @default 128 */
  watchConnections?: number;
  /** Time limit of a request, and of a watch's response headers. @default 30000 */
  requestTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this long. @default 60000 */
  keepAliveTimeoutMs?: number;
  /** Product version sent as `User-Agent: orkestra/<version>`. @default 'dev' */
  version?: string;
  /** Added to the user agent as `orkestra/<version> (<identity>)`: an audit log tells replicas apart. */
  identity?: string;
  metrics?: TransportMetrics;
  /** Retry policy of idempotent requests. @default DEFAULT_BACKOFF */
  backoff?: BackoffOptions;
  /** An HTTP/2 connection with open streams is pinged this often. @default 30000 */
  pingIntervalMs?: number;
  /** ...and closed, failing its streams, when the ping is not answered in time. @default 15000 */
  pingTimeoutMs?: number;
}

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request. */
export interface TransportRequest {
  method: HttpMethod;
  /** Path and query, e.g. `/api/v1/namespaces/a/pods?limit=500`. */
  path: string;
  /** Verb label for metrics. @default the method in lower case */
  verb?: string;
  body?: string;
  /** Content type of `body`. @default 'application/json' */
  contentType?: string;
  /** Whether a retry after a 5xx or a network error is safe. @default GET, PUT and DELETE */
  idempotent?: boolean;
  signal?: AbortSignal;
  /**
   * Asked before every attempt, retries included; throws to send no more (the leader election
   * fence: a write first sent while leading must not be retried once the term is over).
   */
  beforeAttempt?: () => void;
}

/** A successful (2xx) buffered response. */
export interface TransportResponse {
  statusCode: number;
  headers: ResponseHeaders;
  text: string;
}

/** A body read as it arrives: its chunks, once, and a way to stop reading. */
export interface StreamBody extends AsyncIterable<Buffer | string> {
  destroy(): void;
}

/** A successful (2xx) streaming response; the caller must consume or destroy `body`. */
export interface StreamResponse {
  statusCode: number;
  headers: ResponseHeaders;
  body: StreamBody;
}

/** A request that took longer than `requestTimeoutMs`; transient (code ETIMEDOUT). */
export class RequestTimeoutError extends Error {
  /** Always 'ETIMEDOUT', so it counts as a transient network error. */
  readonly code = 'ETIMEDOUT';
  constructor(message: string) {
    super(message);
    this.name = 'RequestTimeoutError';
  }
}

/** How the transport reaches its server: the shared TLS options, and which protocols. */
interface Route {
  server: URL;
  tls: ConnectionOptions;
  proxyUrl: string | undefined;
}

function createAgent(route: Route, kind: PoolKind, options: TransportOptions): Agent {
  return createPool(route.server, {
    maxSockets: kind === 'request' ? (options.connections ?? 8) : (options.watchConnections ?? 128),
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 60_000,
    tls: route.tls,
    proxyUrl: route.proxyUrl,
    onConnect: () => options.metrics?.onConnection?.(kind),
  });
}

const idempotentMethods = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

/** The connection pools and request logic of one API server. */
export class Transport {
  /** Base URL of the API server. */
  readonly server: string;
  private readonly config: ClusterConfig;
  private readonly options: TransportOptions;
  private readonly basePath: string;
  private readonly origin: string;
  private readonly userAgent: string;
  private readonly route: Route;
  /** The HTTP/1.1 pools, made on first use. */
  private readonly agents: Partial<Record<PoolKind, Agent>> = {};
  private readonly http2: Http2Sessions | undefined;
  private readonly http2Requests: Slots;
  private readonly deadlines: DeadlineQueue;

  constructor(config: ClusterConfig, options: TransportOptions = {}) {
    this.config = config;
    this.options = options;
    this.server = config.server;
    const server = new URL(config.server);
    this.basePath = server.pathname.replace(/\/+$/, '');
    this.origin = server.origin;
    this.userAgent = `orkestra/${options.version ?? 'dev'}${options.identity ? ` (${options.identity})` : ''}`;
    const secure = server.protocol === 'https:';
    this.route = { server, tls: secure ? buildTlsOptions(config.tls) : {}, proxyUrl: config.proxyUrl };
    this.http2 = secure
      ? new Http2Sessions(server, {
          tls: this.route.tls,
          proxyUrl: this.route.proxyUrl,
          onConnect: () => options.metrics?.onConnection?.('http2'),
          ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
          ...(options.pingTimeoutMs === undefined ? {} : { pingTimeoutMs: options.pingTimeoutMs }),
        })
      : undefined;
    this.http2Requests = new Slots(options.connections ?? 8);
    this.deadlines = new DeadlineQueue(options.requestTimeoutMs ?? 30_000);
  }

  /**
   * Sends a request and buffers the response. Non-2xx answers throw the {@link ApiError} of their
   * status. A 401 refreshes the credentials and retries once; a 429 (any request) and a 5xx or
   * network error (idempotent requests) are retried with Retry-After or jittered backoff.
   */
  async request(request: TransportRequest): Promise<TransportResponse> {
    const backoff = { ...DEFAULT_BACKOFF, ...this.options.backoff };
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      request.beforeAttempt?.();
      try {
        return await this.attempt(request);
      } catch (error) {
        const refresh: boolean = !refreshed && error instanceof UnauthorizedError;
        refreshed ||= refresh;
        if (refresh && (await this.config.credentials.refresh())) continue;
        await this.waitBeforeRetry(request, { error, attempt, backoff });
      }
    }
  }

  /** Waits before the next attempt, or rethrows `error` when it must not be retried. */
  private async waitBeforeRetry(
    request: TransportRequest,
    failure: { error: unknown; attempt: number; backoff: Required<BackoffOptions> },
  ): Promise<void> {
    const { error, attempt, backoff } = failure;
    const idempotent = request.idempotent ?? idempotentMethods.has(request.method);
    const retry =
      attempt < backoff.maxRetries && request.signal?.aborted !== true && isRetryable(error, idempotent);
    if (!retry) throw error;
    const delay = retryDelayMs(error, attempt, backoff);
    this.options.metrics?.onRetry?.(request.verb ?? request.method.toLowerCase(), delay);
    await sleep(delay, request.signal);
  }

  /**
   * Opens a streaming GET on the watch pool (no overall timeout: the caller watches for
   * inactivity and aborts with `signal`). A 401 refreshes the credentials and retries once;
   * other failures throw at once, leaving retry policy to the caller.
   */
  async stream(request: TransportRequest): Promise<StreamResponse> {
    try {
      return await this.openStream(request);
    } catch (error) {
      if (!(error instanceof UnauthorizedError) || !(await this.config.credentials.refresh())) throw error;
      return this.openStream(request);
    }
  }

  /**
   * Checks the HTTP/2 connections that carry streams now (a ping each; one that does not answer
   * within the ping timeout is closed, failing its streams so they reconnect). Called when a watch
   * went silent: the connection under it may have stalled as a whole. HTTP/1.1 watches have a
   * connection each, which the aborted watch already closed.
   */
  probe(): void {
    this.http2?.probe();
  }

  /** Closes every connection; open watches should be aborted first. */
  close(): Promise<void> {
    this.agents.request?.destroy();
    this.agents.watch?.destroy();
    this.http2?.close();
    return Promise.resolve();
  }

  private async attempt(request: TransportRequest): Promise<TransportResponse> {
    const deadline = this.deadlines.start(request.signal);
    try {
      return await this.exchange(request, deadline);
    } catch (error) {
      if (!deadline.expired || error instanceof ApiError) throw error;
      const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
      throw new RequestTimeoutError(`${request.method} ${request.path}: no answer within ${timeoutMs} ms`);
    } finally {
      deadline.clear();
    }
  }

  /** Records a request's answer (its status code, 0 for none) and duration, from now on, in the metrics. */
  private recorderOf(request: TransportRequest, pool: 'request' | 'watch'): (code: number) => void {
    const verb = request.verb ?? request.method.toLowerCase();
    const started = performance.now();
    return (code) => {
      this.options.metrics?.onRequest?.({ verb, code, durationMs: performance.now() - started, pool });
    };
  }

  /** Sends one request and reads its whole response; a non-2xx answer throws its {@link ApiError}. */
  private async exchange(request: TransportRequest, deadline: Deadline): Promise<TransportResponse> {
    const record = this.recorderOf(request, 'request');
    let response: BufferedResponse;
    try {
      const headers = await this.requestHeaders(request);
      response =
        (this.http2 === undefined
          ? undefined
          : await this.exchangeHttp2(this.http2, { request, headers, deadline })) ??
        (await this.exchangeHttp1(request, headers, deadline));
    } catch (error) {
      record(0);
      throw error;
    }
    const { statusCode, headers } = response;
    record(statusCode);
    const text = decodeBody(response.data, headers);
    if (statusCode >= 200 && statusCode < 300) return { statusCode, headers, text };
    throw decodeApiError({ statusCode, body: text, retryAfter: headerValue(headers, 'retry-after') });
  }

  /**
   * One request as a stream of an HTTP/2 session, read whole; undefined when the server turned out to
   * speak only HTTP/1.1. It holds one of the `connections` slots until its stream closes; the deadline
   * tears the stream down.
   */
  private async exchangeHttp2(
    sessions: Http2Sessions,
    call: { request: TransportRequest; headers: Record<string, string>; deadline: Deadline },
  ): Promise<BufferedResponse | undefined> {
    const { request, headers, deadline } = call;
    await this.http2Requests.acquire();
    let stream: ClientHttp2Stream | undefined;
    try {
      if (deadline.reason !== undefined) throw deadline.reason;
      stream = await sessions.request({
        ':method': request.method,
        ':path': this.basePath + request.path,
        ...headers,
      });
    } catch (error) {
      this.http2Requests.release();
      throw error;
    }
    if (stream === undefined) {
      this.http2Requests.release();
      return undefined;
    }
    const open = stream;
    open.on('close', () => {
      this.http2Requests.release();
    });
    deadline.onCancel((reason) => {
      open.destroy(reason);
    });
    return bufferedResponseOf(open, request.body);
  }

  /** One request on the HTTP/1.1 request pool, read whole. */
  private async exchangeHttp1(
    request: TransportRequest,
    headers: Record<string, string>,
    deadline: Deadline,
  ): Promise<BufferedResponse> {
    const response = await this.dispatchHttp1({ ...request, signal: deadline.signal }, 'request', headers);
    const data = await readBytes(response.body);
    return { statusCode: response.statusCode, headers: response.headers, data };
  }

  /** The headers of a request, with an explicit length when it has a body. */
  private async requestHeaders(request: TransportRequest): Promise<Record<string, string>> {
    const headers = await this.headers(request);
    // An explicit length: a chunked body on DELETE is left unread by the API server and spoils the connection.
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    return headers;
  }

  private async headers(request: TransportRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'user-agent': this.userAgent,
    };
    const authorization = await this.config.credentials.authorization();
    if (authorization !== undefined) headers.authorization = authorization;
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    return headers;
  }

  /** A streaming request on the watch pool; resolves once its headers arrive. */
  private async openStream(request: TransportRequest): Promise<StreamResponse> {
    const record = this.recorderOf(request, 'watch');
    let response: RawResponse;
    try {
      response = await this.dispatchStream(request);
    } catch (error) {
      record(0);
      throw error;
    }
    const statusCode = response.statusCode;
    record(statusCode);
    const headers: ResponseHeaders = response.headers;
    if (statusCode >= 200 && statusCode < 300) {
      return { statusCode, headers, body: response.chunks ?? decodedStream(response.body, headers) };
    }
    const body = await readText(response.body, headers).catch(() => '');
    throw decodeApiError({
      statusCode,
      body,
      retryAfter: headerValue(headers, 'retry-after'),
    });
  }

  /**
   * Opens a stream, over HTTP/2 when the server speaks it (a stream of the session, holding none of the
   * `connections` slots), else on the HTTP/1.1 watch pool; resolves once its headers arrive.
   */
  private async dispatchStream(request: TransportRequest): Promise<RawResponse> {
    const headers = await this.requestHeaders(request);
    const stream =
      this.http2 === undefined
        ? undefined
        : await this.http2.request(
            { ':method': request.method, ':path': this.basePath + request.path, ...headers },
            request.signal,
          );
    return stream === undefined
      ? this.dispatchHttp1(request, 'watch', headers)
      : responseOf(stream, request.body);
  }

  /** Sends one HTTP/1.1 request on the pool's agent. */
  private dispatchHttp1(
    request: TransportRequest,
    pool: PoolKind,
    headers: Record<string, string>,
  ): Promise<RawResponse> {
    const url = new URL(this.basePath + request.path, this.origin);
    const send = url.protocol === 'https:' ? loadNodeHttps().request : loadNodeHttp().request;
    const agent = (this.agents[pool] ??= createAgent(this.route, pool, this.options));
    return new Promise((resolve, reject) => {
      const req = send(url, {
        method: request.method,
        headers,
        agent,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      req.once('response', (response) => {
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response });
      });
      req.once('error', reject);
      req.end(request.body);
    });
  }
}

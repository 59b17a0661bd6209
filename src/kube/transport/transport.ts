/**
 * The connection layer to one API server. Every request and watch of the process goes through
 * one {@link Transport}: two keep-alive connection pools sharing one TLS context.
 *
 * - The request pool is bounded (`connections`, default 8): under a burst, requests queue on a
 *   few warm connections instead of opening hundreds (client-node opens one per request).
 * - Watches are long-lived HTTP/1.1 streams that each hold a connection for 5–10 minutes, so
 *   they get their own pool (`watchConnections`, default 128, about one per shared informer) and
 *   can never starve short requests of connections, nor queue behind them.
 */
import type { Agent, IncomingMessage } from 'node:http';
import { nodeHttp } from '../../util/index.ts';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { DEFAULT_BACKOFF, isRetryable, retryDelayMs, sleep } from '../backoff.ts';
import type { BackoffOptions } from '../backoff.ts';
import type { ClusterConfig } from '../config/cluster-config.ts';
import { ApiError, decodeApiError, UnauthorizedError } from '../errors.ts';
import { decodedStream, headerValue, readAll, readText } from './body.ts';
import type { ResponseHeaders } from './body.ts';
import { createPool } from './connector.ts';
import type { PoolKind, TransportMetrics } from './metrics.ts';

/** Tuning of a {@link Transport}. */
export interface TransportOptions {
  /** Connections of the request pool. @default 8 */
  connections?: number;
  /** Connections of the watch pool (one per open watch). @default 128 */
  watchConnections?: number;
  /** Time limit of a request, and of a watch's response headers. @default 30000 */
  requestTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this long. @default 60000 */
  keepAliveTimeoutMs?: number;
  /** Product version sent as `User-Agent: orkestra/<version>`. @default 'dev' */
  version?: string;
  metrics?: TransportMetrics;
  /** Retry policy of idempotent requests. @default DEFAULT_BACKOFF */
  backoff?: BackoffOptions;
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
}

/** A successful (2xx) buffered response. */
export interface TransportResponse {
  statusCode: number;
  headers: ResponseHeaders;
  text: string;
}

/** A successful (2xx) streaming response; the caller must consume or destroy `body`. */
export interface StreamResponse {
  statusCode: number;
  headers: ResponseHeaders;
  body: Readable;
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

function createAgent(config: ClusterConfig, kind: PoolKind, options: TransportOptions): Agent {
  return createPool(new URL(config.server), {
    maxSockets: kind === 'request' ? (options.connections ?? 8) : (options.watchConnections ?? 128),
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 60_000,
    tls: config.tls,
    proxyUrl: config.proxyUrl,
    onConnect: () => options.metrics?.onConnection?.(kind),
  });
}

const idempotentMethods = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

/**
 * The signal of one attempt: aborted by its caller's signal or when `ms` have passed. A timer and
 * a listener, cleared when the attempt ends (AbortSignal.timeout + AbortSignal.any did the same
 * with weak references and finalizers, a measurable cost at hundreds of requests a second).
 */
class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #parent: AbortSignal | undefined;
  readonly #onParentAbort = (): void => {
    this.#controller.abort(this.#parent?.reason);
  };
  #expired = false;

  constructor(ms: number, parent: AbortSignal | undefined) {
    this.#parent = parent;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort(new Error('request timeout'));
    }, ms).unref();
    if (parent?.aborted === true) this.#onParentAbort();
    else parent?.addEventListener('abort', this.#onParentAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The time ran out (not the caller's abort). */
  get expired(): boolean {
    return this.#expired && this.#parent?.aborted !== true;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }
}

/** The connection pools and request logic of one API server. */
export class Transport {
  /** Base URL of the API server. */
  readonly server: string;
  private readonly config: ClusterConfig;
  private readonly options: TransportOptions;
  private readonly basePath: string;
  private readonly origin: string;
  private readonly userAgent: string;
  private readonly requests: Agent;
  private readonly watches: Agent;

  constructor(config: ClusterConfig, options: TransportOptions = {}) {
    this.config = config;
    this.options = options;
    this.server = config.server;
    const server = new URL(config.server);
    this.basePath = server.pathname.replace(/\/+$/, '');
    this.origin = server.origin;
    this.userAgent = `orkestra/${options.version ?? 'dev'}`;
    this.requests = createAgent(config, 'request', options);
    this.watches = createAgent(config, 'watch', options);
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
      return await this.send(request, 'watch');
    } catch (error) {
      if (!(error instanceof UnauthorizedError) || !(await this.config.credentials.refresh())) throw error;
      return this.send(request, 'watch');
    }
  }

  /** Closes both pools' sockets; open watches should be aborted first. */
  close(): Promise<void> {
    this.requests.destroy();
    this.watches.destroy();
    return Promise.resolve();
  }

  private async attempt(request: TransportRequest): Promise<TransportResponse> {
    const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
    const deadline = new Deadline(timeoutMs, request.signal);
    try {
      const response = await this.send({ ...request, signal: deadline.signal }, 'request');
      return {
        statusCode: response.statusCode,
        headers: response.headers,
        text: await readAll(response.body),
      };
    } catch (error) {
      if (!deadline.expired || error instanceof ApiError) throw error;
      throw new RequestTimeoutError(`${request.method} ${request.path}: no answer within ${timeoutMs} ms`);
    } finally {
      deadline.clear();
    }
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

  private async send(request: TransportRequest, pool: PoolKind): Promise<StreamResponse> {
    const verb = request.verb ?? request.method.toLowerCase();
    const started = performance.now();
    const record = (code: number): void => {
      this.options.metrics?.onRequest?.({ verb, code, durationMs: performance.now() - started, pool });
    };
    let response: IncomingMessage;
    try {
      response = await this.dispatch(request, pool);
    } catch (error) {
      record(0);
      throw error;
    }
    const statusCode = response.statusCode ?? 0;
    record(statusCode);
    const headers: ResponseHeaders = response.headers;
    if (statusCode >= 200 && statusCode < 300) {
      return { statusCode, headers, body: decodedStream(response, headers) };
    }
    const body = await readText(response, headers).catch(() => '');
    throw decodeApiError({
      statusCode,
      body,
      retryAfter: headerValue(headers, 'retry-after'),
    });
  }

  /** Sends one HTTP request on the pool's agent; resolves with the response once its headers arrive. */
  private async dispatch(request: TransportRequest, pool: PoolKind): Promise<IncomingMessage> {
    const url = new URL(this.basePath + request.path, this.origin);
    const headers = await this.headers(request);
    // An explicit length: a chunked body on DELETE is left unread by the API server and spoils the connection.
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const send = url.protocol === 'https:' ? httpsRequest : nodeHttp.request;
    const agent = pool === 'request' ? this.requests : this.watches;
    return new Promise((resolve, reject) => {
      const req = send(url, {
        method: request.method,
        headers,
        agent,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end(request.body);
    });
  }
}

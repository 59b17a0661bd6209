/**
 * The HTTP client of external calls (spec §10.2): node's http/https, loaded on the first call (a box
 * without external calls never loads them, see util/node-builtins.ts), one keep-alive agent per
 * scheme, host and port for the whole process, every request bounded by its timeout and by the
 * caller's abort signal, and its response body cut at a size bound so a large answer cannot take the
 * process's memory.
 */
import type { Agent, IncomingMessage } from 'node:http';
import { loadNodeHttp, loadNodeHttps } from '../../util/index.ts';
import type { HttpRequest, HttpResponse } from '../reconcile/index.ts';

/** The largest response body kept, in bytes: 1 MiB. */
export const MAX_BODY_BYTES = 1 << 20;

/** How long an idle keep-alive connection is kept open. */
const IDLE_SOCKET_MS = 30_000;

/** A request that took longer than its timeout. */
export class HttpTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${String(timeoutMs)} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/** One agent per `scheme//host:port`, shared by every box of the process. */
const agents = new Map<string, Agent>();

function agentFor(url: URL): Agent {
  const key = `${url.protocol}//${url.host}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    const options = { keepAlive: true, maxFreeSockets: 8, timeout: IDLE_SOCKET_MS };
    // maxSockets stays unbounded: a host's hanging requests must not queue another box's behind them
    // (each box bounds its own calls, see call-limiter.ts).
    agent =
      url.protocol === 'https:' ? new (loadNodeHttps().Agent)(options) : new (loadNodeHttp().Agent)(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Options of one request. */
export interface SendOptions {
  readonly timeoutMs: number;
  /** Aborts the request (the box stopping). */
  readonly signal?: AbortSignal | undefined;
  /** @default MAX_BODY_BYTES */
  readonly maxBodyBytes?: number | undefined;
}

/**
 * Sends one request. Resolves with the response, its body cut at `maxBodyBytes`; rejects on a
 * network failure, an {@link HttpTimeoutError}, or the signal's abort.
 */
export function sendHttp(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new Error(`unsupported URL scheme ${JSON.stringify(url.protocol)}`));
  }
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? deadline : AbortSignal.any([options.signal, deadline]);
  const send = url.protocol === 'https:' ? loadNodeHttps().request : loadNodeHttp().request;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise<HttpResponse>((resolve, reject) => {
    const fail = (error: unknown): void => {
      reject(deadline.aborted ? new HttpTimeoutError(options.timeoutMs) : asError(error));
    };
    const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const req = send(url, { method: request.method, headers, agent: agentFor(url), signal }, (res) => {
      readResponse(res, limit).then(resolve, fail);
    });
    req.on('error', fail);
    req.end(request.body);
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Reads a response's body up to `limit` bytes (the rest is not read: the connection is dropped). */
function readResponse(res: IncomingMessage, limit: number): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const done = (): void => {
      const body = Buffer.concat(chunks).toString('utf8');
      resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body, truncated });
    };
    res.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = limit - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length <= room) return;
      truncated = true;
      res.destroy();
      done();
    });
    res.on('end', done);
    res.on('error', (error) => {
      if (!truncated) reject(error);
    });
  });
}

/** Closes every idle keep-alive connection (tests; a process exiting needs nothing: they are unref'd). */
export function closeIdleConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

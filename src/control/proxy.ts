/**
 * Forwards a request to a runtime's HTTP API and pipes the answer back: one keep-alive agent for all
 * runtimes (the UI's requests reuse a few connections), the live stream (`text/event-stream`) piped as
 * it comes and closed upstream when the browser goes, a render body bounded to 1 MiB.
 */
import type { Agent, ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { loadNodeHttp } from '../util/index.ts';

/** The largest CR the render preview forwards. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Forwards requests to runtimes. */
export class RuntimeProxy {
  readonly #agent: Agent;

  constructor() {
    this.#agent = new (loadNodeHttp().Agent)({ keepAlive: true, maxSockets: 32, maxFreeSockets: 4 });
  }

  /** Forwards `req` to `url`; answers 502 when the runtime cannot be reached. */
  forward(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const headers: Record<string, string> = { accept: req.headers.accept ?? '*/*' };
    if (req.headers['content-type'] !== undefined) headers['content-type'] = req.headers['content-type'];
    const upstream = loadNodeHttp().request(
      url,
      { method: req.method, headers, agent: this.#agent },
      (answer) => {
        pipeAnswer(answer, res);
      },
    );
    upstream.on('error', (error) => {
      unreachable(res, url, error);
    });
    res.on('close', () => {
      upstream.destroy();
    });
    if (req.method !== 'POST') {
      upstream.end();
      return;
    }
    pipeBounded(req, upstream, res);
  }

  /** GETs `url` and parses its JSON; rejects on a failure, a status other than 200, or after 3 s. */
  getJson<T>(url: URL): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const req = loadNodeHttp().get(url, { agent: this.#agent, timeout: 3000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`${url.pathname} answered ${String(res.statusCode)}`));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 3 s')));
      req.on('error', reject);
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.#agent.destroy();
  }
}

function pipeAnswer(answer: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'cache-control', 'retry-after']) {
    const value = answer.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const stream = headers['content-type']?.startsWith('text/event-stream') === true;
  if (stream) headers['x-accel-buffering'] = 'no';
  res.writeHead(answer.statusCode ?? 502, headers);
  if (stream) res.flushHeaders();
  answer.pipe(res);
}

function pipeBounded(req: IncomingMessage, upstream: ClientRequest, res: ServerResponse): void {
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) {
      upstream.write(chunk);
      return;
    }
    // Too large: nothing reaches the runtime; the rest is read and dropped so the answer arrives.
    req.off('data', onData);
    upstream.destroy();
    req.resume();
    sendError(res, 413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  };
  req.on('data', onData);
  req.on('end', () => {
    if (size <= MAX_BODY_BYTES) upstream.end();
  });
}

function unreachable(res: ServerResponse, url: URL, error: Error): void {
  if (res.writableEnded) return; // answered already (a refused body), or the browser went away
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, 502, `runtime ${url.origin} did not answer: ${error.message}`);
}

/** Answers an error as the runtime's API does: JSON with `error` and `message`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: status === 502 ? 'BadGateway' : 'Refused', message }));
}

/** The HTTP server of `ork run`: health, readiness, metrics and the Katalog API, on node:http. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loadNodeHttp } from '../util/index.ts';
import type { AddressInfo } from 'node:net';
import { answer } from './router.ts';
import { KatalogStream, type StreamTimings } from './stream.ts';
import type { RuntimeView } from './view.ts';

/** The largest request body served (a CR for the render preview): 1 MiB. */
const MAX_BODY_BYTES = 1 << 20;

/** Thrown for a body over {@link MAX_BODY_BYTES}: answered 413. */
class BodyTooLarge extends Error {}

/** The body of a POST (undefined for other methods). @throws BodyTooLarge past the limit */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (req.method !== 'POST') return undefined;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Options of {@link ApiServer}. */
export interface ApiServerOptions {
  /** @default 8080; 0 picks a free port. */
  port?: number;
  /** @default '0.0.0.0' — in a pod, probes come from the node. */
  host?: string;
  /** The event stream's periods. @default 1 s Katalog, 100 ms coalescing, 15 s ping */
  stream?: Partial<StreamTimings>;
}

/** The API server, a Runnable: `start(signal)` listens until the signal aborts. */
export class ApiServer {
  readonly name = 'http-api';
  readonly #view: RuntimeView;
  readonly #options: ApiServerOptions;
  readonly #stream: KatalogStream;
  #server: Server | undefined;
  readonly #listening = Promise.withResolvers<number>();

  constructor(view: RuntimeView, options: ApiServerOptions = {}) {
    this.#view = view;
    this.#options = options;
    this.#stream = new KatalogStream(view, options.stream);
  }

  /** Resolves with the port once the server listens (never, if it cannot). */
  get listening(): Promise<number> {
    return this.#listening.promise;
  }

  /** The port it listens on, once started. */
  get port(): number | undefined {
    return (this.#server?.address() as AddressInfo | null)?.port;
  }

  /** Listens; resolves once listening. Closes when `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const server = loadNodeHttp().createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname.replace(/\/$/, '') === '/katalog/stream') {
        this.#serveStream(req, res);
        return;
      }
      const replied = readBody(req).then((body) =>
        answer(this.#view, { method: req.method ?? 'GET', pathname: url.pathname, body }),
      );
      replied.then(
        (response) => {
          res.writeHead(response.status, { 'content-type': response.contentType });
          res.end(req.method === 'HEAD' ? undefined : response.body);
        },
        (error: unknown) => {
          const tooLarge = error instanceof BodyTooLarge;
          // an unread body is not drained: the connection closes after the answer
          res.writeHead(tooLarge ? 413 : 500, { 'content-type': 'application/json', connection: 'close' });
          const message = tooLarge ? `the body is larger than ${MAX_BODY_BYTES} bytes` : String(error);
          res.end(JSON.stringify({ error: tooLarge ? 'PayloadTooLarge' : 'Internal', message }));
        },
      );
    });
    this.#server = server;
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.port ?? 8080, this.#options.host ?? '0.0.0.0', resolve);
    });
    this.#listening.resolve(this.port ?? 0);
    signal.addEventListener(
      'abort',
      () => {
        server.close();
        server.closeAllConnections();
      },
      { once: true },
    );
  }

  /** Holds the response open as an event stream until the client goes (or the server closes). */
  #serveStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // a proxy in between must not buffer the events
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const remove = this.#stream.add(res);
    req.socket.setKeepAlive(true);
    res.on('close', remove);
  }
}

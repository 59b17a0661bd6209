/**
 * The one HTTPS listener of the webhooks (spec §9, §11): TLS 1.2 or later, a path per route, and a
 * certificate that can be swapped while it serves (rotation): connections made after the swap get
 * the new one, those already open keep theirs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadNodeHttps } from '../util/index.ts';
import { answerReview, BadReviewError } from './answer.ts';
import type { WebhookRoute } from './reviews.ts';

/** The serving certificate, PEM: the leaf (then its chain), and its private key. */
export interface ServingCertificate {
  readonly certificatePem: string;
  readonly keyPem: string;
}

/** Options of {@link WebhookServer}. */
export interface WebhookServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** @default '0.0.0.0' — in a pod, the API server calls through the Service. */
  readonly host?: string;
  /** Called after each review with its path, how long it took and the HTTP status answered. */
  readonly onServed?: (served: { path: string; seconds: number; status: number }) => void;
}

/**
 * Reviews are a few KB; a conversion of a whole list can be large. The API server's own limit for an
 * object is 1.5 MB and a ConversionReview holds a list of them.
 */
const MAX_BODY_BYTES = 64 * 2 ** 20;

/** The webhook listener, a Runnable: `start(signal)` listens until the signal aborts. */
export class WebhookServer {
  readonly name = 'webhooks';
  readonly #routes: ReadonlyMap<string, WebhookRoute>;
  readonly #options: WebhookServerOptions;
  #certificate: ServingCertificate;
  #server: Server | undefined;

  constructor(
    routes: ReadonlyMap<string, WebhookRoute>,
    certificate: ServingCertificate,
    options: WebhookServerOptions,
  ) {
    this.#routes = routes;
    this.#certificate = certificate;
    this.#options = options;
  }

  /** The port it listens on, once started. */
  get port(): number | undefined {
    return (this.#server?.address() as AddressInfo | null)?.port;
  }

  /** Serves `certificate` to every connection made from now on. */
  useCertificate(certificate: ServingCertificate): void {
    this.#certificate = certificate;
    this.#server?.setSecureContext(this.#tlsOptions());
  }

  #tlsOptions() {
    return {
      cert: this.#certificate.certificatePem,
      key: this.#certificate.keyPem,
      minVersion: 'TLSv1.2' as const,
    };
  }

  /** Listens; resolves once listening. Closes when `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const server = loadNodeHttps().createServer(this.#tlsOptions(), (req, res) => {
      void this.#serve(req, res);
    });
    this.#server = server;
    server.keepAliveTimeout = 30_000; // the API server keeps its webhook connections open
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.port, this.#options.host ?? '0.0.0.0', resolve);
    });
    signal.addEventListener(
      'abort',
      () => {
        server.close();
        server.closeAllConnections();
      },
      { once: true },
    );
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    const status = await this.#answer(req, path, res);
    this.#options.onServed?.({ path, seconds: (performance.now() - started) / 1000, status });
  }

  async #answer(req: IncomingMessage, path: string, res: ServerResponse): Promise<number> {
    const route = this.#routes.get(path);
    if (route === undefined) return reply(res, 404, { error: 'NotFound', message: `no webhook at ${path}` });
    if (req.method !== 'POST')
      return reply(res, 405, { error: 'MethodNotAllowed', message: 'POST a review' });
    try {
      const body = await readBody(req);
      const answer = await answerReview(route, body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
      return 200;
    } catch (error) {
      const bad = error instanceof BadReviewError;
      return reply(res, bad ? 400 : 500, { error: bad ? 'BadRequest' : 'Internal', message: String(error) });
    }
  }
}

function reply(res: ServerResponse, status: number, body: object): number {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return status;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadReviewError(`the review is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * The Control Center's HTTP server (node:http, no framework): `/` the overview rendered here,
 * `/assets/…` the UI, `/api/{runtime}/…` the runtimes' APIs proxied, `/login?token=…` the cookie.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadNodeHttp } from '../util/index.ts';
import { allowed, bindProblem, sameSecret, SESSION_COOKIE, sessionValue } from './access.ts';
import type { KatalogSummary } from './api-types.ts';
import { Assets } from './assets.ts';
import { overviewPage, type RuntimeSnapshot } from './overview-page.ts';
import { RuntimeProxy, sendError } from './proxy.ts';
import { proxyTarget } from './routes.ts';

/** Settings of {@link ControlServer}. */
export interface ControlSettings {
  port: number;
  host: string;
  /** The runtimes' HTTP APIs, e.g. http://127.0.0.1:8080. */
  runtimes: readonly URL[];
  token: string | undefined;
}

/** A refused configuration (a non-loopback bind without a token). */
export class ControlConfigError extends Error {
  override readonly name = 'ControlConfigError';
}

/** Scripts, styles and requests from this origin only; no framing. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The Control Center server: `start(signal)` listens until the signal aborts. */
export class ControlServer {
  readonly #settings: ControlSettings;
  readonly #proxy = new RuntimeProxy();
  readonly #assets = new Assets();
  #server: Server | undefined;

  constructor(settings: ControlSettings) {
    const problem = bindProblem(settings.host, settings.token);
    if (problem !== undefined) throw new ControlConfigError(problem);
    this.#settings = settings;
  }

  /** The port it listens on, once started. */
  get port(): number | undefined {
    return (this.#server?.address() as AddressInfo | null)?.port;
  }

  /** Listens; resolves with the port. Closes when `signal` aborts. */
  async start(signal: AbortSignal): Promise<number> {
    const server = loadNodeHttp().createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, String(error));
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#settings.port, this.#settings.host, resolve);
    });
    signal.addEventListener(
      'abort',
      () => {
        server.close();
        server.closeAllConnections();
        this.#proxy.close();
      },
      { once: true },
    );
    return this.port ?? 0;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://control.invalid');
    if (url.pathname === '/login') {
      this.#login(res, url);
    } else if (!allowed(req.headers, this.#settings.token)) {
      sendError(res, 401, 'a token is needed: /login?token=…');
    } else if (url.pathname.startsWith('/api/')) {
      this.#forward(req, res, url);
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, `${req.method ?? ''} is not served`);
    } else if (url.pathname === '/') {
      await this.#overview(res);
    } else {
      this.#asset(req, res, url.pathname);
    }
  }

  #asset(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const asset = pathname.startsWith('/assets/') ? this.#assets.get(pathname.slice(8)) : undefined;
    if (asset === undefined) {
      sendError(res, 404, `no ${pathname}${assetHint(pathname)}`);
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': asset.contentType,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  }

  #login(res: ServerResponse, url: URL): void {
    const token = this.#settings.token;
    const given = url.searchParams.get('token');
    if (token === undefined || token === '' || given === null || !sameSecret(given, token)) {
      sendError(res, 401, 'wrong or missing token');
      return;
    }
    const cookie = `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(303, { location: '/', 'set-cookie': cookie });
    res.end();
  }

  #forward(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const target = proxyTarget(req.method ?? 'GET', url, this.#settings.runtimes);
    if (target.ok) this.#proxy.forward(req, res, target.url);
    else sendError(res, target.status, target.message);
  }

  async #overview(res: ServerResponse): Promise<void> {
    const snapshots = await Promise.all(this.#settings.runtimes.map((r) => this.#snapshot(r)));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(overviewPage(snapshots));
  }

  async #snapshot(runtime: URL): Promise<RuntimeSnapshot> {
    try {
      const katalog = await this.#proxy.getJson<KatalogSummary>(new URL('katalog', withSlash(runtime)));
      return { url: runtime.href, katalog };
    } catch (error) {
      return { url: runtime.href, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

function withSlash(url: URL): URL {
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

function assetHint(pathname: string): string {
  return pathname.startsWith('/assets/') ? ' (the UI is not built: npm run build)' : '';
}

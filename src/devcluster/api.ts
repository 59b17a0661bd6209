/**
 * The few API calls the dev cluster makes itself (readiness, nodes), over node:https with the
 * admin certificate. The product's real client lives in kube/; this one only has to bring a
 * cluster up, before any of that is needed.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { Pki } from './pki.ts';
import { nodeFs, loadNodeHttp } from '../util/index.ts';

/** A response: status code and body text. Status 0 means the server could not be reached. */
export interface ProbeResponse {
  status: number;
  body: string;
}

/** An HTTPS client for one API server, authenticated as the dev cluster's admin. */
export class AdminClient {
  readonly #server: URL;
  readonly #agent: Agent;

  constructor(server: string, pki: Pki) {
    this.#server = new URL(server);
    this.#agent = new Agent({
      ca: nodeFs.readFileSync(pki.caCert),
      cert: nodeFs.readFileSync(pki.adminCert),
      key: nodeFs.readFileSync(pki.adminKey),
      keepAlive: true,
      maxSockets: 2,
    });
  }

  /** GET a path; never throws for a network error (status 0 instead). */
  get(path: string): Promise<ProbeResponse> {
    return this.#send('GET', path);
  }

  /** POST a JSON body to a path. */
  post(path: string, body: unknown): Promise<ProbeResponse> {
    return this.#send('POST', path, JSON.stringify(body));
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, body?: string): Promise<ProbeResponse> {
    const url = new URL(path, this.#server);
    const headers = body ? { 'content-type': 'application/json' } : undefined;
    return new Promise((resolve) => {
      const req = httpsRequest(url, { method, agent: this.#agent, headers, timeout: 5000 }, (res) => {
        collect(res, (text) => {
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        resolve({ status: 0, body: error.message });
      });
      req.end(body);
    });
  }
}

/** GET over plain HTTP (etcd's /health); status 0 when unreachable. */
export function plainGet(url: string): Promise<ProbeResponse> {
  return new Promise((resolve) => {
    const req = loadNodeHttp().request(url, { timeout: 2000 }, (res) => {
      collect(res, (text) => {
        resolve({ status: res.statusCode ?? 0, body: text });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => {
      resolve({ status: 0, body: error.message });
    });
    req.end();
  });
}

function collect(res: NodeJS.ReadableStream, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => {
    done(Buffer.concat(chunks).toString('utf8'));
  });
}

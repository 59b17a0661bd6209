/**
 * A small Kubernetes client for the tests themselves, independent of the product's kube/ layer
 * so that a bug there cannot hide in the tests that check it. Reads the kubeconfig that
 * KUBECONFIG names (client certificate, token, CA; inline data or files).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';

interface NamedEntry<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

interface RawKubeconfig {
  'current-context'?: string;
  clusters?: NamedEntry<Record<string, string>>[];
  users?: NamedEntry<Record<string, string>>[];
  contexts?: NamedEntry<Record<string, string>>[];
}

/** A response of the API server. */
export interface TestResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** One event of a watch. */
export interface TestWatchEvent {
  type: string;
  object: { metadata?: { name?: string; resourceVersion?: string }; [key: string]: unknown };
}

/** An HTTPS client for the cluster of a kubeconfig. */
export class TestClient {
  readonly server: string;
  readonly #agent: Agent;
  readonly #token: string | undefined;

  constructor(kubeconfigPath: string) {
    const raw = parse(readFileSync(kubeconfigPath, 'utf8')) as RawKubeconfig;
    const context = raw.contexts?.find((c) => c.name === raw['current-context'])?.context ?? {};
    const cluster = raw.clusters?.find((c) => c.name === context['cluster'])?.cluster ?? {};
    const user = raw.users?.find((u) => u.name === context['user'])?.user ?? {};
    this.server = cluster['server'] ?? '';
    this.#token = user['token'];
    this.#agent = new Agent({
      keepAlive: true,
      ca: pem(cluster, 'certificate-authority'),
      cert: pem(user, 'client-certificate'),
      key: pem(user, 'client-key'),
    });
  }

  /** Sends a request with an optional JSON body; parses a JSON answer. */
  send<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<TestResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = this.#headers(contentType);
    // An explicit length: a chunked DELETE body is left unread by the API server and spoils the kept-alive connection.
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.server), { method, agent: this.#agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: (text.startsWith('{') ? JSON.parse(text) : { text }) as T,
          });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  get<T = Record<string, unknown>>(path: string): Promise<TestResponse<T>> {
    return this.send<T>('GET', path);
  }

  /** Creates an object; fails the test unless the server answers 201. */
  async create<T = Record<string, unknown>>(path: string, object: unknown): Promise<T> {
    const res = await this.send<T>('POST', path, object);
    if (res.status !== 201) throw new Error(`POST ${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  delete(path: string, propagationPolicy = 'Background'): Promise<TestResponse> {
    return this.send('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy });
  }

  /** Watches a collection; calls `onEvent` for each event until the returned stop function is called. */
  watch(path: string, onEvent: (event: TestWatchEvent) => void): () => void {
    const url = new URL(path, this.server);
    url.searchParams.set('watch', '1');
    const req = request(url, { agent: this.#agent, headers: this.#headers() }, (res) => {
      let rest = '';
      res.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as TestWatchEvent);
      });
    });
    req.on('error', () => undefined); // ends when stopped
    req.end();
    return () => req.destroy();
  }

  close(): void {
    this.#agent.destroy();
  }

  #headers(contentType = 'application/json'): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType };
    if (this.#token) headers['authorization'] = `Bearer ${this.#token}`;
    return headers;
  }
}

function pem(entry: Record<string, string>, key: string): Buffer | undefined {
  const data = entry[`${key}-data`];
  if (data) return Buffer.from(data, 'base64');
  const file = entry[key];
  return file ? readFileSync(file) : undefined;
}

/**
 * Test helper: a local HTTP server on 127.0.0.1 standing in for the API server in unit tests of
 * the transport, client and watch. It records requests and counts connections; each test
 * answers with its own handler. Not exported from kube/index.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterConfig, Credentials } from '../config/cluster-config.ts';
import { noCredentials } from '../config/cluster-config.ts';

/** A request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers one request. */
export type FakeHandler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

/** A running fake API server. */
export interface FakeApiServer {
  url: string;
  requests: SeenRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** Connections open right now. */
  openConnections(): number;
  /** A ClusterConfig pointing at this server. */
  config(credentials?: Credentials): ClusterConfig;
  close(): Promise<void>;
}

/** Sends `body` as JSON with `status`. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A Kubernetes Status body. */
export function statusBody(code: number, reason: string, message = reason): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function track(server: Server): { total: () => number; open: () => number } {
  let total = 0;
  const sockets = new Set<unknown>();
  server.on('connection', (socket) => {
    total += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { total: () => total, open: () => sockets.size };
}

/** Starts a fake API server that answers every request with `handler`. */
export async function startFakeApiServer(handler: FakeHandler): Promise<FakeApiServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then(async (body) => {
      const seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      requests.push(seen);
      await handler(seen, response);
    });
  });
  const counts = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    connections: counts.total,
    openConnections: counts.open,
    config: (credentials = noCredentials) => ({ server: url, tls: {}, namespace: 'default', credentials }),
    close: async () => {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

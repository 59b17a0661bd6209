/**
 * Test helper: a local HTTP server on 127.0.0.1 standing in for the API server in unit tests of
 * the transport, client and watch. It records requests and counts connections; each test
 * answers with its own handler. Plain HTTP/1.1 by default; with `http2: true` it speaks HTTP/2
 * over TLS like kube-apiserver, with a self-signed certificate the returned config trusts.
 * Exported from kube/testing/index.ts, never from kube/index.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse, Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig, Credentials } from '../config/cluster-config.ts';
import { noCredentials } from '../config/cluster-config.ts';
import { readAll } from '../transport/body.ts';

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
  /** HTTP/2 only: sends GOAWAY on every open session (the client must open a new one). */
  goAway(): void;
  close(): Promise<void>;
}

/** How the fake server talks. */
export interface FakeApiServerOptions {
  /** HTTP/2 over TLS instead of plain HTTP/1.1. */
  http2?: boolean;
  /** HTTP/2: the streams a connection may carry at once (SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxConcurrentStreams?: number;
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

function track(server: NetServer): { total: () => number; open: () => number } {
  let total = 0;
  const sockets = new Set<unknown>();
  server.on('connection', (socket) => {
    total += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { total: () => total, open: () => sockets.size };
}

/** A self-signed certificate for 127.0.0.1, made once per process with the openssl CLI. */
let certificate: { key: Buffer; cert: Buffer } | undefined;
export function selfSigned(): { key: Buffer; cert: Buffer } {
  if (certificate !== undefined) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'ork-fake-api-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
    execFileSync(
      'openssl',
      ['req', '-x509', ...ec, '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert],
      {
        stdio: 'ignore',
      },
    );
    certificate = { key: readFileSync(key), cert: readFileSync(cert) };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Listener = (request: IncomingMessage | Http2ServerRequest, response: ServerResponse) => void;

/** An HTTP/2 server over TLS (no HTTP/1.1), its open sessions, and how to end them. */
function http2Server(
  listener: Listener,
  maxConcurrentStreams: number | undefined,
): { server: NetServer; sessions: Set<Http2Session> } {
  const settings = maxConcurrentStreams === undefined ? {} : { settings: { maxConcurrentStreams } };
  // The compatibility API gives handlers the same calls as node:http's ServerResponse.
  const server = createSecureServer(
    { ...selfSigned(), ...settings },
    (request, response: Http2ServerResponse) => {
      listener(request, response as unknown as ServerResponse);
    },
  );
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  return { server, sessions };
}

function closeServer(server: NetServer, sessions: Set<Http2Session>): Promise<void> {
  if (!server.listening) return Promise.resolve();
  for (const session of sessions) session.destroy();
  (server as Partial<Server>).closeAllConnections?.();
  return new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** Starts a fake API server that answers every request with `handler`. */
export async function startFakeApiServer(
  handler: FakeHandler,
  options: FakeApiServerOptions = {},
): Promise<FakeApiServer> {
  const requests: SeenRequest[] = [];
  const listener: Listener = (request, response) => {
    void readAll(request).then(async (body) => {
      const seen = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers as IncomingMessage['headers'],
        body,
      };
      requests.push(seen);
      await handler(seen, response);
    });
  };
  const { server, sessions } =
    options.http2 === true
      ? http2Server(listener, options.maxConcurrentStreams)
      : { server: createServer(listener), sessions: new Set<Http2Session>() };
  const counts = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `${options.http2 === true ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tls = options.http2 === true ? { ca: selfSigned().cert } : {};
  return {
    url,
    requests,
    connections: counts.total,
    openConnections: counts.open,
    config: (credentials = noCredentials) => ({ server: url, tls, namespace: 'default', credentials }),
    goAway: () => {
      for (const session of sessions) session.goaway();
    },
    close: () => closeServer(server, sessions),
  };
}

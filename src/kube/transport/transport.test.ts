import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { staticTokenCredentials } from '../config/cluster-config.ts';
import type { Credentials } from '../config/cluster-config.ts';
import {
  ConflictError,
  NotFoundError,
  ServerError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../errors.ts';
import {
  selfSigned,
  sendJson,
  startFakeApiServer as startServer,
  statusBody,
} from '../testing/fake-api-server.ts';
import type { FakeApiServer, FakeHandler } from '../testing/fake-api-server.ts';
import { TransportStats } from './metrics.ts';
import { RequestTimeoutError, Transport as RealTransport } from './transport.ts';
import type { TransportOptions } from './transport.ts';
import type { ClusterConfig } from '../config/cluster-config.ts';

// Whatever a test leaves open (say after a failed assertion) is closed, so the file can exit.
const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close().catch(() => undefined)));
});
async function startOn(
  http2: boolean,
  handler: FakeHandler,
  maxConcurrentStreams?: number,
): Promise<FakeApiServer> {
  const server = await startServer(handler, { http2, maxConcurrentStreams });
  open.push(server);
  return server;
}
class Transport extends RealTransport {
  private closed = false;
  constructor(config: ClusterConfig, options?: TransportOptions) {
    super(config, options);
    open.push(this);
  }
  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await super.close();
  }
}

const fastRetry = { baseMs: 1, maxMs: 5, maxRetries: 3 };

for (const protocol of ['HTTP/1.1', 'HTTP/2'] as const)
  describe(`Transport over ${protocol}`, () => {
    const http2 = protocol === 'HTTP/2';
    const startFakeApiServer = (handler: FakeHandler): Promise<FakeApiServer> => startOn(http2, handler);

    it('sends 200 concurrent requests, at most `connections` at once, over a bounded number of connections', async () => {
      let inFlight = 0;
      let most = 0;
      const server = await startFakeApiServer((_request, response) => {
        most = Math.max(most, ++inFlight);
        setImmediate(() => {
          inFlight -= 1;
          sendJson(response, 200, { ok: true });
        });
      });
      const stats = new TransportStats();
      const transport = new Transport(server.config(), { connections: 8, metrics: stats });
      const requests = Array.from({ length: 200 }, (_, i) =>
        transport.request({ method: 'GET', path: `/api/v1/namespaces/n/configmaps/c${i}`, verb: 'get' }),
      );
      const responses = await Promise.all(requests);
      assert.equal(responses.length, 200);
      assert.ok(most <= 8, `${most} requests in flight at once`);
      const opened = stats.snapshot().connections;
      if (http2) assert.deepEqual([server.connections(), opened.http2, opened.request], [1, 1, 0]);
      else assert.ok(server.connections() <= 8, `server saw ${server.connections()} connections`);
      assert.equal(opened.request + opened.http2, server.connections());
      assert.equal(stats.snapshot().requests['get 200'], 200);
      await transport.close();
      await server.close();
    });

    it('sends user agent, accept-encoding gzip and the bearer token, and gunzips the answer', async () => {
      const server = await startFakeApiServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(JSON.stringify({ kind: 'Pod' })));
      });
      const transport = new Transport(server.config(staticTokenCredentials('tok')), { version: '1.2.3' });
      const response = await transport.request({ method: 'POST', path: '/api/v1/x', body: '{"a":1}' });
      assert.deepEqual(JSON.parse(response.text), { kind: 'Pod' });
      const seen = server.requests[0]!;
      assert.equal(seen.headers['user-agent'], 'orkestra/1.2.3');
      assert.equal(seen.headers['accept-encoding'], 'gzip');
      assert.equal(seen.headers.authorization, 'Bearer tok');
      assert.equal(seen.headers['content-type'], 'application/json');
      assert.equal(seen.body, '{"a":1}');
      await transport.close();
      await server.close();
    });

    it('throws the typed error of the status', async () => {
      const server = await startFakeApiServer((request, response) => {
        const code = request.url.endsWith('missing') ? 404 : 409;
        sendJson(response, code, statusBody(code, code === 404 ? 'NotFound' : 'AlreadyExists'));
      });
      const transport = new Transport(server.config());
      await assert.rejects(transport.request({ method: 'GET', path: '/missing' }), NotFoundError);
      await assert.rejects(transport.request({ method: 'POST', path: '/exists', body: '{}' }), ConflictError);
      await transport.close();
      await server.close();
    });

    it('refreshes credentials once after a 401 and retries', async () => {
      let token = 'old';
      let refreshes = 0;
      const credentials: Credentials = {
        authorization: () => Promise.resolve(`Bearer ${token}`),
        refresh: () => {
          refreshes += 1;
          token = 'new';
          return Promise.resolve(true);
        },
      };
      const server = await startFakeApiServer((request, response) => {
        const ok = request.headers.authorization === 'Bearer new';
        sendJson(response, ok ? 200 : 401, ok ? {} : statusBody(401, 'Unauthorized'));
      });
      const transport = new Transport(server.config(credentials));
      await transport.request({ method: 'GET', path: '/x' });
      assert.equal(refreshes, 1);
      assert.deepEqual(
        server.requests.map((r) => r.headers.authorization),
        ['Bearer old', 'Bearer new'],
      );
      token = 'revoked';
      const stuck: Credentials = { ...credentials, refresh: () => Promise.resolve(false) };
      const second = new Transport(server.config(stuck));
      await assert.rejects(second.request({ method: 'GET', path: '/x' }), UnauthorizedError);
      await Promise.all([transport.close(), second.close()]);
      await server.close();
    });

    it('retries a 429 after its Retry-After, even for a create', async () => {
      let calls = 0;
      const server = await startFakeApiServer((_request, response) => {
        calls += 1;
        if (calls === 1) {
          response.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
          response.end(JSON.stringify(statusBody(429, 'TooManyRequests')));
          return;
        }
        sendJson(response, 201, {});
      });
      const stats = new TransportStats();
      const transport = new Transport(server.config(), { backoff: fastRetry, metrics: stats });
      const response = await transport.request({ method: 'POST', path: '/x', body: '{}', verb: 'create' });
      assert.equal(response.statusCode, 201);
      assert.equal(stats.snapshot().retries, 1);
      assert.deepEqual(stats.snapshot().requests, { 'create 429': 1, 'create 201': 1 });
      await transport.close();
      await server.close();
    });

    it('retries a 5xx for a GET up to maxRetries but never for a POST', async () => {
      const server = await startFakeApiServer((_request, response) => {
        sendJson(response, 503, statusBody(503, 'ServiceUnavailable'));
      });
      const transport = new Transport(server.config(), { backoff: fastRetry });
      await assert.rejects(transport.request({ method: 'GET', path: '/x' }), ServerError);
      assert.equal(server.requests.length, 4, 'one attempt plus three retries');
      await assert.rejects(transport.request({ method: 'POST', path: '/x', body: '{}' }), ServerError);
      assert.equal(server.requests.length, 5);
      await transport.close();
      await server.close();
    });

    it('gives up on a 429 after maxRetries', async () => {
      const server = await startFakeApiServer((_request, response) => {
        sendJson(response, 429, statusBody(429, 'TooManyRequests'));
      });
      const transport = new Transport(server.config(), { backoff: { ...fastRetry, maxRetries: 1 } });
      await assert.rejects(transport.request({ method: 'GET', path: '/x' }), TooManyRequestsError);
      assert.equal(server.requests.length, 2);
      await transport.close();
      await server.close();
    });

    it('times out a request that gets no answer', async () => {
      const server = await startFakeApiServer(() => undefined);
      const transport = new Transport(server.config(), { requestTimeoutMs: 30, backoff: { maxRetries: 0 } });
      await assert.rejects(transport.request({ method: 'GET', path: '/hang' }), RequestTimeoutError);
      await server.close();
      await transport.close();
    });

    it('keeps a base path of the server URL', async () => {
      const server = await startFakeApiServer((_request, response) => {
        sendJson(response, 200, {});
      });
      const transport = new Transport({ ...server.config(), server: `${server.url}/k8s/clusters/c1` });
      await transport.request({ method: 'GET', path: '/api/v1/pods' });
      assert.equal(server.requests[0]?.url, '/k8s/clusters/c1/api/v1/pods');
      await transport.close();
      await server.close();
    });

    it('reaches the server through an HTTP proxy with CONNECT', async () => {
      const server = await startFakeApiServer((_request, response) => {
        sendJson(response, 200, { via: 'proxy' });
      });
      const tunnels: string[] = [];
      const proxy = createHttpServer();
      proxy.on('connect', (req: IncomingMessage, client: Socket) => {
        tunnels.push(req.url ?? '');
        const [host, port] = (req.url ?? '').split(':');
        const upstream = connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client).pipe(upstream);
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      open.push({
        close: () =>
          new Promise<void>((resolve) => {
            proxy.closeAllConnections();
            proxy.close(() => {
              resolve();
            });
          }),
      });
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const transport = new Transport({ ...server.config(), proxyUrl });
      const response = await transport.request({ method: 'GET', path: '/api/v1/pods' });
      assert.deepEqual(JSON.parse(response.text), { via: 'proxy' });
      assert.deepEqual(tunnels, [new URL(server.url).host]);
    });
  });

describe('HTTP/2 sessions', () => {
  it('carries requests and watches on one connection, and opens another after a GOAWAY', async () => {
    const server = await startOn(true, (request, response) => {
      if (request.url.startsWith('/watch')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"type":"ADDED"}\n');
        return;
      }
      sendJson(response, 200, { path: request.url });
    });
    const stats = new TransportStats();
    const transport = new Transport(server.config(), { metrics: stats });
    const watch = await transport.stream({ method: 'GET', path: '/watch?watch=1', verb: 'watch' });
    assert.equal(await firstChunk(watch.body), '{"type":"ADDED"}\n');
    await transport.request({ method: 'GET', path: '/a' });
    assert.equal(server.connections(), 1, 'the watch and the request share a connection');
    server.goAway();
    const after = await transport.request({ method: 'GET', path: '/b' });
    assert.deepEqual(JSON.parse(after.text), { path: '/b' });
    assert.equal(server.connections(), 2);
    assert.equal(stats.snapshot().connections.http2, 2);
    watch.body.destroy();
    await transport.close();
  });

  it('opens another connection at the server’s stream limit, so no watch waits', async () => {
    const server = await startOn(
      true,
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"type":"ADDED"}\n');
      },
      2,
    );
    const stats = new TransportStats();
    const transport = new Transport(server.config(), { metrics: stats });
    const watches = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => transport.stream({ method: 'GET', path: `/w${i}?watch=1`, verb: 'watch' })),
    );
    const firsts = await Promise.all(watches.map((w) => firstChunk(w.body)));
    assert.deepEqual(new Set(firsts), new Set(['{"type":"ADDED"}\n']));
    assert.equal(server.connections(), 3, 'two streams a connection: 2 + 2 + 1');
    assert.equal(stats.snapshot().connections.http2, 3);
    for (const watch of watches) watch.body.destroy();
    await transport.close();
  });

  it('ends the streams of a connection whose pings go unanswered', async () => {
    const server = await startOn(true, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"type":"ADDED"}\n');
    });
    const relay = await startFreezableRelay(new URL(server.url).port);
    const transport = new Transport(
      { ...server.config(), server: `https://127.0.0.1:${relay.port}` },
      { pingIntervalMs: 50, pingTimeoutMs: 100 },
    );
    const watch = await transport.stream({ method: 'GET', path: '/watch?watch=1', verb: 'watch' });
    const chunks: string[] = [];
    const ended = (async () => {
      for await (const chunk of watch.body) chunks.push(String(chunk));
    })();
    relay.freeze();
    await assert.rejects(ended, /ping timeout/);
    assert.deepEqual(chunks, ['{"type":"ADDED"}\n']);
    await transport.close();
  });
});

/** A TCP relay to 127.0.0.1:`port` whose traffic can be stopped in both directions. */
async function startFreezableRelay(port: string): Promise<{ port: number; freeze: () => void }> {
  const pairs: Socket[][] = [];
  const relay = createNetServer((client) => {
    const upstream = connect(Number(port), '127.0.0.1');
    client.pipe(upstream).pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of pairs.flat()) socket.destroy();
        relay.close(() => {
          resolve();
        });
      }),
  });
  return {
    port: (relay.address() as AddressInfo).port,
    freeze: () => {
      for (const [client, upstream] of pairs) {
        client?.unpipe();
        upstream?.unpipe();
        client?.pause();
        upstream?.pause();
      }
    },
  };
}

describe('Transport over TLS', () => {
  it('verifies the server against the kubeconfig CA, and falls back to HTTP/1.1 when it does not speak HTTP/2', async () => {
    const { key, cert } = selfSigned();
    const server = createServer({ key, cert }, (_request, response) => {
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const credentials = staticTokenCredentials('t');
    const stats = new TransportStats();
    const trusted = new Transport(
      { server: url, tls: { ca: cert }, namespace: 'd', credentials },
      { metrics: stats },
    );
    const responses = await Promise.all(
      [1, 2, 3].map(() => trusted.request({ method: 'GET', path: '/version' })),
    );
    assert.equal(responses.length, 3);
    // This server speaks only HTTP/1.1: one connection learnt it (ALPN), the pool did the rest.
    const opened = stats.snapshot().connections;
    assert.equal(opened.http2, 1);
    assert.ok(opened.request >= 1);
    await trusted.request({ method: 'GET', path: '/version' });
    assert.equal(stats.snapshot().connections.http2, 1, 'the protocol is learnt once');
    const untrusted = new Transport(
      { server: url, tls: {}, namespace: 'd', credentials },
      { backoff: { maxRetries: 0 } },
    );
    await assert.rejects(untrusted.request({ method: 'GET', path: '/version' }), /self-signed|certificate/);
    await Promise.all([trusted.close(), untrusted.close()]);
    server.closeAllConnections();
    server.close();
  });
});

/** The first chunk of a streaming body, as text. */
async function firstChunk(body: AsyncIterable<Buffer | string>): Promise<string> {
  const next = await body[Symbol.asyncIterator]().next();
  return String(next.value);
}

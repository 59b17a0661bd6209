import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ControlConfigError, ControlServer } from './control-server.ts';

/** A stand-in for a runtime's HTTP API: /katalog, an event stream and the render POST. */
function stubRuntime(): Server {
  return createServer((req, res) => {
    if (req.url === '/katalog') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const health = {
        status: 'degraded',
        reasons: ['3 <consecutive> failures'],
        consecutiveFailures: 3,
        warnings: [],
      };
      const op = { crd: 'queue', group: 'demo.io', version: 'v1', kind: 'Queue', plural: 'queues' };
      res.end(
        JSON.stringify({
          name: 'demo',
          crds: [{ ...op, namespaced: true, workers: 1, managedObjects: 2, health }],
        }),
      );
    } else if (req.url === '/katalog/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: katalog\ndata: {"name":"demo"}\n\n');
    } else if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: req.url, body: Buffer.concat(chunks).toString() }));
      });
    } else {
      res.writeHead(404).end();
    }
  });
}

const runtime = stubRuntime();
const stop = new AbortController();
let base = '';

before(async () => {
  await new Promise<void>((resolve) => runtime.listen(0, '127.0.0.1', resolve));
  const { port } = runtime.address() as AddressInfo;
  const server = new ControlServer({
    port: 0,
    host: '127.0.0.1',
    runtimes: [new URL(`http://127.0.0.1:${port}`)],
    token: undefined,
  });
  base = `http://127.0.0.1:${await server.start(stop.signal)}`;
});

after(() => {
  stop.abort();
  runtime.close();
  runtime.closeAllConnections();
});

test('a non-loopback host without a token is refused', () => {
  const settings = { port: 0, host: '0.0.0.0', runtimes: [], token: undefined };
  assert.throws(() => new ControlServer(settings), ControlConfigError);
});

test('/ is the overview rendered on the server, escaped, readable without a script', async () => {
  const res = await fetch(`${base}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const html = await res.text();
  assert.match(html, /<a href="\/#\/r\/0\/op\/queue">Queue<\/a>/);
  assert.match(html, /<span class="health health-degraded">degraded<\/span>/);
  assert.match(html, /3 &lt;consecutive&gt; failures/);
});

test('the API is proxied: GET, the render POST, and the event stream as it comes', async () => {
  const katalog = (await (await fetch(`${base}/api/0/katalog`)).json()) as { name: string };
  assert.equal(katalog.name, 'demo');
  const render = await fetch(`${base}/api/0/katalog/queue/render`, { method: 'POST', body: '{"spec":{}}' });
  assert.deepEqual(await render.json(), { path: '/katalog/queue/render', body: '{"spec":{}}' });
  const stream = await fetch(`${base}/api/0/katalog/stream`);
  assert.equal(stream.headers.get('content-type'), 'text/event-stream');
  const reader = stream.body?.getReader();
  const first = await reader?.read();
  assert.match(new TextDecoder().decode(first?.value as Uint8Array | undefined), /event: katalog/);
  await reader?.cancel();
});

test('writes other than the render, too large a body, and a foreign Host are refused', async () => {
  assert.equal((await fetch(`${base}/api/0/katalog/queue/cr`, { method: 'POST', body: '{}' })).status, 405);
  const big = await fetch(`${base}/api/0/katalog/queue/render`, {
    method: 'POST',
    body: 'x'.repeat(1024 * 1024 + 10),
  });
  assert.equal(big.status, 413);
  const { request } = await import('node:http');
  const status = await new Promise<number | undefined>((resolve) => {
    request(`${base}/`, { headers: { host: 'rebound.example' } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).end();
  });
  assert.equal(status, 401);
});

test('with a token: 401 without it, then the login cookie or the bearer header opens every route', async () => {
  const controller = new AbortController();
  const server = new ControlServer({ port: 0, host: '127.0.0.1', runtimes: [], token: 't0ken' });
  const url = `http://127.0.0.1:${await server.start(controller.signal)}`;
  try {
    assert.equal((await fetch(`${url}/`)).status, 401);
    assert.equal((await fetch(`${url}/login?token=nope`, { redirect: 'manual' })).status, 401);
    const login = await fetch(`${url}/login?token=t0ken`, { redirect: 'manual' });
    assert.equal(login.status, 303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.doesNotMatch(cookie, /t0ken/);
    assert.equal((await fetch(`${url}/`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${url}/`, { headers: { authorization: 'Bearer t0ken' } })).status, 200);
  } finally {
    controller.abort();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiServer } from './http-server.ts';
import type { RuntimeView } from './view.ts';

const view: RuntimeView = {
  katalogName: () => 'demo',
  boxes: () => [],
  box: () => undefined,
  readiness: () => ({ ready: true, reasons: [] }),
  metrics: () => Promise.resolve({ contentType: 'text/plain', text: 'x 1\n' }),
};

test('the server listens until its signal aborts', async () => {
  const controller = new AbortController();
  const server = new ApiServer(view, { port: 0, host: '127.0.0.1' });
  await server.start(controller.signal);
  const res = await fetch(`http://127.0.0.1:${server.port}/katalog`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { name: 'demo', crds: [] });
  controller.abort();
  await assert.rejects(fetch(`http://127.0.0.1:${server.port}/health`));
});

test('listening resolves with the port picked for port 0, once the server listens', async () => {
  const controller = new AbortController();
  const server = new ApiServer(view, { port: 0, host: '127.0.0.1' });
  const started = server.start(controller.signal);
  const port = await server.listening;
  await started;
  assert.ok(port > 0);
  assert.equal(port, server.port);
  controller.abort();
});

test('the stream answers with server-sent events, the Katalog first, and lets go of a client that leaves', async () => {
  const controller = new AbortController();
  let listening = 0;
  const listeners = (): number => listening;
  const observed: RuntimeView = {
    ...view,
    observe: () => {
      listening += 1;
      return () => {
        listening -= 1;
      };
    },
  };
  const server = new ApiServer(observed, { port: 0, host: '127.0.0.1' });
  await server.start(controller.signal);
  const client = new AbortController();
  const res = await fetch(`http://127.0.0.1:${server.port}/katalog/stream`, { signal: client.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.equal(first, `event: katalog\ndata: ${JSON.stringify({ name: 'demo', crds: [] })}\n\n`);
  assert.equal(listeners(), 1);
  client.abort();
  for (let i = 0; i < 50 && listeners() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(listeners(), 0);
  controller.abort();
});

test('a body over 1 MiB is refused with 413 before it is read whole', async () => {
  const controller = new AbortController();
  const server = new ApiServer(view, { port: 0, host: '127.0.0.1' });
  await server.start(controller.signal);
  const res = await fetch(`http://127.0.0.1:${server.port}/katalog/website/render`, {
    method: 'POST',
    body: 'x'.repeat((1 << 20) + 1),
  });
  assert.equal(res.status, 413);
  controller.abort();
});

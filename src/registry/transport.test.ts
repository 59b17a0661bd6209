import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport } from './transport.ts';

test('fetch sends a followed body in counted pieces, whole and with its length', async (t) => {
  const received: { length?: string; bytes: number } = { bytes: 0 };
  const server = createServer((req, res) => {
    received.length = req.headers['content-length'];
    req.on('data', (chunk: Buffer) => (received.bytes += chunk.byteLength));
    req.on('end', () => res.writeHead(201).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const body = new Uint8Array(1024 * 1024 + 7).fill(7);
  const sent: number[] = [];
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
  const headers = { 'content-length': String(body.byteLength) };
  const res = await fetchTransport(url, { method: 'PUT', headers, body, onSent: (n) => sent.push(n) });
  assert.equal(res.status, 201);
  assert.deepEqual(received, { length: String(body.byteLength), bytes: body.byteLength });
  assert.equal(sent.at(-1), body.byteLength);
  assert.ok(sent.length >= 4, 'several pieces, each counted');
});

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isRetryable } from '../backoff.ts';
import { PrematureCloseError, readAll, readText } from './body.ts';

it('reads a body of several chunks as UTF-8, split inside a character too', async () => {
  const body = new PassThrough();
  const text = readAll(body);
  const bytes = Buffer.from('{"name":"café"}');
  body.write(bytes.subarray(0, 12)); // ends between the two bytes of é
  body.end(bytes.subarray(12));
  assert.equal(await text, '{"name":"café"}');
});

it('reads an empty body and a gzipped one', async () => {
  const empty = new PassThrough();
  const none = readAll(empty);
  empty.end();
  assert.equal(await none, '');
  const zipped = new PassThrough();
  const unzipped = readText(zipped, { 'content-encoding': 'gzip' });
  zipped.end(gzipSync('{"kind":"Status"}'));
  assert.equal(await unzipped, '{"kind":"Status"}');
});

it("rejects with the stream's error, or as a premature close when it closes before its end", async () => {
  const failing = new PassThrough();
  const failed = readAll(failing);
  failing.write('{"a"');
  failing.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
  await assert.rejects(failed, { code: 'ECONNRESET' });

  const cut = new PassThrough();
  const cutShort = readAll(cut);
  cut.write('{"a"');
  cut.destroy();
  await assert.rejects(cutShort, PrematureCloseError);

  const gone = new PassThrough();
  gone.destroy();
  await assert.rejects(readAll(gone), PrematureCloseError, 'a stream already closed fails at once');
});

it('counts a cut body as a network failure: an idempotent request is retried', () => {
  assert.equal(isRetryable(new PrematureCloseError(), true), true);
  assert.equal(isRetryable(new PrematureCloseError(), false), false);
});

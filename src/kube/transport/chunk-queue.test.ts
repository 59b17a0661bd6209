import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { PrematureCloseError } from './body.ts';
import { ChunkQueue } from './http2-sessions.ts';

async function collect(queue: ChunkQueue): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of queue) out.push(String(chunk));
  return out;
}

describe('ChunkQueue', () => {
  it('hands over the chunks that came before it was read, then ends with the stream', async () => {
    const source = new PassThrough();
    const queue = new ChunkQueue(source);
    source.write('a');
    source.write('b');
    source.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await collect(queue), ['a', 'b']);
  });

  it("throws the stream's error after the chunks that came before it", async () => {
    const source = new PassThrough();
    const queue = new ChunkQueue(source);
    source.write('a');
    setImmediate(() => source.destroy(new Error('reset')));
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const chunk of queue) seen.push(String(chunk));
    }, /reset/);
    assert.deepEqual(seen, ['a']);
  });

  it('reports a close before the end as a premature close', async () => {
    const source = new PassThrough();
    const queue = new ChunkQueue(source);
    source.write('a');
    setImmediate(() => source.destroy());
    await assert.rejects(collect(queue), PrematureCloseError);
  });

  it('pauses the stream while highWater chunks wait, and resumes it once they are read', async () => {
    const source = new PassThrough();
    const queue = new ChunkQueue(source, 2);
    source.write('a');
    source.write('b');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(source.isPaused(), true);
    source.end('c');
    assert.deepEqual(await collect(queue), ['a', 'b', 'c']);
  });
});

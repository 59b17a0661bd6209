import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './logger.ts';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

test('a log line is JSON with a constant message, the level name and the bound keys', () => {
  const { lines, stream } = capture();
  const log = createLogger({ destination: stream }).child({ crd: 'website' });
  log.info('reconciled', { namespace: 'default', name: 'site-a', reconcileID: 'r1' });
  assert.equal(lines.length, 1);
  assert.match(String(lines[0]?.['time']), /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(
    { ...lines[0], time: undefined },
    {
      level: 'info',
      msg: 'reconciled',
      crd: 'website',
      namespace: 'default',
      name: 'site-a',
      reconcileID: 'r1',
      time: undefined,
    },
  );
});

test('an error among the fields is logged as its message', () => {
  const { lines, stream } = capture();
  createLogger({ destination: stream }).error('failed', { error: new Error('boom') });
  assert.equal(lines[0]?.['error'], 'boom');
});

test('lines below the level are dropped', () => {
  const { lines, stream } = capture();
  const log = createLogger({ destination: stream, level: 'warn' });
  log.info('quiet');
  log.warn('loud');
  assert.deepEqual(
    lines.map((l) => l['msg']),
    ['loud'],
  );
});

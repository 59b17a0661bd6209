import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress, formatSize, progressMeter } from './progress.ts';

test('sizes in binary units, one decimal', () => {
  assert.equal(formatSize(512), '512 B');
  assert.equal(formatSize(1536), '1.5 KiB');
  assert.equal(formatSize(3 * 1024 * 1024), '3.0 MiB');
  assert.equal(formatSize(5 * 1024 ** 3), '5.0 GiB');
});

test('a line says what, done of total, percent and the mean rate', () => {
  const MiB = 1024 * 1024;
  assert.equal(
    formatProgress({
      label: 'pushing sha256:1a2b3c4d5e6f…',
      done: 1.5 * MiB,
      total: 3 * MiB,
      elapsedMs: 500,
    }),
    'pushing sha256:1a2b3c4d5e6f… 1.5 MiB / 3.0 MiB 50% 3.0 MiB/s',
  );
  assert.equal(formatProgress({ label: 'x', done: 0, total: 2048, elapsedMs: 0 }), 'x 0 B / 2.0 KiB 0% -');
  assert.equal(formatProgress({ label: 'x', done: 0, total: 0, elapsedMs: 0 }), 'x 0 B / 0 B 100% -');
});

test('the meter writes at most one line per 250 ms, and the last one always, once', () => {
  let now = 1000;
  const lines: [string, boolean][] = [];
  const meter = progressMeter({
    label: 'pulling',
    total: 4096,
    write: (l, f) => lines.push([l, f]),
    now: () => now,
  });
  meter.update(1024); // the first update writes
  now += 100;
  meter.update(2048); // too soon
  now += 200;
  meter.update(3072); // 300 ms after the first
  now += 10;
  meter.update(4096); // too soon, but finish() writes the end
  meter.finish();
  meter.finish();
  assert.deepEqual(lines, [
    ['pulling 1.0 KiB / 4.0 KiB 25% -', false],
    ['pulling 3.0 KiB / 4.0 KiB 75% 10.0 KiB/s', false],
    ['pulling 4.0 KiB / 4.0 KiB 100% 12.9 KiB/s', true],
  ]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, runsExecutable, startDetached, stopProcess } from './processes.ts';

const sleep = '/bin/sleep';

test('a started process is recognised by its pid and executable, and stopped', async () => {
  const log = join(mkdtempSync(join(tmpdir(), 'ork-proc-')), 'sleep.log');
  const pid = startDetached(sleep, ['30'], log);
  assert.ok(runsExecutable(pid, sleep));
  assert.equal(runsExecutable(pid, '/bin/other'), false);
  assert.equal(await stopProcess(pid, sleep, 2000), true);
  assert.equal(runsExecutable(pid, sleep), false);
});

test('a pid that runs another executable is never stopped', async () => {
  const log = join(mkdtempSync(join(tmpdir(), 'ork-proc-')), 'sleep.log');
  const pid = startDetached(sleep, ['30'], log);
  try {
    assert.equal(await stopProcess(pid, '/usr/bin/not-this-one', 100), false);
    assert.ok(isAlive(pid));
  } finally {
    await stopProcess(pid, sleep, 2000);
  }
});

test('a process that cannot start writes its failure to the log, not to the caller', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ork-proc-'));
  const log = join(dir, 'sh.log');
  const pid = startDetached('/bin/sh', ['-c', 'echo broken config >&2; exit 3'], log);
  for (let i = 0; i < 50 && runsExecutable(pid, '/bin/sh'); i += 1)
    await new Promise((r) => setTimeout(r, 10));
  assert.match(readFileSync(log, 'utf8'), /broken config/);
});

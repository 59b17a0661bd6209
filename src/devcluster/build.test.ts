import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries } from './build.ts';
import { DevClusterError } from './errors.ts';
import { devClusterLayout } from './layout.ts';

test('a build without Go says so and names both fixes', async () => {
  const layout = devClusterLayout({ cacheDir: mkdtempSync(join(tmpdir(), 'ork-nogo-')) });
  await assert.rejects(ensureBinaries(layout, { env: { PATH: '/nonexistent' } }), (error: unknown) => {
    assert.ok(error instanceof DevClusterError);
    assert.match(error.message, /Go is not installed/);
    assert.match(error.message, /install Go 1\.26 or newer, or set ORK_DEV_BIN_DIR/);
    return true;
  });
});

test('prebuilt binaries that are missing are named, with the variable that pointed at them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ork-bin-'));
  const layout = devClusterLayout({ cacheDir: dir, prebuiltBinDir: dir });
  await assert.rejects(
    ensureBinaries(layout, { env: {} }),
    /\/etcd is missing or not executable \(from ORK_DEV_BIN_DIR=.*\n {2}fix: put all five binaries/,
  );
});

/**
 * The Helm chart is versioned with the product: its version and appVersion are package.json's
 * version (the image tag defaults to appVersion, so a stale chart would run an older runtime).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);

test('the chart version and appVersion are the package version', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string };
  const chart = parse(await readFile(new URL('charts/orkestra/Chart.yaml', root), 'utf8')) as {
    version: unknown;
    appVersion: unknown;
  };
  assert.equal(chart.version, pkg.version);
  assert.equal(chart.appVersion, pkg.version);
});

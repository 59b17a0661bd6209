import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadInClusterConfig, isInCluster } from './in-cluster.ts';
import { loadClusterConfig } from './load-config.ts';
import { tokenFileCredentials } from './token-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'ork-sa-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
writeFileSync(join(dir, 'token'), 'sa-token-1');
writeFileSync(join(dir, 'ca.crt'), 'CLUSTER-CA');
writeFileSync(join(dir, 'namespace'), 'operators\n');
const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };

describe('loadInClusterConfig', () => {
  it('reads server, CA, namespace and token of the service account', async () => {
    const config = await loadInClusterConfig({ env, dir });
    assert.equal(config.server, 'https://10.0.0.1:443');
    assert.equal(config.tls.ca?.toString(), 'CLUSTER-CA');
    assert.equal(config.namespace, 'operators');
    assert.equal(await config.credentials.authorization(), 'Bearer sa-token-1');
  });

  it('brackets an IPv6 service host', async () => {
    const config = await loadInClusterConfig({ env: { ...env, KUBERNETES_SERVICE_HOST: 'fd00::1' }, dir });
    assert.equal(config.server, 'https://[fd00::1]:443');
  });

  it('fails clearly outside a cluster or without a token', async () => {
    assert.equal(isInCluster({}), false);
    await assert.rejects(loadInClusterConfig({ env: {}, dir }), /KUBERNETES_SERVICE_HOST/);
    await assert.rejects(loadInClusterConfig({ env, dir: join(dir, 'nope') }), /no service-account token/);
  });

  it('is chosen by loadClusterConfig when no KUBECONFIG is set', async () => {
    const config = await loadClusterConfig({ env, serviceAccountDir: dir });
    assert.equal(config.namespace, 'operators');
  });
});

describe('tokenFileCredentials', () => {
  it('re-reads the token when the file changes, checking at most every interval', async () => {
    const path = join(dir, 'rotating');
    writeFileSync(path, 'one');
    let clock = 1_000;
    const credentials = tokenFileCredentials(path, { checkIntervalMs: 100, now: () => clock });
    assert.equal(await credentials.authorization(), 'Bearer one');
    writeFileSync(path, 'two-rotated');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    clock += 50;
    assert.equal(await credentials.authorization(), 'Bearer one', 'not checked within the interval');
    clock += 100;
    assert.equal(await credentials.authorization(), 'Bearer two-rotated');
  });

  it('re-reads at once after a 401 and says whether the token changed', async () => {
    const path = join(dir, 'refreshed');
    writeFileSync(path, 'old');
    const credentials = tokenFileCredentials(path, { checkIntervalMs: 60_000 });
    assert.equal(await credentials.authorization(), 'Bearer old');
    assert.equal(await credentials.refresh(), false);
    writeFileSync(path, 'new');
    assert.equal(await credentials.refresh(), true);
    assert.equal(await credentials.authorization(), 'Bearer new');
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { execCredentials, parseExecCredential } from './exec-credential.ts';
import type { ExecConfig } from './exec-credential.ts';
import { loadKubeconfig } from './kubeconfig.ts';

const dir = mkdtempSync(join(tmpdir(), 'ork-exec-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

// The plugin counts its runs in a file and reports what it was given, so the test can see both.
const plugin = join(dir, 'plugin.cjs');
writeFileSync(
  plugin,
  `const fs = require('node:fs');
const counter = process.argv[2];
const n = (fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0) + 1;
fs.writeFileSync(counter, String(n));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
fs.writeFileSync(counter + '.info', JSON.stringify({ info, greeting: process.env.GREETING, arg: process.argv[3] }));
process.stdout.write(JSON.stringify({
  apiVersion: info.apiVersion,
  kind: 'ExecCredential',
  status: { token: 'token-' + n, expirationTimestamp: process.env.EXPIRES },
}));
`,
);

const execConfig = (counter: string, expires: string): ExecConfig => ({
  apiVersion: 'client.authentication.k8s.io/v1',
  command: process.execPath,
  args: [plugin, counter, 'hello-arg'],
  env: [
    { name: 'GREETING', value: 'hi' },
    { name: 'EXPIRES', value: expires },
  ],
  provideClusterInfo: true,
  interactiveMode: 'Never',
});
const runs = (counter: string): number => Number(readFileSync(counter, 'utf8'));

describe('execCredentials', () => {
  it('runs the plugin once, caches its token until expiry, and runs it again after a 401', async () => {
    const counter = join(dir, 'count-a');
    const credentials = execCredentials(execConfig(counter, '2099-01-01T00:00:00Z'), {
      env: {},
      cluster: { server: 'https://k:6443' },
    });
    const [first, concurrent] = await Promise.all([credentials.authorization(), credentials.authorization()]);
    assert.equal(first, 'Bearer token-1');
    assert.equal(concurrent, 'Bearer token-1');
    assert.equal(await credentials.authorization(), 'Bearer token-1');
    assert.equal(runs(counter), 1, 'cached, and concurrent callers share one run');

    const seen = JSON.parse(readFileSync(`${counter}.info`, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(seen, {
      info: {
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: 'https://k:6443' } },
      },
      greeting: 'hi',
      arg: 'hello-arg',
    });

    assert.equal(await credentials.refresh(), true);
    assert.equal(await credentials.authorization(), 'Bearer token-2');
    assert.equal(runs(counter), 2);
  });

  it('runs the plugin again once the credential has expired', async () => {
    const counter = join(dir, 'count-b');
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const credentials = execCredentials(execConfig(counter, '2030-01-01T00:01:00Z'), {
      env: {},
      now: () => clock,
    });
    assert.equal(await credentials.authorization(), 'Bearer token-1');
    clock += 30_000;
    assert.equal(await credentials.authorization(), 'Bearer token-1');
    clock += 60_000;
    assert.equal(await credentials.authorization(), 'Bearer token-2');
  });

  it('reports a failing plugin with its stderr and install hint', async () => {
    const credentials = execCredentials(
      {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: process.execPath,
        args: ['-e', 'process.stderr.write("login required"); process.exit(3)'],
        env: [],
        provideClusterInfo: false,
        installHint: 'install the plugin',
      },
      { env: {} },
    );
    await assert.rejects(credentials.authorization(), /login required[\s\S]*install the plugin/);
  });

  it('refuses an unknown apiVersion and interactive-only plugins before running them', () => {
    const base = execConfig(join(dir, 'never'), '');
    assert.throws(() =>
      execCredentials({ ...base, apiVersion: 'client.authentication.k8s.io/v1alpha1' }, { env: {} }),
    );
    assert.throws(() => execCredentials({ ...base, interactiveMode: 'Always' }, { env: {} }), /terminal/);
  });

  it('is built from a kubeconfig exec stanza', async () => {
    const counter = join(dir, 'count-c');
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(
      kubeconfig,
      `current-context: c
clusters: [{ name: c, cluster: { server: "https://k" } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(plugin)}, ${JSON.stringify(counter)}]
      env: [{ name: EXPIRES, value: "2099-01-01T00:00:00Z" }]
`,
    );
    const config = await loadKubeconfig({ paths: [kubeconfig], env: {} });
    assert.equal(await config.credentials.authorization(), 'Bearer token-1');
  });
});

describe('parseExecCredential', () => {
  const exec = execConfig('x', '');
  it('rejects output of the wrong kind or version, and credentials without a token', () => {
    assert.throws(() => parseExecCredential('not json', exec), /no JSON/);
    assert.throws(() => parseExecCredential('{"kind":"Other"}', exec), /want ExecCredential/);
    const certOnly = JSON.stringify({
      apiVersion: exec.apiVersion,
      kind: 'ExecCredential',
      status: { clientCertificateData: 'c', clientKeyData: 'k' },
    });
    assert.throws(() => parseExecCredential(certOnly, exec), /client certificate/);
  });

  it('keeps a token without expiry forever', () => {
    const out = JSON.stringify({
      apiVersion: exec.apiVersion,
      kind: 'ExecCredential',
      status: { token: 't' },
    });
    assert.deepEqual(parseExecCredential(out, exec), { header: 'Bearer t', expiresAt: undefined });
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { kubeconfigPaths, loadKubeconfig, readKubeconfigsAsJson } from './kubeconfig.ts';
import { kubeconfigsAsJson, loadClusterConfig } from './load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'ork-kubeconfig-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned OIDC id-token that expires in 2100 (client-node only checks its expiry). */
const idToken = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: 'https://issuer', exp: 4102444800 })}.sig`;

const main = write(
  'main.yaml',
  `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: ${b64('CA-DEV')}
- name: shared
  cluster:
    server: https://main.example:6443
    certificate-authority: ca.pem
    insecure-skip-tls-verify: true
    proxy-url: http://proxy.example:3128
    tls-server-name: kubernetes
users:
- name: admin
  user:
    client-certificate-data: ${b64('CERT')}
    client-key-data: ${b64('KEY')}
- name: reader
  user:
    token: secret-token
contexts:
- name: dev
  context: { cluster: dev, user: admin, namespace: team-a }
- name: shared
  context: { cluster: shared, user: reader }
`,
);
write('ca.pem', 'CA-FROM-FILE');
const second = write(
  'second.yaml',
  `current-context: other
clusters:
- name: shared
  cluster: { server: https://second.example:6443 }
- name: other
  cluster: { server: https://other.example }
users:
- name: filer
  user: { client-certificate: cert.pem, client-key: key.pem }
- name: tokenfile
  user: { tokenFile: token.txt }
- name: oidc
  user:
    auth-provider: { name: oidc, config: { idp-issuer-url: https://issuer, client-id: orkestra, id-token: ${idToken} } }
- name: basic
  user: { username: u, password: p }
contexts:
- name: other
  context: { cluster: other, user: filer }
- name: tf
  context: { cluster: other, user: tokenfile }
- name: legacy
  context: { cluster: other, user: oidc }
- name: basic
  context: { cluster: other, user: basic }
- name: broken
  context: { cluster: missing, user: filer }
`,
);
write('cert.pem', 'CERT-FILE');
write('key.pem', 'KEY-FILE');
write('token.txt', 'file-token\n');
const env = {};

describe('loadKubeconfig', () => {
  it('loads server, CA data, client certificate and namespace of the current context', async () => {
    const config = await loadKubeconfig({ paths: [main], env });
    assert.equal(config.server, 'https://127.0.0.1:6443');
    assert.equal(config.contextName, 'dev');
    assert.equal(config.namespace, 'team-a');
    assert.equal(config.tls.ca?.toString(), 'CA-DEV');
    assert.equal(config.tls.cert?.toString(), 'CERT');
    assert.equal(config.tls.key?.toString(), 'KEY');
    assert.equal(await config.credentials.authorization(), undefined);
  });

  it('honours an explicit context: CA file, insecure flag, proxy, server name, token, default namespace', async () => {
    const config = await loadKubeconfig({ paths: [main], env, context: 'shared' });
    assert.equal(config.server, 'https://main.example:6443');
    assert.equal(config.tls.ca?.toString(), 'CA-FROM-FILE');
    assert.equal(config.tls.insecureSkipTlsVerify, true);
    assert.equal(config.tls.serverName, 'kubernetes');
    assert.equal(config.proxyUrl, 'http://proxy.example:3128');
    assert.equal(config.namespace, 'default');
    assert.equal(await config.credentials.authorization(), 'Bearer secret-token');
    assert.equal(await config.credentials.refresh(), false);
  });

  it('merges a path list: the first file wins per name and for current-context', async () => {
    const config = await loadKubeconfig({ paths: [main, second], env });
    assert.equal(config.contextName, 'dev');
    const shared = await loadKubeconfig({ paths: [main, second], env, context: 'shared' });
    assert.equal(shared.server, 'https://main.example:6443');
    const reversed = await loadKubeconfig({ paths: [second, main], env, context: 'shared' });
    assert.equal(reversed.server, 'https://second.example:6443');
    assert.equal((await loadKubeconfig({ paths: [second, main], env })).contextName, 'other');
  });

  it('reads client certificate and key files relative to the kubeconfig', async () => {
    const config = await loadKubeconfig({ paths: [second], env });
    assert.equal(config.tls.cert?.toString(), 'CERT-FILE');
    assert.equal(config.tls.key?.toString(), 'KEY-FILE');
  });

  it('reads a tokenFile and basic auth', async () => {
    const tf = await loadKubeconfig({ paths: [second], env, context: 'tf' });
    assert.equal(await tf.credentials.authorization(), 'Bearer file-token');
    const basic = await loadKubeconfig({ paths: [second], env, context: 'basic' });
    assert.equal(await basic.credentials.authorization(), `Basic ${b64('u:p')}`);
  });

  it('skips missing files of the path list', async () => {
    const config = await loadKubeconfig({ paths: [join(dir, 'absent.yaml'), main], env });
    assert.equal(config.contextName, 'dev');
  });

  it('serves a legacy auth-provider through client-node, loaded only then: a valid OIDC id-token is the bearer', async () => {
    const config = await loadKubeconfig({ paths: [second], env, context: 'legacy' });
    assert.equal(await config.credentials.authorization(), `Bearer ${idToken}`);
  });

  it('explains a missing context, cluster or file', async () => {
    await assert.rejects(loadKubeconfig({ paths: [main], env, context: 'nope' }), /no context "nope"/);
    await assert.rejects(loadKubeconfig({ paths: [second], env, context: 'broken' }), /cluster "missing"/);
    await assert.rejects(loadKubeconfig({ paths: [join(dir, 'none.yaml')], env }), /no kubeconfig found/);
    const bad = write('bad.yaml', 'clusters: [unclosed');
    await assert.rejects(loadKubeconfig({ paths: [bad], env }), /not valid YAML/);
  });
});

describe('readKubeconfigsAsJson', () => {
  it('hands over the files as JSON that loads to the same configuration, or nothing when one does not read', async () => {
    const sources = await readKubeconfigsAsJson([main, second]);
    assert.ok(sources !== undefined);
    assert.deepEqual(
      sources.map((s) => s.path),
      [main, second],
    );
    for (const source of sources) assert.doesNotThrow(() => JSON.parse(source.text));
    const fromFiles = await loadKubeconfig({ paths: [main, second], env, context: 'shared' });
    const fromJson = await loadKubeconfig({ paths: [main, second], sources, env, context: 'shared' });
    const plain = ({ credentials: _, ...rest }: typeof fromFiles) => rest;
    assert.deepEqual(plain(fromJson), plain(fromFiles));
    assert.equal(await fromJson.credentials.authorization(), await fromFiles.credentials.authorization());
    assert.equal(await readKubeconfigsAsJson([write('bad.yaml', 'a: [')]), undefined);
  });
});

describe('kubeconfigsAsJson', () => {
  it('reads the files loadClusterConfig would read: the flag first, then KUBECONFIG; none in-cluster', async () => {
    const pod = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const paths = async (options: Parameters<typeof kubeconfigsAsJson>[0]) =>
      (await kubeconfigsAsJson(options))?.map((s) => s.path);
    assert.deepEqual(await paths({ env: { KUBECONFIG: main }, kubeconfig: second }), [second]);
    assert.deepEqual(await paths({ env: { ...pod, KUBECONFIG: `${main}${delimiter}${second}` } }), [
      main,
      second,
    ]);
    assert.equal(await kubeconfigsAsJson({ env: pod }), undefined);
  });
});

describe('kubeconfigPaths', () => {
  it('splits KUBECONFIG on the path delimiter, else uses ~/.kube/config', () => {
    assert.deepEqual(kubeconfigPaths({ KUBECONFIG: `a${delimiter}${delimiter}b` }), ['a', 'b']);
    assert.deepEqual(kubeconfigPaths({ HOME: '/home/u' }), [join('/home/u', '.kube', 'config')]);
  });
});

describe('loadClusterConfig', () => {
  it('prefers an explicit kubeconfig, then KUBECONFIG, then in-cluster', async () => {
    const explicit = await loadClusterConfig({ env: { KUBECONFIG: second }, kubeconfig: main });
    assert.equal(explicit.contextName, 'dev');
    const fromEnv = await loadClusterConfig({ env: { KUBECONFIG: second, KUBERNETES_SERVICE_HOST: 'h' } });
    assert.equal(fromEnv.contextName, 'other');
  });
});

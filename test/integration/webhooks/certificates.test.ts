/**
 * The webhooks' certificate on the real control plane: rotated (serving certificates and a CA) while
 * the API server keeps calling the webhook with a Fail policy, shared by two runtimes through one
 * Secret, and provided by the user in a Secret of their own. A feature made for the test validates
 * ConfigMaps of the test's namespace only, denying those named `denied-…`.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { after, test } from 'node:test';
import { createKubeClient, loadClusterConfig, type KubeClient } from '../../../src/kube/index.ts';
import { silentLogger } from '../../../src/observability/index.ts';
import {
  certificateNames,
  certificateSource,
  issueWebhookCertificates,
  kubeSecrets,
  ManagedCertificates,
  WebhookRuntime,
  type CertificateSource,
  type SecretObject,
  type WebhookEndpoint,
  type WebhookFeature,
} from '../../../src/webhooks/index.ts';
import { realClock } from '../../../src/runtime/index.ts';
import { NO_SECURITY } from '../../../src/plan/index.ts';
import { effectiveSecurity, webhookRunnable } from '../../../src/app/run/run-webhooks.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { denyConfigMaps } from './deny-configmaps.ts';

after(closeTestCluster);

const ENDPOINT: WebhookEndpoint = { kind: 'url', host: '127.0.0.1' };
const SECRET = 'orkestra-test-webhook-tls';

/** Short lifetimes: a serving renewal every 4 s, a CA rotation from 12 s on, steps 2 s apart. */
function managed(client: KubeClient, namespace: string): ManagedCertificates {
  return new ManagedCertificates({
    secrets: kubeSecrets(client, namespace),
    name: SECRET,
    policy: {
      names: certificateNames(ENDPOINT),
      validForMs: 12_000,
      rotateBeforeMs: 8_000,
      caValidForMs: 20_000,
      propagationMs: 2_000,
    },
    clock: realClock,
    pollMs: 1_000,
    logger: silentLogger,
  });
}

interface Started {
  readonly runtime: WebhookRuntime;
  readonly stop: () => Promise<void>;
}

async function startRuntime(
  client: KubeClient,
  feature: WebhookFeature,
  certificates: CertificateSource,
): Promise<Started> {
  const runtime = new WebhookRuntime({
    client,
    features: [feature],
    certificates,
    endpoint: ENDPOINT,
    listen: { port: 0, host: '127.0.0.1' },
    cleanupOnShutdown: true,
    logger: silentLogger,
  });
  const controller = new AbortController();
  const running = runtime.start(controller.signal);
  await eventually(() => runtime.ready(), { what: 'the webhooks registered', timeoutMs: 15_000 });
  return {
    runtime,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

/** The serial number of the certificate a listener serves now. */
function servedSerial(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().serialNumber.toUpperCase());
      socket.end();
    });
    socket.on('error', reject);
  });
}

async function secretOf(client: KubeClient, namespace: string, name: string): Promise<SecretObject> {
  const secret = await kubeSecrets(client, namespace).get(name);
  assert.ok(secret, `the Secret ${name} exists`);
  return secret;
}

function pemOf(secret: SecretObject, key: string): string {
  return Buffer.from(secret.data?.[key] ?? '', 'base64').toString();
}

const serialOfPem = (pem: string) => new X509Certificate(pem).serialNumber.toUpperCase();

test('a certificate rotation under a steady stream of applies loses none of them', async (t) => {
  const ns = await testNamespace(t);
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const { runtime, stop } = await startRuntime(client, denyConfigMaps(ns), managed(client, ns));
  t.after(stop);
  t.after(() => client.transport.close()); // after the stop: it unregisters through it
  const port = runtime.port ?? 0;
  const firstSerial = await servedSerial(port);
  const firstCa = pemOf(await secretOf(client, ns, SECRET), 'ca.crt');
  const cluster = testCluster();
  const configMaps = `/api/v1/namespaces/${ns}/configmaps`;
  // the API server may take a moment to see the new configuration
  await eventually(
    async () =>
      (await cluster.send('POST', configMaps, { metadata: { name: 'denied-first' } })).status === 403,
    { what: 'the webhook called', timeoutMs: 10_000 },
  );
  const failures: string[] = [];
  let created = 0;
  const bundleSizes = new Set<number>();
  const until = Date.now() + 19_000; // renewals at 4 s and 8 s, the CA's steps from 12 s on
  for (let i = 0; Date.now() < until; i++) {
    const res = await cluster.send('POST', configMaps, { metadata: { name: `applied-${String(i)}` } });
    if (res.status === 201) created++;
    else failures.push(`${String(res.status)} ${JSON.stringify(res.body).slice(0, 300)}`);
    const secret = await secretOf(client, ns, SECRET);
    bundleSizes.add(pemOf(secret, 'ca-bundle.crt').match(/BEGIN CERTIFICATE/g)?.length ?? 0);
  }
  assert.deepEqual(failures, []);
  assert.ok(created > 20, `only ${String(created)} ConfigMaps created`);
  assert.notEqual(await servedSerial(port), firstSerial, 'the served certificate was renewed');
  const last = await secretOf(client, ns, SECRET);
  assert.notEqual(pemOf(last, 'ca.crt'), firstCa, 'the CA was rotated');
  assert.ok(bundleSizes.has(2), 'the old and the new CA were trusted together during the rotation');
  const denied = await cluster.send('POST', configMaps, { metadata: { name: 'denied-last' } });
  assert.equal(denied.status, 403, 'the webhook still answers after the rotation');
});

test('two runtimes share one certificate', async (t) => {
  const ns = await testNamespace(t);
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const feature = denyConfigMaps(ns, { registered: false });
  const one = await startRuntime(client, feature, managed(client, ns));
  t.after(one.stop);
  const two = await startRuntime(client, feature, managed(client, ns));
  t.after(two.stop);
  t.after(() => client.transport.close()); // after the stops: they unregister through it
  const ports = [one.runtime.port ?? 0, two.runtime.port ?? 0];
  const stored = serialOfPem(pemOf(await secretOf(client, ns, SECRET), 'tls.crt'));
  assert.deepEqual(await Promise.all(ports.map(servedSerial)), [stored, stored]);
  // the serving certificate is renewed at 4 s by whichever replica comes first; both follow
  const renewed = await eventually(
    async () => {
      const serial = serialOfPem(pemOf(await secretOf(client, ns, SECRET), 'tls.crt'));
      return serial === stored ? undefined : serial;
    },
    { what: 'a renewal', timeoutMs: 10_000 },
  );
  // each polls every second: within that (and a margin), both serve what the Secret holds
  const seenAt = Date.now();
  await eventually(
    async () => {
      const current = serialOfPem(pemOf(await secretOf(client, ns, SECRET), 'tls.crt'));
      const served = await Promise.all(ports.map(servedSerial));
      return current !== stored && served.every((s) => s === current);
    },
    { what: 'both runtimes serving the renewed certificate', timeoutMs: 2_500, intervalMs: 100 },
  );
  assert.ok(Date.now() - seenAt < 2_500, `${renewed} followed within the poll period`);
});

test('a certificate provided in a Secret is served and its ca.crt registered, never written', async (t) => {
  const ns = await testNamespace(t);
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const issued = issueWebhookCertificates({
    ...certificateNames(ENDPOINT),
    now: new Date(),
    validForMs: 3_600_000,
  });
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const provided = await kubeSecrets(client, ns).create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'provided-tls' },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': b64(issued.serving.certificatePem),
      'tls.key': b64(issued.serving.keyPem),
      'ca.crt': b64(issued.caCertificatePem),
    },
  });
  const source = certificateSource(
    { kind: 'secret', namespace: ns, name: 'provided-tls' },
    { client, names: certificateNames(ENDPOINT), logger: silentLogger },
  );
  const { runtime, stop } = await startRuntime(client, denyConfigMaps(ns), source);
  t.after(stop);
  t.after(() => client.transport.close()); // after the stop: it unregisters through it
  assert.equal(await servedSerial(runtime.port ?? 0), serialOfPem(issued.serving.certificatePem));
  const cluster = testCluster();
  const denied = await eventually(
    async () => {
      const res = await cluster.send('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        metadata: { name: 'denied-one' },
      });
      return res.status === 403 ? res : undefined;
    },
    { what: 'the API server trusting the provided CA', timeoutMs: 10_000 },
  );
  assert.match(JSON.stringify(denied.body), /no denied-one here/);
  const after = await secretOf(client, ns, 'provided-tls');
  assert.equal(after.metadata?.resourceVersion, provided.metadata?.resourceVersion);
  assert.equal(await kubeSecrets(client, ns).get(SECRET), undefined, 'no self-managed Secret made');
});

test('ork run’s webhooks keep their certificate in the Katalog’s Secret of the configured namespace', async (t) => {
  const ns = await testNamespace(t);
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const env = { ENABLE_ADMISSION_WEBHOOK: 'true' };
  const runnable = await webhookRunnable({
    katalogName: ns,
    plans: [],
    security: effectiveSecurity(NO_SECURITY, env),
    settings: { port: 0, host: '127.0.0.1', secretNamespace: ns },
    env,
    client,
    logger: silentLogger,
  });
  assert.ok(runnable);
  const controller = new AbortController();
  const running = runnable.start(controller.signal);
  t.after(async () => {
    controller.abort();
    await running;
    await client.transport.close();
  });
  await eventually(() => runnable.ready?.() === true, { what: 'the webhooks ready', timeoutMs: 15_000 });
  const secret = await secretOf(client, ns, `orkestra-${ns}-webhook-tls`);
  assert.equal(secret.type, 'kubernetes.io/tls');
  assert.equal(await servedSerial(runnable.port ?? 0), serialOfPem(pemOf(secret, 'tls.crt')));
  const leaf = new X509Certificate(pemOf(secret, 'tls.crt'));
  assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
});

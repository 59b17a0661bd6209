/**
 * The webhook listener in its own thread: it answers reviews with the Katalog's rules, the run's
 * registry counts them, a new certificate reaches connections made after the swap, and a thread that
 * dies is started again on the same port, serving that certificate.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { compileKatalog, compileSecurity, loadKatalog } from '../katalog/index.ts';
import { RuntimeMetrics, silentLogger } from '../observability/index.ts';
import { issueWebhookCertificates } from './certificates.ts';
import { ListenerThread } from './listener-thread.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: threaded}
spec:
  crds:
    site:
      apiTypes: {group: demo.io, version: v1, kind: Site, plural: sites}
      validation:
        rules: [{field: spec.replicas, lessThan: 5, message: too many replicas}]
security:
  webhooks:
    admission: {enabled: true}
`;

const issue = () =>
  issueWebhookCertificates({
    dnsNames: [],
    ipAddresses: ['127.0.0.1'],
    now: new Date(),
    validForMs: 3_600_000,
  });

async function featureInput() {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
  assert.ok(loaded.katalog !== undefined, JSON.stringify(loaded.diagnostics));
  return {
    katalogName: 'threaded',
    plans: compileKatalog(loaded.katalog),
    security: compileSecurity(loaded.katalog),
  };
}

function review(port: number, ca: string, replicas: number): Promise<{ allowed: boolean; message?: string }> {
  const body = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'u',
      kind: { group: 'demo.io', version: 'v1', kind: 'Site' },
      resource: { group: 'demo.io', version: 'v1', resource: 'sites' },
      name: 'a',
      namespace: 'ns',
      operation: 'CREATE',
      object: {
        apiVersion: 'demo.io/v1',
        kind: 'Site',
        metadata: { name: 'a', namespace: 'ns' },
        spec: { replicas },
      },
    },
  });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/validate/site', method: 'POST', ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const { response } = JSON.parse(Buffer.concat(chunks).toString()) as {
          response: { allowed: boolean; status?: { message?: string } };
        };
        resolve({
          allowed: response.allowed,
          ...(response.status?.message ? { message: response.status.message } : {}),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function servesWith(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
  });
}

/** Polls `probe` until it gives a value, for up to 10 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error('timed out');
}

async function started(t: TestContext, metrics?: RuntimeMetrics) {
  const certs = issue();
  const workers: Worker[] = [];
  const thread = new ListenerThread({
    input: { features: await featureInput(), listen: { port: 0, host: '127.0.0.1' } },
    certificate: certs.serving,
    metrics,
    logger: silentLogger,
    spawn: (script, options) => {
      const worker = new Worker(script, options);
      workers.push(worker);
      return worker;
    },
  });
  const stop = new AbortController();
  t.after(() => {
    stop.abort();
  });
  await thread.start(stop.signal);
  return { thread, certs, workers, port: thread.port ?? 0 };
}

test('the thread answers reviews with the Katalog rules, and the run registry counts them', async (t) => {
  const metrics = new RuntimeMetrics();
  const { certs, port } = await started(t, metrics);
  assert.deepEqual(await review(port, certs.caCertificatePem, 2), { allowed: true });
  const denied = await review(port, certs.caCertificatePem, 9);
  assert.equal(denied.allowed, false);
  assert.match(denied.message ?? '', /too many replicas/);
  await eventually(async () => {
    const text = await metrics.text();
    return /orkestra_admission_requests_total\{crd="site",webhook="validate",result="denied"\} 1/.test(
      text,
    ) && /orkestra_admission_duration_seconds_count\{crd="site",webhook="validate"\} 2/.test(text)
      ? true
      : undefined;
  });
});

test('a new certificate is served after the swap, and by a thread started again on the same port when one dies', async (t) => {
  const { thread, certs, workers, port } = await started(t);
  const next = issue();
  thread.useCertificate(next.serving);
  await eventually(async () => ((await servesWith(port, next.caCertificatePem)) ? true : undefined));
  assert.equal(await servesWith(port, certs.caCertificatePem), false, 'the old CA no longer vouches');
  await workers[0]?.terminate();
  const answered = await eventually(() => review(port, next.caCertificatePem, 9).catch(() => undefined));
  assert.equal(answered.allowed, false);
  assert.equal(workers.length, 2, 'a second thread serves');
  assert.equal(thread.port, port);
});

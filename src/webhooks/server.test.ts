import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type PeerCertificate } from 'node:tls';
import { request } from 'node:https';
import { issueWebhookCertificates } from './certificates.ts';
import { WebhookServer } from './server.ts';
import type { WebhookRoute } from './reviews.ts';

const issue = () =>
  issueWebhookCertificates({
    dnsNames: [],
    ipAddresses: ['127.0.0.1'],
    now: new Date(),
    validForMs: 3_600_000,
  });

function post(
  port: number,
  ca: string,
  path: string,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function peerCertificate(
  port: number,
  ca: string,
  options: { maxVersion?: 'TLSv1.1' } = {},
): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, ...options }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on('error', reject);
  });
}

const allow: WebhookRoute = { review: 'admission', handle: () => ({ allowed: true }) };

test('the listener answers a review over TLS with a certificate the CA vouches for', async (t) => {
  const certs = issue();
  const controller = new AbortController();
  t.after(() => {
    controller.abort();
  });
  const served: number[] = [];
  const server = new WebhookServer(new Map([['/validate/x', allow]]), certs.serving, {
    port: 0,
    host: '127.0.0.1',
    onServed: (s) => served.push(s.status),
  });
  await server.start(controller.signal);
  const port = server.port ?? 0;
  const body = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: 'a' },
  });
  const ok = await post(port, certs.caCertificatePem, '/validate/x', body);
  assert.equal(ok.status, 200);
  assert.deepEqual((JSON.parse(ok.body) as { response: unknown }).response, { uid: 'a', allowed: true });
  assert.equal((await post(port, certs.caCertificatePem, '/validate/other', body)).status, 404);
  assert.equal((await post(port, certs.caCertificatePem, '/validate/x', '{}')).status, 400);
  assert.deepEqual(served, [200, 404, 400]);
});

test('TLS below 1.2 is refused', async (t) => {
  const certs = issue();
  const controller = new AbortController();
  t.after(() => {
    controller.abort();
  });
  const server = new WebhookServer(new Map(), certs.serving, { port: 0, host: '127.0.0.1' });
  await server.start(controller.signal);
  await assert.rejects(peerCertificate(server.port ?? 0, certs.caCertificatePem, { maxVersion: 'TLSv1.1' }));
});

test('a new certificate is served to connections made after the swap', async (t) => {
  const first = issue();
  const controller = new AbortController();
  t.after(() => {
    controller.abort();
  });
  const server = new WebhookServer(new Map(), first.serving, { port: 0, host: '127.0.0.1' });
  await server.start(controller.signal);
  const port = server.port ?? 0;
  const before = await peerCertificate(port, first.caCertificatePem);
  const second = issue();
  server.useCertificate(second.serving);
  const after = await peerCertificate(port, second.caCertificatePem);
  assert.notEqual(before.serialNumber, after.serialNumber);
  await assert.rejects(
    peerCertificate(port, first.caCertificatePem),
    /self.signed|unable to verify|certificate/i,
  );
});

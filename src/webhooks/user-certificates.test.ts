import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../observability/index.ts';
import { FakeClock } from '../runtime/testing/index.ts';
import type { TrustedCertificates } from './certificate-source.ts';
import { issueWebhookCertificates } from './certificates.ts';
import { certificateDirectory, certificateSecret, UserCertificates } from './user-certificates.ts';

const NAMES = { dnsNames: ['webhooks.example'], ipAddresses: [] };

function issued() {
  return issueWebhookCertificates({ ...NAMES, now: new Date(), validForMs: 3_600_000 });
}

async function writeDirectory(dir: string, certificates: ReturnType<typeof issued>): Promise<void> {
  await writeFile(join(dir, 'tls.crt'), certificates.serving.certificatePem);
  await writeFile(join(dir, 'tls.key'), certificates.serving.keyPem);
  await writeFile(join(dir, 'ca.crt'), certificates.caCertificatePem);
}

const serialOf = (pem: string) => new X509Certificate(pem).serialNumber;

test('a certificate directory is served, its ca.crt registered, and re-read when it is renewed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ork-certs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const first = issued();
  await writeDirectory(dir, first);
  const clock = new FakeClock(Date.now());
  const source = new UserCertificates({
    where: `directory ${dir}`,
    read: certificateDirectory(dir),
    names: NAMES,
    clock,
    pollMs: 30_000,
    logger: silentLogger,
  });
  const controller = new AbortController();
  const loaded = await source.load(controller.signal);
  assert.equal(serialOf(loaded.serving.certificatePem), serialOf(first.serving.certificatePem));
  assert.equal(loaded.caBundlePem, first.caCertificatePem);
  const changes: TrustedCertificates[] = [];
  const maintained = source.maintain(controller.signal, (next) => {
    changes.push(next);
    return Promise.resolve();
  });
  const poll = async () => {
    clock.advance(30_000);
    await delay(150); // the files are read for real
  };
  await poll();
  assert.equal(changes.length, 0, 'nothing changed: nothing reported');
  const renewed = issued();
  await writeDirectory(dir, renewed);
  await poll();
  assert.equal(changes.length, 1);
  assert.equal(serialOf(changes[0]?.serving.certificatePem ?? ''), serialOf(renewed.serving.certificatePem));
  assert.equal(changes[0]?.caBundlePem, renewed.caCertificatePem);
  // a half-written renewal (a key of another certificate) is not served: the current one stays
  await writeFile(join(dir, 'tls.key'), first.serving.keyPem);
  await poll();
  assert.equal(changes.length, 1);
  controller.abort();
  await maintained;
});

test('a provided certificate without ca.crt, or whose key is not its own, is refused at start', async () => {
  const certificates = issued();
  const texts = { 'tls.crt': certificates.serving.certificatePem, 'tls.key': certificates.serving.keyPem };
  const source = (read: () => Promise<Record<string, string>>) =>
    new UserCertificates({
      where: 'Secret ops/webhook-tls',
      read,
      names: NAMES,
      clock: new FakeClock(),
      pollMs: 1000,
      logger: silentLogger,
    });
  const signal = new AbortController().signal;
  await assert.rejects(
    source(() => Promise.resolve(texts)).load(signal),
    /Secret ops\/webhook-tls lacks ca\.crt/,
  );
  const wrongKey = { ...texts, 'ca.crt': certificates.caCertificatePem, 'tls.key': certificates.caKeyPem };
  await assert.rejects(source(() => Promise.resolve(wrongKey)).load(signal), /do not read as a certificate/);
});

test('a provided Secret is read, never written', async () => {
  const certificates = issued();
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const data = {
    'tls.crt': b64(certificates.serving.certificatePem),
    'tls.key': b64(certificates.serving.keyPem),
    'ca.crt': b64(certificates.caCertificatePem),
  };
  const writes: unknown[] = [];
  const store = {
    get: () => Promise.resolve({ metadata: { name: 'webhook-tls' }, data }),
    create: (s: unknown) => (writes.push(s), Promise.reject(new Error('no writes'))),
    replace: (s: unknown) => (writes.push(s), Promise.reject(new Error('no writes'))),
  };
  const texts = await certificateSecret(store, 'webhook-tls')(new AbortController().signal);
  assert.deepEqual(texts, {
    'tls.crt': certificates.serving.certificatePem,
    'tls.key': certificates.serving.keyPem,
    'ca.crt': certificates.caCertificatePem,
  });
  assert.deepEqual(writes, []);
  const missing = { ...store, get: () => Promise.resolve(undefined) };
  await assert.rejects(
    certificateSecret(missing, 'webhook-tls')(new AbortController().signal),
    /does not exist/,
  );
});

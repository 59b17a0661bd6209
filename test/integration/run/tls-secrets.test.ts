/**
 * `tls` Secrets on the real control plane: the API server stores them (kubernetes.io/tls with
 * tls.crt and tls.key), a TLS server using them completes a handshake with a client that trusts the
 * certificate (or its CA) and checks the DNS name, an idle reconcile writes nothing, a certificate
 * is renewed before it expires, and a CA-signed one waits for its CA and follows its rotation.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { connect, createServer } from 'node:tls';
import { createCertificate } from '../../../src/pki/index.ts';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, sumSeries, type Obj, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

type SecretObj = Obj & { type?: string };

const decode = (secret: Obj, key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');

function shopEntry(tls: Record<string, unknown>, resync = '2s') {
  return {
    kind: 'Shop',
    entry: {
      resync,
      operatorBox: { onReconcile: { secrets: [{ name: '{{ .metadata.name }}-tls', tls }] } },
    },
  };
}

/**
 * Serves TLS on 127.0.0.1 with the Secret's key and certificate and connects a client that trusts
 * `ca` and checks `servername`: resolves with the client's verdict.
 */
async function handshake(secret: Obj, client: { ca: string; servername: string }) {
  const server = createServer({ key: decode(secret, 'tls.key'), cert: decode(secret, 'tls.crt') }, (s) =>
    s.end('hello'),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const socket = connect({ host: '127.0.0.1', port, ca: client.ca, servername: client.servername });
    return await new Promise<{ ok: boolean; code?: string }>((resolve) => {
      socket.once('secureConnect', () => {
        resolve({ ok: socket.authorized });
        socket.destroy();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        resolve({ ok: false, ...(error.code === undefined ? {} : { code: error.code }) });
      });
    });
  } finally {
    server.close();
  }
}

async function secretOf(op: RunningFixture, name: string, what: string): Promise<SecretObj> {
  return eventually(
    async () => {
      const secret: SecretObj | undefined = await op.child('v1 secrets', name);
      return secret?.data?.['tls.crt'] === undefined ? undefined : secret;
    },
    { what, timeoutMs: 30_000 },
  );
}

async function metrics(op: RunningFixture): Promise<string> {
  return (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
}

test(
  'a tls Secret is stored, a TLS client trusting its certificate accepts it for its DNS name, and an idle resync writes nothing',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        shop: shopEntry({
          commonName: '{{ .metadata.name }}.example',
          dnsNames: ['{{ .metadata.name }}.example'],
        }),
      },
    });
    await op.crds['shop']!.create('web', {});
    const secret = await secretOf(op, 'web-tls', 'the web-tls Secret with its certificate');
    assert.equal(secret.type, 'kubernetes.io/tls');
    assert.ok(decode(secret, 'tls.key').includes('PRIVATE KEY'));
    const cert = new X509Certificate(decode(secret, 'tls.crt'));
    assert.equal(cert.subjectAltName, 'DNS:web.example');
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days <= 365, `valid for a year by default (${days} days)`);

    const ca = decode(secret, 'ca.crt');
    assert.deepEqual(await handshake(secret, { ca, servername: 'web.example' }), { ok: true });
    const wrong = await handshake(secret, { ca, servername: 'other.example' });
    assert.equal(wrong.code, 'ERR_TLS_CERT_ALTNAME_INVALID');

    await eventually(async () => readyOf(await op.crds['shop']!.get('web'))?.status === 'True', {
      what: 'web Ready',
    });
    const start = await metrics(op);
    const reconciles = sumSeries(start, 'orkestra_reconcile_total', 'shop');
    const writes = sumSeries(start, 'orkestra_api_writes_total', 'shop');
    const end = await eventually(
      async () => {
        const text = await metrics(op);
        return sumSeries(text, 'orkestra_reconcile_total', 'shop') >= reconciles + 2 ? text : undefined;
      },
      { what: 'two resyncs', timeoutMs: 20_000 },
    );
    assert.equal(sumSeries(end, 'orkestra_api_writes_total', 'shop') - writes, 0, 'an idle resync wrote');
    const after = (await op.child('v1 secrets', 'web-tls'))!;
    assert.equal(after.metadata.resourceVersion, secret.metadata.resourceVersion);
    assert.equal(after.data?.['tls.key'], secret.data?.['tls.key'], 'the key is kept');
  },
);

test('a certificate is renewed before it expires, and not before', { timeout: 120_000 }, async (t) => {
  // validFor 24s: renewed once less than 8s remain, i.e. 16s after it is made.
  const op = await startOperator(t, {
    crds: { shop: shopEntry({ commonName: 'short.example', dnsNames: ['short.example'], validFor: '24s' }) },
  });
  await op.crds['shop']!.create('short', {});
  const first = await secretOf(op, 'short-tls', 'the first certificate');
  const firstCert = new X509Certificate(decode(first, 'tls.crt'));
  const start = await metrics(op);
  const reconciles = sumSeries(start, 'orkestra_reconcile_total', 'shop');
  await eventually(
    async () => sumSeries(await metrics(op), 'orkestra_reconcile_total', 'shop') >= reconciles + 2,
    { what: 'two resyncs', timeoutMs: 10_000 },
  );
  const kept = (await op.child('v1 secrets', 'short-tls'))!;
  if (Date.now() < Date.parse(firstCert.validTo) - 8_000) {
    assert.equal(kept.data?.['tls.crt'], first.data?.['tls.crt'], 'renewed too early');
  }
  const renewed = await eventually(
    async () => {
      const secret = await op.child('v1 secrets', 'short-tls');
      return secret?.data?.['tls.crt'] !== first.data?.['tls.crt'] ? secret : undefined;
    },
    { what: 'a renewed certificate', timeoutMs: 40_000 },
  );
  const renewedCert = new X509Certificate(decode(renewed, 'tls.crt'));
  assert.ok(Date.parse(renewedCert.validTo) > Date.parse(firstCert.validTo));
  assert.ok(Date.parse(firstCert.validTo) > Date.now() - 2_000, 'renewed before the old one expired');
  assert.notEqual(renewed.data?.['tls.key'], first.data?.['tls.key'], 'with a new key');
  assert.deepEqual(await handshake(renewed, { ca: decode(renewed, 'ca.crt'), servername: 'short.example' }), {
    ok: true,
  });
});

/** A CA Secret as a user would create it (kubernetes.io/tls with tls.crt and tls.key). */
function caSecret(namespace: string, commonName: string) {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Date.now();
  const cert = createCertificate(
    {
      commonName,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 30 * 86_400_000),
      serialNumber: Buffer.from(String(now)),
      publicKey: keys.publicKey,
      isCA: true,
    },
    { privateKey: keys.privateKey },
  ).pem;
  const key = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return {
    cert,
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-ca', namespace },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(cert).toString('base64'),
        'tls.key': Buffer.from(key).toString('base64'),
      },
    },
  };
}

test(
  'a CA-signed tls Secret waits for its CA Secret, is trusted through the CA, and is re-issued when the CA changes',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        shop: shopEntry(
          {
            commonName: '{{ .metadata.name }}.{{ .metadata.namespace }}.svc',
            dnsNames: ['{{ .metadata.name }}.{{ .metadata.namespace }}.svc'],
            ca: { secretName: 'shop-ca' },
          },
          '30s',
        ),
      },
    });
    const shop = op.crds['shop']!;
    await shop.create('api', {});
    const waiting = await eventually(
      async () => {
        const ready = readyOf(await shop.get('api'));
        return ready?.status === 'False' ? ready : undefined;
      },
      { what: 'api not Ready while its CA is missing' },
    );
    assert.match(waiting.message ?? '', new RegExp(`waiting for the CA Secret ${op.ns}/shop-ca`));

    const ca = caSecret(op.ns, 'Shop CA');
    await op.client.create(`/api/v1/namespaces/${op.ns}/secrets`, ca.object);
    const servername = `api.${op.ns}.svc`;
    const secret = await secretOf(op, 'api-tls', 'api-tls signed by the CA');
    assert.equal(new X509Certificate(decode(secret, 'tls.crt')).issuer, 'CN=Shop CA');
    assert.equal(decode(secret, 'ca.crt'), ca.cert);
    assert.deepEqual(await handshake(secret, { ca: ca.cert, servername }), { ok: true });

    const rotated = caSecret(op.ns, 'Shop CA 2');
    const res = await op.client.send('PUT', `/api/v1/namespaces/${op.ns}/secrets/shop-ca`, rotated.object);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const reissued = await eventually(
      async () => {
        const s = await op.child('v1 secrets', 'api-tls');
        return s !== undefined && decode(s, 'ca.crt') === rotated.cert ? s : undefined;
      },
      { what: 'api-tls re-issued by the new CA (before the 30s resync)', timeoutMs: 20_000 },
    );
    assert.equal(new X509Certificate(decode(reissued, 'tls.crt')).issuer, 'CN=Shop CA 2');
    assert.deepEqual(await handshake(reissued, { ca: rotated.cert, servername }), { ok: true });
    assert.equal((await handshake(reissued, { ca: ca.cert, servername })).ok, false);
  },
);

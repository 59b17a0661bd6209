import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { duplexPair } from 'node:stream';
import { connect, createSecureContext, TLSSocket } from 'node:tls';
import { readAuthority, CertificateAuthorityError, isSelfSigned } from './authority.ts';
import { createCertificate, type CertificateRequest, type Signer } from './certificate.ts';
import { certificateParts } from './certificate-parts.ts';
import { childrenOf, decodeOid, readValue } from './der-reader.ts';
import { keyIdentifier } from './keys.ts';

const DAY = 86_400_000;
// Recent whole seconds: the TLS handshakes below check validity against the system clock.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 - DAY);
const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

function request(publicKey: KeyObject, extra: Partial<CertificateRequest> = {}): CertificateRequest {
  return {
    commonName: 'web.shop.svc',
    dnsNames: ['web.shop.svc', 'web'],
    notBefore: NOW,
    notAfter: new Date(NOW.getTime() + 90 * DAY),
    serialNumber: Buffer.from('0123456789abcdef', 'hex'),
    publicKey,
    ...extra,
  };
}

/** The extensions of a certificate by OID: critical flag and the DER of the value. */
function extensionsOf(certificate: X509Certificate): Map<string, { critical: boolean; value: Buffer }> {
  const [tbs] = childrenOf(readValue(certificate.raw));
  const wrapper = childrenOf(tbs!).find((f) => f.tag === 0xa3)!;
  const out = new Map<string, { critical: boolean; value: Buffer }>();
  for (const ext of childrenOf(childrenOf(wrapper)[0]!)) {
    const parts = childrenOf(ext);
    out.set(decodeOid(parts[0]!.content), {
      critical: parts.length === 3,
      value: parts[parts.length - 1]!.content,
    });
  }
  return out;
}

function makeCa(
  keys = ecKeys(),
  commonName = 'Shop CA',
): { keys: ReturnType<typeof ecKeys>; cert: X509Certificate } {
  const issued = createCertificate(
    {
      commonName,
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + 365 * DAY),
      serialNumber: Buffer.of(1),
      publicKey: keys.publicKey,
      isCA: true,
      pathLength: 0,
    },
    { privateKey: keys.privateKey },
  );
  return { keys, cert: new X509Certificate(issued.der) };
}

/** A TLS handshake over an in-memory stream: the server presents `key`/`cert`, the client trusts `ca`. */
function handshake(server: { key: KeyObject; cert: string }, client: { ca: string; servername: string }) {
  const [serverSide, clientSide] = duplexPair();
  const secureContext = createSecureContext({
    key: server.key.export({ type: 'pkcs8', format: 'pem' }),
    cert: server.cert,
  });
  const tlsServer = new TLSSocket(serverSide, { isServer: true, secureContext });
  tlsServer.on('error', () => undefined);
  const socket = connect({ socket: clientSide, ca: client.ca, servername: client.servername });
  return new Promise<{ ok: boolean; code?: string }>((resolve) => {
    socket.once('secureConnect', () => {
      resolve({ ok: socket.authorized });
      socket.destroy();
      tlsServer.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, ...(error.code === undefined ? {} : { code: error.code }) });
      tlsServer.destroy();
    });
  });
}

describe('createCertificate', () => {
  it('makes a self-signed server certificate that parses, verifies with its own key and names its host', () => {
    const keys = ecKeys();
    const issued = createCertificate(request(keys.publicKey, { ipAddresses: ['127.0.0.1', '::1'] }), {
      privateKey: keys.privateKey,
    });
    const cert = new X509Certificate(issued.pem);
    assert.equal(cert.subject, 'CN=web.shop.svc');
    assert.equal(cert.issuer, 'CN=web.shop.svc');
    assert.equal(
      cert.subjectAltName,
      'DNS:web.shop.svc, DNS:web, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    assert.equal(cert.serialNumber.toLowerCase(), '0123456789abcdef');
    assert.equal(new Date(cert.validFrom).toISOString(), NOW.toISOString());
    assert.equal(new Date(cert.validTo).toISOString(), new Date(NOW.getTime() + 90 * DAY).toISOString());
    assert.equal(cert.ca, false);
    assert.ok(cert.verify(keys.publicKey));
    assert.ok(cert.checkPrivateKey(keys.privateKey));
    assert.ok(isSelfSigned(cert));
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']); // extended key usage: serverAuth
    assert.equal(cert.checkHost('web'), 'web');
    assert.equal(cert.checkHost('other'), undefined);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.ok(issued.der.equals(cert.raw));
  });

  it('writes the X.509 v3 extensions a TLS server certificate needs, critical where RFC 5280 says', () => {
    const keys = ecKeys();
    const cert = new X509Certificate(
      createCertificate(request(keys.publicKey), { privateKey: keys.privateKey }).der,
    );
    const ext = extensionsOf(cert);
    assert.deepEqual(ext.get('2.5.29.19'), { critical: true, value: Buffer.from('3000', 'hex') }); // cA false
    assert.deepEqual(ext.get('2.5.29.15'), { critical: true, value: Buffer.from('03020780', 'hex') }); // digitalSignature
    assert.equal(ext.get('2.5.29.17')?.critical, false);
    const ski = readValue(ext.get('2.5.29.14')!.value).content;
    assert.deepEqual(ski, keyIdentifier(keys.publicKey));
    assert.equal(ski.length, 20);
    // self-signed: the authority key id is its own key id
    assert.deepEqual(ext.get('2.5.29.35')?.value, Buffer.concat([Buffer.from('30168014', 'hex'), ski]));
  });

  it('makes a CA whose leaf names it as issuer and carries its key id, and a client trusting the CA accepts the leaf', async () => {
    const ca = makeCa();
    const caExt = extensionsOf(ca.cert);
    assert.equal(ca.cert.ca, true);
    assert.deepEqual(caExt.get('2.5.29.19'), {
      critical: true,
      value: Buffer.from('30060101ff020100', 'hex'),
    });
    // digitalSignature, keyCertSign, cRLSign: 1000 0110, one unused bit
    assert.deepEqual(caExt.get('2.5.29.15')?.value, Buffer.from('03020186', 'hex'));
    assert.equal(caExt.get('2.5.29.37'), undefined);

    const leafKeys = ecKeys();
    const signer: Signer = { privateKey: ca.keys.privateKey, certificate: ca.cert };
    const leaf = new X509Certificate(createCertificate(request(leafKeys.publicKey), signer).pem);
    assert.equal(leaf.issuer, 'CN=Shop CA');
    assert.ok(leaf.checkIssued(ca.cert));
    assert.ok(leaf.verify(ca.cert.publicKey));
    assert.ok(!leaf.verify(leafKeys.publicKey));
    const aki = extensionsOf(leaf).get('2.5.29.35')!.value;
    assert.deepEqual(aki.subarray(4), certificateParts(ca.cert).subjectKeyId);

    const server = { key: leafKeys.privateKey, cert: leaf.toString() };
    assert.deepEqual(await handshake(server, { ca: ca.cert.toString(), servername: 'web.shop.svc' }), {
      ok: true,
    });
    const wrongName = await handshake(server, { ca: ca.cert.toString(), servername: 'api.shop.svc' });
    assert.equal(wrongName.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const otherCa = makeCa(ecKeys(), 'Other CA');
    const untrusted = await handshake(server, { ca: otherCa.cert.toString(), servername: 'web.shop.svc' });
    assert.equal(untrusted.ok, false);
  });

  it('signs with RSA and Ed25519 keys too, and marks an RSA leaf for key encipherment', () => {
    // 1024 bits keeps the test fast; the signature path is the same as for 2048.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaCa = makeCa(rsa, 'RSA CA');
    assert.equal(rsaCa.cert.publicKey.asymmetricKeyType, 'rsa');
    const leafKeys = ecKeys();
    const leaf = new X509Certificate(
      createCertificate(request(leafKeys.publicKey), { privateKey: rsa.privateKey, certificate: rsaCa.cert })
        .der,
    );
    assert.ok(leaf.verify(rsa.publicKey));
    const rsaLeaf = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const own = new X509Certificate(
      createCertificate(request(rsaLeaf.publicKey), { privateKey: rsaLeaf.privateKey }).der,
    );
    assert.deepEqual(extensionsOf(own).get('2.5.29.15')?.value, Buffer.from('030205a0', 'hex'));
    const ed = generateKeyPairSync('ed25519');
    const edCert = new X509Certificate(
      createCertificate(request(ed.publicKey), { privateKey: ed.privateKey }).der,
    );
    assert.ok(edCert.verify(ed.publicKey));
  });

  it('writes validity past 2049 as GeneralizedTime', () => {
    const keys = ecKeys();
    const notAfter = new Date('2051-06-07T08:09:10Z');
    const cert = new X509Certificate(
      createCertificate(request(keys.publicKey, { notAfter }), { privateKey: keys.privateKey }).der,
    );
    assert.equal(new Date(cert.validTo).toISOString(), notAfter.toISOString());
  });

  it('makes the alternative names critical when the subject is empty', () => {
    const keys = ecKeys();
    const cert = new X509Certificate(
      createCertificate(request(keys.publicKey, { commonName: undefined }), { privateKey: keys.privateKey })
        .der,
    );
    assert.ok(!cert.subject, 'an empty subject');
    assert.equal(extensionsOf(cert).get('2.5.29.17')?.critical, true);
  });

  it('refuses inconsistent requests', () => {
    const keys = ecKeys();
    const self = { privateKey: keys.privateKey };
    const bad: [Partial<CertificateRequest>, RegExp][] = [
      [{ serialNumber: Buffer.alloc(4) }, /positive/],
      [{ serialNumber: Buffer.alloc(21, 0x7f) }, /20 bytes/],
      [{ notAfter: NOW }, /later than notBefore/],
      [{ pathLength: 1 }, /CA certificates only/],
      [{ dnsNames: ['bücher.example'] }, /not ASCII/],
      [{ publicKey: ecKeys().publicKey }, /its own private key/],
    ];
    for (const [extra, message] of bad) {
      assert.throws(() => createCertificate(request(keys.publicKey, extra), self), message);
    }
    const notCa = new X509Certificate(createCertificate(request(keys.publicKey), self).der);
    assert.throws(
      () =>
        createCertificate(request(ecKeys().publicKey), { privateKey: keys.privateKey, certificate: notCa }),
      /not a CA certificate/,
    );
    const ca = makeCa();
    assert.throws(
      () =>
        createCertificate(request(ecKeys().publicKey), { privateKey: keys.privateKey, certificate: ca.cert }),
      /not the key of the issuer/,
    );
  });
});

describe('readAuthority', () => {
  it('reads a CA certificate with its chain and its private key in any PEM form', () => {
    const ca = makeCa();
    const leafKeys = ecKeys();
    const chain = `${ca.cert.toString()}${makeCa(ecKeys(), 'Root').cert.toString()}`;
    for (const type of ['pkcs8', 'sec1'] as const) {
      const authority = readAuthority(chain, ca.keys.privateKey.export({ type, format: 'pem' }) as string);
      assert.equal(authority.certificate.subject, 'CN=Shop CA');
      assert.equal(authority.chain.length, 2);
      assert.ok(createCertificate(request(leafKeys.publicKey), authority).der.length > 0);
    }
  });

  it('refuses what cannot sign: no certificate, not a CA, a key of another certificate, garbage', () => {
    const ca = makeCa();
    const key = ca.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const keys = ecKeys();
    const leaf = createCertificate(request(keys.publicKey), { privateKey: keys.privateKey }).pem;
    const cases: [string, string, RegExp][] = [
      ['', key, /no PEM CERTIFICATE/],
      [leaf, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, /not a CA certificate/],
      [
        ca.cert.toString(),
        keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        /not the key of/,
      ],
      [ca.cert.toString(), 'not a key', /cannot be read/],
      ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', key, /cannot be read/],
    ];
    for (const [cert, pem, message] of cases) {
      assert.throws(
        () => readAuthority(cert, pem),
        (e: unknown) => e instanceof CertificateAuthorityError && message.test(e.message),
      );
    }
  });
});

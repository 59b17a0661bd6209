/**
 * The webhooks' certificates: a CA of their own and a serving certificate it signs, both ECDSA P-256.
 * The API server trusts the CA through each configuration's caBundle, so a serving certificate can be
 * renewed without touching any configuration.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { createCertificate } from '../pki/index.ts';
import type { ServingCertificate } from './server.ts';

/** A CA and the serving certificate it signed, all PEM. */
export interface WebhookCertificates {
  readonly caCertificatePem: string;
  readonly caKeyPem: string;
  readonly serving: ServingCertificate;
}

/** What to issue: names the serving certificate carries, when, and for how long. */
export interface IssueRequest {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly now: Date;
  readonly validForMs: number;
  /** The CA's lifetime. @default ten times validForMs */
  readonly caValidForMs?: number | undefined;
}

/** A few minutes of slack for clocks that disagree between the runtime and the API server. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A CA lives ten times as long as the serving certificates it signs. */
const CA_LIFETIMES = 10;

function serial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 1; // positive, never all zeros
  return bytes;
}

function newKey() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A new CA, alone: its certificate and key. */
export function issueCertificateAuthority(now: Date, validForMs: number): ServingCertificate {
  const keys = newKey();
  const ca = createCertificate(
    {
      commonName: 'orkestra-webhook-ca',
      notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(now.getTime() + validForMs),
      serialNumber: serial(),
      publicKey: keys.publicKey,
      isCA: true,
      pathLength: 0,
    },
    { privateKey: keys.privateKey },
  );
  return {
    certificatePem: ca.pem,
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** A new CA and a serving certificate signed by it. */
export function issueWebhookCertificates(request: IssueRequest): WebhookCertificates {
  const caValidForMs = request.caValidForMs ?? CA_LIFETIMES * request.validForMs;
  const ca = issueCertificateAuthority(request.now, caValidForMs);
  return {
    caCertificatePem: ca.certificatePem,
    caKeyPem: ca.keyPem,
    serving: issueServingCertificate(ca, request),
  };
}

/** A serving certificate signed by the given CA. */
export function issueServingCertificate(ca: ServingCertificate, request: IssueRequest): ServingCertificate {
  const keys = newKey();
  const caCertificate = new X509Certificate(ca.certificatePem);
  const leaf = createCertificate(
    {
      commonName: request.dnsNames[0] ?? request.ipAddresses[0] ?? 'orkestra-webhook',
      dnsNames: request.dnsNames,
      ipAddresses: request.ipAddresses,
      notBefore: new Date(request.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(request.now.getTime() + request.validForMs),
      serialNumber: serial(),
      publicKey: keys.publicKey,
    },
    { privateKey: createPrivateKey(ca.keyPem), certificate: caCertificate },
  );
  return {
    certificatePem: leaf.pem,
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The webhooks' certificates as a Secret stores them, so every replica serves the same ones: a
 * `kubernetes.io/tls` Secret whose `tls.crt`/`tls.key` are the serving certificate, `ca.crt`/`ca.key`
 * the CA that signs the next serving certificate, and `ca-bundle.crt` every CA the API server must
 * trust (two of them across a CA rotation). An annotation records when the last rotation step was
 * taken, so the next one waits for it to reach every replica. Reading checks what it reads: a set
 * that does not cover the endpoint's names, has expired or does not hang together is not usable.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { KubeObject } from '../kube/index.ts';
import type { TrustedCertificates } from './certificate-source.ts';
import type { ServingCertificate } from './server.ts';

/** What one Secret holds. */
export interface StoredCertificates {
  /** The CA that signs the next serving certificate. */
  readonly ca: ServingCertificate;
  readonly serving: ServingCertificate;
  /** Every CA the API server must trust, PEM. */
  readonly caBundlePem: string;
  /** When the last rotation step was taken (ms since the epoch). */
  readonly steppedAt: number;
}

/** The names the serving certificate must hold. */
export interface CertificateNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/** A Secret as the API returns it (data base64). */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export const STEPPED_AT_ANNOTATION = 'orkestra.orkspace.io/certificate-rotated-at';
const KEYS = ['tls.crt', 'tls.key', 'ca.crt', 'ca.key', 'ca-bundle.crt'] as const;

/** The certificate blocks of a PEM text, in order. */
export function certificateBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** What the runtime serves and registers out of a stored set. */
export function trustedOf(stored: StoredCertificates): TrustedCertificates {
  return { serving: stored.serving, caBundlePem: stored.caBundlePem };
}

/** The Secret's content for a stored set (metadata other than the annotation is the caller's). */
export function secretContent(stored: StoredCertificates): Pick<SecretObject, 'type' | 'data'> & {
  annotations: Record<string, string>;
} {
  const text: Record<(typeof KEYS)[number], string> = {
    'tls.crt': stored.serving.certificatePem,
    'tls.key': stored.serving.keyPem,
    'ca.crt': stored.ca.certificatePem,
    'ca.key': stored.ca.keyPem,
    'ca-bundle.crt': stored.caBundlePem,
  };
  const data = Object.fromEntries(KEYS.map((k) => [k, Buffer.from(text[k]).toString('base64')]));
  const annotations = { [STEPPED_AT_ANNOTATION]: new Date(stored.steppedAt).toISOString() };
  return { type: 'kubernetes.io/tls', data, annotations };
}

/** The stored set a Secret holds, or undefined when a key is missing. */
export function storedOf(secret: SecretObject): StoredCertificates | undefined {
  const text = (key: string): string | undefined => {
    const value = secret.data?.[key];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString();
  };
  const [crt, key, caCrt, caKey, bundle] = KEYS.map(text);
  if (!crt || !key || !caCrt || !caKey || !bundle) return undefined;
  const stepped = Date.parse(secret.metadata?.annotations?.[STEPPED_AT_ANNOTATION] ?? '');
  return {
    ca: { certificatePem: caCrt, keyPem: caKey },
    serving: { certificatePem: crt, keyPem: key },
    caBundlePem: bundle,
    steppedAt: Number.isNaN(stepped) ? 0 : stepped,
  };
}

/** Whether a certificate holds every name (a DNS name, or an IP address). */
export function covers(certificate: X509Certificate, names: CertificateNames): boolean {
  const dns = names.dnsNames.every((n) => certificate.checkHost(n, { wildcards: false }) !== undefined);
  const ips = names.ipAddresses.every((ip) => isIP(ip) !== 0 && certificate.checkIP(ip) !== undefined);
  return dns && ips;
}

/** When a certificate stops being valid, ms since the epoch. */
export function notAfterOf(certificate: X509Certificate): number {
  return Date.parse(certificate.validTo);
}

/** A certificate and the key that goes with it, parsed; undefined when they do not read or match. */
export function parsedPair(pair: ServingCertificate): X509Certificate | undefined {
  try {
    const certificate = new X509Certificate(pair.certificatePem);
    return certificate.checkPrivateKey(createPrivateKey(pair.keyPem)) ? certificate : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `leaf` was signed by `issuer`. */
export function signedBy(leaf: X509Certificate, issuer: X509Certificate): boolean {
  return leaf.checkIssued(issuer) && leaf.verify(issuer.publicKey);
}

/**
 * Why a stored set cannot be served as it is, or undefined when it can: it must cover the names,
 * not be expired, and be trusted by its own bundle; the CA must be in the bundle too.
 */
export function unusableReason(
  stored: StoredCertificates,
  names: CertificateNames,
  now: number,
): string | undefined {
  const serving = parsedPair(stored.serving);
  const ca = parsedPair(stored.ca);
  if (serving === undefined) return 'the serving certificate or its key cannot be read';
  if (ca?.ca !== true) return 'the CA certificate or its key cannot be read';
  if (!covers(serving, names)) return 'the serving certificate does not cover the endpoint';
  if (notAfterOf(serving) <= now || notAfterOf(ca) <= now) return 'a certificate has expired';
  const bundle = bundleOf(stored);
  if (!bundle.some((c) => c.fingerprint256 === ca.fingerprint256)) return 'the CA is not in the bundle';
  if (!bundle.some((c) => signedBy(serving, c))) return 'no CA of the bundle signed the serving certificate';
  return undefined;
}

/** The bundle's certificates (unreadable blocks left out). */
export function bundleOf(stored: StoredCertificates): X509Certificate[] {
  return certificateBlocks(stored.caBundlePem).flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
}

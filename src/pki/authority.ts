/**
 * A certificate authority given as PEM text — the `tls.crt` and `tls.key` of a Secret, say — read
 * and checked: a CA certificate and the private key that belongs to it.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { pemBlocks } from './pem.ts';

/** PEM text that does not hold a usable CA. */
export class CertificateAuthorityError extends Error {
  override readonly name = 'CertificateAuthorityError';
}

/** A CA ready to sign. */
export interface CertificateAuthority {
  /** The CA's certificate (the first of the certificate text). */
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
  /** Every certificate of the certificate text, in order, as PEM: the CA's first, then its chain. */
  readonly chain: readonly string[];
}

function parsePrivateKey(keyPem: string): KeyObject {
  try {
    return createPrivateKey(keyPem);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CertificateAuthorityError(`the private key cannot be read: ${reason}`);
  }
}

function parseCertificates(blocks: readonly string[]): X509Certificate {
  try {
    const [first] = blocks.map((block) => new X509Certificate(block));
    if (first === undefined) throw new CertificateAuthorityError('no PEM CERTIFICATE block');
    return first;
  } catch (error) {
    if (error instanceof CertificateAuthorityError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CertificateAuthorityError(`the certificate cannot be read: ${reason}`);
  }
}

/**
 * Reads a CA from the PEM text of its certificate (possibly followed by its chain) and of its
 * private key (PKCS #8, PKCS #1 or SEC 1).
 * @throws CertificateAuthorityError when either cannot be read, the certificate is not a CA's, or
 * the key is not the certificate's
 */
export function readAuthority(certificatePem: string, keyPem: string): CertificateAuthority {
  const chain = pemBlocks(certificatePem, 'CERTIFICATE');
  const certificate = parseCertificates(chain);
  if (!certificate.ca) {
    throw new CertificateAuthorityError(`${certificate.subject} is not a CA certificate (basicConstraints)`);
  }
  const privateKey = parsePrivateKey(keyPem);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new CertificateAuthorityError(`the private key is not the key of ${certificate.subject}`);
  }
  return { certificate, privateKey, chain };
}

/**
 * True when a certificate names itself as issuer and is signed by its own key (a root, or a
 * self-signed leaf). Not `checkIssued`, which also wants keyCertSign of an issuer.
 */
export function isSelfSigned(certificate: X509Certificate): boolean {
  return certificate.issuer === certificate.subject && certificate.verify(certificate.publicKey);
}

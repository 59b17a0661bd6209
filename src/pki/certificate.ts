/**
 * Builds X.509 v3 certificates (RFC 5280) in DER, signed with node:crypto: Node can parse and verify
 * certificates (`crypto.X509Certificate`) but not make them. Everything a certificate holds comes in
 * with the request — keys, serial number, validity — so building is a function of its input: the
 * caller owns the randomness (key generation, serial numbers) and the clock.
 */
import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { bitString, explicit, integer, octetString, sequence, time } from './der.ts';
import { certificateParts } from './certificate-parts.ts';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extendedKeyUsage,
  extension,
  ExtensionOid,
  keyUsage,
  type ExtendedKeyUsage,
  type KeyUsage,
} from './extensions.ts';
import { keyIdentifier, signatureAlgorithm, subjectPublicKeyInfo } from './keys.ts';
import { alternativeNames, subjectName } from './names.ts';
import { toPem } from './pem.ts';

/** What a certificate says. */
export interface CertificateRequest {
  /** The subject's common name. @default none (an empty subject; the alternative names are then critical) */
  readonly commonName?: string | undefined;
  /** DNS names a TLS client may check (ASCII; IDNs in their `xn--` form). @default [] */
  readonly dnsNames?: readonly string[] | undefined;
  /** IPv4 or IPv6 addresses a TLS client may check. @default [] */
  readonly ipAddresses?: readonly string[] | undefined;
  /** Start of validity (whole seconds are kept). */
  readonly notBefore: Date;
  /** End of validity (whole seconds are kept). */
  readonly notAfter: Date;
  /** A positive serial number, big-endian, unique per issuer: at most 20 bytes once encoded. */
  readonly serialNumber: Uint8Array;
  /** The key the certificate certifies. */
  readonly publicKey: KeyObject;
  /** A CA certificate (basicConstraints cA), able to sign others. @default false */
  readonly isCA?: boolean | undefined;
  /** CA only: how many intermediate CAs may follow it. @default unlimited */
  readonly pathLength?: number | undefined;
  /**
   * Key usages. @default a CA: digitalSignature, keyCertSign, cRLSign; otherwise digitalSignature,
   * plus keyEncipherment for an RSA key (RSA key exchange)
   */
  readonly keyUsage?: readonly KeyUsage[] | undefined;
  /** Extended key usages. @default a CA: none; otherwise serverAuth */
  readonly extendedKeyUsage?: readonly ExtendedKeyUsage[] | undefined;
}

/** Who signs a certificate. */
export interface Signer {
  /** The signing key: the issuer's, or for a self-signed certificate the subject's own. */
  readonly privateKey: KeyObject;
  /** The issuer's certificate (a CA whose key is `privateKey`); absent: the certificate is self-signed. */
  readonly certificate?: X509Certificate | undefined;
}

/** A certificate made by {@link createCertificate}. */
export interface IssuedCertificate {
  readonly der: Buffer;
  /** PEM (`CERTIFICATE`), ending with a newline. */
  readonly pem: string;
}

const MAX_SERIAL_BYTES = 20;

function checkRequest(request: CertificateRequest): void {
  const serial = integer(request.serialNumber);
  if (serial.length - 2 > MAX_SERIAL_BYTES) throw new RangeError('serialNumber is longer than 20 bytes');
  if (request.serialNumber.every((b) => b === 0)) throw new RangeError('serialNumber must be positive');
  if (request.notAfter.getTime() <= request.notBefore.getTime()) {
    throw new RangeError('notAfter must be later than notBefore');
  }
  if (request.pathLength !== undefined && request.isCA !== true) {
    throw new RangeError('pathLength is for CA certificates only');
  }
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return subjectPublicKeyInfo(a).equals(subjectPublicKeyInfo(b));
}

/** The issuer Name and the authority key identifier, from the signer (or the subject, self-signed). */
function issuerOf(request: CertificateRequest, signer: Signer): { name: Buffer; keyId: Buffer } {
  const ca = signer.certificate;
  if (ca === undefined) {
    if (!sameKey(createPublicKey(signer.privateKey), request.publicKey)) {
      throw new RangeError('a self-signed certificate must be signed with its own private key');
    }
    return { name: subjectName(request.commonName), keyId: keyIdentifier(request.publicKey) };
  }
  if (!ca.ca) throw new RangeError(`the issuer ${ca.subject} is not a CA certificate`);
  if (!ca.checkPrivateKey(signer.privateKey)) {
    throw new RangeError(`the signing key is not the key of the issuer ${ca.subject}`);
  }
  const parts = certificateParts(ca);
  return { name: parts.subject, keyId: parts.subjectKeyId ?? keyIdentifier(ca.publicKey) };
}

function defaultKeyUsage(request: CertificateRequest): KeyUsage[] {
  if (request.isCA === true) return ['digitalSignature', 'keyCertSign', 'cRLSign'];
  const rsa = request.publicKey.asymmetricKeyType === 'rsa';
  return rsa ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

function extensionsOf(request: CertificateRequest, authorityKeyId: Buffer): Buffer[] {
  const isCA = request.isCA === true;
  const purposes = request.extendedKeyUsage ?? (isCA ? [] : ['serverAuth']);
  const dnsNames = request.dnsNames ?? [];
  const ipAddresses = request.ipAddresses ?? [];
  const noSubject = request.commonName === undefined || request.commonName === '';
  return [
    extension(ExtensionOid.basicConstraints, true, basicConstraints(isCA, request.pathLength)),
    extension(ExtensionOid.keyUsage, true, keyUsage(request.keyUsage ?? defaultKeyUsage(request))),
    ...(purposes.length > 0
      ? [extension(ExtensionOid.extendedKeyUsage, false, extendedKeyUsage(purposes))]
      : []),
    ...(dnsNames.length + ipAddresses.length > 0
      ? [extension(ExtensionOid.subjectAltName, noSubject, alternativeNames(dnsNames, ipAddresses))]
      : []),
    extension(ExtensionOid.subjectKeyIdentifier, false, octetString(keyIdentifier(request.publicKey))),
    extension(ExtensionOid.authorityKeyIdentifier, false, authorityKeyIdentifier(authorityKeyId)),
  ];
}

/**
 * Builds and signs a certificate.
 * @throws RangeError when the request is inconsistent (serial, validity, a signer key that is not the
 * issuer's, an issuer that is not a CA, a name that cannot be encoded) or the key type is not supported
 */
export function createCertificate(request: CertificateRequest, signer: Signer): IssuedCertificate {
  checkRequest(request);
  const issuer = issuerOf(request, signer);
  const algorithm = signatureAlgorithm(signer.privateKey);
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(request.serialNumber),
    algorithm.identifier,
    issuer.name,
    sequence(time(request.notBefore), time(request.notAfter)),
    subjectName(request.commonName),
    subjectPublicKeyInfo(request.publicKey),
    explicit(3, sequence(...extensionsOf(request, issuer.keyId))),
  );
  const der = sequence(tbs, algorithm.identifier, bitString(algorithm.sign(tbs)));
  return { der, pem: toPem('CERTIFICATE', der) };
}

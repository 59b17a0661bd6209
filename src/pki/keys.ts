/**
 * What a certificate needs of a key: its SubjectPublicKeyInfo, its key identifier, and the signature
 * algorithm that goes with it. ECDSA (P-256, P-384, P-521), RSA (PKCS #1 v1.5) and Ed25519 keys
 * are supported; signing uses node:crypto.
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import { nullValue, oid, sequence } from './der.ts';
import { childrenOf, readValue } from './der-reader.ts';

/** The DER SubjectPublicKeyInfo of a public key. */
export function subjectPublicKeyInfo(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * The key identifier of a public key (RFC 5280 §4.2.1.2, method 1): SHA-1 of the subjectPublicKey
 * bits, the form Go and OpenSSL use.
 */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const [, bits] = childrenOf(readValue(subjectPublicKeyInfo(publicKey)));
  if (bits === undefined) throw new RangeError('malformed SubjectPublicKeyInfo');
  return createHash('sha1').update(bits.content.subarray(1)).digest();
}

/** How a key signs: the AlgorithmIdentifier written in the certificate, and the signing itself. */
export interface SignatureAlgorithm {
  /** DER AlgorithmIdentifier. */
  readonly identifier: Buffer;
  /** Signs `data` with the private key. */
  sign(data: Buffer): Buffer;
}

const EC_HASH: Readonly<Record<string, { hash: string; oid: string }>> = {
  prime256v1: { hash: 'sha256', oid: '1.2.840.10045.4.3.2' },
  secp384r1: { hash: 'sha384', oid: '1.2.840.10045.4.3.3' },
  secp521r1: { hash: 'sha512', oid: '1.2.840.10045.4.3.4' },
};
const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_ED25519 = '1.3.101.112';

/** The signature algorithm of a private key. @throws RangeError for a key type not supported */
export function signatureAlgorithm(privateKey: KeyObject): SignatureAlgorithm {
  const type = privateKey.asymmetricKeyType;
  if (type === 'ec') {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve ?? '';
    const ec = EC_HASH[curve];
    if (ec === undefined) throw new RangeError(`EC curve ${curve} is not supported`);
    return {
      identifier: sequence(oid(ec.oid)),
      sign: (data) => sign(ec.hash, data, { key: privateKey, dsaEncoding: 'der' }),
    };
  }
  if (type === 'rsa') {
    return {
      identifier: sequence(oid(OID_SHA256_WITH_RSA), nullValue()),
      sign: (data) => sign('sha256', data, privateKey),
    };
  }
  if (type === 'ed25519') {
    return { identifier: sequence(oid(OID_ED25519)), sign: (data) => sign(null, data, privateKey) };
  }
  throw new RangeError(`${type ?? 'unknown'} keys are not supported (use EC, RSA or Ed25519)`);
}

/**
 * The X.509 v3 extensions of the certificates Orkestra makes (RFC 5280 §4.2): basic constraints,
 * key usage, extended key usage, subject alternative names and the two key identifiers.
 */
import { boolean, implicit, integer, namedBits, octetString, oid, sequence } from './der.ts';

/** Key usages (RFC 5280 §4.2.1.3), by their bit names. */
export type KeyUsage =
  | 'digitalSignature'
  | 'contentCommitment'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign';

const KEY_USAGE_BITS: Readonly<Record<KeyUsage, number>> = {
  digitalSignature: 0,
  contentCommitment: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

/** Extended key usages (RFC 5280 §4.2.1.12) a TLS certificate may carry. */
export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

const EXTENDED_KEY_USAGE_OIDS: Readonly<Record<ExtendedKeyUsage, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** Extension OIDs. */
export const ExtensionOid = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
} as const;

/** One Extension: its OID, the critical flag (written only when true: DER omits defaults) and value. */
export function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** basicConstraints: `cA` (omitted when false) and, for a CA, an optional path length. */
export function basicConstraints(isCA: boolean, pathLength: number | undefined): Buffer {
  if (!isCA) return sequence();
  return sequence(boolean(true), ...(pathLength === undefined ? [] : [integer(pathLength)]));
}

/** keyUsage as a named BIT STRING. */
export function keyUsage(usages: readonly KeyUsage[]): Buffer {
  return namedBits(usages.map((u) => KEY_USAGE_BITS[u]));
}

/** extKeyUsage: a SEQUENCE of purpose OIDs. */
export function extendedKeyUsage(usages: readonly ExtendedKeyUsage[]): Buffer {
  return sequence(...usages.map((u) => oid(EXTENDED_KEY_USAGE_OIDS[u])));
}

/** authorityKeyIdentifier with its `keyIdentifier [0]` only. */
export function authorityKeyIdentifier(keyId: Buffer): Buffer {
  return sequence(implicit(0, keyId));
}

/**
 * Parts of an existing certificate that a certificate it signs must repeat byte for byte: its
 * subject Name (the child's issuer) and its subject key identifier (the child's authority key
 * identifier). `crypto.X509Certificate` gives them only as text, so they are read from the DER.
 */
import type { X509Certificate } from 'node:crypto';
import { contextTag, Tag } from './der.ts';
import { childrenOf, decodeOid, DerError, readValue, type DerValue } from './der-reader.ts';
import { ExtensionOid } from './extensions.ts';

/** The subject Name and, when it has one, the subject key identifier of a certificate. */
export interface CertificateParts {
  /** DER of the subject Name. */
  readonly subject: Buffer;
  /** The subjectKeyIdentifier extension's key id; undefined when the certificate has none. */
  readonly subjectKeyId: Buffer | undefined;
}

function tbsFields(der: Buffer): DerValue[] {
  const [tbs] = childrenOf(readValue(der));
  if (tbs?.tag !== Tag.sequence) throw new DerError('not a certificate');
  const fields = childrenOf(tbs);
  // The version ([0] EXPLICIT) is absent in v1 certificates; the fields after it are fixed.
  return fields[0]?.tag === contextTag(0, true) ? fields.slice(1) : fields;
}

function subjectKeyIdOf(fields: readonly DerValue[]): Buffer | undefined {
  const wrapper = fields.find((f) => f.tag === contextTag(3, true));
  const [list] = wrapper === undefined ? [] : childrenOf(wrapper);
  for (const ext of list === undefined ? [] : childrenOf(list)) {
    const parts = childrenOf(ext);
    if (decodeOid(parts[0]?.content ?? Buffer.alloc(0)) !== ExtensionOid.subjectKeyIdentifier) continue;
    const value = parts[parts.length - 1];
    return value === undefined ? undefined : readValue(value.content).content;
  }
  return undefined;
}

/**
 * Reads the subject and subject key identifier of `certificate`.
 * @throws DerError when its DER is not a certificate's
 */
export function certificateParts(certificate: X509Certificate): CertificateParts {
  const fields = tbsFields(certificate.raw);
  // serialNumber, signature, issuer, validity, subject
  const subject = fields[4];
  if (subject?.tag !== Tag.sequence) throw new DerError('certificate without a subject');
  return { subject: Buffer.from(subject.encoded), subjectKeyId: subjectKeyIdOf(fields) };
}

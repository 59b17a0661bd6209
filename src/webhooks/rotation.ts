/**
 * When and how the stored certificates rotate, as functions of the stored set and the time. A serving
 * certificate is renewed `rotateBefore` its expiry by the same CA, so the trust bundle does not
 * change and no admission can fail. A CA due for rotation goes in three steps, each waiting for the
 * previous one to reach every replica and the API server (`propagationMs`):
 * 1. add a new CA to the bundle (the old serving certificate is still served, trusted by the old CA);
 * 2. renew the serving certificate with the new CA (trusted by the new CA, already registered);
 * 3. drop the old CA from the bundle (no replica serves a certificate of it any more).
 */
import { X509Certificate } from 'node:crypto';
import {
  issueCertificateAuthority,
  issueServingCertificate,
  issueWebhookCertificates,
} from './certificates.ts';
import {
  bundleOf,
  notAfterOf,
  signedBy,
  type CertificateNames,
  type StoredCertificates,
} from './stored-certificates.ts';

/** How the certificates are issued and rotated. */
export interface RotationPolicy {
  readonly names: CertificateNames;
  /** Lifetime of a serving certificate. */
  readonly validForMs: number;
  /** Renew this long before a certificate (serving or CA) expires. */
  readonly rotateBeforeMs: number;
  /** Lifetime of a CA. */
  readonly caValidForMs: number;
  /** How long a step takes to reach every replica and the API server; the next step waits as long. */
  readonly propagationMs: number;
}

/** One step of a rotation. */
export type RotationStep = 'renew' | 'add-ca' | 'drop-old-cas';

/** The next step and when it is due (ms since the epoch). */
export interface ScheduledStep {
  readonly step: RotationStep;
  readonly at: number;
}

function earliest(...steps: readonly ScheduledStep[]): ScheduledStep {
  return steps.reduce((a, b) => (b.at < a.at ? b : a));
}

/**
 * The CA starts its rotation early enough for its three steps to finish before it expires, however
 * short rotateBefore is.
 */
function caRotateBeforeMs(policy: RotationPolicy): number {
  return Math.max(policy.rotateBeforeMs, 3 * policy.propagationMs);
}

/** The next rotation step of a stored set. */
export function nextStep(stored: StoredCertificates, policy: RotationPolicy): ScheduledStep {
  const serving = new X509Certificate(stored.serving.certificatePem);
  const ca = new X509Certificate(stored.ca.certificatePem);
  const renew: ScheduledStep = { step: 'renew', at: notAfterOf(serving) - policy.rotateBeforeMs };
  const settled = stored.steppedAt + policy.propagationMs;
  // step 2: a new CA is in the bundle, the served certificate is still the old CA's
  if (!signedBy(serving, ca)) return { step: 'renew', at: Math.min(settled, renew.at) };
  // step 3: every replica serves the new CA's certificate by now
  if (bundleOf(stored).length > 1) return earliest({ step: 'drop-old-cas', at: settled }, renew);
  return earliest({ step: 'add-ca', at: notAfterOf(ca) - caRotateBeforeMs(policy) }, renew);
}

function issueRequest(policy: RotationPolicy, now: number) {
  return {
    ...policy.names,
    now: new Date(now),
    validForMs: policy.validForMs,
    caValidForMs: policy.caValidForMs,
  };
}

function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

/** The stored set after a step taken at `now`. */
export function applyStep(
  stored: StoredCertificates,
  { step, now }: { readonly step: RotationStep; readonly now: number },
  policy: RotationPolicy,
): StoredCertificates {
  const base = { ...stored, steppedAt: now };
  switch (step) {
    case 'renew':
      return { ...base, serving: issueServingCertificate(stored.ca, issueRequest(policy, now)) };
    case 'add-ca': {
      const ca = issueCertificateAuthority(new Date(now), policy.caValidForMs);
      return { ...base, ca, caBundlePem: withNewline(stored.caBundlePem) + withNewline(ca.certificatePem) };
    }
    case 'drop-old-cas':
      return { ...base, caBundlePem: withNewline(stored.ca.certificatePem) };
  }
}

/** A new CA and serving certificate, as a stored set. */
export function freshCertificates(policy: RotationPolicy, now: number): StoredCertificates {
  const issued = issueWebhookCertificates(issueRequest(policy, now));
  const ca = { certificatePem: issued.caCertificatePem, keyPem: issued.caKeyPem };
  return { ca, serving: issued.serving, caBundlePem: withNewline(ca.certificatePem), steppedAt: now };
}

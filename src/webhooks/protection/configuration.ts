/**
 * What the protections' webhook configurations share: their names (one per Katalog, so two runtimes
 * of different Katalogs never overwrite each other's) and the fields every protection webhook sets.
 * Protections fail closed: a protection that lets requests through while the runtime is down would
 * protect nothing.
 */
import type { FeatureInput } from '../feature.ts';
import type { AdmissionDecision } from '../reviews.ts';

/** What the protections are built from: the features' input, as far as they read it. */
export type ProtectionInput = Pick<FeatureInput, 'katalogName' | 'plans' | 'security' | 'endpoint'>;

/** The apiVersion of webhook configurations. */
export const ADMISSION_REGISTRATION = 'admissionregistration.k8s.io/v1';

/**
 * `orkestra-<katalog>-<what>`, made a valid object name: a Katalog of several documents is named
 * `a+b`, which the API server would refuse.
 */
export function configurationName(katalogName: string, what: string): string {
  const katalog = katalogName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `orkestra-${katalog === '' ? 'katalog' : katalog}-${what}`.slice(0, 253);
}

/** The fields of every protection webhook besides its name, rules and selectors. */
export const PROTECTION_WEBHOOK = {
  failurePolicy: 'Fail',
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  timeoutSeconds: 10,
} as const;

/** A denial the API server shows the client as 403 Forbidden. */
export function forbidden(message: string): AdmissionDecision {
  return { allowed: false, status: { code: 403, reason: 'Forbidden', message } };
}

/** Lets the request through. */
export const ALLOWED: AdmissionDecision = { allowed: true };

/** A string as a CEL string literal (single-quoted, escaped). */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

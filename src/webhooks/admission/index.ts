/**
 * admission — the mutating and validating webhooks of a Katalog's CRDs (spec §9.2–9.4): handlers that
 * run the reconcile's own mutation and validation on an AdmissionRequest, and the webhook
 * configurations that send the API server's reviews to them.
 */
export { admissionFeature } from './feature.ts';
export { jsonPatchOf } from './json-patch.ts';

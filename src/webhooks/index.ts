/**
 * webhooks — what the API server calls in the runtime (spec §9, §11): one HTTPS listener (TLS 1.2+)
 * serving AdmissionReview and ConversionReview v1 on a path per CRD and feature, one certificate
 * shared by every route, and the registrations (webhook configurations, a CRD's `spec.conversion`)
 * that point the API server at them. Handlers are functions of the review, tested without a server;
 * the listener and the registration are the I/O edge. Loaded by `ork run` only when the Katalog's
 * `security` turns a webhook or a protection on.
 */
export { WebhookRuntime } from './webhook-runtime.ts';
export type { WebhookRuntimeOptions } from './webhook-runtime.ts';
export type { FeatureInput, WebhookFeature, RegistrationContext } from './feature.ts';
export { webhookFeatures } from './features.ts';
export { ephemeralCertificates } from './certificate-source.ts';
export {
  issueCertificateAuthority,
  issueServingCertificate,
  issueWebhookCertificates,
} from './certificates.ts';
export { ManagedCertificates } from './managed-certificates.ts';
export type { ManagedCertificatesOptions } from './managed-certificates.ts';
export type { RotationPolicy } from './rotation.ts';
export { kubeSecrets } from './secret-store.ts';
export type { SecretStore } from './secret-store.ts';
export { certificateSource } from './sources.ts';
export type { CertificateChoice, SourceContext } from './sources.ts';
export type { CertificateNames, SecretObject } from './stored-certificates.ts';
export {
  certificateDirectory,
  certificateSecret,
  UserCertificateError,
  UserCertificates,
} from './user-certificates.ts';
export type { UserCertificatesOptions } from './user-certificates.ts';
export type { CertificateSource, IssuePolicy, TrustedCertificates } from './certificate-source.ts';
export { certificateNames, clientConfigFor } from './endpoint.ts';
export type { ClientConfig, WebhookEndpoint } from './endpoint.ts';
export type {
  AdmissionDecision,
  AdmissionHandler,
  AdmissionRequest,
  ConversionHandler,
  ConversionOutcome,
  ConversionRequest,
  JsonPatchOperation,
  WebhookRoute,
} from './reviews.ts';

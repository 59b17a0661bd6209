/**
 * Where the webhooks' certificates come from. The runtime asks a source once at start, then lets it
 * keep them fresh: a source that rotates (or sees another replica rotate) reports each change, and
 * the runtime serves the new certificate and registers the new trust bundle.
 */
import type { ServingCertificate } from './server.ts';
import { issueWebhookCertificates } from './certificates.ts';

/** What the listener serves and what the API server must trust. */
export interface TrustedCertificates {
  readonly serving: ServingCertificate;
  /** PEM of every CA the API server must trust (the old and the new one across a CA rotation). */
  readonly caBundlePem: string;
}

/** A source of the webhooks' certificates. */
export interface CertificateSource {
  /** The certificates to start with. */
  load(signal: AbortSignal): Promise<TrustedCertificates>;
  /**
   * Keeps the certificates fresh until `signal` aborts, calling `onChange` with each new set and
   * waiting for it (the runtime registers the bundle before the next step of a rotation).
   */
  maintain?(signal: AbortSignal, onChange: (next: TrustedCertificates) => Promise<void>): Promise<void>;
}

/** The names and lifetime of the certificates a source issues. */
export interface IssuePolicy {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly validForMs: number;
  readonly now: () => Date;
}

/** Certificates made in memory at start and never stored: one runtime, one run. */
export function ephemeralCertificates(policy: IssuePolicy): CertificateSource {
  return {
    load: () => {
      const issued = issueWebhookCertificates({ ...policy, now: policy.now() });
      return Promise.resolve({ serving: issued.serving, caBundlePem: issued.caCertificatePem });
    },
  };
}

/**
 * What the webhook listener's thread and the run exchange (structured clones, no functions): the
 * thread is started with {@link ListenerThreadInput}; it answers `listening` once it serves and relays
 * each metric its handlers record; the run sends it new certificates and, at the end, `stop`.
 */
import type { FeatureInput, WebhookMetrics } from './feature.ts';
import type { ServingCertificate } from './server.ts';

/** What the thread builds its features and its listener from. */
export interface ListenerThreadInput {
  /** The features' input, less the metrics (they live in the run's registry). */
  readonly features: Omit<FeatureInput, 'metrics'>;
  /** 0 picks a free port. */
  readonly listen: { readonly port: number; readonly host?: string | undefined };
  readonly certificate: ServingCertificate;
}

/** A message of the thread to the run. */
export type ThreadMessage =
  | { readonly type: 'listening'; readonly port: number }
  | {
      readonly type: 'metric';
      readonly name: keyof WebhookMetrics;
      readonly labels: Readonly<Record<string, string>>;
      /** A histogram's observation; a counter's messages have none. */
      readonly value?: number;
    };

/** A message of the run to the thread. */
export type RunMessage =
  { readonly type: 'certificate'; readonly certificate: ServingCertificate } | { readonly type: 'stop' };

/**
 * The webhook features a Katalog turns on, each built from the Plans of its CRDs and the Katalog's
 * security block.
 */
import type { RuntimeMetrics } from '../observability/index.ts';
import type { Plan, SecurityPlan } from '../plan/index.ts';
import { conversionFeature } from './conversion/index.ts';
import { admissionFeature } from './admission/index.ts';
import type { WebhookEndpoint } from './endpoint.ts';
import type { WebhookFeature } from './feature.ts';
import { deletionProtection } from './protection/deletion-protection.ts';
import { namespaceProtection } from './protection/namespace-protection.ts';

/** What the features are built from. */
export interface FeatureInput {
  readonly katalogName: string;
  /** The enabled Plans. */
  readonly plans: readonly Plan[];
  readonly security: SecurityPlan;
  /** Where the features count their reviews. @default none */
  readonly metrics?: RuntimeMetrics | undefined;
  /** Where the API server reaches the runtime (in a pod, its own Service is protected). */
  readonly endpoint?: WebhookEndpoint | undefined;
}

/** Builds one feature, or nothing when the input does not turn it on. */
type FeatureBuilder = (input: FeatureInput) => WebhookFeature | undefined;

/** Every feature, in registration order. */
const BUILDERS: readonly FeatureBuilder[] = [
  admissionFeature,
  conversionFeature,
  deletionProtection,
  namespaceProtection,
];

/** Every feature the input turns on, in registration order. */
export function webhookFeatures(input: FeatureInput): WebhookFeature[] {
  return BUILDERS.flatMap((build) => build(input) ?? []);
}

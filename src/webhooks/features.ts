/**
 * The webhook features a Katalog turns on, each built from the Plans of its CRDs and the Katalog's
 * security block.
 */
import { admissionFeature } from './admission/index.ts';
import { conversionFeature } from './conversion/index.ts';
import type { FeatureInput, WebhookFeature } from './feature.ts';
import { deletionProtection } from './protection/deletion-protection.ts';
import { namespaceProtection } from './protection/namespace-protection.ts';

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

/**
 * The conversion webhook (spec §9.5): declared paths between the versions of a CRD, chained when no
 * direct path exists, served at `/convert/<crd key>`, and the CRD's `spec.conversion` pointed at it.
 */
export { conversionFeature, conversionHandler, conversionPath } from './conversion-feature.ts';
export { ConversionChains } from './chains.ts';
export type { ConversionChain, ConversionPathPlan } from './chains.ts';
export { ConversionError, convertObject, versionOf } from './convert.ts';
export { ConversionSetupError, liveCrdProblems } from './live-crd.ts';

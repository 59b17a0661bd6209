/**
 * The pure heart between a Katalog and the API server (spec §4, §7, §8): conditions, child builders
 * (shorthand → full manifest with Orkestra's labels and owner references), desired-vs-live comparison,
 * status rendering and pruning. No I/O, no clock, no environment: templates are rendered through an
 * injected {@link RenderFn}, times are passed in.
 */
export { ConditionError, RenderValueError } from './errors.ts';
export { isEmptyValue, readPath } from './path.ts';
export type { Manifest, ManifestMeta, OwnerReference, RenderFn, TemplateData } from './types.ts';
export type { Condition, ConditionGate, Scalar } from './condition/condition-types.ts';
export { evaluateCondition, passesConditions, resolveField } from './condition/evaluate-condition.ts';
export type { ConditionScope } from './condition/evaluate-condition.ts';
export { OPERATOR_NAMES } from './condition/operators.ts';

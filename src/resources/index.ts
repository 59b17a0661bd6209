/**
 * The pure heart between a Katalog and the API server (spec §4, §7, §8): conditions, child builders
 * (shorthand → full manifest with Orkestra's labels and owner references), desired-vs-live comparison,
 * status rendering and pruning. No I/O, no clock, no environment: templates are rendered through an
 * injected {@link RenderFn}, times are passed in.
 */
export { ChildConflictError, ConditionError, RenderValueError } from './errors.ts';
export { isEmptyValue, readPath } from './path.ts';
export { setPath } from './status/status-fields.ts';
export type { Manifest, ManifestMeta, OwnerReference, RenderFn, TemplateData } from './types.ts';
export type { Condition, ConditionGate, Scalar } from '../plan/index.ts';
export { evaluateCondition, passesConditions, resolveField } from './condition/evaluate-condition.ts';
export type { ConditionScope } from './condition/evaluate-condition.ts';
export { OPERATOR_NAMES } from './condition/operators.ts';
export { childKey, describeChild } from './child-key.ts';
export { buildChild, canOwn, controllerReference, DEFAULT_NAME_TEMPLATE } from './build/build-child.ts';
export type { ChildRequest, ScopeLookup } from './build/build-child.ts';
export { renderDesiredChildren, renderGroup } from './build/render-group.ts';
export type {
  ChildMode,
  DesiredChild,
  DesiredHooks,
  GroupRequest,
  Hook,
  RenderHook,
  SecretPolicy,
  TlsPolicy,
} from './build/render-group.ts';
export { deepMerge } from './build/deep-merge.ts';
export {
  ANNOTATION_GENERATED_AT,
  ANNOTATION_RECONCILE,
  ANNOTATION_TLS_HASH,
  LABEL_CRD,
  LABEL_INSTANCE,
  LABEL_KATALOG,
  LABEL_MANAGED_BY,
  LABEL_OWNER,
  LABEL_OWNER_NAMESPACE,
  LABEL_WORKLOAD,
  MANAGED_BY,
  instanceLabels,
  ownerLabels,
  toLabelValue,
} from './build/labels.ts';
export type { ChildOrigin, OwnerIdentity } from './build/labels.ts';
export type { EntryBase } from '../plan/index.ts';
export { needsApply, valueMatches } from './compare/needs-apply.ts';
export { parseQuantity, quantitiesEqual } from './compare/quantity.ts';
export { ANNOTATION_DESIRED_HASH, desiredHash, stampDesiredHash } from './compare/desired-hash.ts';
export { readyCondition, renderStatus, REASON_SUCCEEDED, statusChanged } from './status/render-status.ts';
export type { StatusRequest } from './status/render-status.ts';
export type {
  ReconcileOutcome,
  StatusCondition,
  StatusFieldSpec,
  StatusFieldType,
  StatusSpec,
} from './status/status-types.ts';
export { isLabelledChildOf, selectPrunable } from './prune/select-prunable.ts';
export type { PruneRequest } from './prune/select-prunable.ts';
export { createTemplateRenderer, toPlainValue } from './template-renderer.ts';
export type { TemplateRendererOptions } from './template-renderer.ts';
export { buildTemplateData, groupChildren } from './data-context.ts';
export type { DataContextInput } from './data-context.ts';

/**
 * The pure heart between a Katalog and the API server (spec §4, §7, §8): conditions, child builders
 * (shorthand → full manifest with Orkestra's labels and owner references), desired-vs-live comparison,
 * status rendering, pruning, and whether a CRD change breaks the objects stored (crd-compat/). No
 * I/O, no clock, no environment: templates are rendered through an injected {@link RenderFn}, times
 * are passed in.
 */
export { isEmptyValue, readPath } from './path.ts';
export { setPath } from './status/status-fields.ts';
export type { RenderFn, TemplateData } from './types.ts';
export { evaluateCondition, passesConditions } from './condition/evaluate-condition.ts';
export { childKey, describeChild } from './child-key.ts';
export type { ScopeLookup } from './builders/build-child.ts';
export { renderDesiredChildren, renderGroup } from './builders/render-group.ts';
export type { ChildMode, DesiredChild, TlsPolicy } from './builders/render-group.ts';
export { deepMerge } from './builders/deep-merge.ts';
export { stampSecretConsumers } from './builders/secret-consumers.ts';
export {
  ANNOTATION_GENERATED_AT,
  ANNOTATION_RECONCILE,
  ANNOTATION_TLS_HASH,
  LABEL_CRD,
  LABEL_KATALOG,
  LABEL_OWNER,
  LABEL_OWNER_NAMESPACE,
  ownerLabels,
  toLabelValue,
} from './builders/labels.ts';
export type { ChildOrigin } from './builders/labels.ts';
export { needsApply } from './compare/needs-apply.ts';
export { stampDesiredHash } from './compare/desired-hash.ts';
export { renderStatus, statusChanged } from './status/render-status.ts';
export type { StatusSpec } from './status/status-types.ts';
export { selectPrunable } from './prune/select-prunable.ts';
export { createTemplateRenderer } from './template-renderer.ts';
export { buildTemplateData } from './data-context.ts';
export { renderExternalRequest } from './external-request.ts';
export type { ExternalRequest } from './external-request.ts';
export { affects, diffCrd, type BreakingChange } from './crd-compat/crd-diff.ts';
export type { CrdDocument } from './crd-compat/crd-types.ts';
export { describeBreakingChanges, type CountedChange } from './crd-compat/describe.ts';

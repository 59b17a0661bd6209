/**
 * reconcile — one pass for one CR (spec §5): cache read, deletion with onDelete and finalizers,
 * desired children rendered and applied only where they differ, pruning, and the status written
 * only when it changed. The world is reached through the narrow {@link ClusterCache},
 * {@link ClusterWriter} and {@link EventSink} interfaces.
 */
export { createReconciler } from './reconciler.ts';
export type { ReconcileDeps } from './reconcile-deps.ts';
export type {
  ChildType,
  ClusterCache,
  ClusterWriter,
  EventSink,
  ExternalHttp,
  HttpRequest,
  HttpResponse,
  KeySource,
  MetadataPatch,
} from './ports.ts';
export { childTypesOf } from './child-types.ts';
export { randomKeys } from './random-keys.ts';
export { katalogFunctions } from './katalog-functions.ts';
export { admit, mutate, validate } from './admission.ts';
export type { AdmissionScope, ValidationResult } from './admission.ts';

/**
 * The only code that talks to the Kubernetes API server: client, watch, apply, discovery and
 * errors by status. Other layers import from here, never from files inside this folder.
 */
export type {
  GroupVersionResource,
  KubeObject,
  ListOptions,
  WatchListOptions,
  ListResult,
  ListerWatcher,
  OwnerReference,
  WatchEvent,
} from './types.ts';
export {
  ApiError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  NotFoundError,
  TooManyRequestsError,
  decodeApiError,
  errorFromStatus,
  isConflict,
  isNotFound,
} from './errors.ts';
export type { ClusterConfig } from './config/cluster-config.ts';
export type { KubeconfigSource } from './config/kubeconfig-merge.ts';
export { kubeconfigsAsJson, loadClusterConfig } from './config/load-config.ts';
export { Transport } from './transport/transport.ts';
export { TransportStats } from './transport/metrics.ts';
export { KubeClient, createKubeClient } from './client.ts';
export { WatchInactivityError, createListerWatcher, watchResource } from './watch.ts';
export { NoKindMatchError, RestMapper } from './discovery.ts';
export { EventRecorder } from './events.ts';
export { reviewAccess, reviewRules } from './access-review.ts';
export type { AccessAttributes, ResourceRule } from './access-review.ts';

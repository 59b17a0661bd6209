/**
 * The only code that talks to the Kubernetes API server: client, watch, apply, discovery and
 * errors by status. Other layers import from here, never from files inside this folder.
 */
export type {
  GroupVersionKind,
  GroupVersionResource,
  KubeObject,
  ListOptions,
  ListResult,
  ListerWatcher,
  ObjectMeta,
  OwnerReference,
  WatchEvent,
} from './types.ts';
export {
  ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  MethodNotAllowedError,
  NotFoundError,
  ServerError,
  TooManyRequestsError,
  UnauthorizedError,
  decodeApiError,
  errorFromStatus,
  isConflict,
  isNotFound,
  parseRetryAfter,
} from './errors.ts';
export type { ApiErrorInit, FailedResponse, StatusDetails } from './errors.ts';
export {
  DEFAULT_BACKOFF,
  backoffDelayMs,
  isRetryable,
  isTransientNetworkError,
  retryDelayMs,
  sleep,
} from './backoff.ts';
export type { BackoffOptions, RetryDelayOptions } from './backoff.ts';
export {
  KubeConfigError,
  basicAuthCredentials,
  noCredentials,
  staticTokenCredentials,
} from './config/cluster-config.ts';
export type { ClusterConfig, Credentials, TlsConfig } from './config/cluster-config.ts';
export { tokenFileCredentials } from './config/token-file.ts';
export type { TokenFileOptions } from './config/token-file.ts';
export { execCredentials, parseExecCredential } from './config/exec-credential.ts';
export type { ExecClusterInfo, ExecConfig, ExecCredentialOptions } from './config/exec-credential.ts';
export { kubeconfigPaths, loadKubeconfig } from './config/kubeconfig.ts';
export type { KubeconfigOptions } from './config/kubeconfig.ts';
export type { KubeconfigSource } from './config/kubeconfig-merge.ts';
export { SERVICE_ACCOUNT_DIR, isInCluster, loadInClusterConfig } from './config/in-cluster.ts';
export type { InClusterOptions } from './config/in-cluster.ts';
export { kubeconfigsAsJson, loadClusterConfig } from './config/load-config.ts';
export type { LoadConfigOptions } from './config/load-config.ts';
export { RequestTimeoutError, Transport } from './transport/transport.ts';
export type {
  HttpMethod,
  StreamResponse,
  TransportOptions,
  TransportRequest,
  TransportResponse,
} from './transport/transport.ts';
export { TransportStats } from './transport/metrics.ts';
export type {
  ConnectionKind,
  PoolKind,
  RequestRecord,
  TransportMetrics,
  TransportStatsSnapshot,
} from './transport/metrics.ts';
export { FIELD_MANAGER, KubeClient, createKubeClient } from './client.ts';
export type {
  ApplyOptions,
  CallOptions,
  DeleteOptions,
  PatchOptions,
  PatchType,
  WriteOptions,
} from './client.ts';
export { buildPath, encodeQuery, groupVersionPath } from './path.ts';
export type { Query, ResourcePath } from './path.ts';
export {
  DEFAULT_WATCH_INACTIVITY_MS,
  WatchDecodeError,
  WatchInactivityError,
  createListerWatcher,
  decodeJsonLines,
  randomWatchTimeoutSeconds,
  toWatchEvent,
  watchResource,
} from './watch.ts';
export type { ListerWatcherOptions, WatchOptions } from './watch.ts';
export { NoKindMatchError, RestMapper, apiVersionOf, parseApiVersion } from './discovery.ts';
export type { RestMapperOptions } from './discovery.ts';
export { EventRecorder } from './events.ts';
export type { EventInput, EventRecorderOptions, RecordOutcome } from './events.ts';

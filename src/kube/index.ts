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

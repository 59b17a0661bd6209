/**
 * API errors by HTTP status. The API server answers a failed request with a `Status` object
 * (`{kind: 'Status', code, reason, message, details}`); {@link decodeApiError} turns it into one
 * typed error per status so callers can `instanceof` instead of comparing numbers.
 */

/** The `details` of a Kubernetes `Status`: which object failed and why, field by field. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { type?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

/** What an {@link ApiError} is built from. */
export interface ApiErrorInit {
  /** HTTP status code (0 when the server sent none). */
  code: number;
  /** Machine-readable reason of the Status, e.g. `NotFound`, `AlreadyExists`, `Expired`. */
  reason?: string;
  message: string;
  details?: StatusDetails;
  /** From the `Retry-After` header or `details.retryAfterSeconds`. */
  retryAfterSeconds?: number;
}

/**
 * A request the API server refused. Subclasses name the status; `code` always holds it.
 * Retry contract: {@link TooManyRequestsError} and {@link ServerError} are transient (see
 * `retryAfterSeconds`); the others are not retried by the client.
 */
export class ApiError extends Error {
  /** HTTP status code. */
  readonly code: number;
  /** Status reason, '' when the body carried none. */
  readonly reason: string;
  /** Status details, if any. */
  readonly details: StatusDetails | undefined;
  /** Seconds the server asked us to wait before retrying, if it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.code = init.code;
    this.reason = init.reason ?? '';
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? init.details?.retryAfterSeconds;
  }
}

/** 400: the request was malformed. */
export class BadRequestError extends ApiError {}
/** 401: no or expired credentials. The client refreshes exec/token-file credentials once and retries. */
export class UnauthorizedError extends ApiError {}
/** 403: the credentials lack the RBAC permission. */
export class ForbiddenError extends ApiError {}
/** 404: the object (or its type) does not exist. */
export class NotFoundError extends ApiError {}
/** 405: the verb is not supported on this resource. */
export class MethodNotAllowedError extends ApiError {}
/** 409: resourceVersion conflict, or the object already exists (`reason` 'AlreadyExists'). */
export class ConflictError extends ApiError {}
/** 410: the resourceVersion is too old (expired); a watcher must relist. */
export class GoneError extends ApiError {}
/** 422: the object failed validation; `details.causes` lists the fields. */
export class InvalidError extends ApiError {}
/** 429: throttled by priority and fairness; honour `retryAfterSeconds`. */
export class TooManyRequestsError extends ApiError {}
/** 5xx: the server failed; transient, retried with backoff for idempotent requests. */
export class ServerError extends ApiError {}

const byStatus = new Map<number, typeof ApiError>([
  [400, BadRequestError],
  [401, UnauthorizedError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [405, MethodNotAllowedError],
  [409, ConflictError],
  [410, GoneError],
  [422, InvalidError],
  [429, TooManyRequestsError],
]);

/** The error class for an HTTP status. */
function errorClassFor(code: number): typeof ApiError {
  if (code >= 500) return ServerError;
  return byStatus.get(code) ?? ApiError;
}

/** Parses a `Retry-After` header (delta-seconds or HTTP date) into seconds; undefined if absent or bad. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function parseStatus(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = asRecord(JSON.parse(body));
    return parsed?.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the typed error for a Status object (e.g. the object of a watch ERROR event). */
export function errorFromStatus(status: Record<string, unknown>, fallbackCode = 0): ApiError {
  const code = typeof status.code === 'number' ? status.code : fallbackCode;
  const message = typeof status.message === 'string' ? status.message : `HTTP ${code}`;
  const reason = typeof status.reason === 'string' ? status.reason : undefined;
  const details = asRecord(status.details) as StatusDetails | undefined;
  const ErrorClass = errorClassFor(code);
  return new ErrorClass({ code, message, reason, details });
}

/** What {@link decodeApiError} needs from a failed response. */
export interface FailedResponse {
  statusCode: number;
  /** The response body as text (a Status JSON, or anything else a proxy sent). */
  body: string;
  /** The `Retry-After` header, if present. */
  retryAfter?: string | undefined;
}

/**
 * Decodes a failed response into the typed error for its status. A body that is not a Status
 * (say an HTML page from a proxy) becomes the message, truncated to 500 characters.
 */
export function decodeApiError(response: FailedResponse): ApiError {
  const { statusCode, body } = response;
  const status = parseStatus(body);
  const retryAfterSeconds = parseRetryAfter(response.retryAfter);
  const ErrorClass = errorClassFor(statusCode);
  if (status === undefined) {
    const text = body.trim().slice(0, 500);
    return new ErrorClass({
      code: statusCode,
      message: text === '' ? `HTTP ${statusCode}` : `HTTP ${statusCode}: ${text}`,
      retryAfterSeconds,
    });
  }
  const decoded = errorFromStatus(status, statusCode);
  return new ErrorClass({
    code: statusCode,
    reason: decoded.reason,
    message: decoded.message,
    details: decoded.details,
    retryAfterSeconds: retryAfterSeconds ?? decoded.retryAfterSeconds,
  });
}

/** True when `error` is an {@link ApiError} with status 404. */
export function isNotFound(error: unknown): error is NotFoundError {
  return error instanceof ApiError && error.code === 404;
}

/** True when `error` is an {@link ApiError} with status 409 (conflict or already exists). */
export function isConflict(error: unknown): error is ConflictError {
  return error instanceof ApiError && error.code === 409;
}

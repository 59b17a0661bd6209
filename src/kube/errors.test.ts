import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApiError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
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

const status = (code: number, reason: string, message: string): string =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
const statusWith = (code: number, reason: string, details: object): string =>
  JSON.stringify({ kind: 'Status', code, reason, message: 'm', details });

describe('decodeApiError', () => {
  it('maps each status code to its typed error', () => {
    const cases: [number, typeof ApiError][] = [
      [401, UnauthorizedError],
      [403, ForbiddenError],
      [404, NotFoundError],
      [409, ConflictError],
      [410, GoneError],
      [422, InvalidError],
      [429, TooManyRequestsError],
      [500, ServerError],
      [503, ServerError],
    ];
    for (const [code, ErrorClass] of cases) {
      const error = decodeApiError({ statusCode: code, body: status(code, 'R', 'm') });
      assert.ok(error instanceof ErrorClass, `${code} → ${ErrorClass.name}`);
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, code);
      assert.equal(error.name, ErrorClass.name);
    }
  });

  it('keeps reason, message and details of the Status body', () => {
    const body = statusWith(422, 'Invalid', {
      name: 'x',
      kind: 'ConfigMap',
      causes: [{ type: 'FieldValueInvalid', field: 'metadata.name', message: 'bad' }],
    });
    const error = decodeApiError({ statusCode: 422, body });
    assert.equal(error.reason, 'Invalid');
    assert.equal(error.message, 'm');
    assert.equal(error.details?.name, 'x');
    assert.deepEqual(
      error.details.causes?.map((c) => c.field),
      ['metadata.name'],
    );
  });

  it('reads Retry-After from the header, else from details.retryAfterSeconds', () => {
    const fromHeader = decodeApiError({
      statusCode: 429,
      body: status(429, 'TooManyRequests', 'slow'),
      retryAfter: '3',
    });
    assert.equal(fromHeader.retryAfterSeconds, 3);
    const fromBody = decodeApiError({
      statusCode: 503,
      body: statusWith(503, 'ServiceUnavailable', { retryAfterSeconds: 7 }),
    });
    assert.equal(fromBody.retryAfterSeconds, 7);
  });

  it('uses a non-Status body as the message, truncated', () => {
    const error = decodeApiError({ statusCode: 502, body: `<html>${'x'.repeat(1000)}</html>` });
    assert.ok(error instanceof ServerError);
    assert.ok(error.message.startsWith('HTTP 502: <html>'));
    assert.ok(error.message.length < 520);
    assert.equal(error.reason, '');
  });

  it('names an empty body by its status', () => {
    assert.equal(decodeApiError({ statusCode: 404, body: '' }).message, 'HTTP 404');
  });
});

describe('errorFromStatus', () => {
  it('turns a watch ERROR Status with code 410 into a GoneError', () => {
    const error = errorFromStatus({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old' });
    assert.ok(error instanceof GoneError);
    assert.equal(error.reason, 'Expired');
  });
});

describe('predicates', () => {
  it('recognise not-found and conflict errors', () => {
    assert.ok(isNotFound(decodeApiError({ statusCode: 404, body: '' })));
    assert.ok(!isNotFound(new Error('x')));
    assert.ok(isConflict(decodeApiError({ statusCode: 409, body: status(409, 'AlreadyExists', 'exists') })));
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    assert.equal(parseRetryAfter('12'), 12);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});

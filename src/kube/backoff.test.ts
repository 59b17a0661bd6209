import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffDelayMs, isRetryable, retryDelayMs, sleep } from './backoff.ts';
import { decodeApiError } from './errors.ts';

const apiError = (statusCode: number, retryAfter?: string) =>
  decodeApiError({ statusCode, body: '', retryAfter });

describe('backoffDelayMs', () => {
  it('doubles per attempt and stays within the jitter band and the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelayMs(attempt, { baseMs: 100, maxMs: 10_000, jitter: 0.5 }, () => r);
          const exponential = Math.min(10_000, 100 * 2 ** attempt);
          assert.ok(delay >= Math.floor(exponential / 2) && delay <= exponential, `${attempt}: ${delay}`);
        },
      ),
    );
  });

  it('is exact without jitter', () => {
    assert.equal(backoffDelayMs(0, { baseMs: 100, jitter: 0 }), 100);
    assert.equal(backoffDelayMs(3, { baseMs: 100, jitter: 0 }), 800);
  });
});

describe('retryDelayMs', () => {
  it('honours Retry-After of a 429 and a 503, capped at maxMs', () => {
    const none = { random: () => 0 };
    assert.equal(retryDelayMs(apiError(429, '2'), 0, none), 2000);
    assert.equal(retryDelayMs(apiError(503, '4'), 5, none), 4000);
    assert.equal(retryDelayMs(apiError(429, '600'), 0, { maxMs: 5000 }), 5000);
  });

  it('spreads a Retry-After by up to a quarter more, at most 1 s, never less', () => {
    const most = { random: () => 0.999_999 };
    assert.equal(retryDelayMs(apiError(429, '2'), 0, most), 2500);
    assert.equal(retryDelayMs(apiError(429, '20'), 0, most), 21_000);
    for (let i = 0; i < 50; i++) {
      const delay = retryDelayMs(apiError(429, '1'), 0);
      assert.ok(delay >= 1000 && delay <= 1250, String(delay));
    }
  });

  it('falls back to backoff without Retry-After', () => {
    assert.equal(retryDelayMs(apiError(500), 2, { baseMs: 10, jitter: 0 }), 40);
  });
});

describe('isRetryable', () => {
  it('retries a 429 for any request but a 5xx only when idempotent', () => {
    assert.equal(isRetryable(apiError(429), false), true);
    assert.equal(isRetryable(apiError(503), true), true);
    assert.equal(isRetryable(apiError(503), false), false);
    assert.equal(isRetryable(apiError(501), true), false);
  });

  it('never retries a client error', () => {
    for (const code of [400, 401, 403, 404, 409, 410, 422])
      assert.equal(isRetryable(apiError(code), true), false);
  });

  it('retries a reset connection only when idempotent', () => {
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    assert.equal(isRetryable(reset, true), true);
    assert.equal(isRetryable(reset, false), false);
    assert.equal(isRetryable(new Error('plain'), true), false);
  });

  it('retries a refused HTTP/2 stream even for a create, other stream resets only when idempotent', () => {
    const http2Error = (message: string) =>
      Object.assign(new Error(message), { code: 'ERR_HTTP2_STREAM_ERROR' });
    const refused = http2Error('Stream closed with error code NGHTTP2_REFUSED_STREAM');
    assert.equal(isRetryable(refused, false), true);
    const internal = http2Error('Stream closed with error code NGHTTP2_INTERNAL_ERROR');
    assert.equal(isRetryable(internal, true), true);
    assert.equal(isRetryable(internal, false), false);
  });
});

describe('sleep', () => {
  it('rejects when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
  });
});

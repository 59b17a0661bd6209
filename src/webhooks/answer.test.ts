import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerReview, BadReviewError } from './answer.ts';
import type { WebhookRoute } from './reviews.ts';

interface Answer {
  kind: string;
  response: {
    uid: string;
    allowed?: boolean;
    patch?: string;
    patchType?: string;
    warnings?: string[];
    status?: { message: string };
    result?: { status: string; message?: string };
  };
}
const parse = (text: string) => JSON.parse(text) as Answer;

const admissionBody = (request: object) =>
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });

test('an admission decision is answered with the uid and a base64 JSON Patch', async () => {
  const route: WebhookRoute = {
    review: 'admission',
    handle: () => ({
      allowed: true,
      patch: [{ op: 'add', path: '/spec/replicas', value: 2 }],
      warnings: ['spec.image has no tag'],
    }),
  };
  const answer = parse(await answerReview(route, admissionBody({ uid: 'u1', operation: 'CREATE' })));
  assert.equal(answer.kind, 'AdmissionReview');
  assert.equal(answer.response.uid, 'u1');
  assert.equal(answer.response.allowed, true);
  assert.equal(answer.response.patchType, 'JSONPatch');
  assert.deepEqual(JSON.parse(Buffer.from(answer.response.patch ?? '', 'base64').toString()), [
    { op: 'add', path: '/spec/replicas', value: 2 },
  ]);
  assert.deepEqual(answer.response.warnings, ['spec.image has no tag']);
});

test('a denial carries its message and no patch', async () => {
  const route: WebhookRoute = {
    review: 'admission',
    handle: () => ({ allowed: false, status: { code: 403, message: 'image must come from myorg/' } }),
  };
  const answer = parse(await answerReview(route, admissionBody({ uid: 'u2' })));
  assert.deepEqual(answer.response, {
    uid: 'u2',
    allowed: false,
    status: { code: 403, message: 'image must come from myorg/' },
  });
});

test('a handler that throws denies with its message: the webhook failurePolicy does not apply to answers', async () => {
  const route: WebhookRoute = {
    review: 'admission',
    handle: () => {
      throw new Error('template failed');
    },
  };
  const answer = parse(await answerReview(route, admissionBody({ uid: 'u3' })));
  assert.equal(answer.response.allowed, false);
  assert.match(answer.response.status?.message ?? '', /template failed/);
});

test('a conversion is answered with its objects, or a Failure with the reason', async () => {
  const ok: WebhookRoute = {
    review: 'conversion',
    handle: (request) => ({
      ok: true,
      convertedObjects: request.objects.map((o) => ({ ...o, apiVersion: 'g/v2' })),
    }),
  };
  const body = JSON.stringify({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'ConversionReview',
    request: { uid: 'c1', desiredAPIVersion: 'g/v2', objects: [{ apiVersion: 'g/v1', kind: 'X' }] },
  });
  const answer = parse(await answerReview(ok, body));
  assert.deepEqual(answer.response, {
    uid: 'c1',
    convertedObjects: [{ apiVersion: 'g/v2', kind: 'X' }],
    result: { status: 'Success' },
  });
  const failing: WebhookRoute = {
    review: 'conversion',
    handle: () => ({ ok: false, message: 'no path v1 → v2' }),
  };
  const failed = parse(await answerReview(failing, body));
  assert.deepEqual(failed.response.result, { status: 'Failure', message: 'no path v1 → v2' });
});

test('a body that is not the route’s review is refused', async () => {
  const route: WebhookRoute = { review: 'admission', handle: () => ({ allowed: true }) };
  await assert.rejects(answerReview(route, 'not json'), BadReviewError);
  await assert.rejects(
    answerReview(route, JSON.stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview' })),
    /expected a AdmissionReview/,
  );
  await assert.rejects(answerReview(route, admissionBody({})), /no request.uid/);
});

/**
 * Turns a review's body into its answer: decode, check the review's kind, call the route's handler,
 * encode. Pure of I/O, so the wire format is tested without a listener.
 */
import {
  ADMISSION_REVIEW_VERSION,
  CONVERSION_REVIEW_VERSION,
  type AdmissionDecision,
  type AdmissionRequest,
  type AdmissionResponse,
  type ConversionOutcome,
  type ConversionRequest,
  type ConversionResponse,
  type WebhookRoute,
} from './reviews.ts';

/** A body the listener refuses (HTTP 400), with why. */
export class BadReviewError extends Error {
  override readonly name = 'BadReviewError';
}

interface Review {
  apiVersion?: unknown;
  kind?: unknown;
  request?: { uid?: unknown };
}

/** The request of a review, checked as far as the server needs: its kind and its uid. */
function parseReview(body: string, apiVersion: string, kind: string): { uid: string } {
  let review: Review;
  try {
    review = JSON.parse(body) as Review;
  } catch {
    throw new BadReviewError('the body is not JSON');
  }
  if (review.apiVersion !== apiVersion || review.kind !== kind) {
    throw new BadReviewError(`expected a ${kind} ${apiVersion}`);
  }
  if (typeof review.request?.uid !== 'string') throw new BadReviewError(`the ${kind} has no request.uid`);
  return review.request as { uid: string };
}

/** The response of an admission decision, its patch base64-encoded. */
export function admissionResponse(uid: string, decision: AdmissionDecision): AdmissionResponse {
  const hasPatch = decision.allowed && decision.patch !== undefined && decision.patch.length > 0;
  return {
    uid,
    allowed: decision.allowed,
    ...(decision.status === undefined ? {} : { status: decision.status }),
    ...(hasPatch
      ? { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(decision.patch)).toString('base64') }
      : {}),
    ...(decision.warnings === undefined || decision.warnings.length === 0
      ? {}
      : { warnings: decision.warnings }),
  };
}

/** The response of a conversion outcome. */
export function conversionResponse(uid: string, outcome: ConversionOutcome): ConversionResponse {
  return outcome.ok
    ? { uid, convertedObjects: outcome.convertedObjects, result: { status: 'Success' } }
    : { uid, convertedObjects: [], result: { status: 'Failure', message: outcome.message } };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The JSON answer of a route to a body. A handler that throws denies (admission) or fails (conversion)
 * with its message: the API server then applies the webhook's failurePolicy, which is the user's choice.
 * @throws BadReviewError when the body is not the route's review
 */
export async function answerReview(route: WebhookRoute, body: string): Promise<string> {
  if (route.review === 'admission') {
    const request = parseReview(body, ADMISSION_REVIEW_VERSION, 'AdmissionReview') as AdmissionRequest;
    let decision: AdmissionDecision;
    try {
      decision = await route.handle(request);
    } catch (error) {
      decision = { allowed: false, status: { code: 500, message: `orkestra: ${errorMessage(error)}` } };
    }
    const response = admissionResponse(request.uid, decision);
    return JSON.stringify({ apiVersion: ADMISSION_REVIEW_VERSION, kind: 'AdmissionReview', response });
  }
  const request = parseReview(body, CONVERSION_REVIEW_VERSION, 'ConversionReview') as ConversionRequest;
  let outcome: ConversionOutcome;
  try {
    outcome = await route.handle(request);
  } catch (error) {
    outcome = { ok: false, message: `orkestra: ${errorMessage(error)}` };
  }
  const response = conversionResponse(request.uid, outcome);
  return JSON.stringify({ apiVersion: CONVERSION_REVIEW_VERSION, kind: 'ConversionReview', response });
}

/**
 * The wire types of the webhooks the API server calls: AdmissionReview and ConversionReview, both
 * `v1`. Only the fields the runtime reads or writes are typed.
 */
import type { KubeObject } from '../kube/index.ts';

/** Which operation an admission request is for. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** The request half of an AdmissionReview. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly subResource?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly operation: AdmissionOperation;
  readonly userInfo?: { readonly username?: string; readonly groups?: readonly string[] };
  /** The object as it would be stored (CREATE, UPDATE); null on DELETE. */
  readonly object?: KubeObject | null;
  /** The object as stored (UPDATE, DELETE); null on CREATE. */
  readonly oldObject?: KubeObject | null;
  readonly dryRun?: boolean;
}

/** One JSON Patch operation (RFC 6902), as the mutating webhook returns them. */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** What an admission handler decides; the server adds the request's uid and encodes the patch. */
export interface AdmissionDecision {
  readonly allowed: boolean;
  /** Why it was denied: the API server shows `message` to the client (kubectl prints it). */
  readonly status?: { readonly code?: number; readonly message?: string; readonly reason?: string };
  /** Mutating webhooks only: the changes to make, applied by the API server in order. */
  readonly patch?: readonly JsonPatchOperation[];
  /** Shown by kubectl as `Warning: …` (each at most 120 characters is best). */
  readonly warnings?: readonly string[];
}

/** The response half of an AdmissionReview, as sent. */
export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: AdmissionDecision['status'];
  /** base64 of the JSON Patch. */
  readonly patch?: string;
  readonly patchType?: 'JSONPatch';
  readonly warnings?: readonly string[];
}

/** The request half of a ConversionReview. */
export interface ConversionRequest {
  readonly uid: string;
  /** `group/version` every object must be converted to. */
  readonly desiredAPIVersion: string;
  readonly objects: readonly KubeObject[];
}

/** What a conversion handler returns; the server adds the request's uid. */
export type ConversionOutcome =
  | { readonly ok: true; readonly convertedObjects: readonly KubeObject[] }
  | { readonly ok: false; readonly message: string };

/** The response half of a ConversionReview, as sent. */
export interface ConversionResponse {
  readonly uid: string;
  readonly convertedObjects: readonly KubeObject[];
  readonly result: { readonly status: 'Success' | 'Failure'; readonly message?: string };
}

/** An admission handler: a function of the request, so it is tested without a server. */
export type AdmissionHandler = (request: AdmissionRequest) => AdmissionDecision | Promise<AdmissionDecision>;

/** A conversion handler: a function of the request. */
export type ConversionHandler = (
  request: ConversionRequest,
) => ConversionOutcome | Promise<ConversionOutcome>;

/** One path the listener serves. */
export type WebhookRoute =
  | { readonly review: 'admission'; readonly handle: AdmissionHandler }
  | { readonly review: 'conversion'; readonly handle: ConversionHandler };

/** The review `apiVersion`s the listener accepts and answers with. */
export const ADMISSION_REVIEW_VERSION = 'admission.k8s.io/v1';
export const CONVERSION_REVIEW_VERSION = 'apiextensions.k8s.io/v1';

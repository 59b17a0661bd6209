/**
 * The admission handlers of one CRD (spec §9.2–9.4), functions of the AdmissionRequest: `/mutate`
 * answers the Plan's mutation as a JSON Patch, `/validate` denies with the failed rules' messages or
 * allows with the warnings kubectl prints. Both run the reconcile's own mutation and validation
 * (runtime `admit`), so a CR is judged the same way by the webhook and by a cluster without it.
 *
 * With `mutateFirst: false` the validation runs in `/mutate`, on the CR as written and before the
 * mutation; no validating webhook is registered for the CRD then (see registrations.ts).
 */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import { admit, mutate, validate, type AdmissionScope, type ValidationResult } from '../../runtime/index.ts';
import { nodeUtil } from '../../util/index.ts';
import type { AdmissionDecision, AdmissionRequest } from '../reviews.ts';
import { jsonPatchOf } from './json-patch.ts';

/** What the metrics count: admitted, denied by a rule, or denied because a rule could not be evaluated. */
export type AdmissionResult = 'allowed' | 'denied' | 'error';

/** A decision and how it is counted. */
export interface Reviewed {
  readonly decision: AdmissionDecision;
  readonly result: AdmissionResult;
}

/** One CRD's admission: its Plan and the scope its rules render in (loaded once, on first use). */
export interface CrdAdmission {
  readonly plan: Plan;
  readonly scope: () => Promise<AdmissionScope>;
}

/**
 * Validation runs in `/mutate` when it must see the CR before the mutation: `mutateFirst: false` and
 * mutation rules to run after it. Without mutation rules the order does not matter and `/validate` does it.
 */
export function validatesInMutation(plan: Plan): boolean {
  return plan.mutation?.mutateFirst === false && plan.mutation.rules.length > 0;
}

const ALLOWED: Reviewed = { decision: { allowed: true }, result: 'allowed' };

/** The `/mutate` handler: the mutation's JSON Patch (after the validation when it comes first). */
export async function reviewMutation(admission: CrdAdmission, request: AdmissionRequest): Promise<Reviewed> {
  const cr = request.object;
  if (cr === undefined || cr === null || isDeleting(cr)) return ALLOWED;
  const { plan } = admission;
  return judged(cr, async () => {
    const scope = await admission.scope();
    if (!validatesInMutation(plan)) return patched(cr, mutate(cr, plan.mutation, scope), []);
    const { effective, validation } = admit(cr, plan, scope);
    if (isBookkeeping(request)) return patched(cr, effective, validation.warnings);
    return validation.denied.length > 0 ? denial(validation) : patched(cr, effective, validation.warnings);
  });
}

/** The `/validate` handler: denied with the failed deny rules' messages, or allowed with the warnings. */
export async function reviewValidation(
  admission: CrdAdmission,
  request: AdmissionRequest,
): Promise<Reviewed> {
  const cr = request.object;
  if (cr === undefined || cr === null || isDeleting(cr)) return ALLOWED;
  return judged(cr, async () => {
    const scope = await admission.scope();
    const validation = validate(admission.plan.validation, scope.dataOf(cr), scope.render);
    if (validation.denied.length > 0 && !isBookkeeping(request)) return denial(validation);
    return { decision: { allowed: true, warnings: validation.warnings }, result: 'allowed' };
  });
}

/** The rules' verdict, or a denial naming the CR when a rule's template fails (never a crash). */
async function judged(cr: KubeObject, review: () => Promise<Reviewed>): Promise<Reviewed> {
  try {
    return await review();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const name = cr.metadata?.name ?? cr.metadata?.generateName ?? '';
    const what = `${cr.kind ?? 'object'} ${JSON.stringify(name)}`;
    return {
      decision: { allowed: false, status: { code: 422, reason: 'Invalid', message: `${what}: ${message}` } },
      result: 'error',
    };
  }
}

/**
 * A denial: every failed deny rule's message, and the warnings. 403 Forbidden is how kubectl shows a
 * webhook's refusal (`Error from server (Forbidden): … denied the request: <message>`).
 */
function denial(validation: ValidationResult): Reviewed {
  const message = validation.denied.join('; ');
  return {
    decision: {
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message },
      warnings: validation.warnings,
    },
    result: 'denied',
  };
}

function patched(cr: KubeObject, effective: KubeObject, warnings: readonly string[]): Reviewed {
  const patch = effective === cr ? [] : jsonPatchOf(cr, effective);
  return { decision: { allowed: true, patch, warnings }, result: 'allowed' };
}

/** A CR being deleted: its finalizers must come off whatever its content (the operator's own UPDATE). */
function isDeleting(cr: KubeObject): boolean {
  return cr.metadata?.deletionTimestamp !== undefined;
}

/**
 * An UPDATE that changes nothing validation judges — only the CR's bookkeeping (finalizers, owner
 * references, managed fields): the content was admitted before, or stored before the webhook existed,
 * and denying the update would only keep the operator from adding or removing its finalizer.
 */
function isBookkeeping(request: AdmissionRequest): boolean {
  const { object, oldObject } = request;
  if (request.operation !== 'UPDATE' || !object || !oldObject) return false;
  return nodeUtil.isDeepStrictEqual(judgedContent(object), judgedContent(oldObject));
}

function judgedContent(cr: KubeObject): unknown {
  const { metadata, status: _status, ...content } = cr as KubeObject & { status?: unknown };
  return { ...content, labels: metadata?.labels ?? {}, annotations: metadata?.annotations ?? {} };
}

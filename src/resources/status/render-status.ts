/**
 * The status Orkestra writes after a reconcile (spec §8): the Ready condition (its lastTransitionTime moves
 * only when its status flips), observedGeneration, and the declared fields; and the check that skips the
 * write when nothing changed.
 */
import { nodeUtil } from '../../util/index.ts';
import { isRecord } from '../path.ts';
import type { RenderFn, TemplateData } from '../types.ts';
import { applyStatusFields } from './status-fields.ts';
import type { ReconcileOutcome, StatusCondition, StatusSpec } from './status-types.ts';

/** The reason of a successful Ready condition. */
export const REASON_SUCCEEDED = 'ReconcileSucceeded';

/** Input of {@link renderStatus}. */
export interface StatusRequest {
  /** The operatorBox's status block. */
  readonly spec: StatusSpec;
  /** The CR's current status (from the cache). */
  readonly live: Readonly<Record<string, unknown>> | undefined;
  /** The CR's metadata.generation. */
  readonly generation: number | undefined;
  readonly outcome: ReconcileOutcome;
  /** The clock's current time, RFC 3339 (`2025-01-01T00:00:00Z`). */
  readonly now: string;
  /** The data context with the live children (for the declared fields). */
  readonly data: TemplateData;
  readonly render: RenderFn;
}

function liveConditions(live: StatusRequest['live']): unknown[] {
  const conditions = live?.['conditions'];
  return Array.isArray(conditions) ? conditions : [];
}

function isReady(condition: unknown): condition is Record<string, unknown> {
  return isRecord(condition) && condition['type'] === 'Ready';
}

/** The Ready condition for an outcome; lastTransitionTime kept from the previous one unless status flips. */
export function readyCondition(
  request: Pick<StatusRequest, 'live' | 'generation' | 'outcome' | 'now'>,
): StatusCondition {
  const { outcome } = request;
  const status = outcome.ok ? 'True' : 'False';
  const previous = liveConditions(request.live).find(isReady);
  const since = previous?.['status'] === status ? previous['lastTransitionTime'] : undefined;
  const condition: StatusCondition = {
    type: 'Ready',
    status,
    reason: outcome.ok ? REASON_SUCCEEDED : outcome.reason,
    message: outcome.ok ? '' : outcome.message,
    lastTransitionTime: typeof since === 'string' ? since : request.now,
  };
  if (request.generation !== undefined) condition.observedGeneration = request.generation;
  return condition;
}

function withReady(conditions: unknown[], ready: StatusCondition): unknown[] {
  const at = conditions.findIndex(isReady);
  if (at === -1) return [...conditions, ready];
  return conditions.map((condition, i) => (i === at ? ready : condition));
}

/**
 * Computes the whole status to write: the live status with observedGeneration, the Ready condition (unless
 * `conditions: false`) and, after a successful reconcile, the declared fields (later entries win).
 * @throws RenderValueError or ConditionError from a declared field (a reconcile error).
 */
export function renderStatus(request: StatusRequest): Record<string, unknown> {
  let status: Record<string, unknown> = { ...request.live };
  if (request.generation !== undefined) status['observedGeneration'] = request.generation;
  if (request.spec.conditions !== false) {
    status['conditions'] = withReady(liveConditions(request.live), readyCondition(request));
  }
  if (request.outcome.ok) {
    status = applyStatusFields(status, request.spec.fields ?? [], request);
  }
  return status;
}

/** Tells whether the status must be written: the desired status differs from the live one (key order aside). */
export function statusChanged(
  desired: Readonly<Record<string, unknown>>,
  live: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return !nodeUtil.isDeepStrictEqual(desired, live ?? {});
}

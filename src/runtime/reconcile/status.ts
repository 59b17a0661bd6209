/**
 * The CR's status after a reconcile (spec §8): the Ready condition (lastTransitionTime moves only
 * when its status flips), observedGeneration, and the declared fields resolved against the live
 * children. Patched through the status subresource, and only when something changed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../kube/index.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/** How the reconcile went, as the Ready condition reports it. */
export type ReconcileVerdict =
  | { ok: true; live: readonly KubeObject[] }
  | { ok: false; reason: 'ReconcileError' | 'ValidationFailed'; message: string };

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** Writes the status when it differs from the cached CR's. */
export async function writeStatus(
  cr: KubeObject,
  verdict: ReconcileVerdict,
  deps: ReconcileDeps,
): Promise<void> {
  const live = (cr['status'] ?? {}) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  if (deps.plan.status.conditions) {
    const conditions = withReady(live['conditions'], readyCondition(cr, verdict, deps.now()));
    if (!sameJson(conditions, live['conditions'])) patch['conditions'] = conditions;
  }
  const generation = cr.metadata?.generation;
  if (generation !== undefined && live['observedGeneration'] !== generation)
    patch['observedGeneration'] = generation;
  if (verdict.ok) Object.assign(patch, changedFields(deps.statusFieldsOf(cr, verdict.live), live));
  if (Object.keys(patch).length > 0) await deps.writer.patchStatus(cr, patch);
}

function readyCondition(cr: KubeObject, verdict: ReconcileVerdict, now: Date): Condition {
  return {
    type: 'Ready',
    status: verdict.ok ? 'True' : 'False',
    reason: verdict.ok ? 'ReconcileSucceeded' : verdict.reason,
    message: verdict.ok ? 'all resources are applied' : verdict.message,
    lastTransitionTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    ...(cr.metadata?.generation === undefined ? {} : { observedGeneration: cr.metadata.generation }),
  };
}

/** Replaces the Ready condition, keeping its lastTransitionTime when its status did not change. */
function withReady(current: unknown, ready: Condition): Condition[] {
  const list = Array.isArray(current) ? (current as Condition[]) : [];
  const previous = list.find((c) => c.type === 'Ready');
  const next =
    previous?.status === ready.status ? { ...ready, lastTransitionTime: previous.lastTransitionTime } : ready;
  return [...list.filter((c) => c.type !== 'Ready'), next];
}

/** The top-level status keys whose value differs from live. */
function changedFields(
  fields: Record<string, unknown>,
  live: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => !sameJson(value, live[key])));
}

/** Equal as JSON values, whatever the key order (the API server sorts the keys of what it returns). */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

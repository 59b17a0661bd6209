/**
 * External calls of a deletion (spec §10.2 in onDelete): onDelete's calls run before its resources, an
 * ordered group's before that group's children are deleted. A deletion takes several passes (Jobs are
 * awaited, groups go one by one), so a call that succeeded is kept for the rest of the deletion — at
 * least as long as onDelete's timeout — and not made again by a later pass; a restarted operator may
 * make it once more (at least once, never lost). A failed call without `continueOnError` fails the pass:
 * the CR stays Terminating and the pass is retried with backoff.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { ExternalPlan } from '../../plan/index.ts';
import type { TemplateData } from '../../resources/index.ts';
import type { ExternalResultCache } from './external-cache.ts';
import { externalCallContext, runExternalCalls, type ExternalResult } from './external-calls.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/** What the calls of a deletion pass need. */
export interface DeletionCalls {
  readonly deps: ReconcileDeps;
  /** The box's results of external calls (successes kept for their time). */
  readonly results: ExternalResultCache<ExternalResult> | undefined;
}

/**
 * The data with the results of `calls` under `.external`; a call already made by an earlier pass of this
 * deletion gives its kept result. @throws ExternalCallError for a failed call without continueOnError.
 */
export async function runDeletionCalls(
  { cr, calls, data }: { cr: KubeObject; calls: readonly ExternalPlan[]; data: TemplateData },
  { deps, results }: DeletionCalls,
): Promise<TemplateData> {
  if (calls.length === 0) return data;
  const http = deps.external;
  if (http === undefined || results === undefined) {
    const external = Object.fromEntries(calls.map((c) => [c.name, { called: false }]));
    return { ...data, external: { ...(data['external'] as object | undefined), ...external } };
  }
  const keepMs = deps.plan.hooks.onDelete.timeoutMs;
  const kept = calls.map((call) => ({ ...call, cacheForMs: Math.max(call.cacheForMs ?? 0, keepMs) }));
  const context = externalCallContext(cr, deps, { http, results });
  return runExternalCalls(kept, data, { ...context, cacheScope: `delete:${cr.metadata?.uid ?? ''}:` });
}

/**
 * Writing the CR's status after a reconcile (spec §8): computed by the resources layer against the
 * live children, patched through the status subresource only when it differs from the cached CR's.
 */
import type { KubeObject } from '../../kube/index.ts';
import { renderStatus, statusChanged } from '../../resources/index.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/** How the reconcile went, as the Ready condition reports it. */
export type ReconcileVerdict =
  | { ok: true; live: readonly KubeObject[] }
  | { ok: false; reason: 'ReconcileError' | 'ValidationFailed'; message: string };

/** Writes the status when it differs from the cached CR's. */
export async function writeStatus(
  cr: KubeObject,
  verdict: ReconcileVerdict,
  deps: ReconcileDeps,
): Promise<void> {
  const live = cr['status'] as Record<string, unknown> | undefined;
  const desired = renderStatus({
    spec: deps.plan.status,
    live,
    generation: cr.metadata?.generation,
    outcome: verdict.ok ? { ok: true } : verdict,
    now: deps
      .now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z'),
    data: deps.dataOf(cr, verdict.ok ? verdict.live : []),
    render: deps.render,
  });
  if (statusChanged(desired, live)) await deps.writer.patchStatus(cr, desired);
}

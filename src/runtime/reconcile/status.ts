/**
 * Writing the CR's status after a reconcile (spec §8): computed by the resources layer against the
 * live children, patched through the status subresource only when it differs from the cached CR's.
 */
import type { KubeObject } from '../../kube/index.ts';
import { renderStatus, statusChanged, type TemplateData } from '../../resources/index.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/** How the reconcile went, as the Ready condition reports it. */
export type ReconcileVerdict =
  | {
      ok: true;
      live: readonly KubeObject[];
      /** The pass's template data when it still holds (no child written, the CR unchanged). */
      data?: TemplateData | undefined;
      /** The pass's `.external` results, for status built from the live children. */
      external?: unknown;
    }
  | {
      ok: false;
      reason: 'ReconcileError' | 'ValidationFailed' | 'ExternalCallFailed' | 'RestrictedNamespace';
      message: string;
    };

/**
 * Writes the status when it differs from the cached CR's. Its template data is the pass's when the
 * verdict carries it, else built from the CR and the live children.
 */
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
    data: (verdict.ok ? verdict.data : undefined) ?? statusData(cr, verdict, deps),
    render: deps.render,
  });
  if (statusChanged(desired, live)) await deps.writer.patchStatus(cr, desired);
}

/** The data of the status: the CR and its live children, with the pass's external results. */
function statusData(cr: KubeObject, verdict: ReconcileVerdict, deps: ReconcileDeps): TemplateData {
  const data = deps.dataOf(cr, verdict.ok ? verdict.live : []);
  return verdict.ok && verdict.external !== undefined ? { ...data, external: verdict.external } : data;
}

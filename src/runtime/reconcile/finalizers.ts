/** The CR's finalizers: ours are added before any child exists and removed last on deletion. */
import type { KubeObject } from '../../kube/index.ts';
import type { ClusterWriter } from './ports.ts';

/** Adds the missing ones of `ours` to the CR; resolves to the updated CR (or the same one). */
export async function ensureFinalizers(
  cr: KubeObject,
  ours: readonly string[],
  writer: ClusterWriter,
): Promise<KubeObject> {
  const current = cr.metadata?.finalizers ?? [];
  const missing = ours.filter((f) => !current.includes(f));
  if (missing.length === 0) return cr;
  return writer.setFinalizers(cr, [...current, ...missing]);
}

/** Removes `ours` from the CR, leaving other controllers' finalizers in place. */
export async function releaseFinalizers(
  cr: KubeObject,
  ours: readonly string[],
  writer: ClusterWriter,
): Promise<void> {
  const current = cr.metadata?.finalizers ?? [];
  const kept = current.filter((f) => !ours.includes(f));
  if (kept.length !== current.length) await writer.setFinalizers(cr, kept);
}

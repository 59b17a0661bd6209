/** The CR's finalizers: ours are added before any child exists and removed last on deletion. */
import type { KubeObject } from '../../kube/index.ts';
import { childTypesPatch, recordedChildTypes } from './child-types.ts';
import type { ChildType, ClusterWriter } from './ports.ts';

/**
 * Adds the missing ones of the plan's finalizers to the CR — recording the plan's child types with them,
 * so that this first write is the only one — and resolves to the updated CR (or the same one).
 */
export async function ensureFinalizers(
  cr: KubeObject,
  ours: { readonly finalizers: readonly string[]; readonly childTypes: readonly ChildType[] },
  writer: ClusterWriter,
): Promise<KubeObject> {
  const current = cr.metadata?.finalizers ?? [];
  const missing = ours.finalizers.filter((f) => !current.includes(f));
  if (missing.length === 0) return cr;
  const annotations = childTypesPatch(cr, [...recordedChildTypes(cr), ...ours.childTypes]);
  return writer.patchMetadata(cr, { finalizers: [...current, ...missing], annotations });
}

/** Removes `ours` from the CR, leaving other controllers' finalizers in place. */
export async function releaseFinalizers(
  cr: KubeObject,
  ours: readonly string[],
  writer: ClusterWriter,
): Promise<void> {
  const current = cr.metadata?.finalizers ?? [];
  const kept = current.filter((f) => !ours.includes(f));
  if (kept.length !== current.length) await writer.patchMetadata(cr, { finalizers: kept });
}

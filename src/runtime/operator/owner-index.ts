/**
 * Finding a CR's children in the shared child caches: by the owner labels every child carries
 * (spec §4.2), which also covers cluster-scoped and cross-namespace children that cannot have an
 * owner reference.
 */
import type { KubeObject } from '../../kube/index.ts';
import {
  LABEL_CRD,
  LABEL_KATALOG,
  LABEL_OWNER,
  LABEL_OWNER_NAMESPACE,
  toLabelValue,
} from '../../resources/index.ts';

/** Name of the store index from owner identity to children. */
export const ORKESTRA_OWNER_INDEX = 'orkestraOwner';

/** The index value of CR `owner` of CRD `box.crd` in Katalog `box.katalog`. */
export function ownerIndexValue(box: { katalog: string; crd: string }, owner: KubeObject): string {
  const name = toLabelValue(owner.metadata?.name ?? '');
  return `${toLabelValue(box.katalog)}|${toLabelValue(box.crd)}|${owner.metadata?.namespace ?? ''}|${name}`;
}

/** The index function of child caches: the owner a child's labels name, if any. */
export function ownerIndexOf(child: KubeObject): readonly string[] {
  const labels = child.metadata?.labels;
  const katalog = labels?.[LABEL_KATALOG];
  const crd = labels?.[LABEL_CRD];
  const owner = labels?.[LABEL_OWNER];
  if (katalog === undefined || crd === undefined || owner === undefined) return [];
  return [`${katalog}|${crd}|${labels?.[LABEL_OWNER_NAMESPACE] ?? ''}|${owner}`];
}

/** The queue key of the CR that owns `child`, when it belongs to this box. */
export function ownerKeyOf(child: KubeObject, katalog: string, crd: string): string | undefined {
  const labels = child.metadata?.labels;
  if (labels?.[LABEL_KATALOG] !== toLabelValue(katalog) || labels[LABEL_CRD] !== toLabelValue(crd))
    return undefined;
  const owner = labels[LABEL_OWNER];
  if (owner === undefined) return undefined;
  const namespace = labels[LABEL_OWNER_NAMESPACE];
  return namespace ? `${namespace}/${owner}` : owner;
}

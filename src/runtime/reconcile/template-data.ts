/**
 * The data a CR's templates see (spec §6.2): the CR's own fields, `.children.<kind>` (the newest
 * child of that lowercase kind) and `.childList.<kind>` (all, oldest first).
 */
import type { KubeObject } from '../../kube/index.ts';

/** Builds the template data of a CR from it and its live children. */
export function templateData(cr: KubeObject, children: readonly KubeObject[]): Record<string, unknown> {
  const childList: Record<string, KubeObject[]> = {};
  for (const child of [...children].sort(byCreation)) {
    const kind = (child.kind ?? '').toLowerCase();
    (childList[kind] ??= []).push(child);
  }
  const newest: Record<string, KubeObject> = {};
  for (const [kind, list] of Object.entries(childList)) {
    const last = list.at(-1);
    if (last) newest[kind] = last;
  }
  return {
    apiVersion: cr.apiVersion,
    kind: cr.kind,
    metadata: cr.metadata ?? {},
    spec: cr['spec'] ?? {},
    status: cr['status'] ?? {},
    children: newest,
    childList,
  };
}

function byCreation(a: KubeObject, b: KubeObject): number {
  return sortKey(a).localeCompare(sortKey(b));
}

/** Creation time, then name: RFC 3339 timestamps of one format sort as text. */
function sortKey(o: KubeObject): string {
  const meta = o.metadata ?? {};
  return `${meta.creationTimestamp ?? ''}|${meta.name ?? ''}`;
}

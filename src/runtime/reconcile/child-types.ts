/**
 * The types of a CR's children, recorded on the CR (annotation `orkestra.orkspace.io/child-types`) so
 * that its children of a type the Katalog no longer names — an entry removed from the Katalog, a
 * templated custom kind rendered differently — are still watched, compared and pruned, after a restart
 * too. The Plan's own types are recorded with the finalizer (no write of its own); a type known only
 * once rendered costs one patch when it first appears, and one when its last child is gone.
 */
import type { KubeObject } from '../../kube/index.ts';
import { isTemplateText, type Plan } from '../../plan/index.ts';
import type { ChildType } from './ports.ts';

/** The annotation: `Kind.apiVersion` of each type, sorted, comma-separated (`ConfigMap.v1,Deployment.apps/v1`). */
export const CHILD_TYPES_ANNOTATION = 'orkestra.orkspace.io/child-types';

const keyOf = (t: ChildType): string => `${t.kind}.${t.apiVersion}`;

/** The child types a plan names (templated custom kinds are known only once rendered). */
export function childTypesOf(plan: Plan): ChildType[] {
  const seen = new Map<string, ChildType>();
  const { onCreate, onReconcile, onDelete } = plan.hooks;
  for (const hook of [onCreate, onReconcile, onDelete, ...onDelete.groups]) {
    for (const r of hook.resources) {
      if (isTemplateText(r.apiVersion) || isTemplateText(r.kind)) continue;
      seen.set(keyOf(r), { apiVersion: r.apiVersion, kind: r.kind });
    }
  }
  return [...seen.values()];
}

/** The types recorded on the CR. */
export function recordedChildTypes(cr: KubeObject): ChildType[] {
  const value = cr.metadata?.annotations?.[CHILD_TYPES_ANNOTATION] ?? '';
  return value
    .split(',')
    .filter((entry) => entry.includes('.'))
    .map((entry) => {
      const dot = entry.indexOf('.');
      return { kind: entry.slice(0, dot), apiVersion: entry.slice(dot + 1) };
    });
}

/** The distinct types of these objects. */
export function typesOfObjects(objects: readonly KubeObject[]): ChildType[] {
  return objects.map((o) => ({ apiVersion: o.apiVersion ?? '', kind: o.kind ?? '' }));
}

/**
 * The annotations to write so that the CR records exactly `types` (the Plan's types, and those of its
 * desired and remaining children); undefined when it already does.
 */
export function childTypesPatch(
  cr: KubeObject,
  types: readonly ChildType[],
): Record<string, string> | undefined {
  const value = [...new Set(types.filter((t) => t.kind !== '').map(keyOf))].sort().join(',');
  const current = cr.metadata?.annotations?.[CHILD_TYPES_ANNOTATION];
  return value === (current ?? '') ? undefined : { [CHILD_TYPES_ANNOTATION]: value };
}

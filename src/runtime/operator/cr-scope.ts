/**
 * Which CRs a box reconciles (spec §3 `namespaces` and `labelSelector`). `ork run` builds its CR
 * informers from it and `ork render` its "not reconciled" from it, so the two cannot disagree.
 */
import type { Plan } from '../../plan/index.ts';
import type { InformerScope } from '../informer/index.ts';

/**
 * The namespaces whose CRs the box reconciles, each once; undefined for every namespace. A
 * cluster-scoped CRD's CRs have no namespace, so `namespaces` does not narrow them; an empty list
 * reads as absent (every namespace), as the field's default says.
 */
export function watchedNamespaces(plan: Plan): readonly string[] | undefined {
  const listed = plan.namespaces;
  if (plan.scope !== 'Namespaced' || listed === undefined || listed.length === 0) return undefined;
  return [...new Set(listed)];
}

/** The label selector of the CR informers (`k=v,k2=v2`); undefined when the plan has none. */
export function crLabelSelector(plan: Plan): string | undefined {
  const entries = Object.entries(plan.labelSelector ?? {});
  return entries.length === 0 ? undefined : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * The scopes of the box's CR informers: one per watched namespace, or one for the whole cluster.
 *
 * One informer per namespace rather than one cluster-wide informer filtered before enqueue: the
 * filtered informer would cache every CR of the kind in every namespace — those of other teams, or
 * of another `ork run` that owns the other namespaces, which is what `namespaces` is for — only to
 * ignore them, and would need list/watch on the kind cluster-wide. Watches per namespace are
 * streams on the one HTTP/2 connection and cost next to nothing; the CRs the box ignores are never
 * fetched at all.
 */
export function crScopesOf(plan: Plan): InformerScope[] {
  const selector = crLabelSelector(plan);
  const withSelector = selector === undefined ? {} : { labelSelector: selector };
  const namespaces = watchedNamespaces(plan);
  if (namespaces === undefined) return [withSelector];
  return namespaces.map((namespace) => ({ namespace, ...withSelector }));
}

/**
 * Desired children → API writes (spec §4.2, §4.3): create what is missing, re-apply enforced
 * children that drifted, never write one that is unchanged, and delete enforced children that are
 * no longer desired.
 */
import type { KubeObject } from '../../kube/index.ts';
import {
  describeChild,
  needsApply,
  selectPrunable,
  type ChildOrigin,
  type DesiredChild,
} from '../../resources/index.ts';
import type { ClusterCache, ClusterWriter } from './ports.ts';

/** What applying did: the children as they are now, and what was written. */
export interface ApplyReport {
  /** Every desired child as it now is (the server's answer when written, else the cached one). */
  live: KubeObject[];
  created: string[];
  updated: string[];
  deleted: string[];
}

/** Applies the desired children in order; returns what changed. */
export async function applyChildren(
  desired: readonly DesiredChild[],
  cache: ClusterCache,
  writer: ClusterWriter,
): Promise<ApplyReport> {
  const report: ApplyReport = { live: [], created: [], updated: [], deleted: [] };
  for (const child of desired) {
    const manifest = child.manifest;
    const live = cache.child(manifest);
    if (live !== undefined && (child.mode === 'createOnly' || !needsApply(manifest, live))) {
      report.live.push(live);
      continue;
    }
    report.live.push(await writer.apply(manifest, { force: child.forceConflicts }));
    (live === undefined ? report.created : report.updated).push(describeChild(manifest));
  }
  return report;
}

/**
 * Deletes the CR's enforced children that the desired set no longer has: a `when` turned false, a
 * forEach element removed, an entry deleted. Created-once children and Jobs are never pruned while
 * the CR lives (the resources layer decides which are prunable).
 */
export async function pruneChildren(
  desired: readonly DesiredChild[],
  existing: readonly KubeObject[],
  context: { writer: ClusterWriter; origin: ChildOrigin },
): Promise<string[]> {
  const stale = selectPrunable({
    desired: desired.map((d) => d.manifest),
    live: existing,
    origin: context.origin,
  });
  for (const child of stale) await context.writer.delete(child);
  return stale.map(describeChild);
}

/** True while the object is being deleted. */
export function isDeleting(object: KubeObject): boolean {
  return object.metadata?.deletionTimestamp !== undefined;
}

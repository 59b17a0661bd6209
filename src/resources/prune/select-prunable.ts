/**
 * Pruning (spec §4.3): among the live children of a CR, the ones to delete are those the runtime enforces
 * every cycle (annotation `orkestra.orkspace.io/reconcile: "true"`) that are no longer desired: their `when`
 * turned false, their forEach element went away, or their name template changed. Create-once children and
 * Jobs are never pruned; they go with the CR.
 */
import { ANNOTATION_RECONCILE, ownerLabels } from '../builders/labels.ts';
import type { ChildOrigin } from '../builders/labels.ts';
import { childKey } from '../child-key.ts';
import type { Manifest } from '../types.ts';

/** Input of {@link selectPrunable}. */
export interface PruneRequest {
  /** Every child rendered this reconcile (any mode): what must stay. */
  readonly desired: readonly Manifest[];
  /** The live children found for the CR (by label, from the cache). */
  readonly live: readonly Manifest[];
  /** The CR whose children these are. */
  readonly origin: ChildOrigin;
}

/** Tells whether a live object carries every owner label of the CR. */
export function isLabelledChildOf(live: Manifest, origin: ChildOrigin): boolean {
  const labels = live.metadata?.labels ?? {};
  return Object.entries(ownerLabels(origin)).every(([key, value]) => labels[key] === value);
}

function controlledByOther(live: Manifest, origin: ChildOrigin): boolean {
  const controller = live.metadata?.ownerReferences?.find((ref) => ref.controller === true);
  return controller !== undefined && controller.uid !== origin.owner.uid;
}

function isJob(live: Manifest): boolean {
  return live.kind === 'Job' && (live.apiVersion ?? '').startsWith('batch/');
}

function isPrunable(live: Manifest, origin: ChildOrigin): boolean {
  const meta = live.metadata ?? {};
  if (meta.annotations?.[ANNOTATION_RECONCILE] !== 'true') return false;
  if (meta['deletionTimestamp'] !== undefined || isJob(live)) return false;
  return isLabelledChildOf(live, origin) && !controlledByOther(live, origin);
}

/** Returns the live children to delete, in the order given. Pure: nothing is deleted here. */
export function selectPrunable(request: PruneRequest): Manifest[] {
  const keep = new Set(request.desired.map(childKey));
  return request.live.filter((live) => isPrunable(live, request.origin) && !keep.has(childKey(live)));
}

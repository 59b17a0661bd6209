/**
 * A CR being deleted (spec §5.1): run onDelete (its external calls, then its resources: Jobs without an
 * owner, awaited until they finish, bounded by the hook's timeout), delete ordered groups one after
 * another (each after its calls, each gone before the next), delete the children the garbage collector
 * cannot find (cluster-scoped or in another namespace: tracked by label only), then release our
 * finalizers.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { ExternalPlan } from '../../plan/index.ts';
import { describeChild, renderGroup, type TemplateData } from '../../resources/index.ts';
import { PendingError } from '../errors.ts';
import { isDeleting } from './apply-children.ts';
import { runDeletionCalls, type DeletionCalls } from './deletion-calls.ts';
import type { ExternalResultCache } from './external-cache.ts';
import type { ExternalResult } from './external-calls.ts';
import { releaseFinalizers } from './finalizers.ts';
import { renderWatched } from './render-watched.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { withTlsMaterial } from './tls-children.ts';

const JOB_POLL_MS = 2000;

/**
 * Runs the deletion steps; throws PendingError while onDelete Jobs are still running, and
 * ExternalCallError when a call fails without continueOnError. `results` keeps the box's call results.
 */
export async function finalizeDeletion(
  cr: KubeObject,
  deps: ReconcileDeps,
  results?: ExternalResultCache<ExternalResult>,
): Promise<void> {
  const ours = deps.plan.finalizers;
  if (!(cr.metadata?.finalizers ?? []).some((f) => ours.includes(f))) return;
  const calls: DeletionCalls = { deps, results };
  const running = await runOnDelete(cr, calls);
  if (running.length === 0) running.push(...(await deleteOrderedGroups(cr, calls)));
  if (running.length > 0) {
    if (!deleteTimedOut(cr, deps)) throw new PendingError(`waiting for ${running.join(', ')}`, JOB_POLL_MS);
    deps.events.warning(
      cr,
      'DeleteTimeout',
      `onDelete did not finish in time: ${running.join(', ')} still running`,
    );
    return; // stays Terminating, as the spec says, with the event saying why
  }
  const unowned = deps.cache.childrenOf(cr).filter((c) => !isOwnedBy(c, cr) && !isDeleting(c));
  for (const child of unowned) await deps.writer.delete(child);
  await releaseFinalizers(cr, ours, deps.writer);
}

function deleteTimedOut(cr: KubeObject, deps: ReconcileDeps): boolean {
  const now = deps.now().getTime();
  const deletedAt = Date.parse(cr.metadata?.deletionTimestamp ?? '') || now;
  return now - deletedAt > deps.plan.hooks.onDelete.timeoutMs;
}

/** Makes onDelete's calls, applies its resources that are missing; returns the Jobs that have not finished. */
async function runOnDelete(cr: KubeObject, calls: DeletionCalls): Promise<string[]> {
  const { deps } = calls;
  const group = deps.plan.hooks.onDelete;
  const external = await callsData(cr, group.external, calls);
  const rendered = await renderWatched(
    {
      cr,
      render: (data: TemplateData) =>
        renderGroup({ ...renderScope(cr, deps), data: { ...data, external }, group }),
    },
    deps,
  );
  const { children: desired } = await withTlsMaterial(rendered, cr, deps);
  const running: string[] = [];
  for (const child of desired) {
    const manifest = child.manifest;
    const live =
      deps.cache.child(manifest) ?? (await deps.writer.apply(manifest, { force: child.forceConflicts }));
    if (manifest.kind === 'Job' && !jobFinished(live)) running.push(describeChild(manifest));
  }
  return running;
}

/**
 * With `ordered: true`, deletes the children named by `groups` one group at a time: the first group
 * that still has a child in the cache has its children deleted and is returned as still going; the
 * next group starts on a later pass, once the cache shows the earlier one gone.
 */
async function deleteOrderedGroups(cr: KubeObject, calls: DeletionCalls): Promise<string[]> {
  const { deps } = calls;
  const { ordered, groups } = deps.plan.hooks.onDelete;
  if (!ordered) return [];
  for (const [index, group] of groups.entries()) {
    const external = await callsData(cr, group.external, calls);
    const render = (data: TemplateData) =>
      renderGroup({ ...renderScope(cr, deps), data: { ...data, external }, group });
    const live = (await renderWatched({ cr, render }, deps))
      .map((child) => deps.cache.child(child.manifest))
      .filter((child) => child !== undefined);
    if (live.length === 0) continue;
    for (const child of live) if (!isDeleting(child)) await deps.writer.delete(child);
    return [`onDelete group ${index + 1}: ${live.map(describeChild).join(', ')}`];
  }
  return [];
}

/** `.external` after the calls (the CR's data as the calls see it; an empty map when there are none). */
async function callsData(
  cr: KubeObject,
  external: readonly ExternalPlan[],
  calls: DeletionCalls,
): Promise<unknown> {
  const data = await runDeletionCalls({ cr, calls: external, data: calls.deps.dataOf(cr) }, calls);
  return data['external'];
}

function renderScope(cr: KubeObject, deps: ReconcileDeps) {
  return {
    hook: 'onDelete' as const,
    render: deps.render,
    origin: deps.originOf(cr),
    isClusterScoped: deps.isClusterScoped,
    maxChildren: deps.plan.maxChildren,
  };
}

interface JobStatus {
  conditions?: { type: string; status: string }[];
}

function jobFinished(job: KubeObject): boolean {
  const conditions = (job['status'] as JobStatus | undefined)?.conditions ?? [];
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function isOwnedBy(child: KubeObject, owner: KubeObject): boolean {
  return (child.metadata?.ownerReferences ?? []).some((r) => r.uid === owner.metadata?.uid);
}

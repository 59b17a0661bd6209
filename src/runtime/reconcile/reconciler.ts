/**
 * One reconcile of one CR (spec §5): read it from the cache, handle deletion, ensure the
 * finalizer, normalize, mutate and validate, render the desired children (or reuse the last render
 * when none of its inputs changed), apply what changed, prune, and write the status when it changed.
 * Failures are written to the Ready condition and surface to the controller for backoff.
 */
import { NoKindMatchError, type KubeObject } from '../../kube/index.ts';
import { renderDesiredChildren, type ChildOrigin, type TemplateData } from '../../resources/index.ts';
import { reconcileDone, requeueAfter, type ReconcileResult, type Reconciler } from '../controller/index.ts';
import { admit, type ValidationResult } from './admission.ts';
import { applyChildren, pruneChildren, type ApplyReport } from './apply-children.ts';
import { childTypesOf, childTypesPatch, recordedChildTypes, typesOfObjects } from './child-types.ts';
import { finalizeDeletion } from './deletion.ts';
import { ExternalResultCache } from './external-cache.ts';
import {
  ExternalCallError,
  externalCallContext,
  runExternalCalls,
  type ExternalResult,
} from './external-calls.ts';
import { normalizeSpecPatch } from './normalize.ts';
import { childrenRenderInputs } from './render-inputs.ts';
import { RenderMemo } from './render-memo.ts';
import { renderWatched } from './render-watched.ts';
import {
  assertNoRestrictedChild,
  RESTRICTED_NAMESPACE,
  RestrictedNamespaceError,
  restrictedCustomResource,
} from './restricted-namespaces.ts';
import { ensureFinalizers } from './finalizers.ts';
import type { GeneratedSecret } from './once-secrets.ts';
import type { ChildType } from './ports.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { withSecretLifecycle, type DesiredSet } from './secret-lifecycle.ts';
import { writeStatus, type ReconcileVerdict } from './status.ts';
import { withTlsMaterial } from './tls-children.ts';

/**
 * Creates the reconcile function of a box. Whether the box's children render may be skipped when its
 * inputs are unchanged is decided here, once, from the Plan (see render-inputs.ts).
 */
export function createReconciler(deps: ReconcileDeps): Reconciler {
  const box: BoxMemory = {
    memo: new RenderMemo(childrenRenderInputs(deps.plan)),
    planTypes: childTypesOf(deps.plan),
    generated: new Map(),
    externalResults: new ExternalResultCache(),
  };
  return async (key) => {
    try {
      return await reconcileOnce(key, deps, box);
    } catch (error) {
      box.memo.forget(key); // a failed pass renders afresh next time
      throw error;
    }
  };
}

/** What a box's reconciles keep across passes, made once from its Plan. */
interface BoxMemory {
  /** The last children render of each CR, reused while its inputs are unchanged. */
  readonly memo: RenderMemo;
  /** The child types the Plan names (recorded on every CR beside those of its children). */
  readonly planTypes: readonly ChildType[];
  /** Values of `once` Secrets written and maybe not in the cache yet (see once-secrets.ts). */
  readonly generated: Map<string, GeneratedSecret>;
  /** Results of external calls kept for their `cacheFor`. */
  readonly externalResults: ExternalResultCache<ExternalResult>;
}

async function reconcileOnce(key: string, boxDeps: ReconcileDeps, box: BoxMemory): Promise<ReconcileResult> {
  // every template of this pass draws from one budget (total output, deadline)
  const deps = boxDeps.renderPass === undefined ? boxDeps : { ...boxDeps, render: boxDeps.renderPass() };
  const { memo, planTypes } = box;
  const cached = deps.cache.customResource(key);
  if (cached === undefined || (await settledWithoutPass(cached, deps, box))) {
    memo.forget(key);
    return reconcileDone;
  }
  const cr = await normalize(
    await ensureFinalizers(cached, { finalizers: deps.plan.finalizers, childTypes: planTypes }, deps.writer),
    deps,
  );
  // the template data of the pass (of the mutated CR): the children, and the status when nothing changed
  const { effective, data, validation } = admit(cr, deps.plan, deps);
  const denied = checkValidation(key, { cr: effective, validation }, deps);
  if (denied !== undefined) {
    memo.forget(key);
    await writeStatus(cr, { ok: false, reason: 'ValidationFailed', message: denied }, deps);
    return reconcileDone; // nothing to retry until the CR changes
  }
  let outcome: ChildrenOutcome | undefined;
  let passData: TemplateData;
  try {
    passData = await callExternals({ cr: effective, data }, deps, box.externalResults);
    outcome = await reconcileChildren({ key, cr: effective, data: passData, memo, planTypes, box }, deps);
  } catch (error) {
    await recordFailure(cr, error, deps);
    throw error;
  }
  const { report } = outcome;
  deps.recordApplied?.(key, report.live);
  reportChanges(cr, report, deps);
  // unchanged children and CR: the status sees the very data the children were rendered from
  const unchanged =
    effective === cr && [report.created, report.updated, report.deleted].every((w) => w.length === 0);
  const verdict = { ok: true, live: report.live, external: passData['external'] } as const;
  await writeStatus(cr, { ...verdict, data: unchanged ? passData : undefined }, deps);
  return renewalRequeue(outcome.renewInMs, deps);
}

/**
 * Settles a CR that gets no reconcile pass: one being deleted (finalized), or one stored in a
 * restricted namespace (Ready=False and an event; nothing to retry until the CR or the Katalog
 * changes). False for any other CR.
 */
async function settledWithoutPass(cr: KubeObject, deps: ReconcileDeps, box: BoxMemory): Promise<boolean> {
  if (cr.metadata?.deletionTimestamp !== undefined) {
    await finalizeDeletion(cr, deps, box.externalResults);
    return true;
  }
  const restricted = restrictedCustomResource(cr, deps.plan.restrictedNamespaces);
  if (restricted === undefined) return false;
  deps.events.warning(cr, RESTRICTED_NAMESPACE, restricted);
  await writeStatus(cr, { ok: false, reason: RESTRICTED_NAMESPACE, message: restricted }, deps);
  return true;
}

/** Records a failed pass on the Ready condition (and as an event when a child was refused a namespace). */
async function recordFailure(cr: KubeObject, error: unknown, deps: ReconcileDeps): Promise<void> {
  if (error instanceof RestrictedNamespaceError) deps.events.warning(cr, RESTRICTED_NAMESPACE, error.message);
  await writeStatus(cr, failureVerdict(error), deps);
}

/**
 * The pass's data with the results of the external calls of onCreate, then onReconcile (spec §5 step 4),
 * made before any child is rendered. @throws ExternalCallError for a failed call without continueOnError.
 */
async function callExternals(
  { cr, data }: { cr: KubeObject; data: TemplateData },
  deps: ReconcileDeps,
  results: ExternalResultCache<ExternalResult>,
): Promise<TemplateData> {
  const calls = [...deps.plan.hooks.onCreate.external, ...deps.plan.hooks.onReconcile.external];
  if (calls.length === 0) return data;
  const http = deps.external;
  if (http === undefined) {
    const names = calls.map((c) => `${c.name} (${c.method})`).join(', ');
    deps.events.normal(cr, 'ExternalNotCalled', `external calls are made by the runtime, not here: ${names}`);
    return { ...data, external: Object.fromEntries(calls.map((c) => [c.name, { called: false }])) };
  }
  return runExternalCalls(calls, data, externalCallContext(cr, deps, { http, results }));
}

/** The CR in canonical form (spec §9.1): patched when a normalize rule changes it, else as it is. */
async function normalize(cr: KubeObject, deps: ReconcileDeps): Promise<KubeObject> {
  const spec = normalizeSpecPatch(cr, deps.plan.normalize, deps);
  return spec === undefined ? cr : deps.writer.patchSpec(cr, spec);
}

/** What applying the children did, and when a kept certificate is due for renewal. */
interface ChildrenOutcome {
  readonly report: ApplyReport;
  readonly renewInMs: number | undefined;
}

/** One CR's pass over its children: what it renders from, and the kept render of its last pass. */
interface ChildrenPass {
  readonly key: string;
  readonly cr: KubeObject;
  readonly data: TemplateData;
  readonly memo: RenderMemo;
  readonly planTypes: readonly ChildType[];
  readonly box: BoxMemory;
}

async function reconcileChildren(pass: ChildrenPass, deps: ReconcileDeps): Promise<ChildrenOutcome> {
  const { cr } = pass;
  const origin = deps.originOf(cr);
  const { children: desired, renewInMs } = await desiredChildren(pass, origin, deps);
  assertNoRestrictedChild(desired, deps.plan.restrictedNamespaces);
  await watchRecordedTypes(cr, deps);
  const existing = deps.cache.childrenOf(cr);
  const report = await applyChildren(desired, deps.cache, deps.writer);
  report.deleted.push(...(await pruneChildren(desired, existing, { writer: deps.writer, origin })));
  const types = [...pass.planTypes, ...typesOfObjects([...desired.map((c) => c.manifest), ...existing])];
  await recordChildTypes(cr, types, deps);
  return { report, renewInMs };
}

/**
 * Watches the child types recorded on the CR, so that its children of a type the Katalog no longer names
 * are seen and pruned. A type the API server no longer serves has no children left: it is skipped (and
 * drops out of the record), never a failure of the CR.
 */
async function watchRecordedTypes(cr: KubeObject, deps: ReconcileDeps): Promise<void> {
  for (const type of recordedChildTypes(cr)) {
    await deps.cache.watchTypes([type]).catch((error: unknown) => {
      if (!(error instanceof NoKindMatchError)) throw error;
    });
  }
}

/** Records on the CR the types of its children beside the plan's, when that set changed. */
async function recordChildTypes(
  cr: KubeObject,
  types: readonly ChildType[],
  deps: ReconcileDeps,
): Promise<void> {
  const annotations = childTypesPatch(cr, types);
  if (annotations !== undefined) await deps.writer.patchMetadata(cr, { annotations });
}

/**
 * The desired children of the pass: those of the CR's last successful pass when the inputs of the
 * render are unchanged (the box allowing it), else rendered now; then their Secrets' lifecycle, which
 * reads the live Secrets and the clock on every pass.
 */
async function desiredChildren(
  pass: ChildrenPass,
  origin: ChildOrigin,
  deps: ReconcileDeps,
): Promise<DesiredSet> {
  const rendered = await renderedChildren(pass, origin, deps);
  const { cache, events, now } = deps;
  return withSecretLifecycle(rendered, { cache, events, now, cr: pass.cr, generated: pass.box.generated });
}

/** The rendered children: those of the last render when its inputs are unchanged, else rendered now. */
async function renderedChildren(
  { key, cr, data, memo }: ChildrenPass,
  origin: ChildOrigin,
  deps: ReconcileDeps,
): Promise<DesiredSet> {
  const fingerprint = memo.fingerprint(data);
  const kept = memo.reuse(key, fingerprint);
  if (kept !== undefined) {
    deps.countRenderSkipped?.();
    return { children: kept, renewInMs: undefined }; // a box with tls Secrets never keeps a render
  }
  const render = (d: TemplateData) =>
    renderDesiredChildren(deps.plan.hooks, {
      data: d,
      render: deps.render,
      origin,
      isClusterScoped: deps.isClusterScoped,
      maxChildren: deps.plan.maxChildren,
    });
  const rendered = await renderWatched({ cr, render, data }, deps);
  const resolved = await withTlsMaterial(rendered, cr, deps);
  memo.remember(key, fingerprint, resolved.children);
  return resolved;
}

/**
 * Done, or requeued for a certificate renewal or a secret rotation that comes before the next resync
 * would reconcile the CR (one later than that is found by a resync).
 */
function renewalRequeue(renewInMs: number | undefined, deps: ReconcileDeps): ReconcileResult {
  if (renewInMs === undefined || renewInMs >= deps.plan.resyncMs) return reconcileDone;
  return requeueAfter(Math.max(1, Math.ceil(renewInMs)));
}

/** Records warnings; returns the denial message (and emits its event) when a deny rule failed. */
function checkValidation(
  key: string,
  { cr, validation: result }: { cr: KubeObject; validation: ValidationResult },
  deps: ReconcileDeps,
): string | undefined {
  deps.reportWarnings(key, result.warnings);
  if (result.denied.length === 0) return undefined;
  const message = result.denied.join('; ');
  deps.events.warning(cr, 'ValidationFailed', message);
  return message;
}

/**
 * One event per kind of change in a reconcile, naming every child it concerns: the record is the
 * same, and the API server is spared an Event write per child (3 per CR of a typical box).
 */
function reportChanges(cr: KubeObject, report: ApplyReport, deps: ReconcileDeps): void {
  if (report.created.length > 0) deps.events.normal(cr, 'Created', `created ${report.created.join(', ')}`);
  if (report.updated.length > 0) deps.events.normal(cr, 'Updated', `updated ${report.updated.join(', ')}`);
  if (report.deleted.length > 0) {
    deps.events.normal(cr, 'Deleted', `deleted ${report.deleted.join(', ')} (no longer desired)`);
  }
}

function failureVerdict(error: unknown): ReconcileVerdict {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RestrictedNamespaceError) return { ok: false, reason: RESTRICTED_NAMESPACE, message };
  const reason = error instanceof ExternalCallError ? 'ExternalCallFailed' : 'ReconcileError';
  return { ok: false, reason, message };
}

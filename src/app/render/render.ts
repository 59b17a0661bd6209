/**
 * `ork render`: what the runtime would do for a CR, offline. The real reconcile (finalizer, mutation,
 * validation, onCreate + onReconcile rendered and applied in order, pruning, status) runs against an
 * in-memory cluster holding the CR and the live children given, and everything it would have written
 * is reported instead of sent. Nothing here re-implements the pipeline: it is the runtime's own.
 */
import type { Plan } from '../../plan/index.ts';
import type { KubeObject } from '../../kube/index.ts';
import {
  createReconciler,
  keyOf,
  reconcileDepsFor,
  type Reconciler,
  watchedNamespaces,
} from '../../runtime/index.ts';
import { loadYamlLibrary } from '../../template/index.ts';
import { elide, loadRegexEngine } from '../../util/index.ts';
import { OfflineCluster, type RecordedReconcile } from './render-cluster.ts';
import { crossRanks, OfflineCross } from './render-cross.ts';
import { storeSpec, type SpecSchema } from './render-spec.ts';

/** The uid given to a CR that has none (a CR file written by hand), so owner references can be built. */
export const PLACEHOLDER_UID = '00000000-0000-0000-0000-000000000000';

/** A CR file or input that cannot be rendered at all (no entry matches, an unknown `--crd`). */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  /** A report to print instead of the message: located diagnostics, already formatted. */
  readonly report: string | undefined;

  constructor(message: string, report?: string) {
    super(message);
    this.report = report;
  }
}

/** The in-memory input of {@link renderCustomResources}. */
export interface RenderInput {
  readonly plans: readonly Plan[];
  /** The CRs to render, in order. */
  readonly crs: readonly KubeObject[];
  /** Live children (`.children.*`, `.childList.*`, desired-vs-live, pruning). @default [] */
  readonly children?: readonly KubeObject[] | undefined;
  /** The CRD key to render every CR with, instead of matching apiVersion and kind. */
  readonly crd?: string | undefined;
  /** Namespace of a namespaced CR that names none. @default 'default' */
  readonly namespace?: string | undefined;
  /** Clock of templates and status times. @default the system clock */
  readonly now?: (() => Date) | undefined;
  /** The CRD's spec schema by CRD key: defaults filled and unknown fields pruned as the API server does. */
  readonly specSchemas?: ReadonlyMap<string, SpecSchema> | undefined;
}

/** What rendering one CR gave. */
export interface CrRender {
  /** The CR as reconciled: namespace, uid and generation filled in when it had none. */
  readonly cr: KubeObject;
  /** The CRD entry key and Katalog name; undefined when no entry matched. */
  readonly entry: { readonly crd: string; readonly katalog: string } | undefined;
  /** Remarks on the input (placeholder uid, ignored deletionTimestamp). */
  readonly notes: readonly string[];
  /** Why the runtime would not reconcile this CR at all (disabled entry, unwatched namespace, ...). */
  readonly skipped: string | undefined;
  /** How many validation rules the entry has. */
  readonly validationRules: number;
  /** What the reconcile wrote; undefined when it did not run. */
  readonly recorded: RecordedReconcile | undefined;
  /** A reconcile error (template, value coercion, name conflict) or an input error. */
  readonly error: string | undefined;
  /** Where the CR is written (`file:line:col`), when it was read from a file. */
  readonly at?: string | undefined;
  /** What each `.cross` lookup of the reconcile resolved to, one line each (spec §10.1). */
  readonly cross?: readonly string[] | undefined;
}

/** The result of rendering every CR. `ok` is false when any CR failed. */
export interface RenderReport {
  readonly results: readonly CrRender[];
  readonly ok: boolean;
}

/** Describes a CR for messages: `Website default/hello`. */
export function describeCr(cr: KubeObject): string {
  const namespace = cr.metadata?.namespace;
  const name = cr.metadata?.name;
  if (namespace === undefined && name === undefined) return `${elide(cr.kind ?? '?')} ?`;
  return `${elide(cr.kind ?? '?')} ${namespace ? `${elide(namespace)}/` : ''}${elide(name ?? '?')}`;
}

function listEntries(plans: readonly Plan[]): string {
  return plans.map((p) => `${p.key} (${p.apiVersion} ${p.gvk.kind})`).join(', ') || 'none';
}

/** The entry that reconciles `cr`. @throws RenderError when none or several match. */
export function chooseEntry(cr: KubeObject, plans: readonly Plan[], crd?: string): Plan {
  if (crd !== undefined) {
    const named = plans.find((p) => p.key === crd);
    if (named === undefined)
      throw new RenderError(`--crd ${crd}: no such CRD entry (entries: ${listEntries(plans)})`);
    return named;
  }
  const matches = plans.filter((p) => p.apiVersion === cr.apiVersion && p.gvk.kind === cr.kind);
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const what = `${cr.apiVersion ?? '(no apiVersion)'} ${cr.kind ?? '(no kind)'}`;
  if (matches.length === 0)
    throw new RenderError(`${what} matches no CRD entry (entries: ${listEntries(plans)})`);
  throw new RenderError(
    `${what} matches several CRD entries (${listEntries(matches)}); choose one with --crd`,
  );
}

/** The spec as stored (schema defaults, pruning) and notes on what changed. */
function storedSpecOf(cr: KubeObject, schema: SpecSchema | undefined): { spec: unknown; notes: string[] } {
  const spec = cr['spec'];
  if (schema === undefined) return { spec, notes: [] };
  const stored = storeSpec(
    typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : {},
    schema,
  );
  const notes: string[] = [];
  if (stored.defaulted.length > 0)
    notes.push(`defaulted from the CRD schema: ${stored.defaulted.join(', ')}`);
  if (stored.pruned.length > 0) notes.push(`pruned, not in the CRD schema: ${stored.pruned.join(', ')}`);
  return { spec: stored.spec, notes };
}

/** The CR as the API server would hand it to the runtime: namespaced, with a uid and a generation. */
function prepareCr(cr: KubeObject, plan: Plan, input: RenderInput): { cr: KubeObject; notes: string[] } {
  const metadata = { ...cr.metadata };
  const { spec, notes } = storedSpecOf(cr, input.specSchemas?.get(plan.key));
  const namespace = input.namespace ?? 'default';
  if (plan.scope === 'Namespaced' && !metadata.namespace) metadata.namespace = namespace;
  if (!metadata.uid) {
    metadata.uid = PLACEHOLDER_UID;
    notes.push('owner uid is a placeholder: the CR has none');
  }
  metadata.generation ??= 1;
  if (metadata.deletionTimestamp !== undefined) {
    delete metadata.deletionTimestamp;
    notes.push('deletionTimestamp ignored: render shows a reconcile, not a deletion');
  }
  return { cr: { ...cr, metadata, ...(spec === undefined ? {} : { spec }) }, notes };
}

/** Why the runtime would not reconcile `cr` (spec §3: enabled, namespaces, labelSelector). */
function skipReason(cr: KubeObject, plan: Plan): string | undefined {
  if (!plan.enabled) return `entry ${plan.key} is disabled (enabled: false)`;
  const namespace = cr.metadata?.namespace ?? '';
  const watched = watchedNamespaces(plan); // what the box's CR informers watch
  if (watched !== undefined && !watched.includes(namespace))
    return `namespace ${namespace} is not watched (namespaces: ${watched.join(', ')})`;
  const labels = cr.metadata?.labels ?? {};
  const selector = Object.entries(plan.labelSelector ?? {});
  if (selector.some(([k, v]) => labels[k] !== v))
    return `labels do not match labelSelector ${selector.map(([k, v]) => `${k}=${v}`).join(',')}`;
  return undefined;
}

/** Cluster-scoped CRD kinds of the Katalog, as `apiVersion|kind` (custom children of these have no namespace). */
function clusterScopedKinds(plans: readonly Plan[]): Set<string> {
  return new Set(plans.filter((p) => p.scope === 'Cluster').map((p) => `${p.apiVersion}|${p.gvk.kind}`));
}

/** One entry's offline box: the cluster stand-in and the reconcile wired to it, built once. */
interface OfflineBox {
  readonly cluster: OfflineCluster;
  readonly reconcile: Reconciler;
}

function createOfflineBox(plan: Plan, input: RenderInput, cross: OfflineCross): OfflineBox {
  const cluster = new OfflineCluster(input.children ?? [], { katalog: plan.katalog, crd: plan.key });
  const deps = reconcileDepsFor({
    plan,
    cross: cross.resolverFor(plan),
    cache: cluster,
    writer: cluster,
    events: cluster,
    reportWarnings: cluster.reportWarnings,
    clusterScoped: clusterScopedKinds(input.plans),
    ...(input.now ? { now: input.now } : {}),
  });
  return { cluster, reconcile: createReconciler(deps) };
}

async function reconcileOffline(cr: KubeObject, box: OfflineBox) {
  box.cluster.begin(cr);
  try {
    await box.reconcile(keyOf(cr), new AbortController().signal);
    return { recorded: box.cluster.recorded, error: undefined };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { recorded: box.cluster.recorded, error: message };
  }
}

/** What the render of several CRs shares: the offline box of each entry already used, the `.cross` pool. */
interface RenderCall {
  readonly boxes: Map<string, OfflineBox>;
  readonly cross: OfflineCross;
}

/** Renders one CR, then offers it, as rendered, to the CRs observing it through `cross`. */
async function renderOne(original: KubeObject, input: RenderInput, call: RenderCall): Promise<CrRender> {
  const base = { notes: [], skipped: undefined, validationRules: 0, recorded: undefined };
  let plan: Plan;
  try {
    plan = chooseEntry(original, input.plans, input.crd);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    return { ...base, cr: original, entry: undefined, error: error.message };
  }
  const { cr, notes } = prepareCr(original, plan, input);
  const entry = { crd: plan.key, katalog: plan.katalog };
  const common = { cr, entry, notes, validationRules: plan.validation.length };
  const skipped = skipReason(cr, plan);
  if (skipped !== undefined) return { ...common, skipped, recorded: undefined, error: undefined };
  let box = call.boxes.get(plan.key);
  if (box === undefined) call.boxes.set(plan.key, (box = createOfflineBox(plan, input, call.cross)));
  call.cross.takeLookups();
  const outcome = await reconcileOffline(cr, box);
  const cross = call.cross.takeLookups();
  const rendered = box.cluster.customResource() ?? cr;
  call.cross.offer(plan.key, { cr: rendered, children: box.cluster.appliedChildren(), rendered: true });
  return { ...common, skipped: undefined, ...outcome, ...(plan.cross.length > 0 ? { cross } : {}) };
}

/**
 * Every CR as the API server would hand it to an observer before any render: its entry's CRD key and
 * the CR prepared. CRs that match no entry are left out (they cannot be observed).
 */
function observable(input: RenderInput): { crd: string; cr: KubeObject }[] {
  const out: { crd: string; cr: KubeObject }[] = [];
  for (const original of input.crs) {
    const plan = input.plans.find(
      (p) => p.apiVersion === original.apiVersion && p.gvk.kind === original.kind,
    );
    if (plan !== undefined) out.push({ crd: plan.key, cr: prepareCr(original, plan, input).cr });
  }
  return out;
}

/** The index of each CR in render order: CRs observed through `cross` before their observers. */
function renderOrder(input: RenderInput): number[] {
  const ranks = crossRanks(input.plans);
  const rankOf = (cr: KubeObject): number => {
    try {
      return ranks.get(chooseEntry(cr, input.plans, input.crd).key) ?? 0;
    } catch {
      return 0;
    }
  };
  const rank = input.crs.map(rankOf);
  return input.crs.map((_, i) => i).sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0) || a - b);
}

/**
 * Runs the reconcile of every CR offline and reports what it would write. Never throws for a bad CR:
 * its error is in its result and `ok` is false.
 */
export async function renderCustomResources(input: RenderInput): Promise<RenderReport> {
  // what the runtime's boxes load: only the libraries the compiler found a template or condition needs
  if (input.plans.some((p) => p.callsToYaml)) await loadYamlLibrary();
  if (input.plans.some((p) => p.usesRegex)) await loadRegexEngine();
  const call: RenderCall = { boxes: new Map(), cross: new OfflineCross(input.plans) };
  for (const { crd, cr } of observable(input)) call.cross.offer(crd, { cr, children: [], rendered: false });
  // results in input order, rendered in dependency order
  const byIndex = new Map<number, CrRender>();
  for (const i of renderOrder(input)) {
    const cr = input.crs[i];
    if (cr !== undefined) byIndex.set(i, await renderOne(cr, input, call));
  }
  const results = input.crs.map((_, i) => byIndex.get(i)).filter((r) => r !== undefined);
  return { results, ok: results.every((r) => r.error === undefined) };
}

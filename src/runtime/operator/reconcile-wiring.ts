/** Wires a box's reconcile dependencies from its Plan, caches, writer and events. */
import type { KubeObject } from '../../kube/index.ts';
import {
  buildTemplateData,
  createTemplateRenderer,
  type ChildOrigin,
  type RenderFn,
  type TemplateData,
} from '../../resources/index.ts';
import {
  katalogFunctions,
  type AdmissionScope,
  type ClusterCache,
  type ClusterWriter,
  type EventSink,
  type ExternalHttp,
  type KeySource,
  type ReconcileDeps,
} from '../reconcile/index.ts';
import { loadYamlLibrary } from '../../template/index.ts';
import { loadRegexEngine } from '../../util/index.ts';
import type { Plan } from '../../plan/index.ts';

/** The parts a box has built. */
export interface WiringInput {
  /** The box's compiled Plan. */
  plan: Plan;
  cache: ClusterCache;
  writer: ClusterWriter;
  events: EventSink;
  reportWarnings: (key: string, warnings: readonly string[]) => void;
  /** Cluster-scoped child types by `apiVersion|kind`, from discovery. */
  clusterScoped?: ReadonlySet<string>;
  /** The clock of templates (`now`, `timeAgo`), status times and certificates. @default the system clock */
  now?: () => Date;
  /** Randomness of `tls` Secrets. @default none: no key is made (`ork render`) */
  keys?: KeySource | undefined;
  /** Sends the box's external calls. @default none: no call is made */
  external?: ExternalHttp | undefined;
  /** Counts the passes that reused the children of the last render. @default none */
  countRenderSkipped?: (() => void) | undefined;
  /** Remembers the children a successful pass applied. @default none */
  recordApplied?: ((key: string, children: readonly KubeObject[]) => void) | undefined;
  /**
   * `.cross` of a CR, from the caches (spec §10.1); `data` is its template data without it.
   * @default none: every entry of the Plan's `cross` is `{found: false}` (`ork render`)
   */
  cross?: ((cr: KubeObject, data: TemplateData, render: RenderFn) => Record<string, unknown>) | undefined;
}

/**
 * Loads what the box's templates and conditions need besides the engine: the YAML library when the
 * compiler found that one of them (a template, a note) may call toYaml, the regular expression
 * engine when one of its conditions uses `regex`.
 */
export async function prepareTemplateLibraries(plan: Pick<Plan, 'callsToYaml' | 'usesRegex'>): Promise<void> {
  if (plan.callsToYaml) await loadYamlLibrary();
  if (plan.usesRegex) await loadRegexEngine();
}

/** Builds the {@link ReconcileDeps} of a box. */
export function reconcileDepsFor(input: WiringInput): ReconcileDeps {
  const { plan } = input;
  const now = input.now ?? (() => new Date());
  const render = createTemplateRenderer({
    funcs: katalogFunctions(plan.notes, now),
    limits: plan.templateLimits,
    templates: plan.templates,
  });
  return {
    plan,
    reportWarnings: input.reportWarnings,
    cache: input.cache,
    writer: input.writer,
    events: input.events,
    render,
    renderPass: render.forPass,
    isClusterScoped: (apiVersion, kind) => input.clusterScoped?.has(`${apiVersion}|${kind}`) ?? false,
    now,
    keys: input.keys,
    external: input.external,
    countRenderSkipped: input.countRenderSkipped,
    recordApplied: input.recordApplied,
    issuedTls: new Map(),
    dataOf: (cr, fresh = []) => {
      const data = buildTemplateData({ cr, children: mergeChildren(input.cache.childrenOf(cr), fresh) });
      if (plan.cross.length === 0) return data;
      return { ...data, cross: input.cross?.(cr, data, render) ?? notFound(plan) };
    },
    originOf: (cr) => originOf(plan, cr),
  };
}

/** Who a CR's children belong to (labels, owner reference). */
function originOf(plan: Plan, cr: KubeObject): ChildOrigin {
  return {
    katalog: plan.katalog,
    crd: plan.key,
    owner: {
      apiVersion: plan.apiVersion,
      kind: plan.gvk.kind,
      name: cr.metadata?.name ?? '',
      namespace: cr.metadata?.namespace,
      uid: cr.metadata?.uid ?? '',
    },
  };
}

/**
 * The scope in which the admission webhook mutates and validates a CR of the Plan: the box's template
 * functions and limits, and the template data of the CR alone. A review carries no children and the
 * webhook reads no cache, so `.children` is empty and every `.cross` entry is `{found: false}`.
 */
export async function admissionScopeFor(
  plan: Plan,
  now: () => Date = () => new Date(),
): Promise<AdmissionScope> {
  await prepareTemplateLibraries(plan);
  const render = createTemplateRenderer({
    funcs: katalogFunctions(plan.notes, now),
    limits: plan.templateLimits,
    templates: plan.templates,
  });
  const dataOf = (cr: KubeObject): TemplateData => {
    const data = buildTemplateData({ cr, children: [] });
    return plan.cross.length === 0 ? data : { ...data, cross: notFound(plan) };
  };
  return { render, dataOf };
}

/** `.cross` with nothing observed: each entry `{found: false}`. */
function notFound(plan: Plan): Record<string, unknown> {
  return Object.fromEntries(plan.cross.map((c) => [c.as, { found: false }]));
}

/** The cached children, with the ones just written replacing their cached versions. */
function mergeChildren(cached: readonly KubeObject[], fresh: readonly KubeObject[]): KubeObject[] {
  const id = (o: KubeObject) => `${o.kind ?? ''}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;
  const byId = new Map(cached.map((o) => [id(o), o]));
  for (const o of fresh) byId.set(id(o), o);
  return [...byId.values()];
}

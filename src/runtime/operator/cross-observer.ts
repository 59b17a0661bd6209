/**
 * `cross` (spec §10.1): what a box's CRs observe of other boxes' CRs, read from the informer caches,
 * never from the API server.
 *
 * For each observed CRD the box takes the process's shared informer of its CRs for the whole cluster:
 * the observed box's own informer when that box runs in this process and watches every namespace with
 * no label selector (the factory shares one informer per resource and scope), otherwise a read-only
 * informer of its own. The observed CR's children are read from the shared child informers of the
 * observed CRD's child types (the owner index), the same informers the observed box uses.
 *
 * A reconcile resolves the selectors (name and namespace templates, `matchLabels`) against the CR and
 * records what they resolved to in a {@link CrossIndex}; an add, update or delete of an observed CR, or
 * of one of its children, re-enqueues exactly the CRs whose last reconcile observed it.
 *
 * Several CRs matching `matchLabels`: the oldest is observed (by creationTimestamp, then namespace and
 * name), so the choice is stable while they exist. No match: `{found: false}`.
 */
import type { KubeObject, RestMapper } from '../../kube/index.ts';
import { isTemplateText, type Plan } from '../../plan/index.ts';
import { buildTemplateData, type RenderFn, type TemplateData } from '../../resources/index.ts';
import type { Controller } from '../controller/index.ts';
import {
  keyOf,
  NAMESPACE_INDEX,
  type Informer,
  type InformerLease,
  type SharedInformerFactory,
} from '../informer/index.ts';
import { childTypesOf } from '../reconcile/index.ts';
import { ChildInformers } from './child-informers.ts';
import { CrossIndex, matches, type CrossWatch } from './cross-index.ts';
import { ORKESTRA_OWNER_INDEX, ownerIndexValue, ownerKeyOf } from './owner-index.ts';

/** The other Plans of the process, by CRD key (the observed boxes). */
export type PlanLookup = (key: string) => Plan | undefined;

/** What a box observes of one CRD: its CRs' informer and its children's. */
interface Source {
  readonly plan: Plan;
  readonly crs: Informer;
  readonly children: ChildInformers;
}

/** The value of `.cross.<as>` when nothing matches. */
const NOT_FOUND = Object.freeze({ found: false });

/** Options of {@link CrossObserver}. */
export interface CrossObserverOptions {
  /** The observing box's Plan. */
  plan: Plan;
  plans: PlanLookup;
  informers: SharedInformerFactory;
  mapper: Pick<RestMapper, 'resourceForObject'>;
  /** The box's run. */
  signal: AbortSignal;
}

/** The `cross` of one box: its informers of the observed CRDs and the index of who observes whom. */
export class CrossObserver {
  readonly index = new CrossIndex();
  readonly #options: CrossObserverOptions;
  readonly #sources = new Map<string, Source>();
  readonly #leases: InformerLease[] = [];

  constructor(options: CrossObserverOptions) {
    this.#options = options;
  }

  /** Acquires the informers of every CRD the Plan observes. @throws when one is not in the process's Plans. */
  async acquire(): Promise<void> {
    const { plan, plans, informers, mapper, signal } = this.#options;
    for (const crd of new Set(plan.cross.map((c) => c.crd))) {
      const observed = plans(crd);
      if (observed === undefined) throw new Error(`cross: no CRD "${crd}" among the loaded Katalogs`);
      const { gvk, plural, scope } = observed;
      const gvr = {
        group: gvk.group,
        version: gvk.version,
        resource: plural,
        namespaced: scope === 'Namespaced',
      };
      const lease = informers.acquire(gvr);
      this.#leases.push(lease);
      const children = new ChildInformers({ mapper, informers, signal });
      this.#sources.set(crd, { plan: observed, crs: lease.informer, children });
      await children.acquireAll(childTypesOf(observed));
    }
  }

  /**
   * Has `controller` re-enqueue the observers of an observed CR on each of its changes and of its
   * children's; the controller waits for these caches to sync before its first reconcile.
   */
  watchWith(controller: Controller): void {
    for (const [crd, source] of this.#sources) {
      controller.watch(source.crs, (cr) => this.index.observersOf(crd, cr));
      const { katalog, key } = source.plan;
      source.children.subscribe((informer) => {
        controller.watch(informer, (child) => {
          const owner = ownerKeyOf(child, katalog, key);
          return owner === undefined ? [] : this.index.observersOfKey(crd, owner);
        });
      });
    }
  }

  /**
   * `.cross` of one reconcile of `cr`: each entry's observed CR as `{found, metadata, spec, status,
   * children}`, or `{found: false}`. Records what the selectors resolved to, for the re-enqueues.
   * `data` is the CR's template data (the selectors' templates render against it).
   */
  resolve(cr: KubeObject, data: TemplateData, render: RenderFn): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const watches: CrossWatch[] = [];
    for (const entry of this.#options.plan.cross) {
      const source = this.#sources.get(entry.crd);
      if (source === undefined) {
        out[entry.as] = NOT_FOUND;
        continue;
      }
      const text = (t: string): string => (isTemplateText(t) ? String(render(t, data, 'text')) : t);
      const { observed, watch } = lookUp(
        source,
        selectorOf(entry.selector, { observed: source.plan, cr }, text),
      );
      watches.push({ crd: entry.crd, ...watch });
      out[entry.as] = observed === undefined ? NOT_FOUND : view(observed, source);
    }
    this.index.observe(keyOf(cr), watches);
    return out;
  }

  /** Releases the informers (the box stopped). */
  release(): void {
    for (const lease of this.#leases.splice(0)) lease.release();
    for (const source of this.#sources.values()) source.children.release();
    this.#sources.clear();
  }
}

/** A selector with its templates rendered: the namespace looked in ('' for all) and name or labels. */
export interface Selector {
  readonly namespace: string;
  readonly name: string | undefined;
  readonly matchLabels: Readonly<Record<string, string>> | undefined;
}

/** Renders an entry's selector for `cr` (`text` renders one template); shared with `ork render`. */
export function selectorOf(
  selector: Plan['cross'][number]['selector'],
  { observed, cr }: { observed: Plan; cr: KubeObject },
  text: (t: string) => string,
): Selector {
  // the namespace of a cluster-scoped observed CRD means nothing; by default the observer's own
  const namespace =
    observed.scope === 'Namespaced'
      ? selector.namespace === undefined
        ? (cr.metadata?.namespace ?? '')
        : text(selector.namespace)
      : '';
  const labels = selector.matchLabels;
  return {
    namespace,
    name: selector.name === undefined ? undefined : text(selector.name),
    matchLabels:
      labels === undefined
        ? undefined
        : Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, text(v)])),
  };
}

/** The observed CR a selector names or chooses, and what to index for its observer. */
type Found = { observed: KubeObject | undefined; watch: Omit<CrossWatch, 'crd'> };

function lookUp(source: Source, selector: Selector): Found {
  return selector.name === undefined
    ? oldestMatch(source, selector)
    : byName(source, selector, selector.name);
}

/** The CR the selector names, when it carries the selector's labels (if any). */
function byName(source: Source, selector: Selector, name: string): Found {
  const key = selector.namespace === '' ? name : `${selector.namespace}/${name}`;
  const named = source.crs.store.get(key);
  const labels = named?.metadata?.labels ?? {};
  const fits = named !== undefined && matches(selector.matchLabels ?? {}, labels);
  return { observed: fits ? named : undefined, watch: { key } };
}

/** The oldest CR carrying the selector's labels in its namespace ('' for all). */
function oldestMatch(source: Source, selector: Selector): Found {
  const store = source.crs.store;
  const matchLabels = selector.matchLabels ?? {};
  const keys = selector.namespace === '' ? store.keys() : store.byIndex(NAMESPACE_INDEX, selector.namespace);
  let oldest: KubeObject | undefined;
  for (const key of keys) {
    const candidate = store.get(key);
    if (candidate === undefined || !matches(matchLabels, candidate.metadata?.labels ?? {})) continue;
    oldest = oldest === undefined ? candidate : older(candidate, oldest);
  }
  const labels = { namespace: selector.namespace, matchLabels };
  return { observed: oldest, watch: { key: oldest && keyOf(oldest), labels } };
}

/** The older of two CRs: by creationTimestamp (RFC 3339, sorts as text), then by key. */
export function older(a: KubeObject, b: KubeObject): KubeObject {
  const at = a.metadata?.creationTimestamp ?? '';
  const bt = b.metadata?.creationTimestamp ?? '';
  return (at !== bt ? at < bt : keyOf(a) < keyOf(b)) ? a : b;
}

/** `.cross.<as>` of a found CR: its metadata, spec, status and live children (`.children.<kind>`). */
function view(observed: KubeObject, source: Source): Record<string, unknown> {
  const value = ownerIndexValue({ katalog: source.plan.katalog, crd: source.plan.key }, observed);
  const children: KubeObject[] = [];
  for (const informer of source.children.values()) {
    for (const key of informer.store.byIndex(ORKESTRA_OWNER_INDEX, value)) {
      const child = informer.store.get(key);
      if (child !== undefined) children.push(child);
    }
  }
  return crossView(observed, children);
}

/** `.cross.<as>` of a found CR and its children; shared with `ork render`, which finds them offline. */
export function crossView(observed: KubeObject, children: readonly KubeObject[]): Record<string, unknown> {
  const data = buildTemplateData({ cr: observed, children: [...children] });
  return {
    found: true,
    metadata: data['metadata'],
    spec: data['spec'],
    status: data['status'],
    children: data['children'],
  };
}

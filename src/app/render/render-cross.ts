/**
 * `.cross` (spec §10.1) of `ork render`: a running box reads the observed CRs from its informer caches;
 * offline, the observed CRs are those given to the same render call (the CR files may hold CRs of
 * several CRDs). An observed CR that this call renders is seen as the render leaves it — the status
 * its operator would write, its children as applied over the live ones given — which is why render
 * reconciles observed CRs before their observers ({@link renderOrder}). Each lookup is reported, so a
 * child gated on `.cross` does not vanish from the output without a word.
 */
import type { KubeObject } from '../../kube/index.ts';
import { isTemplateText, type Plan } from '../../plan/index.ts';
import type { RenderFn, TemplateData } from '../../resources/index.ts';
import { crossSelectorOf, crossView, keyOf, olderCr } from '../../runtime/index.ts';

/** A CR that can be observed: as given (prepared), or as its render in this call left it. */
export interface ObservedCr {
  readonly cr: KubeObject;
  readonly children: readonly KubeObject[];
  /** True once this call has rendered it. */
  readonly rendered: boolean;
}

/** The observable CRs of one render call, by CRD key, and what each `.cross` lookup resolved to. */
export class OfflineCross {
  readonly #plans: readonly Plan[];
  readonly #byCrd = new Map<string, Map<string, ObservedCr>>();
  #lookups: string[] = [];

  constructor(plans: readonly Plan[]) {
    this.#plans = plans;
  }

  /** Makes `cr` observable as an instance of `crd` (replacing an earlier version of it). */
  offer(crd: string, observed: ObservedCr): void {
    let crs = this.#byCrd.get(crd);
    if (crs === undefined) this.#byCrd.set(crd, (crs = new Map<string, ObservedCr>()));
    crs.set(keyOf(observed.cr), observed);
  }

  /** The lookups of the reconcile since the last call, one line each; starts a fresh list. */
  takeLookups(): string[] {
    const lookups = this.#lookups;
    this.#lookups = [];
    return lookups;
  }

  /** The `cross` of the reconcile wiring for the box of `plan`. */
  resolverFor(plan: Plan): (cr: KubeObject, data: TemplateData, render: RenderFn) => Record<string, unknown> {
    return (cr, data, render) => {
      const text = (t: string): string => (isTemplateText(t) ? String(render(t, data, 'text')) : t);
      const out: Record<string, unknown> = {};
      const lookups: string[] = [];
      for (const entry of plan.cross) {
        const observedPlan = this.#plans.find((p) => p.key === entry.crd);
        if (observedPlan === undefined) {
          out[entry.as] = { found: false };
          lookups.push(`cross ${entry.as}: no CRD entry "${entry.crd}" in the Katalogs given`);
          continue;
        }
        const selector = crossSelectorOf(entry.selector, { observed: observedPlan, cr }, text);
        const found = this.#find(entry.crd, selector);
        out[entry.as] = found === undefined ? { found: false } : crossView(found.cr, found.children);
        lookups.push(`cross ${entry.as}: ${describeLookup(observedPlan, selector, found)}`);
      }
      // the last resolve of a reconcile is what it rendered with (a reconcile may resolve twice)
      this.#lookups = lookups;
      return out;
    };
  }

  /** The CR the selector names, or the oldest carrying its labels; undefined when none is given. */
  #find(crd: string, selector: ReturnType<typeof crossSelectorOf>): ObservedCr | undefined {
    let best: ObservedCr | undefined;
    for (const candidate of this.#byCrd.get(crd)?.values() ?? []) {
      if (!selects(selector, candidate.cr)) continue;
      best = best === undefined ? candidate : olderOf(candidate, best);
    }
    return best;
  }
}

/** Whether `cr` is in the selector's namespace ('' for all) and has its name and labels. */
function selects(selector: ReturnType<typeof crossSelectorOf>, cr: KubeObject): boolean {
  const meta = cr.metadata ?? {};
  if (selector.namespace !== '' && (meta.namespace ?? '') !== selector.namespace) return false;
  if (selector.name !== undefined && meta.name !== selector.name) return false;
  const labels = meta.labels ?? {};
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function olderOf(a: ObservedCr, b: ObservedCr): ObservedCr {
  return olderCr(a.cr, b.cr) === a.cr ? a : b;
}

function describeLookup(
  plan: Plan,
  selector: ReturnType<typeof crossSelectorOf>,
  found: ObservedCr | undefined,
): string {
  if (found !== undefined) {
    const phase = (found.cr['status'] as { phase?: unknown } | undefined)?.phase;
    const how = found.rendered ? 'as rendered in this call' : 'as given, not rendered';
    const status =
      phase === undefined
        ? 'no status.phase'
        : `status.phase ${typeof phase === 'string' ? phase : JSON.stringify(phase)}`;
    return `found ${plan.gvk.kind} ${keyOf(found.cr)} (${how}; ${status})`;
  }
  return `not found among the given CRs (${wanted(plan, selector)}): {found: false}`;
}

/** What a selector asked for, for the not-found line. */
function wanted(plan: Plan, selector: ReturnType<typeof crossSelectorOf>): string {
  const where = selector.namespace === '' ? '' : `${selector.namespace}/`;
  const labels = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  return selector.name !== undefined
    ? `${plan.gvk.kind} ${where}${selector.name}${labels.length > 0 ? ` with labels ${labels.join(',')}` : ''}`
    : `a ${plan.gvk.kind} in ${selector.namespace === '' ? 'any namespace' : selector.namespace} with labels ${labels.join(',') || '(any)'}`;
}

/**
 * Ranks of the entries for the render order: an entry observed through `cross` ranks below the
 * entries observing it, so its CRs render first (a cycle of observations keeps the input order).
 */
export function crossRanks(plans: readonly Plan[]): Map<string, number> {
  const ranks = new Map<string, number>();
  const visiting = new Set<string>();
  const rankOf = (key: string): number => {
    const known = ranks.get(key);
    if (known !== undefined) return known;
    const plan = plans.find((p) => p.key === key);
    if (plan === undefined || visiting.has(key)) return 0;
    visiting.add(key);
    const rank = plan.cross.reduce((max, c) => Math.max(max, rankOf(c.crd) + 1), 0);
    visiting.delete(key);
    ranks.set(key, rank);
    return rank;
  };
  for (const plan of plans) rankOf(plan.key);
  return ranks;
}

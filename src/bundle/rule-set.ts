/**
 * Collects what the runtime needs, one need at a time with the reason it is needed, and folds the
 * needs into RBAC rules: one rule per resource (and set of resourceNames) and scope, verbs in the
 * contract's order, what a broader rule already grants dropped from the narrower one, and every
 * rule sorted by group, then resource.
 */
import type { PermissionReason, Permissions, PolicyRule } from './types.ts';

/** The verbs, in the order a rule lists them (RBAC's own verbs first, then the special ones). */
const VERB_ORDER = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'escalate',
  'bind',
] as const;

/** A verb the runtime may use. */
export type Verb = (typeof VERB_ORDER)[number];

/** The whole cluster, or one namespace. */
export type Scope = { readonly cluster: true } | { readonly namespace: string };

/** One need: verbs on a resource (optionally only some names), in a scope, and why. */
export interface Need {
  readonly scope: Scope;
  readonly group: string;
  readonly resource: string;
  readonly verbs: readonly Verb[];
  readonly names?: readonly string[] | undefined;
  readonly why: string;
  /** The CRD key whose box needs it; absent for what the whole process needs. */
  readonly crd?: string | undefined;
}

/** The whole cluster. */
export const CLUSTER: Scope = { cluster: true };

interface Folded {
  readonly scope: string;
  readonly group: string;
  readonly resource: string;
  readonly names: readonly string[] | undefined;
  readonly verbs: Set<Verb>;
  /** Reason text → the CRD it is for (undefined: the whole process). */
  readonly why: Map<string, string | undefined>;
}

/** Why a rule of {@link foldNeeds} is needed: one reason per need it grants (empty for other rules). */
export function whyOf(rule: PolicyRule): readonly string[] {
  return (rule.reasons ?? []).map((reason) => reason.text);
}

const scopeKey = (scope: Scope): string => ('namespace' in scope ? scope.namespace : '');

/** Folds needs into the Permissions, each rule carrying its reasons (see {@link whyOf}). */
export function foldNeeds(needs: readonly Need[]): Permissions {
  const folded = new Map<string, Folded>();
  for (const need of needs) {
    const names = need.names === undefined ? undefined : [...new Set(need.names)].sort();
    const scope = scopeKey(need.scope);
    const key = JSON.stringify([scope, need.group, need.resource, names]);
    const entry = folded.get(key) ?? { ...need, scope, names, verbs: new Set(), why: new Map() };
    for (const verb of need.verbs) entry.verbs.add(verb);
    entry.why.set(need.why, need.crd);
    folded.set(key, entry);
  }
  const all = [...folded.values()];
  for (const entry of all) dropGranted(entry, all);
  const kept = all.filter((entry) => entry.verbs.size > 0).sort(compareFolded);
  const namespaces = [...new Set(kept.map((e) => e.scope).filter((s) => s !== ''))].sort();
  return {
    cluster: kept.filter((e) => e.scope === '').map(toRule),
    namespaced: namespaces.map((namespace) => ({
      namespace,
      rules: kept.filter((e) => e.scope === namespace).map(toRule),
    })),
  };
}

/** Removes from `entry` the verbs a broader entry grants: the whole cluster, or every name. */
function dropGranted(entry: Folded, all: readonly Folded[]): void {
  for (const other of all.filter((o) => grantsMore(o, entry))) {
    const granted = [...other.verbs].filter((verb) => entry.verbs.delete(verb));
    if (granted.length > 0) for (const [why, crd] of entry.why) other.why.set(why, crd);
  }
}

/** Whether `other` covers `entry`'s resource in a wider scope or for more names. */
function grantsMore(other: Folded, entry: Folded): boolean {
  if (other === entry || other.group !== entry.group || other.resource !== entry.resource) return false;
  const widerScope = other.scope === '' || other.scope === entry.scope;
  const widerNames = other.names === undefined || sameNames(other.names, entry.names);
  return widerScope && widerNames && (other.scope !== entry.scope || other.names !== entry.names);
}

function sameNames(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((name, i) => name === b[i]);
}

function compareFolded(a: Folded, b: Folded): number {
  const byKey = (x: Folded) => [x.group, x.resource, (x.names ?? []).join(',')] as const;
  const [ka, kb] = [byKey(a), byKey(b)];
  for (let i = 0; i < ka.length; i += 1) {
    const [x, y] = [ka[i] ?? '', kb[i] ?? ''];
    if (x !== y) return x < y ? -1 : 1; // code-unit order: the same on every machine and locale
  }
  return 0;
}

function toRule(entry: Folded): PolicyRule {
  const rule: PolicyRule = {
    apiGroups: [entry.group],
    resources: [entry.resource],
    verbs: VERB_ORDER.filter((verb) => entry.verbs.has(verb)),
  };
  if (entry.names !== undefined) rule.resourceNames = [...entry.names];
  const reasons: PermissionReason[] = [...entry.why]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([text, crd]) => (crd === undefined ? { text } : { crd, text }));
  return withReasons(rule, reasons);
}

/**
 * `rule` with why it is needed, for the start-up check. Not enumerable: JSON and YAML output, and
 * spreads, keep Kubernetes' shape.
 */
export function withReasons(rule: PolicyRule, reasons: PermissionReason[]): PolicyRule {
  Object.defineProperty(rule, 'reasons', { value: reasons, enumerable: false });
  return rule;
}

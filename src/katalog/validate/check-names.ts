/**
 * Names of children: a literal name must be one the API server accepts for its kind, and two entries of
 * one kind in a CR's desired set must not render the same name.
 */
import { formatPath } from '../diagnostics/diagnostic.ts';
import type { CrdDeclaration } from '../load/types.ts';
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  pathSegmentProblem,
  serviceNameProblem,
} from '../../util/index.ts';
import { isTemplate } from '../schema/primitives.ts';
import { RESOURCE_ALIASES, RESOURCE_KINDS } from '../schema/resource-kinds.ts';
import type { Reporter } from './report.ts';

type Path = (string | number)[];

interface Entry {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly when: readonly unknown[];
  readonly or: readonly unknown[];
  readonly forEach?: { readonly as: string } | undefined;
  readonly kind?: unknown;
  readonly apiVersion?: unknown;
}

interface Ctx {
  readonly crd: CrdDeclaration;
  readonly r: Reporter;
}

interface Seen {
  readonly path: Path;
  readonly conditional: boolean;
}

const DEFAULT_NAME = '{{ .metadata.name }}';

function kindOf(groupKey: string, entry: Entry): string {
  const canonical = (RESOURCE_ALIASES as Record<string, string>)[groupKey] ?? groupKey;
  if (canonical === 'custom') return `${String(entry.apiVersion)}/${String(entry.kind)}`;
  return (RESOURCE_KINDS as Record<string, { kind: string }>)[canonical]?.kind ?? canonical;
}

function checkForEachName(ctx: Ctx, entry: Entry, path: Path): void {
  const { crd, r } = ctx;
  if (entry.forEach === undefined) return;
  const vars = [`.${entry.forEach.as}`, '.item', '.index', '$'];
  if (vars.some((v) => entry.name.includes(v))) return;
  r.at(crd.source, [...path, entry.name === DEFAULT_NAME ? 'forEach' : 'name'], {
    code: 'name-collision',
    message: `every element of forEach would get the same name ${JSON.stringify(entry.name)}`,
    hint: `include the element in the name, e.g. "{{ .metadata.name }}-{{ .${entry.forEach.as}.name }}" or "-{{ .index }}"`,
  });
}

function report(ctx: Ctx, first: Seen, what: { path: Path; kind: string; name: string }): void {
  const { crd, r } = ctx;
  const { path } = what;
  const isDefault = what.name === DEFAULT_NAME;
  r.at(crd.source, isDefault ? path : [...path, 'name'], {
    code: 'name-collision',
    message: `two ${what.kind} entries would both be named ${JSON.stringify(what.name)} (the other is ${formatPath(first.path.slice(3))})`,
    hint: isDefault
      ? 'both use the default name {{ .metadata.name }}; give one a name, e.g. "{{ .metadata.name }}-worker"'
      : 'give each a distinct name, or gate them with mutually exclusive when conditions',
    target: 'value',
  });
}

const RBAC = new Set(['roles', 'roleBindings', 'clusterRoles', 'clusterRoleBindings']);

/** The rule the API server applies to the name of a child of this group; undefined: not known here. */
function nameRule(groupKey: string): ((name: string) => string | undefined) | undefined {
  const canonical = (RESOURCE_ALIASES as Record<string, string>)[groupKey] ?? groupKey;
  if (canonical === 'custom') return undefined;
  if (canonical === 'services') return serviceNameProblem;
  if (canonical === 'namespaces') return dnsLabelProblem;
  return RBAC.has(canonical) ? pathSegmentProblem : dnsSubdomainProblem;
}

/** A name written literally (no template) is checked now, against its kind's rule. */
function checkLiteralName(ctx: Ctx, entry: Entry, at: { key: string; path: Path }): void {
  const rule = nameRule(at.key);
  if (rule === undefined || isTemplate(entry.name)) return;
  const why = rule(entry.name);
  if (why === undefined) return;
  ctx.r.at(ctx.crd.source, [...at.path, 'name'], {
    code: 'invalid-name',
    message: `${kindOf(at.key, entry)} name ${JSON.stringify(entry.name)} would be refused by the API server: ${why}`,
    target: 'value',
  });
}

/** Checks the entries of hook groups that live together (onCreate + onReconcile, or one onDelete group). */
export function checkNameCollisions(
  crd: CrdDeclaration,
  groups: readonly { value: Record<string, unknown>; path: Path }[],
  r: Reporter,
): void {
  const ctx: Ctx = { crd, r };
  const seen = new Map<string, Seen>();
  for (const group of groups) {
    for (const [key, list] of Object.entries(group.value)) {
      if (key === 'external' || !Array.isArray(list)) continue;
      (list as Entry[]).forEach((entry, i) => {
        const path = [...group.path, key, i];
        checkForEachName(ctx, entry, path);
        checkLiteralName(ctx, entry, { key, path });
        const kind = kindOf(key, entry);
        const id = `${kind}|${entry.namespace ?? ''}|${entry.name}`;
        const conditional = entry.when.length + entry.or.length > 0;
        const first = seen.get(id);
        if (first === undefined) seen.set(id, { path, conditional });
        else if (!first.conditional && !conditional) report(ctx, first, { path, kind, name: entry.name });
      });
    }
  }
}

/** Compiles resource groups (onCreate, onReconcile, onDelete) into HookPlans in apply order. */
import { COMMON_ENTRY_KEYS, CUSTOM_ENTRY_KEYS } from '../../plan/index.ts';
import type { DeleteHookPlan, ExternalPlan, HookPlan, ResourcePlan } from '../../plan/index.ts';
import { formatPath } from '../diagnostics/diagnostic.ts';
import { locate } from '../load/source-file.ts';
import type { SourceFile } from '../load/source-file.ts';
import { parseDurationMs } from '../schema/primitives.ts';
import { RESOURCE_ALIASES, RESOURCE_KINDS } from '../schema/resource-kinds.ts';
import type { ResourceGroupKey } from '../schema/resource-kinds.ts';
import type { OperatorBox } from '../schema/katalog.ts';
import { compileConditions } from './compile-conditions.ts';

type Path = (string | number)[];
type Group = OperatorBox['onCreate'];
type Entry = Group['deployments'][number] & Record<string, unknown>;

interface HookContext {
  readonly source: SourceFile;
  readonly hook: 'onCreate' | 'onReconcile' | 'onDelete';
}

function shorthand(entry: Entry, group: ResourceGroupKey): Record<string, unknown> {
  const skip = group === 'custom' ? CUSTOM_ENTRY_KEYS : COMMON_ENTRY_KEYS;
  return Object.fromEntries(Object.entries(entry).filter(([k]) => !skip.has(k)));
}

function compileEntry(
  ctx: HookContext & { group: ResourceGroupKey },
  entry: Entry,
  path: Path,
): ResourcePlan {
  const { group } = ctx;
  const kind = RESOURCE_KINDS[group];
  const custom = group === 'custom';
  const conditions = compileConditions(entry);
  return {
    group,
    kind: custom ? String(entry['kind']) : kind.kind,
    apiVersion: custom ? String(entry['apiVersion']) : kind.apiVersion,
    clusterScoped: kind.clusterScoped,
    name: entry.name,
    namespace: entry.namespace,
    labels: entry.labels ?? {},
    annotations: entry.annotations ?? {},
    ...conditions,
    reconcile: ctx.hook === 'onReconcile' || (ctx.hook === 'onCreate' && entry.reconcile),
    forEach: entry.forEach,
    overrides: entry.overrides,
    forceConflicts: entry.forceConflicts,
    fields: shorthand(entry, group),
    entry: { ...entry, ...conditions },
    label: `${String(path.at(-2))}[${String(path.at(-1))}]`,
    path: formatPath(path),
    location: locate(ctx.source, path),
  };
}

function compileExternal(e: Group['external'][number]): ExternalPlan {
  return {
    name: e.name,
    url: e.url,
    method: e.method,
    headers: e.headers,
    body: e.body,
    expectedStatus: e.expectedStatus,
    timeoutMs: parseDurationMs(e.timeout) ?? 10_000,
    continueOnError: e.continueOnError,
    cacheForMs: e.cacheFor === undefined ? undefined : parseDurationMs(e.cacheFor),
    ...compileConditions(e),
  };
}

function entriesOf(group: Group, key: string): Entry[] {
  return ((group as unknown as Record<string, unknown[] | undefined>)[key] ?? []) as Entry[];
}

/** Compiles one resource group; aliases (`hpa`, `pdb`) join their canonical kind after it. */
export function compileGroup(ctx: HookContext, group: Group, path: Path): HookPlan {
  const resources: ResourcePlan[] = [];
  const aliasOf = new Map(Object.entries(RESOURCE_ALIASES).map(([alias, key]) => [key as string, alias]));
  for (const key of Object.keys(RESOURCE_KINDS) as ResourceGroupKey[]) {
    const sources = [key, ...(aliasOf.has(key) ? [aliasOf.get(key) ?? key] : [])];
    for (const sourceKey of sources) {
      entriesOf(group, sourceKey).forEach((entry, i) => {
        resources.push(compileEntry({ ...ctx, group: key }, entry, [...path, sourceKey, i]));
      });
    }
  }
  return { external: group.external.map(compileExternal), resources };
}

/** Compiles the three hooks of an operatorBox. */
export function compileHooks(
  source: SourceFile,
  box: OperatorBox,
  base: Path,
): { onCreate: HookPlan; onReconcile: HookPlan; onDelete: DeleteHookPlan } {
  const onDelete = box.onDelete;
  const del: HookContext = { source, hook: 'onDelete' };
  return {
    onCreate: compileGroup({ source, hook: 'onCreate' }, box.onCreate, [...base, 'onCreate']),
    onReconcile: compileGroup({ source, hook: 'onReconcile' }, box.onReconcile, [...base, 'onReconcile']),
    onDelete: {
      ...compileGroup(del, onDelete, [...base, 'onDelete']),
      ordered: onDelete.ordered,
      groups: onDelete.groups.map((g, i) => compileGroup(del, g, [...base, 'onDelete', 'groups', i])),
      timeoutMs: parseDurationMs(onDelete.timeout) ?? 300_000,
    },
  };
}

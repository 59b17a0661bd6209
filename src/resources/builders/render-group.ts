/**
 * A compiled hook (onCreate, onReconcile, onDelete: a HookPlan, its entries already in apply order) → the
 * desired children (spec §4.1, §4.3): forEach expansion, `when`/`or` filtering per element, one manifest
 * per surviving element, and the policy the runtime applies to each (enforced every cycle or created once).
 */
import { parseDurationMs } from '../../util/index.ts';
import type { EntryBase, ResourcePlan, SecretEntry } from '../../plan/index.ts';
import type { ResourceGroupKey } from '../../plan/index.ts';
import { childKey, describeChild } from '../child-key.ts';
import { stampDesiredHash } from '../compare/desired-hash.ts';
import { passesConditions } from '../condition/evaluate-condition.ts';
import { assertApiNames } from './api-names.ts';
import { ChildConflictError } from '../errors.ts';
import type { Manifest, RenderFn, TemplateData } from '../types.ts';
import { buildChild } from './build-child.ts';
import type { ScopeLookup } from './build-child.ts';
import { DEFAULT_MAX_CHILDREN, expandForEach } from './for-each.ts';
import type { ChildBudget, EntryWhere } from './for-each.ts';
import type { ChildOrigin } from './labels.ts';
import { renderText } from './render-fields.ts';
import type { RenderScope } from './render-fields.ts';

/** The hook a group belongs to. */
export type Hook = 'onCreate' | 'onReconcile' | 'onDelete';

/** `enforce`: applied every cycle and pruned when no longer desired; `createOnly`: created when missing. */
export type ChildMode = 'enforce' | 'createOnly';

/** What the runtime must do for a Secret beyond applying it (spec §4.1 `once`, `rotateAfter`, `tls`). */
export interface SecretPolicy {
  /** Create if missing, never update. */
  readonly once: boolean;
  /** With `once`: regenerate when older than this (age in annotation `orkestra.orkspace.io/generated-at`). */
  readonly rotateAfterMs?: number | undefined;
  /** Generate a key and a server certificate into `tls.crt`/`tls.key`/`ca.crt` (the runtime does it). */
  readonly tls?: TlsPolicy | undefined;
}

/** The certificate of a `tls` Secret, its templates rendered. */
export interface TlsPolicy {
  readonly commonName: string;
  readonly dnsNames: string[];
  readonly validForMs: number;
  /** The CA Secret (in the Secret's namespace) to sign with; undefined: self-signed. */
  readonly ca?: { readonly secretName: string } | undefined;
}

/** One desired child and how to apply it. */
export interface DesiredChild {
  readonly manifest: Manifest;
  readonly hook: Hook;
  /** The canonical group key. */
  readonly group: ResourceGroupKey;
  /** Where it was declared, e.g. `onReconcile.deployments[0]` (for messages and events). */
  readonly entry: string;
  readonly mode: ChildMode;
  /** Server-Side Apply: take ownership of conflicting fields. */
  readonly forceConflicts: boolean;
  /** Secrets only. */
  readonly secret?: SecretPolicy | undefined;
}

/** What rendering reads of a HookPlan's resources (a HookPlan fits). */
export interface RenderHook {
  /** The entries, in apply order (where they are written, for messages, when known). */
  readonly resources: readonly (Pick<ResourcePlan, 'group' | 'label' | 'entry'> &
    Partial<Pick<ResourcePlan, 'path' | 'location'>>)[];
}

/** Input of {@link renderGroup}. */
export interface GroupRequest {
  readonly hook: Hook;
  /** The compiled hook (or one of onDelete's ordered groups). */
  readonly group: RenderHook;
  /** The data context (spec §6.2). */
  readonly data: TemplateData;
  readonly render: RenderFn;
  readonly origin: ChildOrigin;
  /** Scope of custom kinds. @default namespaced */
  readonly isClusterScoped?: ScopeLookup | undefined;
  /** Children the CR may render (the Plan's maxChildren). @default DEFAULT_MAX_CHILDREN */
  readonly maxChildren?: number | undefined;
  /** The count shared with the other hooks of the same render (renderDesiredChildren). */
  readonly childBudget?: ChildBudget | undefined;
}

const ONE_YEAR_MS = 365 * 86_400_000;

function modeOf(hook: Hook, group: ResourceGroupKey, entry: EntryBase): ChildMode {
  if (group === 'jobs' || hook === 'onDelete') return 'createOnly';
  if (group === 'secrets' && (entry as SecretEntry).once === true) return 'createOnly';
  return hook === 'onReconcile' || entry.reconcile === true ? 'enforce' : 'createOnly';
}

function secretPolicy(entry: SecretEntry, scope: RenderScope): SecretPolicy {
  const tls = entry.tls;
  return {
    once: entry.once === true,
    rotateAfterMs: entry.rotateAfter === undefined ? undefined : parseDurationMs(entry.rotateAfter),
    tls:
      tls === undefined
        ? undefined
        : {
            commonName: renderText(tls.commonName, 'tls.commonName', scope),
            dnsNames: (tls.dnsNames ?? []).map((name, i) => renderText(name, `tls.dnsNames.${i}`, scope)),
            validForMs: parseDurationMs(tls.validFor ?? '1y') ?? ONE_YEAR_MS,
            ...(tls.ca === undefined ? {} : { ca: { secretName: tls.ca.secretName } }),
          },
  };
}

interface EntryJob {
  readonly request: GroupRequest;
  readonly group: ResourceGroupKey;
  readonly label: string;
  readonly where: EntryWhere;
  readonly budget: ChildBudget;
}

function renderEntry(job: EntryJob, entry: EntryBase): DesiredChild[] {
  const { request, group } = job;
  const mode = modeOf(request.hook, group, entry);
  const out: DesiredChild[] = [];
  for (const data of expandForEach(entry, request.data, job)) {
    const scope = { data, render: request.render };
    if (!passesConditions(entry, scope)) continue;
    const built = buildChild({
      group,
      entry,
      scope,
      origin: request.origin,
      enforced: mode === 'enforce',
      ownerReference: !(request.hook === 'onDelete' && group === 'jobs'),
      isClusterScoped: request.isClusterScoped,
    });
    assertApiNames(built, { entry: job.label, group });
    const manifest = stampDesiredHash(built);
    const secret = group === 'secrets' ? secretPolicy(entry, scope) : undefined;
    const forceConflicts = entry.forceConflicts ?? true;
    out.push({ manifest, hook: request.hook, group, entry: job.label, mode, forceConflicts, secret });
  }
  return out;
}

/** Throws when two children share a kind, namespace and name. */
export function assertDistinct(children: readonly DesiredChild[]): void {
  const seen = new Map<string, DesiredChild>();
  for (const child of children) {
    const key = childKey(child.manifest);
    const first = seen.get(key);
    if (first !== undefined)
      throw new ChildConflictError(describeChild(child.manifest), [first.entry, child.entry]);
    seen.set(key, child);
  }
}

/**
 * Renders a compiled hook into its desired children, in the hook's apply order (namespaces and RBAC
 * first). Its HTTP calls (`external`) are not resources; onDelete's ordered `groups` are rendered by the
 * runtime, each with its own call.
 * @throws RenderValueError, ConditionError, ChildConflictError when two children collide, or
 * ChildLimitError when the CR would render more than its maxChildren (checked before building them).
 */
export function renderGroup(request: GroupRequest): DesiredChild[] {
  const children: DesiredChild[] = [];
  const budget = request.childBudget ?? { rendered: 0, max: request.maxChildren ?? DEFAULT_MAX_CHILDREN };
  for (const resource of request.group.resources) {
    const label = `${request.hook}.${resource.label}`;
    const where = { label, path: resource.path, location: resource.location };
    children.push(...renderEntry({ request, group: resource.group, label, where, budget }, resource.entry));
  }
  assertDistinct(children);
  return children;
}

/** The hooks rendered on every reconcile (onDelete runs only at deletion). */
export interface DesiredHooks {
  readonly onCreate: RenderHook;
  readonly onReconcile: RenderHook;
}

/**
 * Renders onCreate then onReconcile into one list of desired children (spec §5 step 5). The children with
 * mode `enforce` form the desired set that pruning keeps (spec §4.3).
 * @throws as {@link renderGroup}; ChildConflictError also when the two hooks produce the same object.
 */
export function renderDesiredChildren(
  hooks: DesiredHooks,
  request: Omit<GroupRequest, 'hook' | 'group' | 'childBudget'>,
): DesiredChild[] {
  const childBudget = { rendered: 0, max: request.maxChildren ?? DEFAULT_MAX_CHILDREN };
  const children = [
    ...renderGroup({ ...request, childBudget, hook: 'onCreate', group: hooks.onCreate }),
    ...renderGroup({ ...request, childBudget, hook: 'onReconcile', group: hooks.onReconcile }),
  ];
  assertDistinct(children);
  return children;
}

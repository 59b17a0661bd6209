/**
 * The permissions a Katalog's runtime needs, derived from its compiled Plans — what `ork run` runs —
 * and how it is started. Each need mirrors one code path of the runtime; the comment on each says
 * which, so a change there is a change here:
 * - CR informers (`runtime/operator/cr-scope.ts`): list and watch per watched namespace or cluster-wide;
 *   finalizers, the child-types annotation and normalize as merge patches (`kube-writer.ts`); the
 *   status as a patch of the status subresource; children's owner references set blockOwnerDeletion,
 *   which the OwnerReferencesPermissionEnforcement admission plugin checks as update on `finalizers`.
 * - child informers (`child-informers.ts`): one per child kind for the whole cluster, selected on the
 *   managed-by label; children written with server-side apply (a patch; one that makes the object is
 *   also authorised as a create) and deleted when pruned or released.
 * - Events (`kube/events.ts`): core/v1, created, then patched to count repeats; in the CR's namespace,
 *   or `default` for a cluster-scoped object (a cluster-scoped CR, the CRD autoscale reports on).
 * - Secrets read by name (`ca-secrets.ts`): a `tls` Secret's CA, an external call's header values.
 * - cross (`cross-observer.ts`): the observed CRD's CRs and its child kinds, cluster-wide.
 * - autoscale (`box-autoscale.ts`): the box's CRD is read once, Events are recorded on it.
 * - leader election (`runtime/leader/kube-lease-store.ts`): the Lease, read, watched, created, replaced.
 * - webhooks (`webhooks/`): the certificate Secret (read, created, replaced), the webhook configurations
 *   applied (and deleted on a clean stop with deletion protection), a converted CRD read and patched.
 */
import { isTemplateText, type Plan, type ResourcePlan } from '../plan/index.ts';
import { crResource, kindResolver, UnknownKindError, type KindResource } from './kinds.ts';
import { CLUSTER, foldNeeds, type Need, type Scope, type Verb } from './rule-set.ts';
import type { PermissionInput, Permissions } from './types.ts';
import { runtimeNeeds } from './runtime-needs.ts';

export { whyOf } from './rule-set.ts';
export { UnknownKindError } from './kinds.ts';

type Resolve = (apiVersion: string, kind: string) => KindResource;

interface Context {
  readonly plans: readonly Plan[];
  readonly resolve: Resolve;
}

/**
 * Every rule the runtime of these Plans needs, started as `input` says.
 * @throws UnknownKindError when a child kind's resource cannot be known offline (the message names
 *   the CRD, the entry and the kind)
 */
export function requiredPermissions(input: PermissionInput): Permissions {
  const context = { plans: input.plans, resolve: kindResolver(input.plans) };
  const enabled = input.plans.filter((plan) => plan.enabled);
  const needs = enabled.flatMap((plan) =>
    [
      ...crNeeds(plan),
      ...eventNeeds(plan),
      ...childNeeds(plan, context),
      ...secretNeeds(plan),
      ...crossNeeds(plan, context),
      ...autoscaleNeeds(plan),
    ].map((need) => ({ ...need, crd: plan.key })),
  );
  return foldNeeds([...needs, ...runtimeNeeds(input)]);
}

/** The namespaces whose CRs a box watches, or undefined for all (as runtime/operator/cr-scope.ts). */
export function watchedNamespaces(plan: Plan): readonly string[] | undefined {
  const listed = plan.namespaces;
  if (plan.scope !== 'Namespaced' || listed === undefined || listed.length === 0) return undefined;
  return [...new Set(listed)];
}

function crScopes(plan: Plan): Scope[] {
  return watchedNamespaces(plan)?.map((namespace) => ({ namespace })) ?? [CLUSTER];
}

function crNeeds(plan: Plan): Need[] {
  const { group, resource } = crResource(plan);
  const crd = `crd ${plan.key}`;
  return crScopes(plan).flatMap((scope) => [
    { scope, group, resource, verbs: ['list', 'watch'], why: `the CRs of ${crd} (watched)` },
    {
      scope,
      group,
      resource,
      verbs: ['patch'],
      why: `the CRs of ${crd} (finalizer, child types annotation and normalize patches)`,
    },
    { scope, group, resource: `${resource}/status`, verbs: ['patch'], why: `the status of ${crd}'s CRs` },
    {
      scope,
      group,
      resource: `${resource}/finalizers`,
      verbs: ['update'],
      why: `the owner references of ${crd}'s children block their CR's deletion`,
    },
  ]);
}

function eventNeeds(plan: Plan): Need[] {
  const scopes = plan.scope === 'Cluster' ? [{ namespace: 'default' }] : crScopes(plan);
  const why = `Events about the CRs of crd ${plan.key}`;
  return scopes.map((scope) => ({ scope, group: '', resource: 'events', verbs: ['create', 'patch'], why }));
}

/** Every resource entry of a Plan's hooks. */
function entriesOf(plan: Plan): ResourcePlan[] {
  const { onCreate, onReconcile, onDelete } = plan.hooks;
  return [onCreate, onReconcile, onDelete, ...onDelete.groups].flatMap((hook) => hook.resources);
}

function resolveEntry(plan: Plan, entry: ResourcePlan, resolve: Resolve): KindResource {
  try {
    return resolve(entry.apiVersion, entry.kind);
  } catch (error) {
    if (!(error instanceof UnknownKindError)) throw error;
    throw new UnknownKindError(`crd ${plan.key}: ${entry.path}: ${error.message}`);
  }
}

function childNeeds(plan: Plan, context: Context): Need[] {
  return entriesOf(plan).flatMap((entry) => {
    const kind = resolveEntry(plan, entry, context.resolve);
    const what = `child kind ${entry.kind} of crd ${plan.key}`;
    const scopes = writeScopes(plan, entry, kind);
    const child = { group: kind.group, resource: kind.resource };
    return [
      { scope: CLUSTER, ...child, verbs: ['list', 'watch'] as Verb[], why: `${what} (watched)` },
      ...scopes.map((scope) => ({
        scope,
        ...child,
        // server-side apply is a patch, and the API server also asks for create when it makes the object
        verbs: ['create', 'patch', 'delete'] as Verb[],
        why: `${what} (applied, pruned)`,
      })),
      ...rbacNeeds(entry.kind, scopes, what),
    ];
  });
}

/**
 * Where an entry writes: a cluster-scoped kind or a templated namespace anywhere; a fixed namespace
 * there; the CR's own namespace in each watched namespace (all of them when none is listed).
 */
function writeScopes(plan: Plan, entry: ResourcePlan, kind: KindResource): Scope[] {
  if (!kind.namespaced) return [CLUSTER];
  if (entry.namespace !== undefined) {
    return isTemplateText(entry.namespace) ? [CLUSTER] : [{ namespace: entry.namespace }];
  }
  return crScopes(plan);
}

const RBAC = 'rbac.authorization.k8s.io';

/**
 * Writing RBAC objects whose rules come from templates: the API server lets a Role be written only by
 * who holds its rules or may `escalate`, and a binding only by who may `bind` the role it names.
 */
function rbacNeeds(kind: string, scopes: readonly Scope[], what: string): Need[] {
  const why = `${what} (its rules and role are the Katalog's)`;
  const need = (resource: string, verb: Verb, where: readonly Scope[]): Need[] =>
    where.map((scope) => ({ scope, group: RBAC, resource, verbs: [verb], why }));
  switch (kind) {
    case 'Role':
      return need('roles', 'escalate', scopes);
    case 'RoleBinding':
      return [...need('roles', 'bind', scopes), ...need('clusterroles', 'bind', scopes)];
    case 'ClusterRole':
      return need('clusterroles', 'escalate', [CLUSTER]);
    case 'ClusterRoleBinding':
      return need('clusterroles', 'bind', [CLUSTER]);
    default:
      return [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Secrets a box watches by name (as runtime/operator/ca-secrets.ts): tls CAs, external headers. */
function secretNamesOf(plan: Plan): string[] {
  const names = new Set<string>();
  for (const entry of entriesOf(plan)) {
    const tls = entry.group === 'secrets' ? entry.fields['tls'] : undefined;
    const name = isRecord(tls) && isRecord(tls['ca']) ? tls['ca']['secretName'] : undefined;
    if (typeof name === 'string') names.add(name);
  }
  const { onCreate, onReconcile, onDelete } = plan.hooks;
  const calls = [onCreate, onReconcile, onDelete, ...onDelete.groups].flatMap((hook) => hook.external);
  for (const value of calls.flatMap((call) => Object.values(call.headers))) {
    if (typeof value !== 'string') names.add(value.secretKeyRef.name);
  }
  return [...names];
}

function secretNeeds(plan: Plan): Need[] {
  const names = secretNamesOf(plan);
  if (names.length === 0) return [];
  const why = `Secrets crd ${plan.key} reads by name (a tls CA, an external call's headers)`;
  return [{ scope: CLUSTER, group: '', resource: 'secrets', verbs: ['list', 'watch'], names, why }];
}

function crossNeeds(plan: Plan, context: Context): Need[] {
  return [...new Set(plan.cross.map((c) => c.crd))].flatMap((key) => {
    const observed = context.plans.find((p) => p.key === key);
    if (observed === undefined) {
      throw new UnknownKindError(`crd ${plan.key}: cross: no CRD "${key}" among the Katalog's CRDs`);
    }
    const why = `crd ${plan.key} observes crd ${key} (cross)`;
    const { group, resource } = crResource(observed);
    const children = entriesOf(observed)
      .filter((entry) => !isTemplateText(entry.apiVersion) && !isTemplateText(entry.kind))
      .map((entry) => resolveEntry(observed, entry, context.resolve));
    return [{ group, resource }, ...children].map((r) => ({
      scope: CLUSTER,
      group: r.group,
      resource: r.resource,
      verbs: ['list', 'watch'] as Verb[],
      why,
    }));
  });
}

function autoscaleNeeds(plan: Plan): Need[] {
  if (plan.autoscale === undefined) return [];
  const why = `crd ${plan.key}'s autoscaler records Events on its CRD`;
  return [
    {
      scope: CLUSTER,
      group: 'apiextensions.k8s.io',
      resource: 'customresourcedefinitions',
      verbs: ['get'],
      names: [`${plan.plural}.${plan.gvk.group}`],
      why,
    },
    { scope: { namespace: 'default' }, group: '', resource: 'events', verbs: ['create', 'patch'], why },
  ];
}

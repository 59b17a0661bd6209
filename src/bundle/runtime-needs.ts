/**
 * What the runtime process needs besides its boxes: the Lease of leader election and the webhooks'
 * certificate Secret, configurations and converted CRDs. The names repeat how `app/run` and
 * `webhooks/` name these objects (the bundle is pure and below both layers); permissions.test.ts
 * pins them.
 */
import type { Plan } from '../plan/index.ts';
import { CLUSTER, type Need } from './rule-set.ts';
import type { PermissionInput } from './types.ts';

const ADMISSION = 'admissionregistration.k8s.io';

/** The Katalog's name as `ork run` computes it: every document's, joined by `+`. */
export function katalogNameOf(plans: readonly Plan[]): string {
  return [...new Set(plans.map((plan) => plan.katalog))].join('+');
}

/** `orkestra-<katalog>-<what>` made a valid object name (webhooks/protection/configuration.ts). */
function protectionConfigurationName(katalogName: string, what: string): string {
  const katalog = katalogName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `orkestra-${katalog === '' ? 'katalog' : katalog}-${what}`.slice(0, 253);
}

/** The process-wide needs of a run started as `input` says. */
export function runtimeNeeds(input: PermissionInput): Need[] {
  const name = katalogNameOf(input.plans);
  const plans = input.plans.filter((plan) => plan.enabled);
  const { admission, conversion, protection } = input.webhooks;
  return [
    ...(input.leaderElection ? leaseNeeds(name, input.namespace) : []),
    ...(admission || conversion || protection ? certificateNeeds(name, input.namespace) : []),
    ...configurationNeeds(name, plans, input.webhooks),
    ...(conversion ? conversionNeeds(plans) : []),
  ];
}

function leaseNeeds(katalogName: string, namespace: string): Need[] {
  const why = 'the Lease of leader election';
  const lease = { scope: { namespace }, group: 'coordination.k8s.io', resource: 'leases', why };
  return [
    { ...lease, verbs: ['get', 'watch', 'update'], names: [`orkestra-${katalogName}`] },
    // a create names no object in its URL: RBAC cannot narrow it to one name
    { ...lease, verbs: ['create'] },
  ];
}

function certificateNeeds(katalogName: string, namespace: string): Need[] {
  const why = "the webhooks' certificate Secret";
  const secret = { scope: { namespace }, group: '', resource: 'secrets', why };
  return [
    { ...secret, verbs: ['get', 'update'], names: [`orkestra-${katalogName}-webhook-tls`] },
    { ...secret, verbs: ['create'] },
  ];
}

/** Which admission configurations the runtime registers (webhooks/admission/feature.ts). */
function admissionNames(katalogName: string, plans: readonly Plan[]) {
  const mutates = (p: Plan) => (p.mutation?.rules.length ?? 0) > 0;
  const validatesInMutation = (p: Plan) => p.mutation?.mutateFirst === false && mutates(p);
  const validates = (p: Plan) => p.validation.length > 0 && !validatesInMutation(p);
  return {
    mutating: plans.some(mutates) ? [`orkestra-${katalogName}-mutate`] : [],
    validating: plans.some(validates) ? [`orkestra-${katalogName}-validate`] : [],
  };
}

function configurationNeeds(
  katalogName: string,
  plans: readonly Plan[],
  webhooks: PermissionInput['webhooks'],
): Need[] {
  const { mutating, validating } = webhooks.admission
    ? admissionNames(katalogName, plans)
    : { mutating: [], validating: [] };
  const protections = webhooks.protection
    ? ['deletion-protection', 'namespace-protection'].map((w) => protectionConfigurationName(katalogName, w))
    : [];
  // deletion protection's cleanupOnShutdown removes every configuration the runtime registered
  const verbs = webhooks.protection ? (['patch', 'delete'] as const) : (['patch'] as const);
  const why = 'the webhook configurations the runtime registers';
  // applied with server-side apply: a patch by name, authorised as a create (by no name) the first time
  const need = (resource: string, names: string[]): Need[] =>
    names.length === 0
      ? []
      : [
          { scope: CLUSTER, group: ADMISSION, resource, verbs, names, why },
          { scope: CLUSTER, group: ADMISSION, resource, verbs: ['create'], why },
        ];
  return [
    ...need('mutatingwebhookconfigurations', mutating),
    ...need('validatingwebhookconfigurations', [...validating, ...protections]),
  ];
}

function conversionNeeds(plans: readonly Plan[]): Need[] {
  const names = plans.filter((p) => p.conversion !== undefined).map((p) => `${p.plural}.${p.gvk.group}`);
  if (names.length === 0) return [];
  const why = "the conversion webhook's CRDs (checked, then their spec.conversion applied)";
  const group = 'apiextensions.k8s.io';
  return [
    { scope: CLUSTER, group, resource: 'customresourcedefinitions', verbs: ['get', 'patch'], names, why },
  ];
}

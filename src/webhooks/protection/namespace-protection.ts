/**
 * Namespace protection at apply time (spec §11, `security.namespaceProtection`): the API server asks
 * the runtime before it stores a CR of the Katalog's CRDs in a restricted namespace, and the runtime
 * refuses with why. The reconcile-time half — children never created there — is the reconciler's
 * (it reads the restricted namespaces from the Plan).
 *
 * The configuration sends only the CREATE and UPDATE of the Katalog's namespaced CRDs in the
 * restricted namespaces; the handler checks both again. An UPDATE of a CR being deleted is let
 * through: a CR stored there before the protection was on must still lose its finalizers and go.
 */
import type { Plan } from '../../plan/index.ts';
import type { WebhookFeature } from '../feature.ts';
import type { AdmissionHandler, AdmissionRequest } from '../reviews.ts';
import {
  ADMISSION_REGISTRATION,
  ALLOWED,
  configurationName,
  forbidden,
  PROTECTION_WEBHOOK,
  type ProtectionInput,
} from './configuration.ts';

/** The path the API server posts CRs of restricted namespaces to. */
export const NAMESPACE_PROTECTION_PATH = '/namespace-protection';

/** What one runtime keeps out of which namespaces. */
export interface RestrictedCustomResources {
  readonly katalogName: string;
  readonly namespaces: ReadonlySet<string>;
  /** The Katalog's namespaced CRDs, as `<group>/<plural>`. */
  readonly resources: ReadonlySet<string>;
}

/** The namespaced Plans: a cluster-scoped CR lives in no namespace. */
function namespaced(plans: readonly Plan[]): Plan[] {
  return plans.filter((p) => p.scope === 'Namespaced');
}

/** What a run keeps out of its restricted namespaces. */
export function restrictedCustomResources(
  katalogName: string,
  plans: readonly Plan[],
  namespaces: readonly string[],
): RestrictedCustomResources {
  return {
    katalogName,
    namespaces: new Set(namespaces),
    resources: new Set(namespaced(plans).map((p) => `${p.gvk.group}/${p.plural}`)),
  };
}

function nameOf(request: AdmissionRequest): string {
  if (request.name !== undefined && request.name !== '') return request.name;
  const metadata = request.object?.metadata;
  return metadata?.name ?? `${metadata?.generateName ?? ''}…`;
}

/** True when the request writes a CR of the Katalog (not a subresource) into a restricted namespace. */
function writesRestricted(request: AdmissionRequest, restricted: RestrictedCustomResources): boolean {
  const { group, resource } = request.resource;
  return (
    (request.operation === 'CREATE' || request.operation === 'UPDATE') &&
    (request.subResource ?? '') === '' &&
    restricted.namespaces.has(request.namespace ?? '') &&
    restricted.resources.has(`${group}/${resource}`)
  );
}

/** Why the request stores a CR in a restricted namespace; undefined when it does not. */
export function namespaceRefusal(
  request: AdmissionRequest,
  restricted: RestrictedCustomResources,
): string | undefined {
  if (!writesRestricted(request, restricted)) return undefined;
  // a CR stored there before the protection was on must still lose its finalizers and go
  if (request.oldObject?.metadata?.deletionTimestamp !== undefined) return undefined;
  const namespace = request.namespace ?? '';
  return (
    `orkestra: ${request.kind.kind} ${namespace}/${nameOf(request)} is refused: the namespace ` +
    `${namespace} is restricted by the Katalog ${restricted.katalogName} ` +
    '(security.namespaceProtection.restrictedNamespaces); create it in another namespace'
  );
}

/** The handler: denies a CR in a restricted namespace, allows everything else. */
export function namespaceHandler(restricted: RestrictedCustomResources): AdmissionHandler {
  return (request) => {
    const refusal = namespaceRefusal(request, restricted);
    return refusal === undefined ? ALLOWED : forbidden(refusal);
  };
}

/** One rule per API group of the namespaced Plans. */
function rules(plans: readonly Plan[]): unknown[] {
  const byGroup = new Map<string, string[]>();
  for (const plan of namespaced(plans)) {
    const plurals = byGroup.get(plan.gvk.group) ?? [];
    if (!plurals.includes(plan.plural)) plurals.push(plan.plural);
    byGroup.set(plan.gvk.group, plurals);
  }
  return [...byGroup].map(([group, plurals]) => ({
    apiGroups: [group],
    apiVersions: ['*'],
    operations: ['CREATE', 'UPDATE'],
    resources: plurals,
    scope: 'Namespaced',
  }));
}

/**
 * The namespace protection feature, or undefined when `security.namespaceProtection` is off, names
 * no namespace, or the Katalog has no namespaced CRD.
 */
export function namespaceProtection(input: ProtectionInput): WebhookFeature | undefined {
  const { enabled, restrictedNamespaces } = input.security.namespaceProtection;
  if (!enabled || restrictedNamespaces.length === 0 || namespaced(input.plans).length === 0) return undefined;
  const restricted = restrictedCustomResources(input.katalogName, input.plans, restrictedNamespaces);
  return {
    name: 'namespace-protection',
    routes: new Map([
      [NAMESPACE_PROTECTION_PATH, { review: 'admission', handle: namespaceHandler(restricted) }],
    ]),
    registrations: ({ clientConfig, caBundle }) => [
      {
        apiVersion: ADMISSION_REGISTRATION,
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: configurationName(input.katalogName, 'namespace-protection') },
        webhooks: [
          {
            name: 'crs.namespace-protection.orkestra.orkspace.io',
            ...PROTECTION_WEBHOOK,
            clientConfig: { ...clientConfig(NAMESPACE_PROTECTION_PATH), caBundle },
            rules: rules(input.plans),
            namespaceSelector: {
              matchExpressions: [
                { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...restrictedNamespaces] },
              ],
            },
          },
        ],
      },
    ],
  };
}

/**
 * Deletion protection (spec §11, `security.deletionProtection`): the API server asks the runtime
 * before it deletes the Katalog's CRDs (deleting a CRD deletes every CR stored under it), the
 * runtime's own Deployment, Service and Ingress when it runs in a pod, and any object labelled
 * `orkestra.orkspace.io/deletion-protection: "true"`; the runtime refuses with what is protected and
 * how to lift the protection.
 *
 * The configuration narrows what the API server sends (match conditions on the CRD names, an object
 * selector on the label, a namespace selector and a name for the runtime's objects); the handler
 * checks again on its own, so a broader configuration — an older one, or one edited by hand — never
 * denies more than this. The API server never sends the DELETE of webhook configurations (nor of
 * admission policies) to a webhook, so the label does not protect those.
 */
import type { Plan } from '../../plan/index.ts';
import type { WebhookEndpoint } from '../endpoint.ts';
import type { WebhookFeature } from '../feature.ts';
import type { AdmissionHandler, AdmissionRequest } from '../reviews.ts';
import {
  ADMISSION_REGISTRATION,
  ALLOWED,
  celString,
  configurationName,
  forbidden,
  PROTECTION_WEBHOOK,
  type ProtectionInput,
} from './configuration.ts';

/** The label that protects an object from deletion. */
export const DELETION_PROTECTION_LABEL = 'orkestra.orkspace.io/deletion-protection';

/** The path the API server posts deletions to. */
export const DELETION_PROTECTION_PATH = '/deletion-protection';

const CRD_GROUP = 'apiextensions.k8s.io';

/** The runtime's own objects, by API group and resource (the kinds name them in messages). */
const RUNTIME_RESOURCES = [
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
  { group: '', version: 'v1', resource: 'services', kind: 'Service' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress' },
] as const;

/** What one runtime protects. */
export interface ProtectedObjects {
  readonly katalogName: string;
  /** Names of the protected CRDs (`<plural>.<group>`). */
  readonly crds: ReadonlySet<string>;
  /**
   * The runtime's own objects in a pod: the Service the API server reaches it through, and the
   * Deployment and Ingress of the same name (the bundle names them alike and labels them too).
   */
  readonly runtime: { readonly namespace: string; readonly name: string } | undefined;
}

/** The CRD name of a Plan. */
export function crdNameOf(plan: Plan): string {
  return `${plan.plural}.${plan.gvk.group}`;
}

/** What a run protects, from the enabled Plans and where the API server reaches the runtime. */
export function protectedObjects(
  katalogName: string,
  plans: readonly Plan[],
  endpoint: WebhookEndpoint | undefined,
): ProtectedObjects {
  return {
    katalogName,
    crds: new Set(plans.map(crdNameOf)),
    runtime:
      endpoint?.kind === 'service' ? { namespace: endpoint.namespace, name: endpoint.name } : undefined,
  };
}

/** The request's namespace, or '' for a cluster-scoped object. */
function namespaceOf(request: AdmissionRequest): string {
  return request.namespace ?? '';
}

/** `Kind namespace/name`, for messages. */
function describeRequest(request: AdmissionRequest): string {
  const kind = request.kind.kind === '' ? request.resource.resource : request.kind.kind;
  const name = request.name ?? request.oldObject?.metadata?.name ?? '';
  const namespace = namespaceOf(request);
  return `${kind} ${namespace === '' ? '' : `${namespace}/`}${name}`;
}

/** The kubectl command that removes the label (`deployments.apps x -n ns`). */
function unlabelCommand(request: AdmissionRequest): string {
  const { group, resource } = request.resource;
  const namespace = namespaceOf(request);
  const type = group === '' ? resource : `${resource}.${group}`;
  return (
    `kubectl label ${type} ${request.name ?? ''}${namespace === '' ? '' : ` -n ${namespace}`} ` +
    `${DELETION_PROTECTION_LABEL}-`
  );
}

function isCrd(request: AdmissionRequest, crds: ReadonlySet<string>): boolean {
  const { group, resource } = request.resource;
  return group === CRD_GROUP && resource === 'customresourcedefinitions' && crds.has(request.name ?? '');
}

function isRuntimeObject(request: AdmissionRequest, runtime: ProtectedObjects['runtime']): boolean {
  if (runtime === undefined) return false;
  const { group, resource } = request.resource;
  return (
    RUNTIME_RESOURCES.some((r) => r.group === group && r.resource === resource) &&
    request.namespace === runtime.namespace &&
    request.name === runtime.name
  );
}

function isLabelled(request: AdmissionRequest): boolean {
  return request.oldObject?.metadata?.labels?.[DELETION_PROTECTION_LABEL] === 'true';
}

/** Why the request deletes a protected object and how to lift it; undefined when it does not. */
export function deletionRefusal(request: AdmissionRequest, objects: ProtectedObjects): string | undefined {
  const what = describeRequest(request);
  const katalog = `the Katalog ${objects.katalogName}`;
  const lift =
    `turn security.deletionProtection off and restart the runtime, or delete the ` +
    `ValidatingWebhookConfiguration ${configurationName(objects.katalogName, 'deletion-protection')}`;
  if (isCrd(request, objects.crds)) {
    return (
      `orkestra: ${what} is protected from deletion by ${katalog} (security.deletionProtection): ` +
      `deleting it would delete every resource stored under it. To delete it, ${lift}`
    );
  }
  if (isRuntimeObject(request, objects.runtime)) {
    return `orkestra: ${what} runs ${katalog} and is protected from deletion (security.deletionProtection). To remove the runtime, ${lift}`;
  }
  if (isLabelled(request)) {
    return (
      `orkestra: ${what} is labelled ${DELETION_PROTECTION_LABEL}=true and protected from deletion by ` +
      `${katalog}. To delete it, remove the label first: ${unlabelCommand(request)}`
    );
  }
  return undefined;
}

/** The handler: denies the DELETE of a protected object, allows everything else. */
export function deletionHandler(objects: ProtectedObjects): AdmissionHandler {
  return (request) => {
    if (request.operation !== 'DELETE') return ALLOWED;
    const refusal = deletionRefusal(request, objects);
    return refusal === undefined ? ALLOWED : forbidden(refusal);
  };
}

const DELETE = ['DELETE'];

/** The CRDs' webhook: the API server calls the runtime for these CRDs only, not for every CRD. */
function crdWebhook(crds: readonly string[], common: object): unknown {
  return {
    name: 'crds.deletion-protection.orkestra.orkspace.io',
    ...common,
    rules: [
      {
        apiGroups: [CRD_GROUP],
        apiVersions: ['v1'],
        operations: DELETE,
        resources: ['customresourcedefinitions'],
        scope: 'Cluster',
      },
    ],
    matchConditions: [
      { name: 'protected-crds', expression: `request.name in [${crds.map(celString).join(', ')}]` },
    ],
  };
}

/** The runtime's own objects' webhook: its namespace and its name only. */
function runtimeWebhook(runtime: NonNullable<ProtectedObjects['runtime']>, common: object): unknown {
  return {
    name: 'runtime.deletion-protection.orkestra.orkspace.io',
    ...common,
    rules: RUNTIME_RESOURCES.map((r) => ({
      apiGroups: [r.group],
      apiVersions: [r.version],
      operations: DELETE,
      resources: [r.resource],
      scope: 'Namespaced',
    })),
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': runtime.namespace } },
    matchConditions: [{ name: 'the-runtime', expression: `request.name == ${celString(runtime.name)}` }],
  };
}

/** The webhooks of the configuration: the CRDs, the labelled objects, the runtime's own objects. */
function webhooks(objects: ProtectedObjects, clientConfig: Record<string, unknown>): unknown[] {
  const common = { ...PROTECTION_WEBHOOK, clientConfig };
  const crds = [...objects.crds].sort();
  const labelled = {
    name: 'labelled.deletion-protection.orkestra.orkspace.io',
    ...common,
    rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: DELETE, resources: ['*'], scope: '*' }],
    objectSelector: { matchLabels: { [DELETION_PROTECTION_LABEL]: 'true' } },
  };
  return [
    ...(crds.length === 0 ? [] : [crdWebhook(crds, common)]),
    labelled,
    ...(objects.runtime === undefined ? [] : [runtimeWebhook(objects.runtime, common)]),
  ];
}

/** The deletion protection feature, or undefined when `security.deletionProtection` is off. */
export function deletionProtection(input: ProtectionInput): WebhookFeature | undefined {
  if (!input.security.deletionProtection.enabled) return undefined;
  const objects = protectedObjects(input.katalogName, input.plans, input.endpoint);
  return {
    name: 'deletion-protection',
    routes: new Map([[DELETION_PROTECTION_PATH, { review: 'admission', handle: deletionHandler(objects) }]]),
    registrations: ({ clientConfig, caBundle }) => [
      {
        apiVersion: ADMISSION_REGISTRATION,
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: configurationName(input.katalogName, 'deletion-protection') },
        webhooks: webhooks(objects, { ...clientConfig(DELETION_PROTECTION_PATH), caBundle }),
      },
    ],
  };
}

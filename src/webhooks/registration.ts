/**
 * Registers the webhooks with the API server: each feature (admission, conversion, protection) says
 * which objects make the API server call its routes — webhook configurations, and the `spec.conversion`
 * of a CRD — and this module applies them with server-side apply under a field manager of their own,
 * and removes the configurations again on a clean stop when asked.
 */
import { NotFoundError, type GroupVersionResource, type KubeClient, type KubeObject } from '../kube/index.ts';

/** The field manager of everything the webhooks register: not the reconcilers' `orkestra`. */
export const WEBHOOK_FIELD_MANAGER = 'orkestra-webhooks';

const RESOURCES: Readonly<Record<string, GroupVersionResource>> = {
  ValidatingWebhookConfiguration: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingwebhookconfigurations',
    namespaced: false,
  },
  MutatingWebhookConfiguration: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'mutatingwebhookconfigurations',
    namespaced: false,
  },
  CustomResourceDefinition: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    namespaced: false,
  },
};

function resourceOf(object: KubeObject): GroupVersionResource {
  const gvr = RESOURCES[object.kind ?? ''];
  if (gvr === undefined)
    throw new Error(`the webhooks cannot register a ${object.kind ?? 'kindless object'}`);
  return gvr;
}

/** True for the objects removed on a clean stop: configurations, never a CRD. */
function isConfiguration(object: KubeObject): boolean {
  return object.kind === 'ValidatingWebhookConfiguration' || object.kind === 'MutatingWebhookConfiguration';
}

/** Applies every registration object (create or update; conflicts taken: these fields are ours). */
export async function register(client: KubeClient, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects) {
    await client.apply(resourceOf(object), object, { fieldManager: WEBHOOK_FIELD_MANAGER, force: true });
  }
}

/** Deletes the webhook configurations among `objects`; one already gone is fine. */
export async function unregister(client: KubeClient, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects.filter(isConfiguration)) {
    try {
      await client.delete(resourceOf(object), object.metadata?.name ?? '');
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}

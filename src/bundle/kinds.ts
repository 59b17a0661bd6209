/**
 * The resource (plural) of a child kind, known offline. The runtime asks the API server's discovery
 * (`RestMapper`); a bundle is generated before any cluster is at hand, so it knows the built-in kinds
 * a Katalog may write from a table, and the Katalog's own CRDs from their Plans. Any other kind is
 * refused with an error that names it: a rule guessed from a kind's spelling could grant the wrong
 * resource.
 */
import { isTemplateText, type Plan } from '../plan/index.ts';

/** A kind's resource as RBAC names it. */
export interface KindResource {
  readonly group: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

/** A kind whose resource cannot be known offline. */
export class UnknownKindError extends Error {
  override readonly name = 'UnknownKindError';
}

const ns = (group: string, resource: string): KindResource => ({ group, resource, namespaced: true });
const cl = (group: string, resource: string): KindResource => ({ group, resource, namespaced: false });

/** The built-in kinds by `group/Kind` (every version of a group names the same resource). */
const BUILT_IN: ReadonlyMap<string, KindResource> = new Map(
  Object.entries({
    '/Namespace': cl('', 'namespaces'),
    '/ServiceAccount': ns('', 'serviceaccounts'),
    '/Secret': ns('', 'secrets'),
    '/ConfigMap': ns('', 'configmaps'),
    '/PersistentVolumeClaim': ns('', 'persistentvolumeclaims'),
    '/PersistentVolume': cl('', 'persistentvolumes'),
    '/Service': ns('', 'services'),
    '/Pod': ns('', 'pods'),
    '/Endpoints': ns('', 'endpoints'),
    '/LimitRange': ns('', 'limitranges'),
    '/ResourceQuota': ns('', 'resourcequotas'),
    'apps/Deployment': ns('apps', 'deployments'),
    'apps/StatefulSet': ns('apps', 'statefulsets'),
    'apps/DaemonSet': ns('apps', 'daemonsets'),
    'apps/ReplicaSet': ns('apps', 'replicasets'),
    'batch/Job': ns('batch', 'jobs'),
    'batch/CronJob': ns('batch', 'cronjobs'),
    'autoscaling/HorizontalPodAutoscaler': ns('autoscaling', 'horizontalpodautoscalers'),
    'policy/PodDisruptionBudget': ns('policy', 'poddisruptionbudgets'),
    'networking.k8s.io/Ingress': ns('networking.k8s.io', 'ingresses'),
    'networking.k8s.io/NetworkPolicy': ns('networking.k8s.io', 'networkpolicies'),
    'networking.k8s.io/IngressClass': cl('networking.k8s.io', 'ingressclasses'),
    'rbac.authorization.k8s.io/Role': ns('rbac.authorization.k8s.io', 'roles'),
    'rbac.authorization.k8s.io/RoleBinding': ns('rbac.authorization.k8s.io', 'rolebindings'),
    'rbac.authorization.k8s.io/ClusterRole': cl('rbac.authorization.k8s.io', 'clusterroles'),
    'rbac.authorization.k8s.io/ClusterRoleBinding': cl('rbac.authorization.k8s.io', 'clusterrolebindings'),
    'coordination.k8s.io/Lease': ns('coordination.k8s.io', 'leases'),
    'discovery.k8s.io/EndpointSlice': ns('discovery.k8s.io', 'endpointslices'),
    'storage.k8s.io/StorageClass': cl('storage.k8s.io', 'storageclasses'),
    'scheduling.k8s.io/PriorityClass': cl('scheduling.k8s.io', 'priorityclasses'),
    'apiextensions.k8s.io/CustomResourceDefinition': cl('apiextensions.k8s.io', 'customresourcedefinitions'),
  }),
);

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → core ``). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The resource of a Plan's own CR. */
export function crResource(plan: Plan): KindResource {
  return { group: plan.gvk.group, resource: plan.plural, namespaced: plan.scope === 'Namespaced' };
}

/**
 * Resolves kinds from the built-in table and the Katalog's CRDs.
 * @param plans - every Plan of the Katalog (disabled ones too: their CRDs still name resources)
 */
export function kindResolver(plans: readonly Plan[]): (apiVersion: string, kind: string) => KindResource {
  const own = new Map(plans.map((plan) => [`${plan.gvk.group}/${plan.gvk.kind}`, crResource(plan)]));
  return (apiVersion, kind) => {
    // (a boolean first: the type guard would narrow the strings to never below)
    const templated: boolean = isTemplateText(apiVersion) || isTemplateText(kind);
    if (templated) {
      throw new UnknownKindError(
        `kind "${kind}" of apiVersion "${apiVersion}" is a template: which resource it writes is known only ` +
          'once it renders, so its permissions cannot be generated; give the entry a fixed apiVersion and kind',
      );
    }
    const key = `${groupOf(apiVersion)}/${kind}`;
    const found = BUILT_IN.get(key) ?? own.get(key);
    if (found !== undefined) return found;
    throw new UnknownKindError(
      `kind ${kind} (${apiVersion}) is neither a built-in kind nor a CRD of the Katalog: its resource ` +
        'name is known only to the cluster’s discovery, so its permissions cannot be generated offline',
    );
  };
}

/**
 * The resource group keys of onCreate/onReconcile/onDelete and the Kubernetes kinds they produce,
 * in the order manifests are applied. Shared by the Katalog schema (which adds an entry schema per
 * key) and the child builders, without either paying for the other.
 */

/** How a resource group key maps to Kubernetes. `apiVersion` is empty for `custom` (given per entry). */
export interface ResourceGroup {
  readonly kind: string;
  readonly apiVersion: string;
  readonly clusterScoped: boolean;
}

const ns = (kind: string, apiVersion: string): ResourceGroup => ({ kind, apiVersion, clusterScoped: false });
const cluster = (kind: string, apiVersion: string): ResourceGroup => ({
  kind,
  apiVersion,
  clusterScoped: true,
});

/** Every resource group key, in apply order (namespaces and RBAC first). */
export const RESOURCE_GROUPS = {
  namespaces: cluster('Namespace', 'v1'),
  serviceAccounts: ns('ServiceAccount', 'v1'),
  roles: ns('Role', 'rbac.authorization.k8s.io/v1'),
  roleBindings: ns('RoleBinding', 'rbac.authorization.k8s.io/v1'),
  clusterRoles: cluster('ClusterRole', 'rbac.authorization.k8s.io/v1'),
  clusterRoleBindings: cluster('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1'),
  secrets: ns('Secret', 'v1'),
  configMaps: ns('ConfigMap', 'v1'),
  persistentVolumeClaims: ns('PersistentVolumeClaim', 'v1'),
  deployments: ns('Deployment', 'apps/v1'),
  statefulSets: ns('StatefulSet', 'apps/v1'),
  daemonSets: ns('DaemonSet', 'apps/v1'),
  services: ns('Service', 'v1'),
  ingresses: ns('Ingress', 'networking.k8s.io/v1'),
  jobs: ns('Job', 'batch/v1'),
  cronJobs: ns('CronJob', 'batch/v1'),
  horizontalPodAutoscalers: ns('HorizontalPodAutoscaler', 'autoscaling/v2'),
  podDisruptionBudgets: ns('PodDisruptionBudget', 'policy/v1'),
  networkPolicies: ns('NetworkPolicy', 'networking.k8s.io/v1'),
  custom: ns('', ''),
} as const satisfies Record<string, ResourceGroup>;

/** A resource group key (`deployments`, `services`, ...). */
export type ResourceGroupKey = keyof typeof RESOURCE_GROUPS;

/** Short aliases accepted in resource groups and the key they stand for. */
export const RESOURCE_ALIASES = { hpa: 'horizontalPodAutoscalers', pdb: 'podDisruptionBudgets' } as const;

/** The keys every resource entry has besides its kind's shorthand fields (spec §4.1). */
export const COMMON_ENTRY_KEYS: ReadonlySet<string> = new Set([
  'name',
  'namespace',
  'labels',
  'annotations',
  'when',
  'or',
  'reconcile',
  'forEach',
  'overrides',
  'forceConflicts',
]);

/** The keys of a `custom` entry that never become part of its object: the common ones and its identity. */
export const CUSTOM_ENTRY_KEYS: ReadonlySet<string> = new Set([...COMMON_ENTRY_KEYS, 'apiVersion', 'kind']);

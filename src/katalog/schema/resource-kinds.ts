/** The resource group keys of onCreate/onReconcile/onDelete and the Kubernetes kinds they produce. */
import type { z } from 'zod';
import { RESOURCE_ALIASES, RESOURCE_GROUPS, type ResourceGroupKey } from '../../plan/index.ts';
import { Custom, HorizontalPodAutoscaler, Ingress, Namespace, NetworkPolicy } from './resources-other.ts';
import {
  PersistentVolumeClaim,
  PodDisruptionBudget,
  Role,
  RoleBinding,
  ServiceAccount,
} from './resources-other.ts';
import { ConfigMap, CronJob, DaemonSet, Deployment, Job, Secret, Service, StatefulSet } from './resources.ts';

/** How a resource group key maps to Kubernetes. `apiVersion` is empty for `custom` (given per entry). */
export interface ResourceKind {
  /** The Kubernetes kind. */
  readonly kind: string;
  /** The apiVersion written into manifests. */
  readonly apiVersion: string;
  /** True for cluster-scoped kinds. */
  readonly clusterScoped: boolean;
  /** The entry schema. */
  readonly schema: z.ZodType;
}

const k = (group: ResourceGroupKey, schema: z.ZodType): ResourceKind => ({
  ...RESOURCE_GROUPS[group],
  schema,
});

/** Every resource group key, in the order manifests are applied. */
export const RESOURCE_KINDS = {
  namespaces: k('namespaces', Namespace),
  serviceAccounts: k('serviceAccounts', ServiceAccount),
  roles: k('roles', Role),
  roleBindings: k('roleBindings', RoleBinding),
  clusterRoles: k('clusterRoles', Role),
  clusterRoleBindings: k('clusterRoleBindings', RoleBinding),
  secrets: k('secrets', Secret),
  configMaps: k('configMaps', ConfigMap),
  persistentVolumeClaims: k('persistentVolumeClaims', PersistentVolumeClaim),
  deployments: k('deployments', Deployment),
  statefulSets: k('statefulSets', StatefulSet),
  daemonSets: k('daemonSets', DaemonSet),
  services: k('services', Service),
  ingresses: k('ingresses', Ingress),
  jobs: k('jobs', Job),
  cronJobs: k('cronJobs', CronJob),
  horizontalPodAutoscalers: k('horizontalPodAutoscalers', HorizontalPodAutoscaler),
  podDisruptionBudgets: k('podDisruptionBudgets', PodDisruptionBudget),
  networkPolicies: k('networkPolicies', NetworkPolicy),
  custom: k('custom', Custom),
} as const satisfies Record<ResourceGroupKey, ResourceKind>;

export { RESOURCE_ALIASES };
export type { ResourceGroupKey };

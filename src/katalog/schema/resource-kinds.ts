/** The resource group keys of onCreate/onReconcile/onDelete and the Kubernetes kinds they produce. */
import type { z } from 'zod';
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

const k = (kind: string, apiVersion: string, schema: z.ZodType): ResourceKind => ({
  kind,
  apiVersion,
  schema,
  clusterScoped: false,
});
const cluster = (kind: string, apiVersion: string, schema: z.ZodType): ResourceKind => ({
  ...k(kind, apiVersion, schema),
  clusterScoped: true,
});

/** Every resource group key, in the order manifests are applied. */
export const RESOURCE_KINDS = {
  namespaces: cluster('Namespace', 'v1', Namespace),
  serviceAccounts: k('ServiceAccount', 'v1', ServiceAccount),
  roles: k('Role', 'rbac.authorization.k8s.io/v1', Role),
  roleBindings: k('RoleBinding', 'rbac.authorization.k8s.io/v1', RoleBinding),
  clusterRoles: cluster('ClusterRole', 'rbac.authorization.k8s.io/v1', Role),
  clusterRoleBindings: cluster('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', RoleBinding),
  secrets: k('Secret', 'v1', Secret),
  configMaps: k('ConfigMap', 'v1', ConfigMap),
  persistentVolumeClaims: k('PersistentVolumeClaim', 'v1', PersistentVolumeClaim),
  deployments: k('Deployment', 'apps/v1', Deployment),
  statefulSets: k('StatefulSet', 'apps/v1', StatefulSet),
  daemonSets: k('DaemonSet', 'apps/v1', DaemonSet),
  services: k('Service', 'v1', Service),
  ingresses: k('Ingress', 'networking.k8s.io/v1', Ingress),
  jobs: k('Job', 'batch/v1', Job),
  cronJobs: k('CronJob', 'batch/v1', CronJob),
  horizontalPodAutoscalers: k('HorizontalPodAutoscaler', 'autoscaling/v2', HorizontalPodAutoscaler),
  podDisruptionBudgets: k('PodDisruptionBudget', 'policy/v1', PodDisruptionBudget),
  networkPolicies: k('NetworkPolicy', 'networking.k8s.io/v1', NetworkPolicy),
  custom: k('', '', Custom),
} as const satisfies Record<string, ResourceKind>;

/** A resource group key (`deployments`, `services`, ...). */
export type ResourceGroupKey = keyof typeof RESOURCE_KINDS;

/** Short aliases accepted in resource groups and the key they stand for. */
export const RESOURCE_ALIASES = { hpa: 'horizontalPodAutoscalers', pdb: 'podDisruptionBudgets' } as const;

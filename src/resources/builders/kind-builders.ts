/** Which builder and Kubernetes kind each resource group key (spec §4.1) uses. */
import {
  RESOURCE_ALIASES,
  RESOURCE_GROUPS as RESOURCE_KINDS,
  type ResourceGroupKey,
} from '../../plan/index.ts';
import { buildHorizontalPodAutoscaler, buildPersistentVolumeClaim } from './availability.ts';
import { buildPodDisruptionBudget } from './availability.ts';
import type { KindBuilder } from './build-scope.ts';
import { buildConfigMap, buildSecret } from './config.ts';
import { buildCustom } from './custom.ts';
import type { EntryBase } from '../../plan/index.ts';
import { buildCronJob, buildJob } from './jobs.ts';
import { buildIngress, buildNetworkPolicy } from './networking.ts';
import { buildRole, buildRoleBinding, buildServiceAccount } from './rbac.ts';
import { buildService } from './service.ts';
import { buildDaemonSet, buildDeployment, buildStatefulSet } from './workloads.ts';

function widen<E extends EntryBase>(builder: KindBuilder<E>): KindBuilder<EntryBase> {
  return (entry, scope) => builder(entry as E, scope);
}

const BUILDERS: Readonly<Record<ResourceGroupKey, KindBuilder<EntryBase>>> = {
  namespaces: () => ({}),
  serviceAccounts: widen(buildServiceAccount),
  roles: widen(buildRole),
  roleBindings: widen(buildRoleBinding),
  clusterRoles: widen(buildRole),
  clusterRoleBindings: widen(buildRoleBinding),
  secrets: widen(buildSecret),
  configMaps: widen(buildConfigMap),
  persistentVolumeClaims: widen(buildPersistentVolumeClaim),
  deployments: widen(buildDeployment),
  statefulSets: widen(buildStatefulSet),
  daemonSets: widen(buildDaemonSet),
  services: widen(buildService),
  ingresses: widen(buildIngress),
  jobs: widen(buildJob),
  cronJobs: widen(buildCronJob),
  horizontalPodAutoscalers: widen(buildHorizontalPodAutoscaler),
  podDisruptionBudgets: widen(buildPodDisruptionBudget),
  networkPolicies: widen(buildNetworkPolicy),
  custom: widen(buildCustom),
};

/** A group key's Kubernetes identity and builder. `apiVersion`/`kind` are empty for `custom`. */
export interface KindSpec {
  /** The canonical group key (aliases resolved). */
  readonly group: ResourceGroupKey;
  readonly apiVersion: string;
  readonly kind: string;
  readonly clusterScoped: boolean;
  readonly build: KindBuilder<EntryBase>;
}

/** Resolves an alias (`hpa`, `pdb`) to its group key; undefined for an unknown key. */
export function canonicalGroup(key: string): ResourceGroupKey | undefined {
  const aliased = (RESOURCE_ALIASES as Readonly<Record<string, ResourceGroupKey>>)[key];
  if (aliased !== undefined) return aliased;
  return Object.hasOwn(RESOURCE_KINDS, key) ? (key as ResourceGroupKey) : undefined;
}

/** The kind spec of a group key or alias; undefined for an unknown key (`external` included). */
export function kindSpecOf(key: string): KindSpec | undefined {
  const group = canonicalGroup(key);
  if (group === undefined) return undefined;
  const kind = RESOURCE_KINDS[group];
  return {
    group,
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    clusterScoped: kind.clusterScoped,
    build: BUILDERS[group],
  };
}

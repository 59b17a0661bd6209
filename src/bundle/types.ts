/**
 * The shapes of what a Katalog needs to run in a cluster (issue 20's contract): the permissions the
 * runtime needs, in Kubernetes' own PolicyRule shape, each rule with why it is needed, so the bundle's
 * Roles, the chart and `ork run`'s start-up permission check all read one answer.
 *
 * Types only: the generator (`requiredPermissions`) and the check import them from here.
 */
import type { Plan } from '../plan/index.ts';

/** Why a rule is needed, e.g. `child kind Deployment of crd website`. */
export interface PermissionReason {
  /** The CRD key whose box needs it; absent for what the whole process needs (the Lease, the webhooks). */
  crd?: string;
  /** The reason as a person reads it. */
  text: string;
}

/**
 * One rule, as a Role or ClusterRole writes it. Sorted deterministically: by apiGroup, then resource;
 * verbs in the order get, list, watch, create, update, patch, delete, deletecollection.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
  /**
   * Why the rule is needed. Not part of the Kubernetes object: the bundle writes only the four fields
   * above; the start-up check prints it beside a missing permission.
   */
  reasons?: PermissionReason[];
}

/** Everything the runtime needs: cluster-wide rules (a ClusterRole) and per-namespace ones (Roles). */
export interface Permissions {
  cluster: PolicyRule[];
  namespaced: { namespace: string; rules: PolicyRule[] }[];
}

/** What the permissions of a run depend on. */
export interface PermissionInput {
  plans: readonly Plan[];
  leaderElection: boolean;
  webhooks: { admission: boolean; conversion: boolean; protection: boolean };
  /** The install namespace: the Lease's and the webhook certificate Secret's. */
  namespace: string;
}

/**
 * The shapes `ork generate bundle`, the Helm chart and `ork run`'s start-up permission check share:
 * what a Katalog's runtime needs to be allowed to do, in Kubernetes' own RBAC form.
 */
import type { Plan } from '../plan/index.ts';

/** One RBAC rule, as a Role or ClusterRole writes it. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** What the runtime of a Katalog needs: rules for the whole cluster, and rules per namespace. */
export interface Permissions {
  cluster: PolicyRule[];
  namespaced: { namespace: string; rules: PolicyRule[] }[];
}

/** What the permissions are derived from: the compiled Plans and how the runtime is started. */
export interface PermissionInput {
  /** One Plan per CRD entry (disabled ones are skipped: they are not run). */
  plans: readonly Plan[];
  /** `--leader-elect`: the Lease of the Katalog. */
  leaderElection: boolean;
  /** Which webhooks the Katalog's security turns on (protection: deletion or namespace protection). */
  webhooks: { admission: boolean; conversion: boolean; protection: boolean };
  /** Where the runtime runs: its Lease and its webhook certificate's Secret live there. */
  namespace: string;
}

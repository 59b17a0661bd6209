/** serviceAccounts, roles/clusterRoles and roleBindings/clusterRoleBindings. */
import { isRecord } from '../path.ts';
import type { RoleBindingEntry, RoleEntry, ServiceAccountEntry } from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { compact } from './compact.ts';
import { renderDeep, renderRequiredText, renderText } from './render-fields.ts';

/** Builds a ServiceAccount's token mounting and pull secrets. */
export function buildServiceAccount(entry: ServiceAccountEntry, scope: BuildScope): Record<string, unknown> {
  return compact({
    automountServiceAccountToken: entry.automountServiceAccountToken,
    imagePullSecrets: entry.imagePullSecrets?.map((name, i) => ({
      name: renderText(name, `imagePullSecrets.${i}`, scope),
    })),
  });
}

/** Builds a Role's or ClusterRole's rules. */
export function buildRole(entry: RoleEntry, scope: BuildScope): Record<string, unknown> {
  return { rules: renderDeep(entry.rules ?? [], scope) };
}

function subject(value: unknown, scope: BuildScope): unknown {
  if (!isRecord(value) || value['kind'] !== 'ServiceAccount' || value['namespace'] !== undefined)
    return value;
  const namespace = scope.namespace ?? scope.origin.owner.namespace;
  return namespace === undefined ? value : { ...value, namespace };
}

/**
 * Builds a RoleBinding's or ClusterRoleBinding's roleRef and subjects. A ServiceAccount subject without a
 * namespace gets the binding's (or, for a cluster binding, the CR's) namespace, which the API requires.
 */
export function buildRoleBinding(entry: RoleBindingEntry, scope: BuildScope): Record<string, unknown> {
  const ref = entry.roleRef;
  const subjects = renderDeep(entry.subjects ?? [], scope) as unknown[];
  return {
    roleRef: {
      apiGroup: ref?.apiGroup ?? 'rbac.authorization.k8s.io',
      kind: ref?.kind ?? 'Role',
      name: renderRequiredText(ref?.name, 'roleRef.name', scope),
    },
    subjects: subjects.map((item) => subject(item, scope)),
  };
}

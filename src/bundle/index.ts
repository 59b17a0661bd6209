/**
 * bundle — what a Katalog needs to run in a cluster (`ork generate bundle`, the Helm chart's values,
 * `ork run`'s start-up permission check): the RBAC rules its runtime needs, derived from the compiled
 * Plans (`requiredPermissions`, each rule with the reasons it is needed), and the objects that install
 * it. Pure: imports plan/ and util/ only.
 */
export { requiredPermissions, UnknownKindError } from './permissions.ts';
export { bundleManifests, DEFAULT_NAMESPACE } from './manifests.ts';
export { withReasons } from './rule-set.ts';
export type { BundleObject } from './manifests.ts';
export type { PermissionInput, PermissionReason, Permissions, PolicyRule } from './types.ts';

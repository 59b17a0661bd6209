/**
 * bundle — what a Katalog needs to run in a cluster: the permissions its runtime needs (and, from
 * them, the bundle's objects). Pure: imports plan/ and util/ only.
 */
export type { PermissionInput, PermissionReason, Permissions, PolicyRule } from './types.ts';

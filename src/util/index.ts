/**
 * Small shared helpers with no dependencies on the rest of Orkestra: every layer may import them.
 */
export { editDistance, suggestClosest } from './suggest.ts';
export { backoffMs } from './backoff.ts';
export type { BackoffPolicy } from './backoff.ts';
export { DURATION_PATTERN, parseDurationMs } from './duration.ts';
export {
  COMMON_ENTRY_KEYS,
  CUSTOM_ENTRY_KEYS,
  RESOURCE_ALIASES,
  RESOURCE_GROUPS,
} from './resource-groups.ts';
export type { ResourceGroup, ResourceGroupKey } from './resource-groups.ts';
export { CONDITION_OPERATORS } from './condition-operators.ts';
export {
  loadNodeHttp,
  loadNodeHttp2,
  loadNodeHttps,
  loadNodeZlib,
  nodeFs,
  nodeUtil,
} from './node-builtins.ts';

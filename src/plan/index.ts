/**
 * The Plan: the vocabulary the Katalog compiler and the runtime share, and nothing else. The compiler
 * (katalog/) writes Plans; the runtime and the builders (runtime/, resources/) read only Plans and never
 * the Katalog's own types, so what they honour is exactly what the Plan holds. Here: the Plan's types, the
 * resource entry shapes the builders read, the condition operators, the resource group keys and kinds,
 * source locations, and the deep freeze that makes a Plan immutable.
 *
 * Pure types and constants: imports only util/, so every layer above may use it.
 */
export type {
  AutoscalePlan,
  ConditionPlan,
  Conditions,
  DeleteHookPlan,
  ExternalPlan,
  SecretHeaderRef,
  HookPlan,
  Plan,
  PlanScalar,
  PlanTemplate,
  ResourcePlan,
  TemplateInputs,
  TemplateLimitsPlan,
} from './plan.ts';
export type {
  ConfigMapEntry,
  ContainerEntry,
  ContainerPortEntry,
  CronJobEntry,
  CustomEntry,
  EntryBase,
  EnvFromEntry,
  EnvFromRef,
  EnvValue,
  HorizontalPodAutoscalerEntry,
  IngressEntry,
  JobEntry,
  KeyRef,
  NetworkPolicyEntry,
  PersistentVolumeClaimEntry,
  PodDisruptionBudgetEntry,
  ResourceEntry,
  RoleBindingEntry,
  RoleEntry,
  SecretEntry,
  ServiceAccountEntry,
  ServiceEntry,
  ServicePortEntry,
  WorkloadEntry,
} from './entry-types.ts';
export type { Condition, ConditionGate, Scalar } from './condition-types.ts';
export { NO_SECURITY, servesWebhooks } from './security.ts';
export type { SecurityPlan } from './security.ts';
export { CONDITION_OPERATORS } from './condition-operators.ts';
export type { ConditionOperator } from './condition-operators.ts';
export {
  COMMON_ENTRY_KEYS,
  CUSTOM_ENTRY_KEYS,
  RESOURCE_ALIASES,
  RESOURCE_GROUPS,
} from './resource-groups.ts';
export type { ResourceGroupKey } from './resource-groups.ts';
export type { SourceLocation, TemplateSource } from './source-location.ts';
export { positionInFile } from './source-location.ts';
export { deepFreeze } from './freeze.ts';
export { isTemplateText } from './template-text.ts';
export { AUTOSCALE_METRICS, crossMetricsInTemplate, parseMetricPath } from './autoscale-metrics.ts';
export type { AutoscaleMetrics } from './autoscale-metrics.ts';

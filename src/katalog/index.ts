/**
 * The Katalog language: the zod schema (the one source of truth for types, JSON Schema and reference
 * docs), the loader (YAML with positions, several files merged, crdFile), the semantic checks, the
 * compiler-style diagnostics, and the compiled per-CRD Plan the runtime runs.
 *
 * Pure: files are read through an injected `ReadFile`; nothing here touches the network, the clock
 * or the environment. Templates are not parsed here (the template engine is a sibling layer); the
 * caller wires template checks through `ValidateOptions.checkTemplate`.
 */
export { formatPath, hasErrors, sortDiagnostics } from './diagnostics/diagnostic.ts';
export type { Diagnostic, Severity, SourceLocation, YamlPath } from './diagnostics/diagnostic.ts';
export {
  formatDiagnostic,
  formatDiagnosticHeadline,
  formatDiagnostics,
  toJsonDiagnostic,
} from './diagnostics/format.ts';
export type { SourceLookup } from './diagnostics/format.ts';
export { loadKatalog } from './load/load-katalog.ts';
export type { LoadKatalogOptions } from './load/load-katalog.ts';
export { pluralize, readApiTypesFromCrd } from './load/crd-file.ts';
export type { ResolvedApiTypes } from './load/crd-file.ts';
export type {
  CrdDeclaration,
  Declared,
  KatalogDocument,
  LoadedKatalog,
  LoadResult,
  ReadFile,
} from './load/types.ts';
export { Katalog, CrdEntry, KATALOG_API_VERSION } from './schema/katalog.ts';
export type { OperatorBox } from './schema/katalog.ts';
export { isTemplate, parseDurationMs } from './schema/primitives.ts';
export { CONDITION_OPERATORS } from './schema/condition.ts';
export type { ConditionOperator } from './schema/condition.ts';
export { RESOURCE_KINDS, RESOURCE_ALIASES } from './schema/resource-kinds.ts';
export type { ResourceGroupKey, ResourceKind } from './schema/resource-kinds.ts';
export { validateKatalog, listTemplates } from './validate/validate-katalog.ts';
export type { TemplateChecker, ValidateOptions } from './validate/validate-katalog.ts';
export type { TemplateSource } from './load/templates.ts';
export { compileKatalog, CLEANUP_FINALIZER } from './compile/compile-plan.ts';
export type { CompileOptions } from './compile/compile-plan.ts';
export type { FoundInputs, TemplateInputsFinder } from './compile/template-inputs.ts';
export { summarizePlan } from './compile/summarize.ts';
export type { HookSummary, PlanSummary } from './compile/summarize.ts';
export type {
  ConditionPlan,
  Conditions,
  DeleteHookPlan,
  ExternalPlan,
  HookPlan,
  MutationRulePlan,
  Plan,
  PlanScalar,
  PlanTemplate,
  ResourcePlan,
  StatusFieldPlan,
  TemplateInputs,
  ValidationRulePlan,
} from '../plan/index.ts';
export { generateCrd } from './generate/generate-crd.ts';
export { katalogJsonSchema, renderKatalogJsonSchema, KATALOG_SCHEMA_URL } from './generate/json-schema.ts';
export { renderReferenceDocs } from './generate/reference-docs.ts';

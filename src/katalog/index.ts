/**
 * The Katalog language: the zod schema (the one source of truth for types, JSON Schema and reference
 * docs), the loader (YAML with positions, several files merged, crdFile), the semantic checks, the
 * compiler-style diagnostics, and the compiled per-CRD Plan the runtime runs.
 *
 * Pure: files are read through an injected `ReadFile`; nothing here touches the network, the clock
 * or the environment. Templates are not parsed here (the template engine is a sibling layer); the
 * caller wires template checks through `ValidateOptions.checkTemplate`.
 */
export { hasErrors } from './diagnostics/diagnostic.ts';
export type { Diagnostic } from './diagnostics/diagnostic.ts';
export { formatDiagnosticHeadline, formatDiagnostics, toJsonDiagnostic } from './diagnostics/format.ts';
export { loadKatalog } from './load/load-katalog.ts';
export { parseYamlObjects } from './load/yaml-objects.ts';
export { pluralize } from './load/crd-file.ts';
export type { CrdDeclaration, LoadedKatalog } from './load/types.ts';
export { validateKatalog } from './validate/validate-katalog.ts';
export type { TemplateChecker } from './validate/validate-katalog.ts';
export type { TemplateSource } from './load/templates.ts';
export { compileKatalog } from './compile/compile-plan.ts';
export { compileSecurity } from './compile/compile-security.ts';
export { summarizePlan } from './compile/summarize.ts';
export type { PlanSummary } from './compile/summarize.ts';
export type { Plan } from '../plan/index.ts';
export { generateCrd } from './generate/generate-crd.ts';
export { renderKatalogJsonSchema, KATALOG_SCHEMA_URL } from './generate/json-schema.ts';
export { renderReferenceDocs } from './generate/reference-docs.ts';
export {
  composeKatalog,
  dropOverriddenTemplates,
  isKomposerText,
  komposerOverlay,
  komposerTemplates,
  labelDiagnostics,
  labelSources,
  parseKomposer,
  relocateToOverrides,
  sourceDiagnostic,
  unknownOverrides,
  deepMerge,
} from './komposer/index.ts';
export type {
  ComposedKatalog,
  GitSource,
  HelmSource,
  Komposer,
  ParsedKomposer,
  RegistrySource,
  SourceOrigin,
} from './komposer/index.ts';

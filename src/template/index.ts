/**
 * Go's text/template in TypeScript (spec §6): lexer, parser and executor with Go's printing rules, the
 * relaxations of spec §6.5, bounded execution (steps, output, depth, value size and nesting, a deadline), typed whole-value results (§6.1), the
 * function catalog of §6.3 as a separate function map, and user-defined notes (§6.4).
 * Pure: no I/O, no environment; the clock and randomness used by catalog functions are injected.
 */
export { parseTemplate } from './parse-template.ts';
export { checkTemplate } from './check-template.ts';
export { templateInputs } from './template-inputs.ts';
export type { TemplateDiagnostic } from './check-template.ts';
export { ParsedTemplate } from './exec/template.ts';
export { executeParsed as executeTemplate, evaluateParsed as evaluateTemplate } from './exec/run.ts';
export { createRunBudget } from './exec/budget.ts';
export type { ExecuteOptions } from './exec/budget.ts';
export { ContextFunc } from './exec/func-types.ts';
export type { FuncMap } from './exec/func-types.ts';
export { GoFloat } from './exec/value.ts';
export { TemplateError, TemplateExecError, TemplateLimitError, TemplateSyntaxError } from './errors.ts';
export { createFunctionCatalog } from './funcs/catalog.ts';
export { CATALOG_ARITY, CATALOG_SIGNATURES } from './funcs/signatures.ts';
export { loadYamlLibrary } from './funcs/yaml-library.ts';
export { createNoteFunctions } from './funcs/notes.ts';
export { CoercionError, coerceResult } from './coerce.ts';

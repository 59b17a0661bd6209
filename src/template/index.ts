/**
 * Go's text/template in TypeScript (spec §6): lexer, parser and executor with Go's printing rules, the
 * relaxations of spec §6.5, bounded execution, and the function catalog of §6.3 as a separate function map.
 * Pure: no I/O, no clock, no environment (time functions take an injected clock).
 */
export { parseTemplate } from './parse-template.ts';
export type { ParseTemplateOptions } from './parse-template.ts';
export { ParsedTemplate } from './exec/template.ts';
export { executeParsed as executeTemplate, evaluateParsed as evaluateTemplate } from './exec/run.ts';
export type { ExecuteOptions } from './exec/budget.ts';
export { ContextFunc } from './exec/func-types.ts';
export type { CallContext, FuncMap, FuncValue, TemplateFunc } from './exec/func-types.ts';
export { GoFloat } from './exec/value.ts';
export { formatValue } from './exec/go-fmt.ts';
export { TemplateError, TemplateExecError, TemplateLimitError, TemplateSyntaxError } from './errors.ts';
export type { TemplatePosition } from './errors.ts';

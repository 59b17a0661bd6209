/**
 * parseTemplate: source → {@link ParsedTemplate}, with syntax errors turned into TemplateSyntaxError.
 */
import { TemplateSyntaxError, positionOf } from './errors.ts';
import { BUILTIN_ARITY } from './exec/builtins.ts';
import type { FuncMap, FuncValue } from './exec/func-types.ts';
import { STACK_MESSAGE, isStackOverflow } from './exec/limits.ts';
import { ParsedTemplate } from './exec/template.ts';
import { ParseFailure, parseSource } from './parse/parser.ts';

/** Options of {@link parseTemplate}. */
export interface ParseTemplateOptions {
  /** Name used in error messages. @default "template" */
  name?: string;
  /** Functions callable by name besides Go's built-ins (own properties only). @default {} */
  funcs?: FuncMap;
  /** Offset of the source inside its enclosing file, added to error offsets. @default 0 */
  offset?: number;
}

/** Turns a function map into a Map of its own properties (never prototype members). */
export function toFunctionMap(funcs: FuncMap | undefined): Map<string, FuncValue> {
  const map = new Map<string, FuncValue>();
  if (funcs === undefined) return map;
  for (const name of Object.keys(funcs)) {
    const fn = funcs[name];
    if (fn !== undefined) map.set(name, fn);
  }
  return map;
}

/** The names callable from a template with the given functions: built-ins plus the map's own keys. */
export function callableNames(funcs: ReadonlyMap<string, unknown>): Set<string> {
  return new Set([...Object.keys(BUILTIN_ARITY), ...funcs.keys()]);
}

/**
 * Parses a template. Unknown function names are syntax errors, as in Go.
 * @throws TemplateSyntaxError with the line and column of the problem.
 */
export function parseTemplate(source: string, options: ParseTemplateOptions = {}): ParsedTemplate {
  const name = options.name ?? 'template';
  const offset = options.offset ?? 0;
  const funcs = toFunctionMap(options.funcs);
  try {
    const result = parseSource(source, { functions: callableNames(funcs) });
    return new ParsedTemplate({ name, source, offset, root: result.root, defines: result.defines, funcs });
  } catch (e) {
    if (e instanceof ParseFailure)
      throw new TemplateSyntaxError(name, e.message, positionOf(source, e.pos, offset));
    if (isStackOverflow(e)) throw new TemplateSyntaxError(name, STACK_MESSAGE, positionOf(source, 0, offset));
    throw e;
  }
}

/**
 * checkTemplate: the load-time check the Katalog validator calls — syntax, then every unknown function name,
 * each with its position and a "did you mean" suggestion, then every call with the wrong number of arguments
 * or a literal argument of the wrong type.
 */
import { suggestClosest } from '../util/index.ts';
import { positionOf } from './errors.ts';
import type { TemplatePosition } from './errors.ts';
import { callProblems } from './check-calls.ts';
import { BUILTIN_ARITY } from './exec/builtins.ts';
import type { Arity } from './exec/func-types.ts';
import type { Signature } from './exec/signature.ts';
import { callableNames } from './parse-template.ts';
import { STACK_MESSAGE, isStackOverflow } from './exec/limits.ts';
import { ParseFailure, parseSource } from './parse/parser.ts';

/** One problem found in a template. */
export interface TemplateDiagnostic {
  /** `syntax` for a parse error, `unknown-function` for a call of an undefined name, `arity` for a call
   * with the wrong number of arguments, `argument-type` for a literal argument of the wrong type. */
  code: 'syntax' | 'unknown-function' | 'arity' | 'argument-type';
  /** Human message, without position. */
  message: string;
  /** Line, column and absolute offset (base offset added). */
  position: TemplatePosition;
  /** The closest known function name, for unknown functions. */
  suggestion?: string;
}

/** Options of {@link checkTemplate}. */
export interface CheckTemplateOptions {
  /** Offset of the source inside its enclosing file. @default 0 */
  offset?: number;
  /** Arities of the functions besides Go's built-ins (whose arities are always checked). @default none */
  arities?: ReadonlyMap<string, Arity>;
  /** Signatures of the functions whose literal arguments are checked (CATALOG_SIGNATURES). @default none */
  signatures?: ReadonlyMap<string, Signature>;
}

/**
 * Checks a template without executing it. `funcNames` are the callable names besides Go's built-ins.
 * Returns an empty list when the template is fine; never throws for bad templates.
 */
export function checkTemplate(
  source: string,
  funcNames: Iterable<string>,
  options: CheckTemplateOptions = {},
): TemplateDiagnostic[] {
  const offset = options.offset ?? 0;
  const known = callableNames(new Map([...funcNames].map((n) => [n, true])));
  try {
    const { functionsUsed, root, defines } = parseSource(source);
    const unknown = functionsUsed
      .filter((f) => !known.has(f.name))
      .map((f) => {
        const suggestion = suggestClosest(f.name, known);
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        const diagnostic: TemplateDiagnostic = {
          code: 'unknown-function',
          message: `function "${f.name}" not defined${hint}`,
          position: positionOf(source, f.pos, offset),
        };
        if (suggestion !== undefined) diagnostic.suggestion = suggestion;
        return diagnostic;
      });
    const arities = new Map([...Object.entries(BUILTIN_ARITY), ...(options.arities ?? [])]);
    const rules = { arities, signatures: options.signatures ?? new Map<string, Signature>() };
    const wrongCalls = callProblems([root, ...defines.values()], rules).map((p): TemplateDiagnostic => ({
      code: p.code,
      message: p.message,
      position: positionOf(source, p.pos, offset),
    }));
    return [...unknown, ...wrongCalls];
  } catch (e) {
    if (e instanceof ParseFailure)
      return [{ code: 'syntax', message: e.message, position: positionOf(source, e.pos, offset) }];
    // The parser bounds nesting well inside the stack; should a caller's own depth still exhaust it, the
    // template is reported, not the engine's words.
    if (isStackOverflow(e))
      return [{ code: 'syntax', message: STACK_MESSAGE, position: positionOf(source, 0, offset) }];
    throw e;
  }
}

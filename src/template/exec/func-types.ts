/**
 * The shape of template functions: plain functions of evaluated arguments, or context functions that also see
 * how they were called (which arguments were literals, whether the last came through a pipe) and can run a
 * nested template under the same budgets.
 */

/** A function callable from templates. It returns a value or throws; `undefined` means nil. */
export type TemplateFunc = (...args: unknown[]) => unknown;

/** What a {@link ContextFunc} learns about its call. */
export interface CallContext {
  /** The name the function was called by. */
  name: string;
  /** For each argument: was it written as a string, number or bool constant? */
  literal: readonly boolean[];
  /** True when the last argument is the value piped in (`x | f`). */
  piped: boolean;
  /** The root data (`$` of the outermost template). */
  root: unknown;
  /**
   * Runs another parsed template with the given data under the same step, output and depth budgets, returning
   * its typed result (see evaluateTemplate).
   */
  evaluate: (template: unknown, data: unknown) => unknown;
}

/** A function that receives its {@link CallContext}. */
export class ContextFunc {
  /** The implementation. */
  readonly fn: (ctx: CallContext, args: unknown[]) => unknown;
  constructor(fn: (ctx: CallContext, args: unknown[]) => unknown) {
    this.fn = fn;
  }
}

/** A value of a function map. */
export type FuncValue = TemplateFunc | ContextFunc;

/** Named functions a template may call (own properties only are read). */
export type FuncMap = Readonly<Record<string, FuncValue>>;

/** How many arguments a function takes: [minimum, maximum or undefined when variadic]. */
export type Arity = readonly [min: number, max: number | undefined];

const ARITIES = new WeakMap<FuncValue, Arity>();

/** Records how many arguments a function takes; the executor checks it at every call. Returns the function. */
export function withArity<T extends FuncValue>(fn: T, arity: Arity): T {
  ARITIES.set(fn, arity);
  return fn;
}

/** The recorded arity of a function; undefined: not checked. */
export function arityOf(fn: FuncValue): Arity | undefined {
  return ARITIES.get(fn);
}

/** Go's message for a call with the wrong number of arguments; undefined when `n` fits. */
export function arityProblem(name: string, n: number, [min, max]: Arity): string | undefined {
  if (max === undefined)
    return n < min ? `wrong number of args for ${name}: want at least ${min} got ${n}` : undefined;
  if (n >= min && n <= max) return undefined;
  const want = min === max ? `${min}` : `${min} to ${max}`;
  return `wrong number of args for ${name}: want ${want} got ${n}`;
}

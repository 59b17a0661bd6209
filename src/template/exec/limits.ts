/**
 * Bounds on the values a template builds: the size of any intermediate string, list or map, and its nesting
 * depth. Functions and built-ins are plain functions of their arguments, so the bounds of the execution under
 * way are kept here, set by the executor for the (synchronous) duration of a run: a function that can tell
 * the size of its result before building it (`repeat`, `replace`, a printf width) asks {@link reserveBytes}
 * first, so memory never grows past the bound; the executor measures every other result with
 * {@link checkValue}.
 *
 * Sizes are counted as the value's JSON length would be (strings in UTF-16 code units, a shared sub-value once
 * per place it appears), the size it takes once printed or serialised. Measures are memoised per object for
 * the run, so a value built from shared parts (`list $l $l`) is measured in time linear in its parts.
 */
import { GoFloat } from './value.ts';

/** A bound was exceeded; the executor turns it into a TemplateLimitError at the failing node. */
export class BudgetExceeded extends Error {
  /** The budget's name as the Katalog spells it (`maxValueBytes`, `maxValueDepth`). */
  readonly budget: string;
  constructor(budget: string, message: string) {
    super(message);
    this.name = 'BudgetExceeded';
    this.budget = budget;
  }
}

/** The value bounds of one run. */
export interface ValueLimits {
  /** Largest value (string, list, map) a template may build, in JSON bytes. */
  readonly maxValueBytes: number;
  /** Deepest nesting of lists and maps a template may build. */
  readonly maxValueDepth: number;
}

/** The defaults: a value as large as a ConfigMap or Secret may hold (1 MiB); nesting far beyond any real object. */
export const DEFAULT_VALUE_LIMITS: ValueLimits = { maxValueBytes: 1_048_576, maxValueDepth: 100 };

interface Measure {
  size: number;
  depth: number;
}

interface Active {
  limits: ValueLimits;
  measured: WeakMap<object, Measure>;
}

let active: Active = { limits: DEFAULT_VALUE_LIMITS, measured: new WeakMap() };

/** Runs `fn` with the given limits in force (restored after, so nested runs keep their own). */
export function withValueLimits<T>(limits: ValueLimits, fn: () => T): T {
  const saved = active;
  active = { limits, measured: saved.limits === limits ? saved.measured : new WeakMap() };
  try {
    return fn();
  } finally {
    active = saved;
  }
}

/** The limits in force. */
export function valueLimits(): ValueLimits {
  return active.limits;
}

function tooLarge(what: string, size: number): never {
  const max = active.limits.maxValueBytes;
  throw new BudgetExceeded(
    'maxValueBytes',
    `${what} would be ${size} bytes, more than the ${max} allowed for one value (maxValueBytes)`,
  );
}

/**
 * Reserves a result of `size` bytes before building it.
 * @throws BudgetExceeded when it is larger than the value bound.
 */
export function reserveBytes(size: number, what = 'the result'): void {
  if (!(size <= active.limits.maxValueBytes)) tooLarge(what, size);
}

function scalarSize(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'number') return 8;
  if (typeof v === 'boolean') return 5;
  return 4;
}

function tooDeep(): never {
  const max = active.limits.maxValueDepth;
  throw new BudgetExceeded(
    'maxValueDepth',
    `a value nested deeper than ${max} levels of lists and maps (maxValueDepth)`,
  );
}

/** Measures a value (its JSON size, and its height: a scalar is 0, an empty list 1), stopping as soon as a bound is exceeded. */
function measure(v: unknown, depth: number): Measure {
  if (typeof v !== 'object' || v === null) return { size: scalarSize(v), depth: 0 };
  const known = active.measured.get(v);
  if (known !== undefined) return known;
  if (v instanceof GoFloat) return { size: 8, depth: 0 };
  const { maxValueBytes, maxValueDepth } = active.limits;
  if (depth > maxValueDepth) tooDeep();
  const result: Measure = { size: 2, depth: 1 };
  const add = (child: unknown, keyLength: number): void => {
    const m = measure(child, depth + 1);
    result.size += m.size + keyLength + 1;
    result.depth = Math.max(result.depth, m.depth + 1);
    if (result.size > maxValueBytes) tooLarge('a value', result.size);
    if (result.depth > maxValueDepth) tooDeep();
  };
  if (Array.isArray(v)) for (const item of v as unknown[]) add(item, 0);
  else {
    for (const key of Object.keys(v)) add((v as Record<string, unknown>)[key], key.length + 3);
  }
  active.measured.set(v, result);
  return result;
}

/**
 * Checks a value against the bounds in force: its size and nesting depth.
 * @throws BudgetExceeded naming the bound it exceeds.
 */
export function checkValue(v: unknown): void {
  if (typeof v === 'string') {
    if (v.length > active.limits.maxValueBytes) tooLarge('a string', v.length);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  measure(v, 1);
}

/**
 * JavaScript's stack overflow: a RangeError, or — when the stack runs out while V8 compiles a regular
 * expression — a SyntaxError saying so. Tested without a regular expression of our own: near the end of
 * the stack, compiling one fails too.
 */
export function isStackOverflow(e: unknown): e is Error {
  if (e instanceof RangeError) return e.message.includes('call stack');
  return e instanceof SyntaxError && e.message.endsWith('Stack overflow');
}

/** V8's own ceilings (a string or array too long, the call stack): reached only past the engine's bounds. */
export function isEngineLimit(e: unknown): e is Error {
  if (isStackOverflow(e)) return true;
  return (
    e instanceof RangeError && (e.message.includes('string length') || e.message.includes('array length'))
  );
}

/** What a stack overflow inside the engine is reported as. */
export const STACK_MESSAGE = 'value or template nesting too deep';

/** The message of {@link isEngineLimit} errors, in the engine's words. */
export function engineLimitMessage(e: Error): string {
  return isStackOverflow(e) ? STACK_MESSAGE : 'value too large';
}

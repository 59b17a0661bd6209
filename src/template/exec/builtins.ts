/**
 * Go's predefined template functions, except `and`/`or` (short-circuit, handled by the executor).
 */
import { eq, ge, gt, le, lt, ne } from './compare.ts';
import { escapeHtml, escapeJs, escapeQuery } from './escape.ts';
import { sprint, sprintf, sprintln } from './go-fmt.ts';
import { fromUtf8, isNil, isTrue, kindOf, numberValue, typeName, utf8 } from './value.ts';
import type { GoMap } from './value.ts';
import type { TemplateFunc } from './func-types.ts';

/** Arity of a built-in: [minimum, maximum or undefined for variadic]. */
export const BUILTIN_ARITY: Readonly<Record<string, readonly [number, number | undefined]>> = {
  and: [1, undefined],
  or: [1, undefined],
  not: [1, 1],
  len: [1, 1],
  index: [1, undefined],
  slice: [1, undefined],
  print: [0, undefined],
  printf: [1, undefined],
  println: [0, undefined],
  eq: [1, undefined],
  ne: [2, 2],
  lt: [2, 2],
  le: [2, 2],
  gt: [2, 2],
  ge: [2, 2],
  html: [0, undefined],
  js: [0, undefined],
  urlquery: [0, undefined],
  call: [1, undefined],
};

/** Nil arguments print as the empty string (spec §6.5). */
function printable(args: unknown[]): unknown[] {
  return args.map((a) => (isNil(a) ? '' : a));
}

function escapeArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(printable(args));
}

function length(v: unknown): number {
  switch (kindOf(v)) {
    case 'string':
      return utf8(v as string).length;
    case 'slice':
      return (v as unknown[]).length;
    case 'map':
      return Object.keys(v as GoMap).length;
    case 'nil':
      throw new Error('len of nil pointer');
    default:
      throw new Error(`len of type ${typeName(v)}`);
  }
}

function indexArg(index: unknown, cap: number): number {
  const k = kindOf(index);
  if (k === 'nil') throw new Error('cannot index slice/array with nil');
  if (k !== 'int') throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  const x = numberValue(index);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function indexOne(item: unknown, index: unknown): unknown {
  switch (kindOf(item)) {
    case 'string': {
      const bytes = utf8(item as string);
      const x = indexArg(index, bytes.length);
      if (x === bytes.length) throw new Error(`index out of range: ${x}`);
      return bytes[x];
    }
    case 'slice': {
      const arr = item as unknown[];
      const x = indexArg(index, arr.length);
      if (x === arr.length) throw new Error('reflect: slice index out of range');
      return arr[x];
    }
    case 'map': {
      if (kindOf(index) !== 'string') {
        throw new Error(`value has type ${typeName(index)}; should be string`);
      }
      const m = item as GoMap;
      const key = index as string;
      return Object.hasOwn(m, key) ? m[key] : undefined;
    }
    case 'nil':
      throw new Error('index of nil pointer');
    default:
      throw new Error(`can't index item of type ${typeName(item)}`);
  }
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) throw new Error('index of untyped nil');
  return indexes.reduce<unknown>((cur, i) => indexOne(cur, i), item);
}

function sliceBounds(len: number, indexes: unknown[]): [number, number] {
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
  const [i = 0, j = len, c = len] = idx;
  if (i > j) throw new Error(`invalid slice index: ${i} > ${j}`);
  if (indexes.length === 3 && j > c) throw new Error(`invalid slice index: ${j} > ${c}`);
  return [i, j];
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const k = kindOf(item);
  if (k === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    const bytes = utf8(item as string);
    return fromUtf8(bytes.slice(...sliceBounds(bytes.length, indexes)));
  }
  if (k !== 'slice') throw new Error(`can't slice item of type ${typeName(item)}`);
  const arr = item as unknown[];
  return arr.slice(...sliceBounds(arr.length, indexes));
}

function call(fn: unknown, ...args: unknown[]): unknown {
  if (isNil(fn)) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function of type ${typeName(fn)}`);
  return (fn as TemplateFunc)(...args);
}

function printfFn(format: unknown, ...args: unknown[]): string {
  if (typeof format !== 'string') {
    throw new Error(`wrong type for value; expected string; got ${typeName(format)}`);
  }
  return sprintf(format, args, true);
}

/** The predefined functions other than `and` and `or`. */
export const BUILTINS: Readonly<Record<string, TemplateFunc>> = {
  not: (a) => !isTrue(a),
  len: length,
  index,
  slice,
  print: (...args) => sprint(printable(args)),
  printf: printfFn,
  println: (...args) => sprintln(printable(args)),
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  html: (...args) => escapeHtml(escapeArgs(args)),
  js: (...args) => escapeJs(escapeArgs(args)),
  urlquery: (...args) => escapeQuery(escapeArgs(args)),
  call,
};

/**
 * Math: add sub mul div mod min max. Floats stay floats when any argument is a float (`add 1.5 1` is 2.5),
 * integers otherwise; numeric strings count as numbers; division by zero is an error.
 */
import type { FuncMap } from '../exec/func-types.ts';
import { num, toNumberValue } from './args.ts';
import type { Num } from './args.ts';

function fold(args: unknown[], op: (a: number, b: number) => number): number | object {
  if (args.length === 0) return 0; // only `add` may be called so (sprig's sum of nothing)
  const nums = args.map(num);
  const isFloat = nums.some((n) => n.isFloat);
  const values = nums.map((n) => (isFloat ? n.value : Math.trunc(n.value)));
  const value = values.slice(1).reduce(op, values[0] ?? 0);
  return toNumberValue({ value, isFloat });
}

function divide(a: unknown, b: unknown, name: string): number | object {
  const x: Num = num(a);
  const y: Num = num(b);
  if (y.value === 0) throw new Error('division by zero');
  const isFloat = x.isFloat || y.isFloat;
  if (isFloat)
    return toNumberValue({ value: name === 'div' ? x.value / y.value : x.value % y.value, isFloat });
  const q = Math.trunc(x.value) / Math.trunc(y.value);
  return name === 'div' ? Math.trunc(q) : Math.trunc(x.value) % Math.trunc(y.value);
}

/** The math functions. */
export const MATH_FUNCS: FuncMap = {
  add: (...args) => fold(args, (a, b) => a + b),
  sub: (...args) => fold(args, (a, b) => a - b),
  mul: (...args) => fold(args, (a, b) => a * b),
  div: (a, b) => divide(a, b, 'div'),
  mod: (a, b) => divide(a, b, 'mod'),
  min: (...args) => fold(args, (a, b) => Math.min(a, b)),
  max: (...args) => fold(args, (a, b) => Math.max(a, b)),
};

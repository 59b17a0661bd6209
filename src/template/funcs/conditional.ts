/**
 * Conditionals: default, coalesce, empty, ternary, get.
 */
import { ContextFunc } from '../exec/func-types.ts';
import type { FuncMap } from '../exec/func-types.ts';
import { isTrue } from '../exec/value.ts';
import { getPath, isEmpty, str } from './args.ts';

/**
 * `default`: piped (`X | default D`) X is the value and D the fallback; with two arguments, the one literal
 * (string, number or bool constant) is the fallback when exactly one is; otherwise the first is the value.
 */
const defaultFn = new ContextFunc((ctx, args) => {
  if (args.length !== 2) throw new Error(`wrong number of args: want 2 got ${args.length}`);
  const [a, b] = args;
  if (ctx.piped) return isEmpty(b) ? a : b;
  const [litA, litB] = ctx.literal;
  const aIsFallback = litA === true && litB !== true;
  const value = aIsFallback ? b : a;
  const fallback = aIsFallback ? a : b;
  return isEmpty(value) ? fallback : value;
});

/**
 * `ternary`: `ternary COND A B` (condition first), or piped `COND | ternary A B` as in sprig.
 */
const ternary = new ContextFunc((ctx, args) => {
  if (args.length !== 3) throw new Error(`wrong number of args: want 3 got ${args.length}`);
  const [x, y, z] = args;
  if (ctx.piped) return isTrue(z) ? x : y;
  return isTrue(x) ? y : z;
});

/** The conditional functions. */
export const CONDITIONAL_FUNCS: FuncMap = {
  default: defaultFn,
  coalesce: (...args) => args.find((a) => !isEmpty(a)),
  empty: (v) => isEmpty(v),
  ternary,
  get: (obj, ...path) => getPath(obj, path.map(str)),
};

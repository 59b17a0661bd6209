/**
 * The comparison built-ins (eq ne lt le gt ge) with Go's rules, relaxed as the spec says: an int and a float
 * compare by value.
 */
import { compareStrings, kindOf, numberValue } from './value.ts';

type BasicKind = 'bool' | 'number' | 'string';

function basicKind(v: unknown): BasicKind | undefined {
  const k = kindOf(v);
  if (k === 'int' || k === 'float') return 'number';
  if (k === 'bool' || k === 'string') return k;
  return undefined;
}

/** Compares two values for eq; undefined kinds are basic kinds or undefined for nil and composites. */
function equalPair(arg1: unknown, arg: unknown): boolean {
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg);
  if (k1 !== k2) {
    const nil1 = kindOf(arg1) === 'nil';
    const nil2 = kindOf(arg) === 'nil';
    if (!nil1 && !nil2) throw new Error('incompatible types for comparison');
    return nil1 && nil2;
  }
  if (k1 === undefined) return equalsNonBasic(arg1, arg);
  return k1 === 'number' ? numberValue(arg1) === numberValue(arg) : arg1 === arg;
}

/** Go's eq: true if the first argument equals any of the others. */
export function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  return rest.some((arg) => equalPair(arg1, arg));
}

function equalsNonBasic(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) throw new Error('incompatible types for comparison');
  throw new Error(`non-comparable type ${ka === 'map' ? 'map[string]interface {}' : '[]interface {}'}`);
}

/** Go's ne. */
export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, b);
}

/** Go's lt: ordered comparison of two numbers or two strings. */
export function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === undefined || k2 === undefined) throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  if (k1 === 'number') return numberValue(a) < numberValue(b);
  return compareStrings(a as string, b as string) < 0;
}

/** Go's le. */
export function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

/** Go's gt. */
export function gt(a: unknown, b: unknown): boolean {
  return !le(a, b);
}

/** Go's ge. */
export function ge(a: unknown, b: unknown): boolean {
  return !lt(a, b);
}

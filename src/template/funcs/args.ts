/**
 * Argument helpers shared by the catalog functions: nil-safe string, number, list and map views of values.
 */
import { formatValue } from '../exec/go-fmt.ts';
import { GoFloat, isNil, isPlainObject, kindOf, makeFloat, numberValue } from '../exec/value.ts';
import type { GoMap } from '../exec/value.ts';

/** A number together with whether it is a float. */
export interface Num {
  value: number;
  isFloat: boolean;
}

/** The string view of a value: nil is "", strings stay, anything else prints as Go's %v. */
export function str(v: unknown): string {
  if (isNil(v)) return '';
  return typeof v === 'string' ? v : formatValue(v);
}

/** The number view of a value: numbers, numeric strings, bools (1/0); nil and anything else are 0. */
export function num(v: unknown): Num {
  const k = kindOf(v);
  if (k === 'int') return { value: numberValue(v), isFloat: false };
  if (k === 'float') return { value: numberValue(v), isFloat: true };
  if (k === 'bool') return { value: v === true ? 1 : 0, isFloat: false };
  if (k === 'string') {
    const s = (v as string).trim();
    const n = s === '' ? NaN : Number(s);
    if (Number.isNaN(n)) return { value: 0, isFloat: false };
    return { value: n, isFloat: !/^[+-]?\d+$/.test(s) };
  }
  return { value: 0, isFloat: false };
}

/** Makes a template number: a float stays a float even when whole. */
export function toNumberValue(n: Num): number | GoFloat {
  return n.isFloat ? makeFloat(n.value) : Math.trunc(n.value);
}

/** Go/sprig emptiness: nil, "", 0, false, and empty lists and maps. */
export function isEmpty(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'nil':
      return true;
    case 'bool':
      return v === false;
    case 'int':
    case 'float':
      return numberValue(v) === 0;
    case 'string':
      return v === '';
    case 'slice':
      return (v as unknown[]).length === 0;
    case 'map':
      return Object.keys(v as GoMap).length === 0;
    default:
      return false;
  }
}

/** The list view of a value: a list stays, nil is empty, anything else is an error. */
export function list(v: unknown, fn: string): unknown[] {
  if (isNil(v)) return [];
  if (Array.isArray(v)) return v as unknown[];
  throw new Error(`${fn}: expected a list, got ${kindOf(v)}`);
}

/** The map view of a value: a map stays, nil is empty, anything else is an error. */
export function map(v: unknown, fn: string): GoMap {
  if (isNil(v)) return {};
  if (isPlainObject(v)) return v;
  throw new Error(`${fn}: expected a map, got ${kindOf(v)}`);
}

/** Reads a nested own property path of maps (and list indexes); nil when any step is missing. */
export function getPath(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const key of path) {
    if (Array.isArray(cur) && /^\d+$/.test(key)) cur = (cur as unknown[])[Number(key)];
    else if (isPlainObject(cur) && Object.hasOwn(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** An integer argument (counts, lengths). */
export function int(v: unknown): number {
  return Math.trunc(num(v).value);
}

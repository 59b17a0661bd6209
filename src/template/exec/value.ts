/**
 * The value model of the engine: how JavaScript values stand for Go's dynamic values.
 * Whole numbers within ±(2^53 − 1) are Go ints, other numbers float64; a whole-valued float keeps its type as
 * a {@link GoFloat}.
 * Plain objects are `map[string]interface {}`, arrays `[]interface {}`, null and undefined are nil.
 */

/** A float64 whose value happens to be whole (`3.0`, `1e6`): it prints and compares as a float. */
export class GoFloat {
  /** The numeric value. */
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** The Go kind of a value, as far as templates can tell. */
export type GoKind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'func' | 'other';

/** A plain record: the engine's map type. */
export type GoMap = Record<string, unknown>;

/** Tells whether a value is a plain object (its prototype is Object.prototype or null). */
export function isPlainObject(v: unknown): v is GoMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const PRIMITIVE_KINDS: Readonly<Record<string, GoKind>> = {
  boolean: 'bool',
  bigint: 'int',
  string: 'string',
  function: 'func',
};

/** Returns the Go kind of a value. */
export function kindOf(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'int' : 'float';
  const primitive = PRIMITIVE_KINDS[typeof v];
  if (primitive !== undefined) return primitive;
  if (v instanceof GoFloat) return 'float';
  if (Array.isArray(v)) return 'slice';
  return isPlainObject(v) ? 'map' : 'other';
}

/** Tells whether a value is nil (null or undefined). */
export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** Tells whether a value is a number of either kind. */
export function isNumber(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof GoFloat;
}

/** The numeric value of an int or a float (NaN for anything else). */
export function numberValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoFloat) return v.value;
  return NaN;
}

/** Makes a float64 value: whole values are wrapped so they keep their type. */
export function makeFloat(n: number): number | GoFloat {
  return Number.isInteger(n) ? new GoFloat(n) : n;
}

/** The UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Decodes UTF-8 bytes, replacing invalid sequences. */
export function fromUtf8(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

/** Go's truth: false, 0, nil, empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'nil':
      return false;
    case 'bool':
      return v === true;
    case 'int':
    case 'float':
      return numberValue(v) !== 0;
    case 'string':
      return (v as string).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return Object.keys(v as GoMap).length > 0;
    default:
      return true;
  }
}

/** The Go type name of a value, as `%T` prints it. */
export function typeName(v: unknown): string {
  const names: Record<GoKind, string> = {
    nil: '<nil>',
    bool: 'bool',
    int: 'int',
    float: 'float64',
    string: 'string',
    slice: '[]interface {}',
    map: 'map[string]interface {}',
    func: 'func(...interface {}) (interface {}, error)',
    other: 'object',
  };
  return names[kindOf(v)];
}

/** The keys of a map in Go's sorted order. */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareStrings);
}

/** Compares two strings by their UTF-8 bytes, as Go does. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** Reads an own property of a plain object or array; never a prototype member. */
export function ownProperty(obj: unknown, key: string): { found: boolean; value: unknown } {
  if (isPlainObject(obj) && Object.hasOwn(obj, key)) return { found: true, value: obj[key] };
  return { found: false, value: undefined };
}

/**
 * Sets an own, enumerable property, whatever its name: `out[key] = v` with the key `__proto__` would replace the
 * object's prototype instead (and the key would vanish).
 */
export function setOwn(obj: GoMap, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Typed results (spec §6.1, §8): turns what a template produced — a typed value from evaluateTemplate or its
 * text — into a field's type. Failures name the value; the caller adds the field and the template.
 */
import { formatValue } from './exec/go-fmt.ts';
import { GoFloat, isNil, kindOf } from './exec/value.ts';

/** The target types of a templated field. */
export type FieldType = 'string' | 'int' | 'float' | 'bool' | 'intOrString' | 'auto';

/** A rendered value that does not fit its field's type. */
export class CoercionError extends Error {
  /** The value that could not be coerced. */
  readonly value: unknown;
  constructor(message: string, value: unknown) {
    super(message);
    this.name = 'CoercionError';
    this.value = value;
  }
}

function text(v: unknown): string {
  return isNil(v) ? '' : typeof v === 'string' ? v : formatValue(v);
}

function toInt(v: unknown): number {
  const k = kindOf(v);
  const n =
    v instanceof GoFloat ? v.value : k === 'int' || k === 'float' ? (v as number) : Number(text(v).trim());
  if (!/^-?\d+$/.test(text(v).trim()) && !(k === 'int' || (k === 'float' && Number.isInteger(n)))) {
    throw new CoercionError(`cannot use ${JSON.stringify(text(v))} as an integer`, v);
  }
  return n;
}

function toFloat(v: unknown): number {
  if (v instanceof GoFloat) return v.value;
  if (typeof v === 'number') return v;
  const s = text(v).trim();
  const n = Number(s);
  if (s === '' || Number.isNaN(n)) throw new CoercionError(`cannot use ${JSON.stringify(s)} as a number`, v);
  return n;
}

function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = text(v).trim();
  if (s === 'true' || s === 'false') return s === 'true';
  throw new CoercionError(`cannot use ${JSON.stringify(s)} as a boolean (true or false)`, v);
}

function auto(v: unknown): unknown {
  if (v instanceof GoFloat) return v.value;
  if (typeof v !== 'string') return isNil(v) ? '' : v;
  const s = v.trim();
  if (s === 'true' || s === 'false') return s === 'true';
  if (/^-?\d+$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  return v;
}

/**
 * Coerces a rendered value to a field type: `int` ("3" or 3 → 3), `float`, `bool` ("true"/"false"),
 * `intOrString` (whole numbers become integers, anything else stays text, as for ports), `string`, or `auto`
 * (booleans and numbers recognised in text, anything else kept).
 * @throws CoercionError when the value does not fit.
 */
export function coerceResult(value: unknown, type: FieldType): unknown {
  switch (type) {
    case 'int':
      return toInt(value);
    case 'float':
      return toFloat(value);
    case 'bool':
      return toBool(value);
    case 'intOrString':
      return /^-?\d+$/.test(text(value).trim()) ? Number(text(value).trim()) : text(value);
    case 'auto':
      return auto(value);
    default:
      return text(value);
  }
}

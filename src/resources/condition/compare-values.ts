/**
 * How conditions compare values: numbers numerically (a number and a numeric string compare as numbers),
 * everything else by its text (booleans as `true`/`false`).
 */
import { isRecord } from '../path.ts';

/** The number a value stands for: a finite number or a string holding one; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** The text of a value as conditions compare it: nil is `""`, maps and lists are JSON. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

/**
 * Condition equality: numeric when either side is a number and both are numeric (`3` = `"3.0"`),
 * textual otherwise (`"true"` = `true`, `"1.10"` ≠ `"1.1"`). Symmetric.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x !== undefined && y !== undefined) return x === y;
  }
  return toText(a) === toText(b);
}

/** `contains`: an element of a list, a key of a map, or a substring of the text. */
export function valueContains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((element) => valuesEqual(element, needle));
  if (isRecord(haystack)) return Object.hasOwn(haystack, toText(needle));
  return toText(haystack).includes(toText(needle));
}

/** The members of an `in`/`notIn` operand: a list, or a comma-separated string (elements trimmed). */
export function toMemberList(operand: unknown): unknown[] {
  if (Array.isArray(operand)) return operand as unknown[];
  return toText(operand)
    .split(',')
    .map((member) => member.trim());
}

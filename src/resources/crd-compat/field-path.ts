/**
 * A place in a custom resource, as a schema node describes it: object properties by name, and every
 * element of an array (`[]`) or every value of a map (`*`) at once. Used both to name a change
 * (`spec.containers[].image`) and to find the values a stored object holds there.
 */
import { isRecord } from '../path.ts';

/** One step: a property, every array element, or every map value. */
export type FieldStep = { readonly property: string } | 'items' | 'values';

/** A path from the object's root. */
export type FieldPath = readonly FieldStep[];

/** `spec.containers[].image`, `spec.labels.*`; the root is `(root)`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const step of path) {
    if (step === 'items') text += '[]';
    else if (step === 'values') text += text === '' ? '*' : '.*';
    else text += text === '' ? step.property : `.${step.property}`;
  }
  return text === '' ? '(root)' : text;
}

/** Every value the object holds at the path (none when a step is missing or of another shape). */
export function valuesAt(object: unknown, path: FieldPath): unknown[] {
  let current: unknown[] = [object];
  for (const step of path) current = current.flatMap((value) => stepInto(value, step));
  return current;
}

function stepInto(value: unknown, step: FieldStep): unknown[] {
  if (step === 'items') return Array.isArray(value) ? (value as unknown[]) : [];
  if (step === 'values') return isRecord(value) ? Object.values(value) : [];
  return isRecord(value) && Object.hasOwn(value, step.property) ? [value[step.property]] : [];
}

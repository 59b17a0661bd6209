/**
 * Declared status fields (spec §8): each rendered when its conditions hold, converted to its type,
 * and set at its dotted path; a later entry for the same path wins.
 */
import type { StatusFieldPlan } from '../../katalog/index.ts';
import { passesConditions, type RenderFn } from '../../resources/index.ts';
import { coerceResult } from '../../template/index.ts';
import { toGate } from './conditions.ts';

/** Renders the fields against `data`; returns the status object they make, by top-level key. */
export function renderStatusFields(
  fields: readonly StatusFieldPlan[],
  data: Readonly<Record<string, unknown>>,
  render: RenderFn,
): Record<string, unknown> {
  const status: Record<string, unknown> = {};
  const scope = { data, render };
  for (const field of fields) {
    if (!passesConditions(toGate(field), scope)) continue;
    const raw = typeof field.value === 'string' ? render(field.value, data) : field.value;
    // A value not known yet (a child without status) leaves a typed field unset rather than failing.
    if (isUnset(raw) && field.type !== 'string') continue;
    setPath(status, field.path.split('.'), coerceResult(raw, field.type));
  }
  return status;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = target[head];
  const child =
    typeof next === 'object' && next !== null && !Array.isArray(next)
      ? (next as Record<string, unknown>)
      : {};
  target[head] = child;
  setPath(child, rest, value);
}

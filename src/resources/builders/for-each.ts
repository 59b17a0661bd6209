/**
 * forEach expansion (spec §4.1): one data context per element of a list or map of the CR. A list binds
 * `.item`, `.<as>` and `.index` (0, 1, ...); a map binds the value as `.item`/`.<as>`, and the key as
 * `.index` and `.key`, in sorted key order.
 */
import { RenderValueError } from '../errors.ts';
import { isRecord, readPath } from '../path.ts';
import type { TemplateData } from '../types.ts';
import type { EntryBase } from '../../plan/index.ts';

interface Element {
  readonly item: unknown;
  readonly index: number | string;
}

function bind(data: TemplateData, as: string, { item, index }: Element): TemplateData {
  const bound: Record<string, unknown> = { ...data, item, index };
  if (typeof index === 'string') bound['key'] = index;
  bound[as] = item;
  return bound;
}

/**
 * The data contexts an entry is rendered with: the data itself without forEach, one per element with it
 * (none for a missing or null field).
 * @throws RenderValueError when the forEach field is neither a list nor a map.
 */
export function expandForEach(entry: EntryBase, data: TemplateData): TemplateData[] {
  const forEach = entry.forEach;
  if (forEach === undefined) return [data];
  const as = forEach.as ?? 'item';
  const value = readPath(data, forEach.field);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item: unknown, i) => bind(data, as, { item, index: i }));
  if (isRecord(value)) {
    return Object.keys(value)
      .sort()
      .map((key) => bind(data, as, { item: value[key], index: key }));
  }
  throw new RenderValueError({
    field: `forEach.field (${forEach.field})`,
    value,
    expected: 'a list or a map',
  });
}

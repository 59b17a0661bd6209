/**
 * forEach expansion (spec §4.1): one data context per element of a list or map of the CR. A list binds
 * `.item`, `.<as>` and `.index` (0, 1, ...); a map binds the value as `.item`/`.<as>`, and the key as
 * `.index` and `.key`, in sorted key order.
 *
 * A CR's lists are as long as whoever writes the CR makes them, so every child an entry would render is
 * counted against the CR's children budget (spec.limits.maxChildren) before any is built: a CR with a
 * 200,000-element list fails its reconcile at once, naming the entry and the budget.
 */
import { ChildLimitError, RenderValueError } from '../errors.ts';
import { isRecord, readPath } from '../path.ts';
import type { TemplateData } from '../types.ts';
import type { EntryBase, SourceLocation } from '../../plan/index.ts';

/** Children one CR may render when its Katalog sets no spec.limits.maxChildren (the schema's default). */
export const DEFAULT_MAX_CHILDREN = 10_000;

/** The children one render of a CR has counted so far, and how many it may. */
export interface ChildBudget {
  rendered: number;
  readonly max: number;
}

/** The entry being expanded, as messages name it. */
export interface EntryWhere {
  /** `onReconcile.configMaps[0]`. */
  readonly label: string;
  /** The entry's YAML path, when known. */
  readonly path?: string | undefined;
  /** Where the entry is written, when known. */
  readonly location?: SourceLocation | undefined;
}

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

/** Counts `n` more children against the budget. @throws ChildLimitError past it. */
function charge(budget: ChildBudget, n: number, where: EntryWhere & { field?: string }): void {
  if (budget.rendered + n > budget.max) {
    throw new ChildLimitError({ ...where, count: n, rendered: budget.rendered, max: budget.max });
  }
  budget.rendered += n;
}

/**
 * The data contexts an entry is rendered with: the data itself without forEach, one per element with it
 * (none for a missing or null field), each counted against `budget` before any is built.
 * @throws RenderValueError when the forEach field is neither a list nor a map; ChildLimitError when the
 * CR would render more children than its budget.
 */
export function expandForEach(
  entry: EntryBase,
  data: TemplateData,
  count: { budget: ChildBudget; where: EntryWhere } = {
    budget: { rendered: 0, max: DEFAULT_MAX_CHILDREN },
    where: { label: 'entry' },
  },
): TemplateData[] {
  const { budget, where } = count;
  const forEach = entry.forEach;
  if (forEach === undefined) {
    charge(budget, 1, where);
    return [data];
  }
  const as = forEach.as ?? 'item';
  const value = readPath(data, forEach.field);
  if (value === undefined || value === null) return [];
  const counted = { ...where, field: forEach.field };
  if (Array.isArray(value)) {
    charge(budget, value.length, counted);
    return value.map((item: unknown, i) => bind(data, as, { item, index: i }));
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    charge(budget, keys.length, counted);
    return keys.sort().map((key) => bind(data, as, { item: value[key], index: key }));
  }
  throw new RenderValueError({
    field: `forEach.field (${forEach.field})`,
    value,
    expected: 'a list or a map',
  });
}

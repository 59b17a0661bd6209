/**
 * A compiled hook written as a resource group literal, for tests: `{ configMaps: [{...}] }` becomes the
 * RenderHook the compiler would produce, its entries in the order written (the compiler orders real
 * hooks for apply and folds aliases; its own tests cover that).
 */
import type { ResourceEntry, ResourceGroupKey } from '../../plan/index.ts';
import type { RenderHook } from '../builders/render-group.ts';

/** Resource entries by canonical group key. */
export type GroupLiteral = Partial<Record<ResourceGroupKey, readonly ResourceEntry[]>>;

/** The RenderHook of a group literal. */
export function hookOf(group: GroupLiteral): RenderHook {
  return {
    resources: Object.entries(group).flatMap(([key, entries]) =>
      entries.map((entry, i) => ({
        group: key as ResourceGroupKey,
        label: `${key}[${String(i)}]`,
        entry,
      })),
    ),
  };
}

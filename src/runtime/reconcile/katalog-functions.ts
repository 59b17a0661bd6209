/** The functions a Katalog's templates can call: the catalog (with the real clock) and its notes. */
import { createFunctionCatalog, createNoteFunctions, type FuncMap } from '../../template/index.ts';

/** Builds the function map for a set of notes (name → expression). */
export function katalogFunctions(
  notes: Readonly<Record<string, string>>,
  now: () => Date = () => new Date(),
): FuncMap {
  const base = createFunctionCatalog({ clock: now });
  const sources = Object.fromEntries(
    Object.entries(notes).map(([name, expression]) => [name, { expression }]),
  );
  return { ...base, ...createNoteFunctions(sources, base) };
}

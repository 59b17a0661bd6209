/**
 * A Komposer's overrides over the composed Katalog: `spec.crds.<key>` deep-merged over the entry of that key
 * (maps merge, lists and scalars replace), and where a diagnostic about an overridden value belongs.
 */
import type { Diagnostic, YamlPath } from '../diagnostics/diagnostic.ts';
import { formatPath } from '../diagnostics/diagnostic.ts';
import { locate, type SourceFile } from '../load/source-file.ts';
import type { KatalogOverlay } from '../load/load-katalog.ts';

type Overrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `over` deep-merged over `base`: maps merge key by key; lists, scalars and null replace. Neither is changed. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = Object.hasOwn(base, key) ? deepMerge(base[key], value) : value;
  }
  return out;
}

/** A Katalog's plain value with the overrides of the CRD keys it declares merged in. */
export function applyOverrides(input: unknown, overrides: Overrides): unknown {
  if (!isMap(input) || !isMap(input['spec']) || !isMap(input['spec']['crds'])) return input;
  const crds: Record<string, unknown> = { ...input['spec']['crds'] };
  for (const [key, over] of Object.entries(overrides)) {
    if (Object.hasOwn(crds, key)) crds[key] = deepMerge(crds[key], over);
  }
  return { ...input, spec: { ...input['spec'], crds } };
}

/** Every YAML path an override writes (each map key, each whole list or scalar), by its formatted form. */
export function overridePaths(overrides: Overrides): Map<string, YamlPath> {
  const out = new Map<string, YamlPath>();
  const visit = (value: unknown, path: YamlPath): void => {
    out.set(formatPath(path), path);
    if (!isMap(value)) return;
    for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
  };
  for (const [key, over] of Object.entries(overrides)) {
    for (const [field, value] of Object.entries(over)) visit(value, ['spec', 'crds', key, field]);
  }
  return out;
}

/** Whether `path` is inside a value the overrides write (a list item is inside its list). */
export function writtenBy(paths: ReadonlyMap<string, YamlPath>, path: readonly PropertyKey[]): boolean {
  const segments = path.filter((s): s is string | number => typeof s !== 'symbol');
  for (let n = segments.length; n >= 4; n--) {
    if (paths.has(formatPath(segments.slice(0, n)))) return true;
  }
  return false;
}

/** The loader's overlay for a Komposer's overrides. */
export function komposerOverlay(source: SourceFile, overrides: Overrides): KatalogOverlay {
  const paths = overridePaths(overrides);
  return {
    source,
    apply: (input) => applyOverrides(input, overrides),
    writes: (path) => writtenBy(paths, path),
  };
}

/**
 * Moves a diagnostic about an overridden value to where the override is written. `path` of a diagnostic is
 * formatted; a diagnostic already in the Komposer, or about a value no override writes, stays.
 */
export function relocateToOverrides(
  diagnostics: readonly Diagnostic[],
  source: SourceFile,
  overrides: Overrides,
): Diagnostic[] {
  const paths = overridePaths(overrides);
  return diagnostics.map((d) => {
    const path = d.file === source.file ? undefined : paths.get(d.path);
    return path === undefined ? d : { ...d, ...locate(source, path) };
  });
}

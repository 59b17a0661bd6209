/**
 * What composing adds to loading: overrides for CRDs no source declares, diagnostics named by the source they
 * came from (a source's folder on disk shown as its origin: `git+URL@REF//path`), the Komposer's own
 * templates, and the composed Katalog as one plain document.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { formatPath } from '../diagnostics/diagnostic.ts';
import { locate, parseSourceFile, type SourceFile } from '../load/source-file.ts';
import { collectTemplates, type TemplateSource } from '../load/templates.ts';
import { toPlain } from '../load/yaml-bounds.ts';
import { suggestClosest } from '../../util/index.ts';
import { applyOverrides, overridePaths } from './overlay.ts';
import type { Komposer } from './schema.ts';

/** A folder on disk a source's files were fetched into, and how diagnostics name it. */
export interface SourceOrigin {
  /** The folder (no trailing slash). */
  readonly root: string;
  /** The origin, e.g. `git+https://host/repo.git@v1.2.0`; files under root show as `<label>//<relative path>`. */
  readonly label: string;
}

/** A source that could not be fetched, reported at its entry in the Komposer. */
export function sourceDiagnostic(
  source: SourceFile,
  path: readonly (string | number)[],
  message: string,
): Diagnostic {
  return {
    ...locate(source, path),
    severity: 'error',
    code: 'komposer-source',
    message,
    path: formatPath(path),
  };
}

/** Errors for overrides of CRD keys no source declares. */
export function unknownOverrides(
  source: SourceFile,
  komposer: Komposer,
  declared: readonly string[],
): Diagnostic[] {
  return Object.keys(komposer.spec.crds)
    .filter((key) => !declared.includes(key))
    .map((key) => {
      const near = suggestClosest(key, declared);
      const known =
        declared.length > 0 ? `the sources declare ${declared.join(', ')}` : 'the sources declare none';
      return {
        ...locate(source, ['spec', 'crds', key], 'key'),
        severity: 'error' as const,
        code: 'komposer-unknown-crd',
        message: `override of CRD "${key}", which no source declares (${known})`,
        path: 'spec.crds',
        ...(near === undefined ? {} : { hint: `did you mean "${near}"?` }),
      };
    });
}

/** A file name as diagnostics show it: under an origin's folder, `<label>//<path>`. */
export function labelFile(file: string, origins: readonly SourceOrigin[]): string {
  const origin = origins.find((o) => file.startsWith(`${o.root}/`));
  return origin === undefined ? file : `${origin.label}//${file.slice(origin.root.length + 1)}`;
}

function labelText(text: string, origins: readonly SourceOrigin[]): string {
  return origins.reduce((t, o) => t.split(`${o.root}/`).join(`${o.label}//`), text);
}

/** Diagnostics with every fetched file named by its origin, in the file name and in the message. */
export function labelDiagnostics(
  diagnostics: readonly Diagnostic[],
  origins: readonly SourceOrigin[],
): Diagnostic[] {
  return diagnostics.map((d) => ({
    ...d,
    file: labelFile(d.file, origins),
    message: labelText(d.message, origins),
    ...(d.hint === undefined ? {} : { hint: labelText(d.hint, origins) }),
  }));
}

/** The texts read, keyed as the labelled diagnostics name their files (for excerpts). */
export function labelSources(
  sources: ReadonlyMap<string, string>,
  origins: readonly SourceOrigin[],
): Map<string, string> {
  return new Map([...sources].map(([file, text]) => [labelFile(file, origins), text]));
}

/** The Komposer's own templates (in its overrides), for the template check. */
export function komposerTemplates(source: SourceFile): TemplateSource[] {
  return collectTemplates(source, ['spec', 'crds']);
}

/** Drops template diagnostics about source values an override replaced (the override's templates are checked instead). */
export function dropOverriddenTemplates(
  diagnostics: readonly Diagnostic[],
  komposer: Komposer,
): Diagnostic[] {
  const written = [...overridePaths(komposer.spec.crds).keys()];
  const replaced = (path: string) =>
    written.some((w) => path === w || path.startsWith(`${w}.`) || path.startsWith(`${w}[`));
  return diagnostics.filter((d) => !(d.code.startsWith('template-') && replaced(d.path)));
}

/** One Katalog file of the composition, as read. */
export interface ComposedFile {
  readonly file: string;
  readonly text: string;
}

/** The composed Katalog as one plain document, and the origin of each CRD entry (labelled file). */
export interface ComposedKatalog {
  readonly katalog: Record<string, unknown>;
  readonly origins: ReadonlyMap<string, string>;
}

function plainOf(file: ComposedFile): Record<string, unknown> {
  const doc = parseSourceFile(file.file, file.text).documents[0];
  const value = doc === undefined ? undefined : toPlain(doc).value;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function section(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const inner = value[key];
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner)
    ? (inner as Record<string, unknown>)
    : {};
}

/**
 * The composition as one Katalog document: the Komposer's metadata, every source's CRD entries with the
 * overrides merged in, notes merged, and providers and security as the first source declaring them has them.
 * For valid compositions (conflicts are reported by loading).
 */
export function composeKatalog(
  komposer: Komposer,
  files: readonly ComposedFile[],
  origins: readonly SourceOrigin[],
): ComposedKatalog {
  const crds: Record<string, unknown> = {};
  const notes: Record<string, unknown> = {};
  const from = new Map<string, string>();
  let providers: unknown;
  let security: unknown;
  for (const file of files) {
    const plain = applyOverrides(plainOf(file), komposer.spec.crds) as Record<string, unknown>;
    for (const [key, entry] of Object.entries(section(section(plain, 'spec'), 'crds'))) {
      crds[key] ??= entry;
      if (!from.has(key)) from.set(key, labelFile(file.file, origins));
    }
    Object.assign(notes, { ...section(plain, 'notes'), ...notes });
    providers ??= plain['providers'];
    security ??= plain['security'];
  }
  const katalog: Record<string, unknown> = {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'Katalog',
    metadata: komposer.metadata,
    spec: { crds },
    ...(Object.keys(notes).length > 0 ? { notes } : {}),
    ...(providers === undefined ? {} : { providers }),
    ...(security === undefined ? {} : { security }),
  };
  return { katalog, origins: from };
}

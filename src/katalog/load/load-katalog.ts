/** Loads Katalog files: read (through an injected reader), parse YAML, check the schema, resolve crdFile. */
import { dirname, isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { Katalog } from '../schema/katalog.ts';
import type { CrdEntry, Katalog as KatalogValue } from '../schema/katalog.ts';
import { pluralize, readApiTypesFromCrd } from './crd-file.ts';
import type { ResolvedApiTypes } from './crd-file.ts';
import { mergeKatalogs } from './merge.ts';
import { protoKeyDiagnostics } from './proto-keys.ts';
import { schemaDiagnostics } from './schema-issues.ts';
import { locate, parseSourceFile } from './source-file.ts';
import type { SourceFile } from './source-file.ts';
import type { KatalogDocument, LoadResult, ReadFile } from './types.ts';
import { toPlain } from './yaml-bounds.ts';
import { yamlDiagnostics, yamlErrorToDiagnostic } from './yaml-errors.ts';

/** Options of `loadKatalog`. */
export interface LoadKatalogOptions {
  /** How files are read (the Katalogs and every `crdFile`). */
  readonly readFile: ReadFile;
  /** Values merged over the CRD entries of every file before the schema check (a Komposer's overrides). */
  readonly overlay?: KatalogOverlay;
}

/**
 * A Komposer's `spec.crds` overrides: each is deep-merged over the entry of the same key in whichever file
 * declares it; a schema problem inside an overridden value is reported in the overlay's own file.
 */
export interface KatalogOverlay {
  /** The file the overrides are written in (the Komposer), for positions. */
  readonly source: SourceFile;
  /** Merges the overrides into a parsed document's plain value. */
  readonly apply: (input: unknown) => unknown;
  /** Whether a YAML path of the Katalog is written by the overlay. */
  readonly writes: (path: readonly PropertyKey[]) => boolean;
}

function fileError(file: string, message: string, code = 'cannot-read'): Diagnostic {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code, message, path: '' };
}

function parseKatalog(
  source: SourceFile,
  overlay: KatalogOverlay | undefined,
): { value?: KatalogValue; diagnostics: Diagnostic[] } {
  const diagnostics = yamlDiagnostics(source);
  if (hasErrors(diagnostics)) return { diagnostics };
  const [doc, ...rest] = source.documents;
  if (doc === undefined || doc.contents === null) {
    return {
      diagnostics: [
        fileError(
          source.file,
          'the file is empty; a Katalog starts with apiVersion: orkestra.orkspace.io/v1',
          'empty-file',
        ),
      ],
    };
  }
  if (rest.length > 0) {
    const at = locate({ ...source, documents: rest }, []);
    diagnostics.push({
      ...at,
      severity: 'error',
      code: 'multiple-documents',
      message:
        'a Katalog file holds one YAML document; move the others to their own files (-k a.yaml -k b.yaml)',
      path: '',
    });
  }
  const plain = toPlain(doc);
  if (plain.error !== undefined) return { diagnostics: [yamlErrorToDiagnostic(source, plain.error)] };
  diagnostics.push(...protoKeyDiagnostics(source, plain.value));
  const input = overlay === undefined ? plain.value : overlay.apply(plain.value);
  const result = Katalog.safeParse(input);
  if (!result.success) diagnostics.push(...issueDiagnostics({ source, overlay, input }, result.error.issues));
  return result.success && !hasErrors(diagnostics) ? { value: result.data, diagnostics } : { diagnostics };
}

/** Schema issues as diagnostics: those inside an overridden value in the overlay's file, the rest in the source. */
function issueDiagnostics(
  { source, overlay, input }: { source: SourceFile; overlay: KatalogOverlay | undefined; input: unknown },
  issues: readonly z.core.$ZodIssue[],
): Diagnostic[] {
  if (overlay === undefined) return schemaDiagnostics({ source, schema: Katalog, input }, issues);
  // An unknown key is reported on its map: it is the overlay's when the overlay wrote that key.
  const written = (i: z.core.$ZodIssue) =>
    i.code === 'unrecognized_keys'
      ? i.keys.every((k) => overlay.writes([...i.path, k]))
      : overlay.writes(i.path);
  const mine = issues.filter((i) => !written(i));
  const theirs = issues.filter(written);
  return [
    ...schemaDiagnostics({ source, schema: Katalog, input }, mine),
    ...schemaDiagnostics({ source: overlay.source, schema: Katalog, input }, theirs),
  ];
}

interface EntryContext {
  readonly source: SourceFile;
  readonly key: string;
  readonly options: LoadKatalogOptions;
}

function crdFileError(ctx: EntryContext, message: string): Diagnostic {
  const at = locate(ctx.source, ['spec', 'crds', ctx.key, 'crdFile']);
  return { ...at, severity: 'error', code: 'crd-file', message, path: `spec.crds.${ctx.key}` };
}

function reason(error: unknown): string {
  if ((error as { code?: unknown } | null)?.code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}

async function resolveCrdFile(ctx: EntryContext, crdFile: string): Promise<ResolvedApiTypes | Diagnostic> {
  const path = isAbsolute(crdFile) ? crdFile : join(dirname(ctx.source.file), crdFile);
  let text: string;
  try {
    text = await ctx.options.readFile(path);
  } catch (error) {
    return crdFileError(ctx, `cannot read crdFile ${path}: ${reason(error)}`);
  }
  try {
    return readApiTypesFromCrd(text);
  } catch (error) {
    return crdFileError(ctx, `crdFile ${path}: ${reason(error)}`);
  }
}

function compareApiTypes(ctx: EntryContext, given: ResolvedApiTypes, read: ResolvedApiTypes): Diagnostic[] {
  const fields = ['group', 'version', 'kind', 'plural', 'scope'] as const;
  return fields
    .filter((f) => given[f] !== read[f])
    .map((f) => ({
      ...locate(ctx.source, ['spec', 'crds', ctx.key, 'apiTypes', f]),
      severity: 'error' as const,
      code: 'crd-file-mismatch',
      message: `apiTypes.${f} is ${JSON.stringify(given[f])} but the crdFile says ${JSON.stringify(read[f])}`,
      path: `spec.crds.${ctx.key}.apiTypes`,
    }));
}

type Resolved = { types?: ResolvedApiTypes; diagnostics: Diagnostic[] };

async function resolveEntry(ctx: EntryContext, entry: CrdEntry): Promise<Resolved> {
  const api = entry.apiTypes;
  const given = api === undefined ? undefined : { ...api, plural: api.plural ?? pluralize(api.kind) };
  if (entry.crdFile === undefined) {
    if (given !== undefined) return { types: given, diagnostics: [] };
    const at = locate(ctx.source, ['spec', 'crds', ctx.key]);
    const message = `CRD "${ctx.key}" needs apiTypes (group, version, kind, plural) or a crdFile`;
    return {
      diagnostics: [
        { ...at, severity: 'error', code: 'missing-field', message, path: `spec.crds.${ctx.key}` },
      ],
    };
  }
  const read = await resolveCrdFile(ctx, entry.crdFile);
  if ('severity' in read) return { diagnostics: [read] };
  return { types: read, diagnostics: given === undefined ? [] : compareApiTypes(ctx, given, read) };
}

async function resolveApiTypes(
  source: SourceFile,
  katalog: KatalogValue,
  options: LoadKatalogOptions,
): Promise<{ types: Map<string, ResolvedApiTypes>; diagnostics: Diagnostic[] }> {
  const types = new Map<string, ResolvedApiTypes>();
  const diagnostics: Diagnostic[] = [];
  for (const [key, entry] of Object.entries(katalog.spec.crds)) {
    const resolved = await resolveEntry({ source, key, options }, entry);
    diagnostics.push(...resolved.diagnostics);
    if (resolved.types !== undefined) types.set(key, resolved.types);
  }
  return { types, diagnostics };
}

async function loadOne(
  file: string,
  options: LoadKatalogOptions,
  sources: Map<string, string>,
): Promise<{ document?: KatalogDocument; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await options.readFile(file);
  } catch (error) {
    return {
      diagnostics: [fileError(file, `cannot read ${file}: ${reason(error)}`)],
    };
  }
  sources.set(file, text);
  const source = parseSourceFile(file, text);
  const parsed = parseKatalog(source, options.overlay);
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  const { types, diagnostics } = await resolveApiTypes(source, parsed.value, options);
  return {
    document: { source, katalog: parsed.value, apiTypes: types },
    diagnostics: [...parsed.diagnostics, ...diagnostics],
  };
}

/**
 * Loads one or more Katalog files and merges them. Never throws for bad input: every problem is a
 * diagnostic. The merged Katalog is returned only when all files parsed and passed the schema.
 */
export async function loadKatalog(
  files: readonly string[],
  options: LoadKatalogOptions,
): Promise<LoadResult> {
  const sources = new Map<string, string>();
  const results = await Promise.all(files.map((f) => loadOne(f, options, sources)));
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const documents = results.flatMap((r) => (r.document === undefined ? [] : [r.document]));
  if (documents.length !== files.length || hasErrors(diagnostics)) {
    return { katalog: undefined, diagnostics: sortDiagnostics(diagnostics), sources };
  }
  const merged = mergeKatalogs(documents);
  return {
    katalog: merged.katalog,
    diagnostics: sortDiagnostics([...diagnostics, ...merged.diagnostics]),
    sources,
  };
}

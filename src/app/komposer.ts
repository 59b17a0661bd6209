/**
 * `-k komposer.yaml` (spec §12): read the Komposer, fetch its sources, load their Katalogs as one with the
 * overrides merged in, and check the result like any Katalog — every diagnostic naming the source it came
 * from (`git+URL@REF//path:line:col`), an override's problems shown in the Komposer itself.
 *
 * With a lock file (`--lock`, else `ORK_LOCK_FILE`), every remote source is fetched by its pin (see
 * komposer-sources.ts); a Komposer of files alone never reads it.
 */
import {
  compileKatalog,
  composeKatalog,
  dropOverriddenTemplates,
  hasErrors,
  komposerOverlay,
  komposerTemplates,
  labelDiagnostics,
  labelSources,
  loadKatalog,
  parseKomposer,
  relocateToOverrides,
  sourceDiagnostic,
  unknownOverrides,
  validateKatalog,
  type ComposedKatalog,
  type Diagnostic,
  type LoadedKatalog,
  type ParsedKomposer,
  type Plan,
} from '../katalog/index.ts';
import { templateInputs } from '../template/index.ts';
import { katalogTemplateChecker } from './katalog-check.ts';
import type { SourceLock } from './komposer-source-types.ts';
import { hasRemoteSources, resolveSources, type ResolvedSources } from './komposer-sources.ts';
import { readUserFile } from './read-file.ts';

/** How a Komposer is loaded. */
export interface KomposerOptions {
  /** The lock file its sources are fetched by; else ORK_LOCK_FILE; else none. */
  readonly lock?: string | undefined;
  /** The environment (cache, registry settings, ORK_LOCK_FILE). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** What loading a Komposer gave: the shape of a Katalog load (see katalog.ts). */
export interface KomposerLoad {
  readonly files: readonly string[];
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly katalog: LoadedKatalog | undefined;
  readonly plans: readonly Plan[];
}

interface Read {
  readonly parsed: ParsedKomposer;
  readonly resolved: ResolvedSources;
  readonly text: string;
}

/** The lock file to use: the option, else ORK_LOCK_FILE (an empty value is none). */
export function lockFileOf(options: KomposerOptions, env: NodeJS.ProcessEnv): string | undefined {
  return options.lock ?? (env['ORK_LOCK_FILE'] || undefined);
}

/** The lock of a Komposer with remote sources, when one is asked for; a lock that does not read is a diagnostic. */
async function readLock(
  parsed: ParsedKomposer,
  path: string | undefined,
): Promise<SourceLock | Diagnostic | undefined> {
  const komposer = parsed.komposer;
  if (path === undefined || komposer === undefined || !hasRemoteSources(komposer)) return undefined;
  const { readLockFile } = await import('./lock/lock-file.ts');
  try {
    return { lock: await readLockFile(path), file: path };
  } catch (error) {
    return sourceDiagnostic(parsed.source, ['sources'], (error as Error).message);
  }
}

async function readKomposer(
  file: string,
  env: NodeJS.ProcessEnv,
  options: KomposerOptions,
): Promise<Read | Diagnostic> {
  let text: string;
  try {
    text = await readUserFile(file);
  } catch (error) {
    const message = `cannot read ${file}: ${(error as Error).message}`;
    return {
      file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      severity: 'error',
      code: 'cannot-read',
      message,
      path: '',
    };
  }
  const parsed = parseKomposer(file, text);
  const lock = await readLock(parsed, lockFileOf(options, env));
  if (lock !== undefined && 'severity' in lock) {
    const resolved = { files: [], origins: [], diagnostics: [lock], pins: [] };
    return { parsed, resolved, text };
  }
  const resolved = await resolveSources(parsed, env, lock);
  return { parsed, resolved, text };
}

/** The checks after loading: unknown overrides, validation (the Komposer's templates included), relocation. */
function check(read: Read, katalog: LoadedKatalog): Diagnostic[] {
  const { parsed } = read;
  const komposer = parsed.komposer;
  if (komposer === undefined) return [];
  const checker = katalogTemplateChecker([...katalog.notes.keys()]);
  const validated = dropOverriddenTemplates(validateKatalog(katalog, { checkTemplate: checker }), komposer);
  const declared = katalog.crds.map((c) => c.key);
  const own = komposerTemplates(parsed.source).flatMap((t) => checker(t));
  return [
    ...unknownOverrides(parsed.source, komposer, declared),
    ...relocateToOverrides(validated, parsed.source, komposer.spec.crds),
    ...own,
  ];
}

function sortByFile(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

/** Loads a Komposer (and any other Katalog files given with it) as one Katalog. Never throws on bad input. */
export async function loadKomposer(
  file: string,
  others: readonly string[] = [],
  options: KomposerOptions = {},
): Promise<KomposerLoad> {
  const read = await readKomposer(file, options.env ?? process.env, options);
  const files = [file, ...others];
  if ('severity' in read)
    return { files, ok: false, diagnostics: [read], sources: new Map(), katalog: undefined, plans: [] };
  const { parsed, resolved } = read;
  const early = [...parsed.diagnostics, ...resolved.diagnostics];
  const base = { files, sources: new Map([[file, read.text]]), katalog: undefined, plans: [] };
  if (parsed.komposer === undefined || hasErrors(early)) return { ...base, ok: false, diagnostics: early };
  const overlay = komposerOverlay(parsed.source, parsed.overrides);
  const loaded = await loadKatalog([...resolved.files, ...others], {
    readFile: (p) => readUserFile(p),
    overlay,
  });
  const katalog = loaded.katalog;
  const checks = katalog === undefined ? [] : check(read, katalog);
  const diagnostics = labelDiagnostics(
    sortByFile([...early, ...loaded.diagnostics, ...checks]),
    resolved.origins,
  );
  const sources = labelSources(new Map([...base.sources, ...loaded.sources]), resolved.origins);
  const ok = katalog !== undefined && !hasErrors(diagnostics);
  const plans = ok ? compileKatalog(katalog, { templateInputs }) : [];
  return { files, ok, diagnostics, sources, katalog, plans };
}

/** A Komposer's composition as one Katalog document (for review, and the golden tests), with its load. */
export async function composeKomposer(
  file: string,
  options: KomposerOptions = {},
): Promise<{ load: KomposerLoad; composed: ComposedKatalog | undefined }> {
  const load = await loadKomposer(file, [], options);
  if (!load.ok || load.katalog === undefined) return { load, composed: undefined };
  const read = await readKomposer(file, options.env ?? process.env, options);
  if ('severity' in read || read.parsed.komposer === undefined) return { load, composed: undefined };
  const texts = load.katalog.documents.map((d) => ({ file: d.source.file, text: d.source.text }));
  return { load, composed: composeKatalog(read.parsed.komposer, texts, read.resolved.origins) };
}
